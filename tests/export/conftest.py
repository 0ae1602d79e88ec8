"""Trained tiny models to export, shared with the serving tests, and table pipelines of every
model family the tabular search can pick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import torch
from sklearn.datasets import load_diabetes

from tests.training.tabular.test_tabular import titanic
from tunewright.training.tabular.prepare import prepare_table
from tunewright.training.tabular.preprocess import column_roles
from tunewright.training.tabular.search import families, make_pipeline
from tunewright.training.tabular.workflow import json_ready, save_model

torch.set_num_threads(1)  # two shared cores: more threads only fight each other


def messy_titanic() -> pd.DataFrame:
    """The Titanic-like table with fares written as text ("1,234.50", "n/a") and accents."""
    frame = titanic(160)
    frame["Fare"] = [f"{v:,.2f}" if i % 7 else "n/a" for i, v in enumerate(frame["Fare"])]
    frame["Name"] = frame["Name"].str.replace("Mary", "Marié")
    return frame


def family_artifact(folder: Path, model: str) -> tuple[Path, pd.DataFrame]:
    """A pipeline of one model family (defaults), saved like the workflow saves; and test rows."""
    regression = model.endswith("Regressor") or model == "Ridge"
    frame, target = (
        (load_diabetes(as_frame=True).frame, "target")
        if regression
        else (messy_titanic(), "Survived")
    )
    table = prepare_table(frame, target, test_size=0.25, seed=0)
    roles = column_roles(table.features)
    family = next(f for f in families(table.problem) if f.name == model)
    pipeline = make_pipeline(family, family.defaults, roles, 0).fit(table.x_train, table.y_train)
    record: dict[str, Any] = {
        "task": "tabular",
        "problem": table.problem,
        "target": target,
        "columns": [r.as_dict() for r in roles],
        "feature_columns": [r.name for r in roles if r.role != "dropped"],
        "classes": table.classes or None,
        "split": table.split,
        "metrics": {},
        "example_input": {
            k: (None if pd.isna(v) else v)
            for k, v in table.x_test.iloc[0].items()
            if k in [r.name for r in roles if r.role != "dropped"]
        },
    }
    return save_model(folder / "model", pipeline, record), table.x_test.reset_index(drop=True)


def rows_as_json(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as a JSON request carries them (NaN → None, numpy scalars → Python)."""
    records: list[dict[str, Any]] = json_ready(rows.to_dict("records"))
    return records
