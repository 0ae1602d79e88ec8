"""Explanations of metrics, terms and training curves: templated text, or Claude when configured.

The templated text is always computed first; Claude only rewrites it from the same facts, so an
explanation never depends on the network and never invents numbers.
"""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass

from tunewright.assistant.claude import ClaudeConfig, ClaudeUnavailable, ask
from tunewright.assistant.contract import Curve, CurvePoint

log = logging.getLogger(__name__)

GLOSSARY: dict[str, str] = {
    "loss": (
        "Loss measures how wrong the model's predictions are on the examples it trains on — "
        "how surprised it is by the right answer. It should go down as training goes on; the "
        "number itself matters less than its trend."
    ),
    "val_loss": (
        "Validation loss is the same measure on held-out examples the model never trains on. "
        "It tells you whether the model generalises: if it rises while the training loss keeps "
        "falling, the model is memorising (overfitting). Lower is better."
    ),
    "perplexity": (
        "Perplexity is the validation loss turned into a number of choices: a perplexity of 20 "
        "means the model is, on average, as unsure as if it picked among 20 equally likely next "
        "words. Lower is better; compare it with the base model's perplexity."
    ),
    "likelihood_gain": (
        "Likelihood gain is how much more probable the fine-tuned model finds your held-out "
        "text than the base model did. Above 0 means fine-tuning helped."
    ),
    "accuracy": (
        "Accuracy is the share of held-out examples the model labels correctly. Compare it with "
        "always guessing the most common label: with unbalanced labels a high accuracy can "
        "still be a weak model."
    ),
    "macro_f1": (
        "Macro-F1 averages the F1 score of every label equally, so rare labels count as much as "
        "common ones. It is the fairer score when labels are unbalanced. 1 is perfect."
    ),
    "f1": (
        "F1 combines precision (how many predicted positives are right) and recall (how many "
        "real positives were found) into one score between 0 and 1."
    ),
    "rmse": (
        "RMSE (root mean squared error) is the typical size of a prediction's error, in the "
        "target's own units, with big misses weighing more. Lower is better."
    ),
    "mae": (
        "MAE (mean absolute error) is the average distance between predictions and true values, "
        "in the target's units. Lower is better; less sensitive to a few big misses than RMSE."
    ),
    "r2": (
        "R² is the share of the target's variation the model explains: 1 is perfect, 0 is no "
        "better than always predicting the average, below 0 is worse than that."
    ),
    "roc_auc": (
        "ROC AUC is the chance the model ranks a random positive example above a random "
        "negative one: 0.5 is guessing, 1 is perfect."
    ),
    "learning_rate": (
        "The learning rate is the size of each update to the weights. Too high and the loss "
        "jumps around or explodes; too low and learning is slow. LoRA uses higher rates than "
        "full fine-tuning."
    ),
    "epoch": (
        "An epoch is one full pass over the training examples. More epochs give the model more "
        "chances to learn — and to memorise."
    ),
    "overfitting": (
        "Overfitting is memorising the training examples instead of learning what generalises: "
        "training loss keeps falling while validation loss rises. Fixes: fewer epochs, more "
        "weight decay, earlier stopping, or more data."
    ),
    "underfitting": (
        "Underfitting is when the model has not learned enough yet: both training and "
        "validation loss are still high. Fixes: train longer, a higher learning rate, or a "
        "larger model."
    ),
    "early_stopping": (
        "Early stopping ends training when validation loss has not improved for a number of "
        "evaluations (the patience), and keeps the best weights seen. 0 turns it off."
    ),
    "temperature": (
        "Temperature controls randomness when generating: 0 always picks the most likely word, "
        "around 0.7 is balanced, above 1 is more surprising and more error-prone."
    ),
    "top_p": (
        "Top-p (nucleus sampling) only samples from the most likely words that together make "
        "up p of the probability: 0.9 drops the unlikely tail, 1.0 keeps every word."
    ),
    "top_k": ("Top-k only samples from the k most likely next words; 0 turns the limit off."),
    "repetition_penalty": (
        "The repetition penalty makes words the answer already used less likely: 1.0 is off, "
        "1.1–1.3 curbs loops, higher values can make answers odd."
    ),
    "max_new_tokens": (
        "Max new tokens is the longest answer the model may generate, in tokens (word pieces, "
        "about ¾ of a word each). Answers stop there even mid-sentence."
    ),
    "lora": (
        "LoRA trains small adapter matrices beside the frozen model instead of every weight: "
        "much less memory and faster, usually with nearly the same quality. Tunewright merges "
        "the adapters into the saved model."
    ),
    "batch_size": (
        "The batch size is how many examples the model reads before one update. Larger batches "
        "are smoother but need more memory; gradient accumulation gives a large effective batch "
        "in small pieces."
    ),
    "latency": (
        "Latency is how long a request takes. p50 is the typical request, p95 and p99 the slow "
        "ones: 95% or 99% of requests were faster than that."
    ),
    "error_rate": (
        "The error rate is the share of requests that failed (4xx or 5xx answers): invalid "
        "inputs, bad keys, rate limits or server errors."
    ),
}
TOPICS = (*GLOSSARY, "curve")
SYSTEM = (
    "You explain machine-learning training results to someone new to machine learning, in "
    "plain English, in at most 120 words. Use only the facts you are given; do not invent "
    "numbers. End with one concrete suggestion when the facts suggest one."
)


