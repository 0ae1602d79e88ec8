"""What each column becomes: a role (numeric, categorical, text, date, dropped) and a transformer.

Column types come from `tunewright.data.columns.column_type`, the same judgement the Data step
shows; this module only maps a type to what a model can use, with the reason in words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from tunewright.data.columns import blank_mask, column_type, hashable, word_counts
from tunewright.training.tabular.transformers import DateParts, ToNumbers, ToStrings

Role = Literal["numeric", "categorical", "text", "datetime", "dropped"]

MIN_CATEGORY_ROWS = 5  # rarer categories share one "infrequent" column: too few rows to learn
MAX_CATEGORIES = 30  # per column, so one messy column cannot add thousands of features
NEAR_UNIQUE = 0.9  # a category column with more distinct values than this share acts as an id
NEAR_UNIQUE_MIN_ROWS = 20  # below this, repeats are rare by chance and prove nothing
TEXT_FEATURES = 2000  # TF-IDF vocabulary per text column (sparse, so linear models stay fast)
TEXT_FEATURES_DENSE = 200  # for models that need dense input: rows x features must fit memory


@dataclass(frozen=True)
class ColumnRole:
    """How one feature column is used, and why (shown to users and saved with the model)."""

    name: str
    dtype: str
    kind: str  # what the column holds, as the Data step says (numeric, id, text, ...)
    role: Role
    reason: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready."""
        return asdict(self)


def column_roles(features: pd.DataFrame) -> list[ColumnRole]:
    """The role of every feature column, judged on all usable rows; refuses if none is usable."""
    roles = [_role(str(name), features[name]) for name in features.columns]
    if all(r.role == "dropped" for r in roles):
        reasons = "; ".join(f"{r.name!r}: {r.reason}" for r in roles[:10])
        raise ValueError(
            f"None of the columns can be used to predict from ({reasons}). Add columns that "
            "describe each row, such as numbers or categories."
        )
    return roles


def build_preprocessor(roles: list[ColumnRole], *, dense: bool) -> ColumnTransformer:
    """A ColumnTransformer turning the raw columns into numbers (dense for tree boosting)."""
    steps: list[tuple[str, Any, Any]] = []
    numeric = _having(roles, "numeric")
    plain = [c.name for c in numeric if _plain_number(c.dtype)]
    coerced = [c.name for c in numeric if not _plain_number(c.dtype)]
    if plain:
        steps.append(("numeric", _numbers(), plain))
    if coerced:
        # numbers written as text, booleans and nullable ints are read first; plain numeric
        # columns skip this so the common case stays a standard, ONNX-exportable pipeline
        steps.append(
            ("numbers_from_text", Pipeline([("read", ToNumbers()), *_numbers().steps]), coerced)
        )
    categorical = [c.name for c in _having(roles, "categorical")]
    if categorical:
        encoder = OneHotEncoder(
            handle_unknown="ignore",  # a category first seen at prediction time is all zeros
            min_frequency=MIN_CATEGORY_ROWS,
            max_categories=MAX_CATEGORIES,
            sparse_output=not dense,
        )
        steps.append(
            ("categorical", Pipeline([("strings", ToStrings()), ("onehot", encoder)]), categorical)
        )
    for i, column in enumerate(_having(roles, "text")):
        vectorizer = TfidfVectorizer(
            max_features=TEXT_FEATURES_DENSE if dense else TEXT_FEATURES,
            sublinear_tf=True,
            dtype=np.float64,
        )
        # a single name (not a list) hands the vectorizer the 1-D column of documents it wants
        steps.append(
            (
                f"text_{i}",  # not the column name: sklearn refuses step names with "__"
                Pipeline([("strings", ToStrings()), ("tfidf", vectorizer)]),
                column.name,
            )
        )
    dates = [c.name for c in _having(roles, "datetime")]
    if dates:
        steps.append(("datetime", Pipeline([("parts", DateParts()), *_numbers().steps]), dates))
    return ColumnTransformer(
        steps, remainder="drop", sparse_threshold=0.0 if dense else 0.3, n_jobs=1
    )


def role_summary(roles: list[ColumnRole]) -> str:
    """One sentence: how many columns of each role, and which were left out."""
    counts: dict[str, int] = {}
    for r in roles:
        counts[r.role] = counts.get(r.role, 0) + 1
    used = ", ".join(f"{n} {role}" for role, n in counts.items() if role != "dropped")
    dropped = [r.name for r in roles if r.role == "dropped"]
    text = f"Using {sum(counts.values()) - len(dropped)} columns ({used or 'none'})."
    if dropped:
        text += f" Left out: {', '.join(repr(n) for n in dropped)}."
    return text


def _having(roles: list[ColumnRole], role: Role) -> list[ColumnRole]:
    return [c for c in roles if c.role == role]


def _numbers() -> Pipeline:
    # missing indicators let a model learn from *where* values are blank (Titanic's Age)
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", add_indicator=True)),
            ("scale", StandardScaler()),
        ]
    )


def _plain_number(dtype: str) -> bool:
    return dtype in ("float64", "float32", "int64", "int32", "int16", "int8", "uint8")


def _role(name: str, s: pd.Series) -> ColumnRole:
    kind = str(column_type(s))
    dtype = str(s.dtype)
    values = s[~blank_mask(s)]
    distinct = int(hashable(values).nunique()) if len(values) else 0

    def role(r: Role, reason: str) -> ColumnRole:
        return ColumnRole(name, dtype, kind, r, reason)

    if kind == "empty" or distinct == 0:
        return role("dropped", "it has no values")
    if distinct == 1:
        return role("dropped", "it has the same value on every row")
    if kind == "id":
        if _wordy(values):
            return role(
                "text",
                "a different value on every row, but made of words (like people's names), "
                "so words that repeat, such as titles, are used",
            )
        return role("dropped", "a different value on every row (an id), which cannot generalise")
    if kind in ("numeric", "mixed"):
        extra = " (cells that are not numbers count as blank)" if kind == "mixed" else ""
        return role("numeric", f"numbers, blanks filled with the median and scaled{extra}")
    if kind == "boolean":
        if ptypes.is_bool_dtype(s.dtype) or ptypes.is_numeric_dtype(s.dtype):
            return role("numeric", "yes/no values, used as 0/1")
        return role("categorical", "yes/no values written as words, one-hot encoded")
    if kind == "datetime":
        return role("datetime", "dates, used as year, month, day and day of week")
    if kind == "text":
        return role("text", "free text, used as word frequencies (TF-IDF)")
    if kind == "categorical":
        if len(values) >= NEAR_UNIQUE_MIN_ROWS and distinct >= NEAR_UNIQUE * len(values):
            return role(
                "dropped",
                f"almost every row has its own value ({distinct} distinct in {len(values)} "
                "rows), so it acts like an id",
            )
        return role(
            "categorical",
            f"{distinct} categories, one-hot encoded (ones with fewer than "
            f"{MIN_CATEGORY_ROWS} rows grouped together)",
        )
    return role("dropped", f"it holds {kind} values, which a table model cannot use")


def _wordy(values: pd.Series) -> bool:
    strings = values[values.map(lambda v: isinstance(v, str))]
    return len(strings) == len(values) and float(word_counts(strings).mean()) >= 2
