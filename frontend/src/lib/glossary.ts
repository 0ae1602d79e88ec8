/** The machine-learning words the Training screen uses, explained for someone new to them. */
export const glossary = {
  loss: {
    term: "Loss",
    text: "How wrong the model's guesses are on the examples it is learning from. Lower is better; it should fall quickly at first, then level off.",
  },
  validation_loss: {
    term: "Validation loss",
    text: "The same measure of wrongness, on held-out examples the model never trains on. It tells you whether the model learned something general or just memorised.",
  },
  epoch: {
    term: "Epoch",
    text: "One full pass over your training examples. Two epochs means the model has seen every example twice.",
  },
  learning_rate: {
    term: "Learning rate",
    text: "How big a step the model takes each time it adjusts its weights. It usually warms up, then shrinks towards the end so the model settles.",
  },
  overfitting: {
    term: "Overfitting",
    text: "When the model memorises the training examples instead of learning the pattern: training loss keeps falling while validation loss rises. We keep the weights from before that happens.",
  },
  perplexity: {
    term: "Perplexity",
    text: "How many words the model is effectively choosing between at each step. Lower means it predicts your kind of text more confidently.",
  },
  accuracy: {
    term: "Accuracy",
    text: "The share of held-out examples the model gets right.",
  },
  throughput: {
    term: "Speed",
    text: "How much data the model works through per second: tokens (word pieces) for text models, examples otherwise.",
  },
  cross_validation: {
    term: "Cross-validation",
    text: "Scoring a candidate model by training it on part of your rows and testing it on the rest, several times over, so the score does not depend on one lucky split.",
  },
} as const satisfies Record<string, { term: string; text: string }>;

export type GlossaryKey = keyof typeof glossary;
