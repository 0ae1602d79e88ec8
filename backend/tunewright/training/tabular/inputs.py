"""The input schema of a table model: the columns it reads, what each holds, a real example.

Saved in the model's metadata so the testing form, the batch CSV check and the deployed
endpoint describe the model itself — never the dataset it came from, whose left-out columns
the model does not read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from tunewright.data.columns import blank_mask, cell_text
from tunewright.training.tabular.preprocess import ColumnRole

InputKind = Literal["number", "choice", "text", "date", "boolean"]
MAX_CHOICES = 50  # values offered in a form's list, most common first

_KIND_OF_ROLE: dict[str, InputKind] = {
    "numeric": "number",
    "categorical": "choice",
    "text": "text",
    "datetime": "date",
}


def input_schema(
    features: pd.DataFrame,
    roles: Sequence[ColumnRole],
    markers: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """One field per column the model reads (JSON-ready), in the model's column order."""
    markers = markers or {}
    return [
        _field(features[role.name], role, list(markers.get(role.name, ())))
        for role in roles
        if role.role != "dropped"
    ]


def _field(s: pd.Series, role: ColumnRole, markers: list[str]) -> dict[str, Any]:
    kind: InputKind = "boolean" if role.kind == "boolean" else _KIND_OF_ROLE[role.role]
    values = s[~blank_mask(s)]
    field: dict[str, Any] = {
        "name": role.name,
        "kind": kind,
        "choices": [],
        "example": None,
        "min": None,
        "max": None,
        "missing_markers": markers,
    }
    if values.empty:
        return field
    field["example"] = _plain(values.iloc[0])
    if kind == "number":
        numbers = pd.to_numeric(values, errors="coerce").dropna()
        if not numbers.empty:
            field["min"], field["max"] = float(numbers.min()), float(numbers.max())
    elif kind in ("choice", "boolean"):
        counts = values.map(cell_text).value_counts()
        field["choices"] = [str(v) for v in counts.index[:MAX_CHOICES]]
    return field


def _plain(value: object) -> Any:
    if hasattr(value, "item"):
        value = value.item()  # numpy scalars
    if isinstance(value, str | int | float | bool):
        return value
    return cell_text(value)
