"""Columns a careful data scientist would not train on: leaks, identifiers, constants.

A *leak* is a column that gives the answer away: filled in after the outcome (a lifeboat
number, a body identification number, a cancellation date) or a copy of the target. A model
trained on it scores brilliantly on held-out rows and is useless in practice, because the
column does not exist yet when a prediction is needed. An *identifier* (names, tickets, codes,
row numbers) is different on nearly every row: a model can only memorise it.

Each check is measured, not guessed from names: every column is cut into at most `BINS`
groups (quantiles for numbers, the most common values for the rest, one group for blanks) and
scored by how well "the usual answer of its group" predicts the target on rows it was not
learned from (`FOLDS`-fold cross-validation). The cost is linear in rows × columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.columns import (
    blank_mask,
    cell_text,
    column_type,
    hashable,
    normalise_name,
    reads_as_number,
)
from tunewright.data.types import ColumnFlag, ColumnType

Problem = Literal["classification", "regression"]

MAX_ROWS = 20_000  # a seeded sample is plenty to see a leak...
MIN_ROWS = 2_000  # ...but never fewer rows than this when the table has them
MAX_CELLS = 2_000_000  # wide tables get fewer rows, so the checks cost the same at any width
BINS = 16  # groups per column (numbers by quantile; other values by frequency)
FOLDS = 5
SEED = 0
LEAK_SKILL = 0.95  # a single column this good is never honest
STRONG_SKILL = 0.75  # ...nor is one this good that far ahead of every other column
STRONG_MARGIN = 0.4
COPY_AGREEMENT = 0.98  # a column that maps onto the target this exactly is a copy
MISSING_PURITY = 0.97  # rows where a column is (not) filled in almost all share one answer
MISSING_GAP = 0.15  # ...and that answer is this much rarer overall
MISSING_MIN_ROWS = 20
MISSING_MIN_SHARE = 0.02
MISSING_ETA = 0.5  # regression: being blank explains half the target's variation
ID_DISTINCT_SHARE = 0.5  # codes: at least this share of distinct values...
CODE_SHARE = 0.8  # ...and this share look like codes (a digit, at most 3 words)
LETTERED_SHARE = 0.2  # ...and this share are not plain numbers ("PC 17599", "C85")
NAME_DISTINCT_SHARE = 0.9  # names: nearly every value distinct
MIN_ID_VALUES = 20  # fewer values prove nothing about uniqueness
LABEL_IN_TEXT_SHARE = 0.9  # text classification: the label is written in the text itself

_DIGIT_RE = re.compile(r"\d")
_PERSON_RE = re.compile(r"^[A-Z][\w'.\-]*,?( [A-Z(\"][\w'.()\-\"]*,?){1,6}$")


@dataclass(frozen=True)
class _Score:
    column: str
    skill: float  # 0 = no better than always guessing, 1 = perfect (out of fold)
    agreement: float  # in-sample share of rows its groups predict right (copies reach ~1)


def flag_columns(
    df: pd.DataFrame,
    target: str,
    problem: Problem,
    candidates: Sequence[str],
    kinds: Mapping[str, ColumnType] | None = None,
) -> list[ColumnFlag]:
    """Flags for the candidate feature columns of a table whose answer is in `target`.

    `kinds` are the column types the profile already judged on every row (saves recomputing).
    """
    kinds = kinds or {}
    rows = int(min(MAX_ROWS, max(MIN_ROWS, MAX_CELLS // max(1, len(candidates)))))
    frame = _rows_with_target(df, target, rows)
    if len(frame) < MIN_ID_VALUES or frame[target].nunique() < 2:
        return []
    y = _encode_target(frame[target], problem)
    flags: list[ColumnFlag] = []
    scored: list[tuple[_Score, ColumnFlag | None]] = []
    for column in candidates:
        s = frame[column]
        blank = blank_mask(s).to_numpy()
        # being blank can leak even in a constant or id column ("refund_id" only for leavers)
        missing = _missingness_flag(column, blank, frame[target], y, problem, target)
        kind = kinds.get(column) or column_type(s)
        plain = _plain_flag(column, s[~blank], kind)
        if plain is not None:
            flags.append(missing if missing is not None and plain.kind != "empty" else plain)
            continue
        scored.append((_score(column, _bins(s, kind, blank), y, problem), missing))
    flags += _leak_flags(scored, target, problem)
    return flags


def label_in_text(df: pd.DataFrame, text: str, label: str) -> ColumnFlag | None:
    """A text-classification leak: most texts spell out their own label ("[spam] Win a...")."""
    frame = _rows_with_target(df, label, MAX_ROWS)
    frame = frame[~blank_mask(frame[text])]
    labels = sorted({cell_text(v) for v in frame[label].tolist()})
    if len(frame) < MIN_ID_VALUES or not 2 <= len(labels) <= 50:
        return None
    texts = frame[text].map(cell_text).str.lower()
    patterns = {v: re.compile(rf"(?<!\w){re.escape(v.lower())}(?!\w)") for v in labels if v}
    own = other = 0
    for value, body in zip(frame[label].map(cell_text).tolist(), texts.tolist(), strict=True):
        found = {v for v, p in patterns.items() if p.search(body)}
        own += value in found
        other += bool(found - {value})
    share, others = own / len(frame), other / len(frame)
    if share < LABEL_IN_TEXT_SHARE or others > 0.3:
        return None
    return ColumnFlag(
        column=text,
        kind="leak",
        message=f"{share:.0%} of the texts in {text!r} contain their own label from {label!r} "
        "word for word, so the model can copy the answer instead of learning from the text. "
        "New texts will not come labelled.",
        score=round(share, 3),
    )


# --- the checks ----------------------------------------------------------------------


def _plain_flag(column: str, values: pd.Series, kind: ColumnType) -> ColumnFlag | None:
    """empty / constant / identifier: judged on the column's values alone."""
    if values.empty:
        return ColumnFlag(column, "empty", f"{column!r} has no values.", 0.0)
    distinct = int(hashable(values).nunique())
    if distinct == 1:
        shown = cell_text(values.iloc[0])[:40]
        return ColumnFlag(
            column,
            "constant",
            f"{column!r} has the same value ({shown!r}) on every row that has one, so it "
            "cannot tell rows apart.",
            0.0,
        )
    return _identifier_flag(column, values, distinct, kind)


