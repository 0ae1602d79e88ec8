"""Check the table and its target, decide classification or regression, hold rows back.

Whether the target is "a category" or "a number" is decided by `tunewright.data.columns.
target_kind`, the same rule the Data step shows, so training never disagrees with the profile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
from sklearn.model_selection import train_test_split

from tunewright.data.columns import MAX_LABEL_CLASSES, blank_mask, cell_text, target_kind
from tunewright.training.tabular.transformers import as_number

Problem = Literal["classification", "regression"]
MIN_ROWS = 10  # fewer usable rows cannot give a training part, folds and a test part


@dataclass
class PreparedTable:
    """The usable rows of a table, split into training and held-out parts."""

    problem: Problem
    target: str
    features: pd.DataFrame  # every usable row, feature columns only (column roles look here)
    x_train: pd.DataFrame
    x_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series
    classes: list[Any]  # the original labels, sorted; empty for regression
    split: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what was done to the data, in words


def prepare_table(
    frame: pd.DataFrame, target: str, *, test_size: float, seed: int
) -> PreparedTable:
    """Drop rows without a target, refuse tables that cannot be learned, split off a test set."""
    if target not in frame.columns:
        raise ValueError(_missing_target(frame, target))
    notes: list[str] = []
    y = frame[target]
    keep = ~blank_mask(y)
    if not keep.all():
        missing = int((~keep).sum())
        notes.append(f"Left out {count(missing, 'row')} with no value in {target!r}.")
    problem = detect_problem(y[keep])
    if problem == "regression":
        numbers = pd.to_numeric(y.map(as_number), errors="coerce")
        unreadable = int((keep & numbers.isna()).sum())
        if unreadable:
            notes.append(
                f"Left out {count(unreadable, 'row')} whose {target!r} is not a number "
                "(a number is needed to learn from)."
            )
        keep &= numbers.notna()
        y = numbers
    features = frame.loc[keep].drop(columns=[target])
    y = y.loc[keep]
    if problem == "classification":
        y = clean_labels(y)
    _refuse_unlearnable(features, y, target, problem)
    features = features.reset_index(drop=True)
    y = y.reset_index(drop=True)

    stratified = problem == "classification" and _can_stratify(y, test_size)
    x_train, x_test, y_train, y_test = train_test_split(
        features,
        y,
        test_size=test_size,
        random_state=seed,
        stratify=y if stratified else None,
    )
    if problem == "classification" and not stratified:
        notes.append(
            "Some answers are too rare to keep their share in both parts, so the held-out rows "
            "were drawn at random without balancing the answers."
        )
    split = {
        "method": "hold-out",
        "seed": seed,
        "test_size": test_size,
        "train_rows": len(x_train),
        "test_rows": len(x_test),
        "stratified": stratified,
        "rows_used": len(features),
        "rows_dropped": len(frame) - len(features),
    }
    classes = sorted(pd.unique(y).tolist()) if problem == "classification" else []
    return PreparedTable(
        problem=problem,
        target=target,
        features=features,
        x_train=x_train,
        x_test=x_test,
        y_train=y_train,
        y_test=y_test,
        classes=classes,
        split=split,
        notes=notes,
    )


def detect_problem(y: pd.Series) -> Problem:
    """Classification for categories, booleans and few whole numbers; regression otherwise."""
    if ptypes.is_bool_dtype(y.dtype):
        return "classification"
    kind = target_kind(y)
    # target_kind calls unique consecutive integers an id (so a category); as a target they
    # are counts or amounts, and a class per row could never be learned
    many = ptypes.is_numeric_dtype(y.dtype) and y.nunique() > MAX_LABEL_CLASSES
    return "regression" if many else kind


def clean_labels(y: pd.Series) -> pd.Series:
    """Labels of one comparable type: whole floats as ints, mixed types as their text."""
    values = y.tolist()
    kinds = {type(v) for v in values}
    if all(isinstance(v, str) for v in values):
        return y.astype(object)
    if kinds <= {bool, np.bool_}:
        return y.astype(bool)
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in values):
        numbers = y.astype(float)
        # 1.0/0.0 come from integer columns that had blanks; users expect 1 and 0 back
        return numbers.astype(int) if bool((numbers % 1 == 0).all()) else numbers
    # sklearn cannot sort 1 beside "yes"; the text form is what the user sees anyway
    return y.map(cell_text).astype(object)


def count(n: int, noun: str) -> str:
    """'1 row', '5 rows': a count in words that reads right."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _refuse_unlearnable(
    features: pd.DataFrame, y: pd.Series, target: str, problem: Problem
) -> None:
    if len(y) < MIN_ROWS:
        raise ValueError(
            f"Only {count(len(y), 'row')} have a usable value in {target!r}; at least "
            f"{MIN_ROWS} are needed to train and test a model. Add more rows, or fill in "
            f"{target!r} where it is blank."
        )
    if features.shape[1] == 0:
        raise ValueError(
            f"The table has no columns besides the target {target!r}, so there is nothing to "
            "predict it from. Add columns that describe each row."
        )
    distinct = pd.unique(y)
    if len(distinct) < 2:
        kind = "answer" if problem == "classification" else "value"
        raise ValueError(
            f"Every usable row has the same {kind} in {target!r} ({cell_text(distinct[0])!r}), "
            "so there is nothing to learn. Add rows with other values of "
            f"{target!r}, or choose a different target column."
        )


def _can_stratify(y: pd.Series, test_size: float) -> bool:
    counts = y.value_counts()
    test_rows = math.ceil(test_size * len(y))
    # train_test_split refuses to stratify when a class cannot appear on both sides
    return bool(counts.min() >= 2 and len(counts) <= min(test_rows, len(y) - test_rows))


def _missing_target(frame: pd.DataFrame, target: str) -> str:
    columns = ", ".join(repr(str(c)) for c in frame.columns[:20])
    near = [str(c) for c in frame.columns if str(c).strip().lower() == str(target).strip().lower()]
    hint = f" Did you mean {near[0]!r}?" if near else ""
    return (
        f"The target column {target!r} is not in the table (its columns: {columns}).{hint} "
        "Pick the column to predict in the Data step."
    )
