"""How good a fine-tuned text classifier is: accuracy and macro-F1 against always answering the
most common label, per-class precision/recall, the confusion matrix, where it struggles (by
class and by text length), and a verdict in plain English."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import torch.nn.functional as F
from torch import nn

from tunewright.training.loop import LoopResult, MetricsFn, Scored, Scores, overfitting_gate
from tunewright.training.text_data import Batch, Example, Prepared, data_notes, length_slices
from tunewright.training.types import Verdict

WEAK_RECALL = 0.5  # a class found less than half the time deserves its own suggestion


def classifier_score(model: nn.Module, batch: Batch) -> Scored:
    """Cross-entropy per example and the predicted class."""
    logits = model(input_ids=batch.input_ids, attention_mask=batch.attention_mask).logits.float()
    loss = F.cross_entropy(logits, batch.labels, reduction="none")
    return Scored(loss, (batch.labels >= 0).long(), logits.argmax(dim=-1))


def classifier_metrics(val_set: list[Example]) -> MetricsFn:
    """The periodic evaluation: validation loss and accuracy on `val_set`."""
    truth = np.asarray([int(e.labels) for e in val_set])  # type: ignore[arg-type]

    def metrics(scores: Scores) -> dict[str, float]:
        accuracy = float(np.mean(scores.predictions == truth))
        return {"val_loss": scores.loss, "accuracy": accuracy}

    return metrics


def accuracy_metrics(truth: np.ndarray, predicted: np.ndarray, names: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix (rows: truth)."""
    k = len(names)
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (truth, predicted), 1)
    per_class: dict[str, dict[str, float]] = {}
    f1s = []
    for i, name in enumerate(names):
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / confusion[i].sum() if confusion[i].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(confusion[i].sum()),
        }
        if confusion[i].sum():  # classes absent from the held-out set do not count
            f1s.append(f1)
    return {
        "accuracy": round(float((truth == predicted).mean()), 4),
        "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
        "per_class": per_class,
        "confusion_matrix": confusion.tolist(),
        "labels": names,
    }


def report(
    scores: Scores,
    val_set: list[Example],
    train_set: list[Example],
    names: list[str],
    result: LoopResult,
    prepared: Prepared,
    max_length: int,
) -> tuple[dict[str, Any], Verdict]:
    """Metrics and the verdict of a classifier fine-tune, against the majority-class baseline."""
    assert scores.predictions is not None
    truth = np.asarray([int(e.labels) for e in val_set])  # type: ignore[arg-type]
    predicted = scores.predictions
    metrics = accuracy_metrics(truth, predicted, names)
    majority = Counter(int(e.labels) for e in train_set).most_common(1)[0][0]  # type: ignore[arg-type]
    baseline = float((truth == majority).mean())
    accuracy = metrics["accuracy"]
    metrics.update(val_loss=round(scores.loss, 6), baseline_accuracy=round(baseline, 4))
    metrics["baseline_label"] = names[majority]

    beats = {
        "name": "beats_baseline",
        "passed": bool(accuracy > baseline),
        "value": accuracy,
        "threshold": round(baseline, 4),
    }
    overfit = overfitting_gate(result)
    gates = [beats, overfit]
    passed = all(g["passed"] for g in gates)
    right = f"it is right {accuracy:.0%} of the time (baseline {baseline:.0%})"
    if passed:
        headline = f"Passed: on texts it has never seen, {right}."
    elif not beats["passed"]:
        headline = (
            f"Not passed: on texts it has never seen it is right {accuracy:.0%} of the time, "
            f"no better than always answering {names[majority]!r} ({baseline:.0%})."
        )
    else:
        headline = f"Not passed: {right}, but the model started to overfit."

    insights, suggestions = [], []
    present = {n: c for n, c in metrics["per_class"].items() if c["support"]}
    if len(present) >= 2:
        best = max(present, key=lambda n: present[n]["recall"])
        worst = min(present, key=lambda n: present[n]["recall"])
        insights.append(
            f"Recognises {best!r} best ({present[best]['recall']:.0%} found) and {worst!r} "
            f"worst ({present[worst]['recall']:.0%} found)."
        )
        if present[worst]["recall"] < WEAK_RECALL:
            in_train = sum(int(e.labels) == names.index(worst) for e in train_set)  # type: ignore[arg-type]
            suggestions.append(f"Add more examples of {worst!r} ({in_train} in training now).")
    confusion = np.asarray(metrics["confusion_matrix"])
    np.fill_diagonal(confusion, 0)
    if confusion.max() > 0:
        i, j = np.unravel_index(int(confusion.argmax()), confusion.shape)
        insights.append(
            f"Most common mistake: {names[i]!r} taken for {names[j]!r} "
            f"({confusion[i, j]} of {len(val_set)} held-out texts)."
        )
    by_length = [
        (name, float((truth[mask] == predicted[mask]).mean()))
        for name, mask in length_slices([e.words for e in val_set])
    ]
    metrics["length_slices"] = [{"slice": n, "accuracy": round(a, 4)} for n, a in by_length]
    if by_length:
        top = max(by_length, key=lambda s: s[1])
        low = min(by_length, key=lambda s: s[1])
        insights.append(f"Most accurate on texts {top[0]} ({top[1]:.0%}).")
        if top[1] - low[1] > 0.1:
            insights.append(f"Least accurate on texts {low[0]} ({low[1]:.0%}).")
    if result.stopped_early:
        insights.append(
            f"Training stopped early at step {result.steps}: held-out loss had stopped improving."
        )
    data_insights, data_suggestions = data_notes(prepared, len(train_set), max_length)
    insights += data_insights
    if not beats["passed"]:
        suggestions.append(
            "Train longer (raise epochs) or raise the learning rate, and check that the labels "
            "are consistent: similar texts should carry the same label."
        )
    if not overfit["passed"]:
        suggestions.append(
            "Lower epochs or add more examples: the model began memorising its training data."
        )
    suggestions += data_suggestions
    return metrics, Verdict(passed, headline, insights, suggestions, gates)