def _identifier_flag(
    column: str, values: pd.Series, distinct: int, kind: ColumnType
) -> ColumnFlag | None:
    share = distinct / len(values)
    if kind in ("numeric", "boolean", "datetime", "messages"):
        return None
    if kind != "id" and len(values) < MIN_ID_VALUES:
        return None
    texts = [cell_text(v) for v in values.tolist()]
    if kind == "id" and ptypes.is_numeric_dtype(values.dtype):
        return _identifier(column, "is a row number, different on every row", share)
    wordy = float(np.mean([len(t.split()) for t in texts])) >= 2
    named = "name" in normalise_name(column) and np.mean([len(t.split()) for t in texts]) <= 6
    people = _share(texts, lambda t: bool(_PERSON_RE.match(t))) >= 0.9
    if (kind == "id" and wordy) or (share >= NAME_DISTINCT_SHARE and (named or people)):
        what = f"holds names, almost all different ({distinct:,} in {len(values):,} rows)"
        return _identifier(column, what, share)
    codes = _share(texts, _looks_like_code) >= CODE_SHARE
    # plain numbers with a stray word ("unknown" among ages) are a number column, not codes
    lettered = _share(texts, lambda t: not reads_as_number(t)) >= LETTERED_SHARE
    if kind == "id" or (share >= ID_DISTINCT_SHARE and codes and lettered):
        example = ", ".join(repr(t) for t in list(dict.fromkeys(texts))[:3])
        return _identifier(
            column,
            f"holds codes ({example}, …) with {distinct:,} different values in {len(values):,} "
            "rows, like ticket or account numbers",
            share,
        )
    return None


def _identifier(column: str, what: str, share: float) -> ColumnFlag:
    return ColumnFlag(
        column,
        "identifier",
        f"{column!r} {what}: an identifier. A model can only memorise it, and new rows will "
        "have new values.",
        round(share, 3),
    )


