"""Missing-value markers: `?`, `NA`, `-` and friends written where a value is unknown.

Public tables write "unknown" in many ways. Read literally, `?` among ages turns a number
column into a category with 99 values and hides every missing cell. Per column, a marker is
counted as missing when the rest of the column is typed (numbers, dates, yes/no); in text and
category columns only the unambiguous spellings count, because `None` or `-` can be a real
value there ("MasVnrType: None"). The user can switch any marker off per column; the choice is
kept on the dataset version and every later step applies the same markers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.columns import blank_mask, column_type

# Spellings that mean "unknown" in any column (among text and categories too).
STRONG_MARKERS = ("?", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "#N/A")
# Spellings that are only "unknown" among otherwise typed values: `-` or `None` can be a value.
WEAK_MARKERS = ("None", "-", "--", ".")
MISSING_MARKERS = STRONG_MARKERS + WEAK_MARKERS
TYPED = frozenset({"numeric", "datetime", "boolean", "empty"})
# "age, ?" exports write " ?": the spaced spellings are looked up directly, which is much
# cheaper than stripping every cell of every column.
_SPELLINGS: dict[str, str] = {
    spelled: marker
    for marker in MISSING_MARKERS
    for spelled in (marker, f" {marker}", f"{marker} ", f" {marker} ")
}


def find_markers(df: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per column, the markers that stand for a missing value there, with their counts."""
    found: dict[str, dict[str, int]] = {}
    for column in df.columns:
        counts = _marker_counts(df[column])
        if not counts:
            continue
        rest = df[column].mask(_marker_mask(df[column], counts), None)
        allowed = MISSING_MARKERS if column_type(rest) in TYPED else STRONG_MARKERS
        kept = {m: n for m, n in counts.items() if m in allowed}
        if kept:
            found[str(column)] = kept
    return found


def active_markers(
    found: Mapping[str, Mapping[str, int]], off: Mapping[str, Collection[str]]
) -> dict[str, dict[str, int]]:
    """The markers found, less the ones the user said are real values in that column."""
    active = {
        column: {m: n for m, n in counts.items() if m not in off.get(column, ())}
        for column, counts in found.items()
    }
    return {column: counts for column, counts in active.items() if counts}


def apply_markers(df: pd.DataFrame, markers: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """The table with each column's markers blanked; a column left all numbers becomes numeric."""
    if not markers:
        return df
    changed: dict[str, pd.Series] = {}
    for column, spellings in markers.items():
        if column not in df.columns or not spellings:
            continue
        s = df[column]
        blanked = s.mask(_marker_mask(s, spellings), None)
        changed[column] = _as_numbers(blanked)
    return df.assign(**changed) if changed else df


def is_marker(value: object, markers: Collection[str]) -> bool:
    """True when a single cell is one of `markers` (spaced spellings included)."""
    return isinstance(value, str) and _SPELLINGS.get(value) in markers


def _marker_counts(s: pd.Series) -> dict[str, int]:
    if not (ptypes.is_object_dtype(s.dtype) or ptypes.is_string_dtype(s.dtype)):
        return {}
    hits = s[s.isin(_SPELLINGS)]
    if hits.empty:
        return {}
    counts = hits.map(_SPELLINGS).value_counts()
    return {str(m): int(n) for m, n in counts.items()}


def _marker_mask(s: pd.Series, markers: Collection[str]) -> pd.Series:
    spellings = [spelled for spelled, marker in _SPELLINGS.items() if marker in markers]
    return s.isin(spellings)


def _as_numbers(s: pd.Series) -> pd.Series:
    """Floats when every remaining value reads as a number ("29", "0.92"), else unchanged."""
    if not (ptypes.is_object_dtype(s.dtype) or ptypes.is_string_dtype(s.dtype)):
        return s
    present = s[~blank_mask(s)]
    if present.empty or present.map(lambda v: isinstance(v, bool)).any():
        return s
    numbers = pd.to_numeric(present.map(_plain_number), errors="coerce")
    if numbers.isna().any():
        return s
    out = pd.Series(float("nan"), index=s.index, dtype="float64")
    out[present.index] = numbers.astype("float64")
    return out


def _plain_number(value: object) -> object:
    return value.replace(",", "").strip() if isinstance(value, str) else value
