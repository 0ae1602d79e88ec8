"""How good the chosen model is on held-out rows, against always guessing, and in words.

Classification: accuracy, macro-F1 and ROC-AUC against the most common answer, recall per class
and the confusion matrix. Regression: RMSE, MAE and R² against the average, and the error per
quarter of the target's range. Both: which original columns matter (permutation importance on
the held-out rows) and a verdict that passes only when the model clearly beats the baseline.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.inspection import permutation_importance
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    mean_absolute_error,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    root_mean_squared_error,
)
from sklearn.pipeline import Pipeline

from tunewright.data.columns import cell_text
from tunewright.training.tabular.prepare import PreparedTable, count
from tunewright.training.tabular.preprocess import ColumnRole
from tunewright.training.tabular.search import METRIC_WORDS, SearchResult, quiet
from tunewright.training.types import Verdict

MIN_IMPROVEMENT = 0.10  # pass only with ≥10% fewer mistakes (or smaller errors) than guessing
WEAK_RECALL = 0.5  # a class found less than half the time deserves its own suggestion
IMPORTANCE_ROWS = 2000  # held-out rows shuffled for importance: plenty for a stable ranking
IMPORTANCE_REPEATS = 5  # shuffles per column, fewer when the budget is short
FEW_CANDIDATES = 6  # a search cut short before trying each family twice may be missing a better one
LEAK_SCORE = 0.99  # near-perfect held-out scores ...
LEAK_SHARE = 0.8  # ... mostly due to one column usually mean that column gives the answer away
SUSPECT_SHARE = 0.5  # a flagged column carrying this share of the skill decides the verdict


def evaluate_model(
    search: SearchResult,
    table: PreparedTable,
    roles: list[ColumnRole],
    *,
    seed: int,
    budget_s: float,
    suspects: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], Verdict]:
    """Held-out metrics, column importances and the verdict of the refit best model.

    `suspects` are columns the data checks flagged (leaks, identifiers) that the user kept,
    with the reason: the verdict never advises relying on them and says so when it does.
    """
    if table.problem == "classification":
        metrics = classification_metrics(search.pipeline, table)
    else:
        metrics = regression_metrics(search.pipeline, table)
    metrics.update(
        problem=table.problem,
        model=search.best.model,
        cv={**search.best.cv},
        cv_baseline={**search.baseline_cv},
        search_metric=search.metric,
        train_rows=len(table.x_train),
        test_rows=len(table.x_test),
    )
    importance, importance_note = column_importance(
        search.pipeline, table, roles, seed=seed, budget_s=budget_s
    )
    suspects = dict(suspects or {})
    for item in importance:
        if item["column"] in suspects:
            item["flagged"] = suspects[item["column"]]
    metrics["feature_importance"] = importance
    metrics["importance_metric"] = (
        "drop in accuracy when the column is shuffled"
        if table.problem == "classification"
        else "rise in MAE when the column is shuffled"
    )
    verdict = judge(metrics, search, table, roles, suspects)
    if importance_note:
        verdict.insights.append(importance_note)
    return metrics, verdict


def classification_metrics(pipeline: Pipeline, table: PreparedTable) -> dict[str, Any]:
    """Accuracy, macro-F1, ROC-AUC, per-class scores and confusion, with the majority baseline."""
    truth, classes = table.y_test, table.classes
    with quiet():
        predicted = pipeline.predict(table.x_test)
        dummy = DummyClassifier(strategy="most_frequent").fit(table.x_train, table.y_train)
    guessed = dummy.predict(table.x_test)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=classes, zero_division=0
    )
    names = [_label(c) for c in classes]
    return {
        "accuracy": _round(accuracy_score(truth, predicted)),
        "macro_f1": _round(f1_score(truth, predicted, average="macro", zero_division=0)),
        "roc_auc": _roc_auc(pipeline, table),
        "baseline_accuracy": _round(accuracy_score(truth, guessed)),
        "baseline_macro_f1": _round(f1_score(truth, guessed, average="macro", zero_division=0)),
        "baseline_label": _label(guessed[0]),
        "labels": names,
        "per_class": {
            name: {
                "precision": _round(precision[i]),
                "recall": _round(recall[i]),
                "f1": _round(f1[i]),
                "support": int(support[i]),
                "train_rows": int((table.y_train == classes[i]).sum()),
            }
            for i, name in enumerate(names)
        },
        "confusion_matrix": confusion_matrix(truth, predicted, labels=classes).tolist(),
    }


def regression_metrics(pipeline: Pipeline, table: PreparedTable) -> dict[str, Any]:
    """RMSE, MAE and R² with the always-the-average baseline, and MAE per target quarter."""
    truth = table.y_test.to_numpy(dtype=float)
    with quiet():
        predicted = np.asarray(pipeline.predict(table.x_test), dtype=float)
        dummy = DummyRegressor(strategy="mean").fit(table.x_train, table.y_train)
    guessed = np.asarray(dummy.predict(table.x_test), dtype=float)
    return {
        "rmse": _round(root_mean_squared_error(truth, predicted)),
        "mae": _round(mean_absolute_error(truth, predicted)),
        "r2": _round(r2_score(truth, predicted)),
        "baseline_rmse": _round(root_mean_squared_error(truth, guessed)),
        "baseline_mae": _round(mean_absolute_error(truth, guessed)),
        "baseline_r2": _round(r2_score(truth, guessed)),
        "baseline_value": _round(float(guessed[0])),
        "target_slices": _target_slices(truth, predicted),
    }


def column_importance(
    pipeline: Pipeline,
    table: PreparedTable,
    roles: list[ColumnRole],
    *,
    seed: int,
    budget_s: float,
) -> tuple[list[dict[str, Any]], str | None]:
    """Permutation importance per original column on held-out rows, most important first."""
    columns = [r.name for r in roles if r.role != "dropped"]
    x, y = table.x_test[columns], table.y_test
    if len(x) > IMPORTANCE_ROWS:
        x = x.sample(n=IMPORTANCE_ROWS, random_state=seed)
        y = y.loc[x.index]
    began = time.perf_counter()
    with quiet():
        pipeline.predict(x)
    one_pass = time.perf_counter() - began
    repeats = min(IMPORTANCE_REPEATS, int(budget_s / max(one_pass * len(columns), 1e-9)))
    if repeats < 1:
        return [], (
            "Column importance was skipped: shuffling every column would take longer than the "
            "time left. Raise time_budget_s to get it."
        )
    scoring = "accuracy" if table.problem == "classification" else "neg_mean_absolute_error"
    with quiet():
        result = permutation_importance(
            pipeline, x, y, scoring=scoring, n_repeats=repeats, random_state=seed, n_jobs=1
        )
    ranked = sorted(
        (
            {
                "column": column,
                "importance": _round(result.importances_mean[i]),
                "std": _round(result.importances_std[i]),
            }
            for i, column in enumerate(columns)
        ),
        key=lambda item: -float(item["importance"] or 0.0),
    )
    return ranked, None


def judge(
    metrics: dict[str, Any],
    search: SearchResult,
    table: PreparedTable,
    roles: list[ColumnRole],
    suspects: Mapping[str, str] | None = None,
) -> Verdict:
    """The quality gate (clearly beats guessing on held-out rows), insights and suggestions."""
    if table.problem == "classification":
        gate, headline = _classification_gate(metrics)
        insights, suggestions = _class_notes(metrics)
    else:
        gate, headline = _regression_gate(metrics)
        insights, suggestions = _slice_notes(metrics, table.target)
    passed = bool(gate["passed"])
    insights.insert(0, _choice_note(metrics, search))
    insights += table.notes
    dropped = [r for r in roles if r.role == "dropped"]
    if dropped:
        reasons = "; ".join(f"{r.name!r} ({r.reason})" for r in dropped[:5])
        insights.append(f"Left out {count(len(dropped), 'column')}: {reasons}.")
    importance_insights, importance_suggestions = _importance_notes(metrics, table, suspects or {})
    insights += importance_insights
    reliance = _suspect_gate(metrics, suspects or {})
    gates = [gate]
    if reliance is not None:
        gates.append(reliance)
        if passed:
            headline = (
                f"Not passed: it scores well, but mostly thanks to {reliance['column']!r}, a "
                "column flagged as giving the answer away; expect far worse results on new data."
            )
        passed = False
    if not passed:
        suggestions.insert(
            0,
            f"Add more rows, or columns that relate to {table.target!r}, and check that "
            "similar rows carry similar answers.",
        )
    suggestions += importance_suggestions
    if search.stopped == "time budget" and len(search.trials) < FEW_CANDIDATES:
        suggestions.append(
            f"Raise time_budget_s to let the search try more candidates "
            f"(it tried {len(search.trials)})."
        )
    return Verdict(passed, headline, insights, suggestions, gates)


def _classification_gate(metrics: dict[str, Any]) -> tuple[dict[str, Any], str]:
    accuracy, baseline = metrics["accuracy"], metrics["baseline_accuracy"]
    label = metrics["baseline_label"]
    needed = 1 - (1 - baseline) * (1 - MIN_IMPROVEMENT)
    passed = accuracy > baseline and accuracy >= needed - 1e-9
    gate = {
        "name": "beats_baseline",
        "passed": passed,
        "metric": "accuracy",
        "value": accuracy,
        "threshold": _round(needed),
        "baseline": baseline,
    }
    if passed:
        headline = (
            f"Passed: on rows it has never seen, it is right {accuracy:.0%} of the time "
            f"(always guessing the most common answer, {label!r}: {baseline:.0%})."
        )
    else:
        headline = (
            f"Not passed: on rows it has never seen it is right {accuracy:.0%} of the time, "
            f"not clearly better than always guessing {label!r} ({baseline:.0%})."
        )
    return gate, headline


def _regression_gate(metrics: dict[str, Any]) -> tuple[dict[str, Any], str]:
    mae, baseline = metrics["mae"], metrics["baseline_mae"]
    average = _amount(metrics["baseline_value"])
    needed = baseline * (1 - MIN_IMPROVEMENT)
    passed = mae <= needed + 1e-12
    gate = {
        "name": "beats_baseline",
        "passed": passed,
        "metric": "mae",
        "value": mae,
        "threshold": _round(needed),
        "baseline": baseline,
        "lower_is_better": True,
    }
    if passed:
        headline = (
            f"Passed: on rows it has never seen, its predictions are off by {_amount(mae)} on "
            f"average (always guessing the average, {average}: off by {_amount(baseline)})."
        )
    else:
        headline = (
            f"Not passed: on rows it has never seen its predictions are off by {_amount(mae)} "
            f"on average, not clearly better than always guessing {average} "
            f"(off by {_amount(baseline)})."
        )
    return gate, headline


def _choice_note(metrics: dict[str, Any], search: SearchResult) -> str:
    word = METRIC_WORDS[search.metric]
    cv, guess = search.best.cv.get(search.metric), search.baseline_cv.get(search.metric)
    text = (
        f"Chose {search.best.model} out of {count(len(search.trials), 'candidate')} by "
        f"{search.folds}-fold cross-validated {word}: {_amount(cv)}"
    )
    return text + (f" (always guessing: {_amount(guess)})." if guess is not None else ".")


def _class_notes(metrics: dict[str, Any]) -> tuple[list[str], list[str]]:
    insights: list[str] = []
    suggestions: list[str] = []
    present = {n: c for n, c in metrics["per_class"].items() if c["support"]}
    if len(present) >= 2:
        best = max(present, key=lambda n: present[n]["recall"])
        worst = min(present, key=lambda n: present[n]["recall"])
        if present[best]["recall"] == present[worst]["recall"]:
            insights.append(
                f"Recognises every answer equally well ({present[best]['recall']:.0%} found)."
            )
        else:
            insights.append(
                f"Recognises {best!r} best ({present[best]['recall']:.0%} found) and {worst!r} "
                f"worst ({present[worst]['recall']:.0%} found)."
            )
        weak = [n for n, c in present.items() if c["recall"] < WEAK_RECALL]
        for name in sorted(weak, key=lambda n: present[n]["recall"])[:3]:
            suggestions.append(
                f"Add more examples of {name!r} ({present[name]['train_rows']} in training now): "
                f"it is found only {present[name]['recall']:.0%} of the time."
            )
    confusion = np.asarray(metrics["confusion_matrix"])
    np.fill_diagonal(confusion, 0)
    if confusion.size and confusion.max() > 0:
        i, j = np.unravel_index(int(confusion.argmax()), confusion.shape)
        names = metrics["labels"]
        insights.append(
            f"Most common mistake: {names[i]!r} taken for {names[j]!r} "
            f"({confusion[i, j]} of {metrics['test_rows']} held-out rows)."
        )
    return insights, suggestions


def _slice_notes(metrics: dict[str, Any], target: str) -> tuple[list[str], list[str]]:
    slices = metrics["target_slices"]
    insights: list[str] = []
    suggestions: list[str] = []
    if len(slices) >= 2:
        best = min(slices, key=lambda s: s["mae"])
        worst = max(slices, key=lambda s: s["mae"])
        insights.append(
            f"Most accurate when {target!r} is {best['slice']} (off by {_amount(best['mae'])})."
        )
        if worst["mae"] > 1.5 * best["mae"]:
            insights.append(
                f"Least accurate when {target!r} is {worst['slice']} "
                f"(off by {_amount(worst['mae'])})."
            )
            suggestions.append(
                f"Add more rows where {target!r} is {worst['slice']}: predictions there are "
                "the furthest off."
            )
    return insights, suggestions


def _importance_notes(
    metrics: dict[str, Any], table: PreparedTable, suspects: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    ranked = metrics["feature_importance"]
    if not ranked:
        return [], []
    insights: list[str] = []
    suggestions: list[str] = []
    helpful = [r for r in ranked if (r["importance"] or 0) > 0]
    trusted = [r for r in helpful if r["column"] not in suspects]
    if helpful:
        top = ", ".join(
            repr(r["column"]) + (" (flagged)" if r["column"] in suspects else "")
            for r in helpful[:3]
        )
        insights.append(f"The columns that matter most: {top}.")
    useless = [r["column"] for r in ranked if (r["importance"] or 0) <= 0]
    if useless and helpful:
        names = ", ".join(repr(c) for c in useless[:5])
        # not a suggestion to delete them: a column that repeats another also scores zero
        insights.append(
            f"Shuffling {names} changed nothing on held-out rows: the model does not need "
            "them, or other columns already say the same."
        )
    score = (metrics["accuracy"] if table.problem == "classification" else metrics["r2"]) or 0.0
    total = sum(r["importance"] for r in helpful)
    if helpful and helpful[0]["column"] in suspects:
        suggestions.append(
            f"Leave {helpful[0]['column']!r} out and train again: the model leans on it most, "
            f"and it was flagged ({suspects[helpful[0]['column']]})."
        )
    elif helpful and score >= LEAK_SCORE and helpful[0]["importance"] >= LEAK_SHARE * total:
        suggestions.append(
            f"Check that {helpful[0]['column']!r} will be known when you ask for predictions: "
            "almost all of the model's skill comes from it, which often means it gives the "
            "answer away."
        )
    elif trusted:
        suggestions.append(
            f"Keep {trusted[0]['column']!r} filled in when you ask for predictions: "
            "the model relies on it most."
        )
    return insights, suggestions


def _suspect_gate(metrics: dict[str, Any], suspects: Mapping[str, str]) -> dict[str, Any] | None:
    """A failed gate when a flagged column the user kept carries most of the model's skill."""
    helpful = [r for r in metrics["feature_importance"] if (r["importance"] or 0) > 0]
    total = sum(r["importance"] for r in helpful)
    if not helpful or helpful[0]["column"] not in suspects or total <= 0:
        return None
    share = helpful[0]["importance"] / total
    if share < SUSPECT_SHARE:
        return None
    return {
        "name": "not_relying_on_flagged_column",
        "passed": False,
        "metric": "importance share",
        "value": _round(share),
        "threshold": SUSPECT_SHARE,
        "column": helpful[0]["column"],
    }