@dataclass
class Explanation:
    """The text, whether Claude wrote it, and why not when it was asked to."""

    text: str
    by_claude: bool = False
    notice: str | None = None


def _mean(points: list[float]) -> float:
    return statistics.fmean(points) if points else float("nan")


def _values(points: list[CurvePoint], key: str) -> list[tuple[int, float]]:
    found = []
    for point in points:
        value = getattr(point, key, None)
        if isinstance(value, int | float):
            found.append((point.step, float(value)))
    return found


def curve_facts(curve: Curve) -> list[str]:
    """What a training curve shows, as short sentences with its numbers."""
    losses = _values(curve.steps, "loss")
    vals = _values(curve.evals, "val_loss")
    if not losses and not vals:
        return [f"Run {curve.run_id} has no progress yet ({curve.status or 'not started'})."]
    facts = [f"Run {curve.run_id} is {curve.status or 'in progress'}."]
    if len(losses) >= 2:
        window = max(1, min(3, len(losses) // 3))
        first = _mean([v for _, v in losses[:window]])
        last = _mean([v for _, v in losses[-window:]])
        change = (last - first) / first * 100 if first else 0.0
        trend = "fell" if change < -2 else "rose" if change > 2 else "stayed flat"
        facts.append(
            f"Training loss {trend} from {first:.3g} to {last:.3g} over {losses[-1][0]} steps "
            f"({change:+.0f}%)."
        )
        tail = [v for _, v in losses[len(losses) // 2 :]]
        if len(tail) >= 4 and statistics.pstdev(tail) > 0.25 * _mean(tail):
            facts.append("The training loss is noisy: it jumps around a lot from step to step.")
    if vals:
        best_step, best = min(vals, key=lambda item: item[1])
        last_step, last = vals[-1]
        facts.append(
            f"Validation loss is {last:.3g} at step {last_step}; the best was {best:.3g} at "
            f"step {best_step}."
        )
        if last_step > best_step and last > best * 1.02:
            facts.append(
                "Validation loss has risen since its best while training continued: a sign of "
                "overfitting (the best weights are the ones kept)."
            )
        elif len(vals) >= 3 and vals[-1][1] < vals[-2][1] < vals[-3][1]:
            facts.append(
                "Validation loss was still falling at the last evaluation: training longer may "
                "help."
            )
        if losses and last > 1.3 * losses[-1][1]:
            facts.append(
                f"Validation loss is well above the training loss ({losses[-1][1]:.3g}): the "
                "model does better on examples it has seen."
            )
        accuracy = _values(curve.evals, "accuracy")
        if accuracy:
            facts.append(f"Held-out accuracy at the last evaluation: {accuracy[-1][1]:.1%}.")
    if curve.stopped_early:
        facts.append("Training stopped early because validation loss stopped improving.")
    return facts


def templated(topic: str | None, curve: Curve | None) -> str:
    """The explanation without Claude."""
    if topic == "curve":
        if curve is None:
            return "Open a run (or say “explain the curve of run 5”) and ask again."
        return " ".join(curve_facts(curve))
    if topic in GLOSSARY:
        return GLOSSARY[topic]
    known = ", ".join(t.replace("_", " ") for t in GLOSSARY)
    return f"I can explain these terms: {known}; or the curve of a run."


def explain(topic: str | None, curve: Curve | None, claude: ClaudeConfig | None) -> Explanation:
    """An explanation of a term or a curve: Claude's words when available, templated otherwise."""
    text = templated(topic, curve)
    if claude is None or (topic not in GLOSSARY and not (topic == "curve" and curve)):
        return Explanation(text)
    subject = "this training curve" if topic == "curve" else (topic or "").replace("_", " ")
    prompt = f"Explain {subject}. Facts:\n{text}"
    try:
        return Explanation(ask(claude, system=SYSTEM, prompt=prompt), by_claude=True)
    except ClaudeUnavailable as exc:
        log.warning("claude explanation failed", extra={"reason": exc.reason})
        return Explanation(text, notice=f"{exc.reason}; showing the standard explanation.")
