"""Describe a table: column types, example lengths in words and tokens, labels, duplicates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal, SupportsFloat

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.columns import (
    blank_mask,
    cell_text,
    column_type,
    hashable,
    hashable_frame,
    label_key,
    target_kind,
    word_counts,
)
from tunewright.data.examples import empty_mask, example_series
from tunewright.data.roles import validate_roles
from tunewright.data.types import (
    ColumnProfile,
    DataRequirements,
    LengthProfile,
    NumberSummary,
    Profile,
)

# Counts tokens for a batch of texts (one count per text); the real tokenizer is injected.
TokenCounter = Callable[[Sequence[str]], list[int]]

TOKEN_SAMPLE = 2000  # tokenizing every row of a big file is slow; a seeded sample is enough
SHOWN_EXAMPLES = 3
EXAMPLE_CHARS = 80
TOP_VALUES = 20
MAX_LABELS = 1000  # label counts kept in the profile
# A wide table keeps its stored profile small (it is sent with every read of the dataset).
WIDE_TABLE = 200  # columns
WIDE_TOP_VALUES = 5
EXAMPLE_SCAN = 1000  # the first distinct examples are looked for among this many values first


def profile_frame(
    df: pd.DataFrame,
    roles: Mapping[str, str],
    requirements: DataRequirements | None = None,
    count_tokens: TokenCounter | None = None,
) -> Profile:
    """Profile every column, the length of each example, the labels, duplicates, empty rows."""
    validate_roles(df, roles)
    frame = df.reset_index(drop=True)
    examples = example_series(frame, roles)
    labels, kind = _labels(frame, roles)
    top_values = TOP_VALUES if len(frame.columns) <= WIDE_TABLE else WIDE_TOP_VALUES
    return Profile(
        rows=len(frame),
        columns=[profile_column(frame[c], top_values) for c in frame.columns],
        roles=dict(roles),
        duplicates=int(hashable_frame(frame).duplicated().sum()) if len(frame.columns) else 0,
        empty_rows=int(empty_mask(frame, roles).sum()),
        lengths=_lengths(examples, requirements, count_tokens) if examples is not None else None,
        labels=labels,
        target_kind=kind,
    )


def profile_column(s: pd.Series, top_values: int = TOP_VALUES) -> ColumnProfile:
    """Type, missing and distinct counts, examples and a summary of one column.

    Every figure is one vectorised pass over the column (or over its distinct values), so a
    table's profile costs time in proportion to its cells.
    """
    kind = column_type(s)
    values = s[~blank_mask(s)]
    comparable = hashable(values)
    top = None
    if kind in ("categorical", "boolean"):
        top = _shown_counts(label_counts(comparable), top_values)
    return ColumnProfile(
        name=str(s.name),
        type=kind,
        missing=int(len(s) - len(values)),
        unique=int(comparable.nunique()),
        examples=[_shorten(_display(v)) for v in _first_distinct(values, comparable)],
        mixed_types=kind == "mixed",
        numbers=summarise(pd.to_numeric(values, errors="coerce")) if kind == "numeric" else None,
        top_values=top,
        words=summarise(word_counts(_texts(values))) if kind == "text" else None,
    )


def label_counts(comparable: pd.Series) -> pd.Series:
    """How often each value occurs, keyed as shown ('1' for 1 and 1.0), most frequent first."""
    counts = comparable.value_counts()
    # label_key runs once per distinct value, not once per row.
    keys = counts.index.map(label_key)
    return counts.groupby(keys, sort=False).sum().sort_values(ascending=False, kind="stable")


def summarise(values: pd.Series | Sequence[float]) -> NumberSummary | None:
    """min / median / 95th percentile / max / mean, or None when there are no numbers."""
    if isinstance(values, pd.Series):  # nullable and Arrow columns hold NA, not NaN
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    else:
        numbers = np.asarray(values, dtype="float64")
    numbers = numbers[~np.isnan(numbers)]
    if not numbers.size:
        return None
    p50, p95 = np.percentile(numbers, [50, 95])  # linear interpolation, like pandas' quantile
    return NumberSummary(
        min=_round(numbers.min()),
        p50=_round(p50),
        p95=_round(p95),
        max=_round(numbers.max()),
        mean=_round(numbers.mean()),
    )


def _lengths(
    examples: pd.Series,
    requirements: DataRequirements | None,
    count_tokens: TokenCounter | None,
) -> LengthProfile | None:
    texts = examples[~blank_mask(examples)]
    words = summarise(word_counts(texts))
    if words is None:
        return None
    max_tokens = requirements.max_tokens if requirements else None
    if count_tokens is None:
        # Without a tokenizer only a lower bound is honest: a text has about as many
        # tokens as words at the very least.
        over = int((word_counts(texts) > max_tokens).sum()) if max_tokens else 0
        return LengthProfile(words=words, max_tokens=max_tokens, over_limit=over)
    sample = texts if len(texts) <= TOKEN_SAMPLE else texts.sample(TOKEN_SAMPLE, random_state=0)
    counts = count_tokens(sample.tolist())
    if len(counts) != len(sample):
        raise ValueError(
            f"count_tokens returned {len(counts)} counts for {len(sample)} texts; "
            "it must return one count per text."
        )
    over = 0
    if max_tokens:
        over_in_sample = int(np.sum(np.asarray(counts) > max_tokens))
        # Scale the sample's share up to all examples (an estimate when sampled < rows).
        over = round(over_in_sample * len(texts) / len(sample))
    return LengthProfile(
        words=words,
        tokens=summarise(counts),
        tokenizer=requirements.tokenizer_name if requirements else None,
        max_tokens=max_tokens,
        over_limit=over,
        sampled=len(sample),
    )


def _labels(
    frame: pd.DataFrame, roles: Mapping[str, str]
) -> tuple[dict[str, int] | None, Literal["classification", "regression"] | None]:
    column = roles.get("label") or roles.get("target")
    if column is None:
        return None, None
    kind = "classification" if "label" in roles else target_kind(frame[column])
    if kind == "regression":
        return None, kind
    values = frame[column][~blank_mask(frame[column])]
    counts = label_counts(hashable(values))
    # a free-text column chosen as the target would store one entry per row; the most common
    # MAX_LABELS are plenty to show, and more classes than that already fail the checks
    return {str(k): int(v) for k, v in list(counts.items())[:MAX_LABELS]}, kind


def _first_distinct(values: pd.Series, comparable: pd.Series) -> list[object]:
    """The first SHOWN_EXAMPLES distinct values, looked for among the first rows first."""
    first: dict[object, int] = {}
    for position, key in enumerate(comparable.iloc[:EXAMPLE_SCAN].tolist()):
        first.setdefault(key, position)
        if len(first) == SHOWN_EXAMPLES:
            break
    if len(first) < SHOWN_EXAMPLES and len(comparable) > EXAMPLE_SCAN:
        index = comparable.drop_duplicates().index[:SHOWN_EXAMPLES]
        return values.loc[index].tolist()
    return values.iloc[list(first.values())].tolist()


def _texts(values: pd.Series) -> pd.Series:
    """The values as text; a column of strings already is."""
    if ptypes.is_string_dtype(values.dtype) and not ptypes.is_object_dtype(values.dtype):
        return values
    return values.map(cell_text)


def _shown_counts(counts: pd.Series, limit: int) -> dict[str, int]:
    """The most frequent values; a long one is shortened like an example (not stored whole)."""
    shown: dict[str, int] = {}
    for key, count in counts.head(limit).items():
        text = str(key) if len(str(key)) <= EXAMPLE_CHARS else _shorten(str(key))
        shown[text] = shown.get(text, 0) + int(count)
    return shown


def _display(value: object) -> str:
    if isinstance(value, list) and all(isinstance(t, dict) for t in value):
        return " / ".join(f"{t.get('role', '?')}: {cell_text(t.get('content'))}" for t in value)
    return cell_text(value)


def _shorten(text: str) -> str:
    text = " ".join(text[: EXAMPLE_CHARS * 4].split())  # never split a 20 MB cell to show 80
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _round(value: SupportsFloat) -> float:
    return round(float(value), 3)
