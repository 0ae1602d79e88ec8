/** One stop of the first-visit tour: what it points at (`data-tour="<target>"`) and what it says. */
export interface TourStep {
  id: string;
  /** The `data-tour` value of the element to ring; absent from the page, the step shows without a ring. */
  target: string;
  title: string;
  body: string;
}

/** The tour, in the order a first-time user meets things. Plain words: the reader has never trained a model. */
export const tourSteps: readonly TourStep[] = [
  {
    id: "build",
    target: "templates",
    title: "Pick what you want to build",
    body: "Each card is a kind of model — sorting text into groups, answering in your own style, predicting a number from a table. Choose the one closest to your goal; you can change it later.",
  },
  {
    id: "data",
    target: "sample-data",
    title: "Bring your data — or use a sample",
    body: "Upload a spreadsheet or text file and we check it for problems before anything runs. No file yet? Every template comes with sample data you can load in one click.",
  },
  {
    id: "train",
    target: "wizard-steps",
    title: "Press Start and watch it learn",
    body: "We choose sensible settings for you. Press Start and follow a live chart of how well the model is learning, with a plain verdict when it finishes.",
  },
  {
    id: "use",
    target: "wizard-steps",
    title: "Try it, deploy it, download it",
    body: "Type your own examples to see what the model answers, turn it into a web address other programs can call, or download it to run anywhere.",
  },
  {
    id: "models",
    target: "models",
    title: "Models & runs keeps every result",
    body: "Every training run and finished model is saved here, so you can compare them, go back to an earlier one, or delete what you no longer need.",
  },
  {
    id: "help",
    target: "term-help",
    title: "Question-mark buttons explain ML words where you meet them",
    body: "Meet a word like “learning rate” or “overfitting”? Press the small question mark beside it for a short explanation in plain words.",
  },
];
