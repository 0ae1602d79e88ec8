"""The few transformers scikit-learn lacks: cells as numbers, cells as strings, date parts.

They live in this importable module because a saved `pipeline.joblib` refers to them by their
import path: renaming or moving a class breaks every model saved before, so don't.
They are stateless apart from the input column names, so they pickle small and behave the
same at training and prediction time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

MISSING = "(missing)"  # what a blank categorical cell becomes, so "missing" is a category
DATE_PARTS = ("year", "month", "day", "dayofweek")


def _frame(x: Any) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        return x
    if isinstance(x, pd.Series):
        return x.to_frame()
    array = np.asarray(x, dtype=object)
    return pd.DataFrame(array.reshape(len(array), -1))


def as_number(value: object) -> object:
    """A cell ready for `pd.to_numeric`: text stripped of thousands commas, booleans as 0/1."""
    # "1,234" and " 5 " come from spreadsheets; booleans count as 0/1
    if isinstance(value, str):
        return value.replace(",", "").strip()
    if isinstance(value, bool | np.bool_):
        return float(value)
    return value


class _Columnwise(TransformerMixin, BaseEstimator):
    """Remembers the input column names so `get_feature_names_out` works in a pipeline."""

    def fit(self, x: Any, y: Any = None) -> _Columnwise:
        """Record the input columns; nothing is learned."""
        frame = _frame(x)
        self.feature_names_in_ = np.asarray([str(c) for c in frame.columns], dtype=object)
        self.n_features_in_ = frame.shape[1]
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The output column names (one per input column)."""
        names = self.feature_names_in_ if input_features is None else input_features
        return np.asarray(names, dtype=object)


class ToNumbers(_Columnwise):
    """Cells as floats: numbers written as text are read, anything else becomes NaN."""

    def transform(self, x: Any) -> np.ndarray:
        """A float array of the same shape (blanks and words become NaN, for the imputer)."""
        frame = _frame(x)
        columns = [
            pd.to_numeric(frame[c].map(as_number), errors="coerce").astype(float)
            for c in frame.columns
        ]
        return np.column_stack([c.to_numpy() for c in columns])


class ToStrings(_Columnwise):
    """Cells as strings, blanks as "(missing)": one type the encoders always accept.

    A 1-D input (one column picked by name, as TfidfVectorizer wants) stays 1-D.
    """

    def transform(self, x: Any) -> np.ndarray:
        """An object array of str, the same shape as the input."""
        if isinstance(x, pd.Series) or (isinstance(x, np.ndarray) and x.ndim == 1):
            return self._strings(pd.Series(x))
        frame = _frame(x)
        return np.column_stack([self._strings(frame[c]) for c in frame.columns])

    @staticmethod
    def _strings(s: pd.Series) -> np.ndarray:
        values = s.astype(object)
        out = values.where(values.notna(), MISSING).map(str)
        return np.asarray(out.to_numpy(), dtype=object)


class DateParts(_Columnwise):
    """Each date column as year, month, day and day of week (NaN where it is not a date)."""

    def transform(self, x: Any) -> np.ndarray:
        """A float array with four columns per input column."""
        frame = _frame(x)
        parts: list[np.ndarray] = []
        for column in frame.columns:
            dates = self._dates(frame[column])
            parts += [
                dates.dt.year.to_numpy(dtype=float, na_value=np.nan),
                dates.dt.month.to_numpy(dtype=float, na_value=np.nan),
                dates.dt.day.to_numpy(dtype=float, na_value=np.nan),
                dates.dt.day_of_week.to_numpy(dtype=float, na_value=np.nan),
            ]
        return np.column_stack(parts)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """`<column>_year`, `<column>_month`, ... for each input column."""
        names = super().get_feature_names_out(input_features)
        return np.asarray([f"{n}_{part}" for n in names for part in DATE_PARTS], dtype=object)

    @staticmethod
    def _dates(s: pd.Series) -> pd.Series:
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            return s
        # utc=True: a column mixing time zones would otherwise refuse to parse at all
        text = s.astype(object).where(s.notna(), None)
        return pd.to_datetime(text, errors="coerce", utc=True, format="mixed")