def _leak_flags(
    scored: list[tuple[_Score, ColumnFlag | None]],
    target: str,
    problem: Problem,
) -> list[ColumnFlag]:
    """target_copy / leak by single-column skill, else missing_leak by where it is blank."""
    flags: list[ColumnFlag] = []
    skills = [score.skill for score, _ in scored]
    ranked = sorted(range(len(skills)), key=lambda j: -skills[j])[:2]  # the two best columns
    for i, (score, missing) in enumerate(scored):
        # far ahead of *every* other column: two strong measurements that agree (petal length
        # and width) are a well-posed problem, not a leak
        others = [skills[j] for j in ranked if j != i]
        best_other = others[0] if others else 0.0
        if score.agreement >= COPY_AGREEMENT and score.skill >= LEAK_SKILL:
            flags.append(_copy_flag(score, target, problem))
        elif score.skill >= LEAK_SKILL or (
            score.skill >= STRONG_SKILL and score.skill - best_other >= STRONG_MARGIN
        ):
            flags.append(_leak_flag(score, target, problem, best_other))
        elif missing is not None:
            flags.append(missing)
    return flags


def _copy_flag(score: _Score, target: str, problem: Problem) -> ColumnFlag:
    how = (
        f"matches {target!r} on {score.agreement:.0%} of rows"
        if problem == "classification"
        else f"moves in step with {target!r} ({score.skill:.0%} of its variation)"
    )
    return ColumnFlag(
        score.column,
        "target_copy",
        f"{score.column!r} {how}: it is a copy of the answer in another form. Training on it "
        "teaches the model nothing it can use when the answer is unknown.",
        round(score.skill, 3),
    )


def _leak_flag(score: _Score, target: str, problem: Problem, best_other: float) -> ColumnFlag:
    if problem == "classification":
        alone = f"{score.column!r} alone predicts {target!r} for {score.agreement:.0%} of rows"
    else:
        alone = f"{score.column!r} alone explains {score.skill:.0%} of the variation in {target!r}"
    compare = (
        f" (no other column gets past {best_other:.0%} of the way from guessing to perfect)"
        if best_other < score.skill - 0.2
        else ""
    )
    return ColumnFlag(
        score.column,
        "leak",
        f"{alone}{compare}. A column this telling was usually filled in after the outcome and "
        "gives the answer away: it will not exist when you predict.",
        round(score.skill, 3),
    )


def _missingness_flag(
    column: str,
    blank: np.ndarray,
    answers: pd.Series,
    y: np.ndarray,
    problem: Problem,
    target: str,
) -> ColumnFlag | None:
    n = len(blank)
    blanks = int(blank.sum())
    minimum = max(MISSING_MIN_ROWS, MISSING_MIN_SHARE * n)
    if min(blanks, n - blanks) < minimum:
        return None
    if problem == "regression":
        return _missingness_regression(column, blank, y, target)
    for group, where in ((~blank, "with a value in"), (blank, "without a value in")):
        codes = y[group]
        counts = np.bincount(codes, minlength=int(y.max()) + 1)
        top = int(counts.argmax())
        purity = counts[top] / len(codes)
        overall = float(np.mean(y == top))
        if purity >= MISSING_PURITY and purity - overall >= MISSING_GAP:
            answer = cell_text(answers[y == top].iloc[0])
            return ColumnFlag(
                column,
                "missing_leak",
                f"Rows {where} {column!r} almost all have {target!r} = {answer!r} "
                f"({int(counts[top]):,} of {len(codes):,}, against {overall:.0%} overall): "
                "whether it is filled in gives the answer away, as with values recorded "
                "after the outcome.",
                round(float(purity), 3),
            )
    return None


def _missingness_regression(
    column: str, blank: np.ndarray, y: np.ndarray, target: str
) -> ColumnFlag | None:
    total = float(np.var(y)) * len(y)
    if total <= 0:
        return None
    between = sum(
        float(np.sum(group)) * (float(np.mean(y[group])) - float(np.mean(y))) ** 2
        for group in (blank, ~blank)
    )
    eta = between / total
    if eta < MISSING_ETA:
        return None
    return ColumnFlag(
        column,
        "missing_leak",
        f"Whether {column!r} is filled in alone explains {eta:.0%} of the variation in "
        f"{target!r}: it gives the answer away, as with values recorded after the outcome.",
        round(eta, 3),
    )


# --- measuring ----------------------------------------------------------------------


def _rows_with_target(df: pd.DataFrame, target: str, rows: int) -> pd.DataFrame:
    frame = df[~blank_mask(df[target])]
    if len(frame) > rows:
        frame = frame.sample(n=rows, random_state=SEED)
    return frame.reset_index(drop=True)