def _target_slices(truth: np.ndarray, predicted: np.ndarray) -> list[dict[str, Any]]:
    if len(truth) < 8:  # quarters of a handful of rows say nothing
        return []
    bins = pd.qcut(pd.Series(truth), 4, duplicates="drop")
    errors = pd.Series(np.abs(truth - predicted)).groupby(bins, observed=True)
    slices = []
    for i, (interval, group) in enumerate(errors):
        edges = (_amount(interval.left), _amount(interval.right))
        name = (
            f"below {edges[1]}"
            if i == 0
            else f"above {edges[0]}"
            if i == errors.ngroups - 1
            else f"between {edges[0]} and {edges[1]}"
        )
        slices.append({"slice": name, "mae": _round(group.mean()), "rows": len(group)})
    return slices


def _roc_auc(pipeline: Pipeline, table: PreparedTable) -> float | None:
    if not hasattr(pipeline, "predict_proba"):
        return None
    try:
        with quiet():
            proba = pipeline.predict_proba(table.x_test)
        if proba.shape[1] == 2:
            return _round(roc_auc_score(table.y_test, proba[:, 1]))
        labels = list(pipeline.classes_)
        return _round(roc_auc_score(table.y_test, proba, multi_class="ovr", labels=labels))
    except ValueError:
        return None  # a class absent from the held-out rows leaves AUC undefined


def _label(value: object) -> str:
    # str() as well: numpy strings would otherwise show as np.str_('yes') in sentences
    return str(cell_text(value))


def _round(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else round(number, 4)


def _amount(value: float | None) -> str:
    """A number with three significant digits, thousands separated: 43.2, 0.0123, 12,345."""
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{round(value, digits):,.{digits}f}"