def _encode_target(y: pd.Series, problem: Problem) -> np.ndarray:
    if problem == "regression":
        return pd.to_numeric(y.map(_number), errors="coerce").fillna(0.0).to_numpy(float)
    return pd.factorize(hashable(y).map(cell_text))[0]


def _bins(s: pd.Series, kind: ColumnType, blank: np.ndarray) -> np.ndarray:
    """Each row's group: quantile bins for numbers, common values otherwise, blanks as 0."""
    if kind in ("numeric", "boolean"):
        numbers = (
            s
            if ptypes.is_numeric_dtype(s.dtype)
            else pd.to_numeric(s.map(_number), errors="coerce")
        )
        if int(numbers.notna().sum()) >= int((~blank).sum()):
            return _number_bins(numbers.astype("float64"), blank)
    text = hashable(s).map(cell_text)
    common = text[~blank].value_counts().index[: BINS * 4]
    lookup = {value: i + 1 for i, value in enumerate(common)}
    codes = np.array(text.map(lambda v: lookup.get(v, len(lookup) + 1)).to_numpy(), dtype=int)
    codes[blank] = 0
    return codes


def _number_bins(numbers: pd.Series, blank: np.ndarray) -> np.ndarray:
    values = numbers.to_numpy()
    present = ~np.isnan(values)
    distinct = np.unique(values[present])
    if len(distinct) <= BINS:
        codes = np.searchsorted(distinct, np.where(present, values, distinct[0])) + 1
    else:
        edges = np.quantile(values[present], np.linspace(0, 1, BINS + 1)[1:-1])
        codes = np.searchsorted(np.unique(edges), np.where(present, values, 0.0)) + 1
    codes = np.array(codes, dtype=int)
    codes[blank | ~present] = 0
    return codes


def _score(column: str, bins: np.ndarray, y: np.ndarray, problem: Problem) -> _Score:
    """Out-of-fold skill of predicting each group's usual answer, and in-sample agreement."""
    folds = np.random.default_rng(SEED).permutation(len(y)) % FOLDS
    if problem == "classification":
        predicted = np.empty(len(y), dtype=int)
        for k in range(FOLDS):
            train, test = folds != k, folds == k
            predicted[test] = _group_majority(bins[train], y[train], bins[test])
        accuracy = float(np.mean(predicted == y))
        base = float(np.bincount(y).max() / len(y))
        skill = (accuracy - base) / (1 - base) if base < 1 else 0.0
        agreement = float(np.mean(_group_majority(bins, y, bins) == y))
        return _Score(column, max(0.0, skill), agreement)
    predicted_values = np.empty(len(y), dtype=float)
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        predicted_values[test] = _group_mean(bins[train], y[train], bins[test])
    total = float(np.sum((y - y.mean()) ** 2))
    r2 = 1 - float(np.sum((y - predicted_values) ** 2)) / total if total > 0 else 0.0
    return _Score(column, max(0.0, r2), max(0.0, r2))


def _group_majority(bins: np.ndarray, y: np.ndarray, query: np.ndarray) -> np.ndarray:
    groups = int(max(bins.max(initial=0), query.max(initial=0))) + 1
    classes = int(y.max(initial=0)) + 1
    counts = np.bincount(bins * classes + y, minlength=groups * classes).reshape(groups, classes)
    fallback = int(np.bincount(y).argmax())
    answer = np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), fallback)
    return answer[query]


def _group_mean(bins: np.ndarray, y: np.ndarray, query: np.ndarray) -> np.ndarray:
    groups = int(max(bins.max(initial=0), query.max(initial=0))) + 1
    sums = np.bincount(bins, weights=y, minlength=groups)
    counts = np.bincount(bins, minlength=groups)
    mean = float(y.mean()) if len(y) else 0.0
    return np.where(counts > 0, sums / np.maximum(counts, 1), mean)[query]


def _looks_like_code(text: str) -> bool:
    return len(text) <= 40 and len(text.split()) <= 3 and bool(_DIGIT_RE.search(text))


def _share(texts: list[str], test: Callable[[str], bool]) -> float:
    return sum(bool(test(t)) for t in texts) / len(texts) if texts else 0.0


def _number(value: object) -> object:
    return value.replace(",", "").strip() if isinstance(value, str) else value
