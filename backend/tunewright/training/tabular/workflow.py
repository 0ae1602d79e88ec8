"""Train a model for a table: check → column roles → model search → held-out test → save.

The saved folder describes itself: `pipeline.joblib` is one scikit-learn Pipeline that takes
the raw table (without the target) and predicts the original answers, and `metadata.json`
says what every column became, which models were compared, how the winner scored against
always guessing, and which library versions load it.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from tunewright.data.columns import is_missing
from tunewright.data.selection import feature_columns, left_out
from tunewright.data.types import ColumnDecision
from tunewright.training.tabular.evaluate import evaluate_model
from tunewright.training.tabular.inputs import input_schema
from tunewright.training.tabular.prepare import count, prepare_table
from tunewright.training.tabular.preprocess import ColumnRole, column_roles, role_summary
from tunewright.training.tabular.search import METRIC_WORDS, SearchResult, search_models
from tunewright.training.targets import apply_target
from tunewright.training.types import RunContext, WorkflowResult
from tunewright.versions import library_versions

SEARCH_SHARE = 0.75  # of time_budget_s for the search; the rest refits, tests and saves
MIN_EVAL_S = 1.0  # column importance always gets this long, even after a search that overran
LIBRARIES = ("scikit-learn", "pandas", "numpy", "scipy", "joblib")
PIPELINE_FILE = "pipeline.joblib"


@dataclass
class TabularSettings:
    """The settings of a tabular run (chosen by `plan_tabular`, overridable by the user)."""

    time_budget_s: float = 20.0  # the whole run; the search gets SEARCH_SHARE of it
    test_size: float = 0.2  # share of rows held back for the final, honest test
    cv_folds: int = 5  # folds per candidate; fewer when the rarest answer has fewer rows
    seed: int = 42  # split, folds, draws and models: the same data gives the same model

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready settings for the run record and the model card."""
        return asdict(self)

    def check(self) -> None:
        """Raise ValueError naming the setting that is out of range, and the range."""
        if not self.time_budget_s > 0:
            raise ValueError(
                f"time_budget_s must be more than 0 seconds; got {self.time_budget_s}."
            )
        if not 0 < self.test_size < 1:
            raise ValueError(
                f"test_size must be between 0 and 1 (0.2 holds back 20% of rows); "
                f"got {self.test_size}."
            )
        if self.cv_folds < 2:
            raise ValueError(f"cv_folds must be at least 2; got {self.cv_folds}.")


def train_tabular(
    frame: pd.DataFrame,
    target: str,
    ctx: RunContext,
    settings: TabularSettings,
    *,
    columns: Sequence[ColumnDecision] | None = None,
    missing_markers: Mapping[str, Sequence[str]] | None = None,
) -> WorkflowResult:
    """Search for the best scikit-learn pipeline for `target`, test it on held-out rows, save it.

    `columns` is the plan's decision per column (None: every column is a feature);
    `missing_markers` the markers already blanked in `frame`, saved so predictions treat the
    same spellings as unknown.
    """
    start = time.perf_counter()
    # 1. settings and data: refuse early, with the fix, what cannot be learned
    ctx.emit("phase", {"phase": "preparing"})
    settings.check()
    decisions = list(columns or [])
    if decisions:
        chosen = feature_columns(decisions)
        frame = frame[[c for c in frame.columns if c in chosen or c == target]]
        outside = left_out(decisions)
        if outside:
            names = ", ".join(f"{d.name!r} ({d.reason})" for d in outside[:8])
            ctx.emit("log", {"message": f"Left out before training: {names}."})
    suspects = {d.name: d.explanation for d in decisions if d.flagged and d.role == "feature"}
    table = prepare_table(frame, target, test_size=settings.test_size, seed=settings.seed)
    for note in table.notes:
        ctx.emit("log", {"message": note})
    roles = column_roles(table.features)
    kind = (
        f"Predicting {target!r}, a category with {len(table.classes)} answers"
        if table.problem == "classification"
        else f"Predicting {target!r}, a number"
    )
    ctx.emit("log", {"message": f"{kind}. {role_summary(roles)}"})

    # 2. model search inside the time budget, then the winner refit on all training rows
    ctx.emit("phase", {"phase": "training"})
    search = search_models(
        table,
        roles,
        ctx,
        budget_s=settings.time_budget_s * SEARCH_SHARE,
        folds=settings.cv_folds,
        seed=settings.seed,
    )

    # 3. held-out test against always guessing, column importance, verdict
    ctx.emit("phase", {"phase": "evaluating"})
    left = max(MIN_EVAL_S, settings.time_budget_s - (time.perf_counter() - start))
    metrics, verdict = evaluate_model(
        search, table, roles, seed=settings.seed, budget_s=left, suspects=suspects
    )
    apply_target(verdict, metrics, ctx.success_target)
    metrics["search"] = {k: v for k, v in search.summary().items() if k != "candidates"}
    metrics = json_ready(metrics)  # it is stored as JSON beside the run: no NaN, no numpy
    ctx.emit("eval", flat_metrics(metrics))

    # 4. a folder that loads and explains itself
    markers = {
        c: list(m) for c, m in (missing_markers or {}).items() if c in table.features.columns
    }
    schema = json_ready(input_schema(table.features, roles, markers))
    used = {**settings.as_dict(), "cv_folds": search.folds}
    base_model = {"name": search.best.model, "source": "scikit-learn", "reason": _reason(search)}
    record = {
        "task": "tabular",
        "problem": table.problem,
        "target": target,
        "columns": [r.as_dict() for r in roles],
        "feature_columns": [r.name for r in roles if r.role != "dropped"],
        "input_schema": schema,
        "missing_markers": markers,
        "left_out": [asdict(d) for d in left_out(decisions)],
        "classes": table.classes if table.problem == "classification" else None,
        "model": {"name": search.best.model, "params": search.best.params},
        "search": search.summary(),
        "metrics": metrics,
        "verdict": asdict(verdict),
        "split": table.split,
        "settings": used,
        "base_model": base_model,
        "example_input": _example(table.x_test, roles),
        "usage": f"joblib.load('{PIPELINE_FILE}').predict(rows), rows being a pandas "
        "DataFrame with the feature_columns (others are ignored)",
    }
    artifact = save_model(ctx.run_dir / "model", search.pipeline, record)
    return WorkflowResult(
        metrics=metrics,
        verdict=verdict,
        artifact_dir=artifact,
        settings=used,
        base_model=base_model,
        split=table.split,
        input_schema=schema,
    )


def save_model(folder: Path, pipeline: Pipeline, record: dict[str, Any]) -> Path:
    """Write pipeline.joblib and metadata.json into `folder` (replaced as a whole)."""
    # a sibling folder renamed at the end: a half-written model is never found
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    joblib.dump(pipeline, staging / PIPELINE_FILE)
    meta = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "library_versions": library_versions(LIBRARIES),
        **record,
    }
    text = json.dumps(json_ready(meta), indent=2, allow_nan=False)
    (staging / "metadata.json").write_text(text, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.replace(folder)
    return folder


def flat_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    """The scalar metrics plus the winner's CV scores as `cv_<name>`: one flat eval event."""
    flat = {k: v for k, v in metrics.items() if v is None or isinstance(v, str | int | float)}
    flat.update({f"cv_{k}": v for k, v in metrics["cv"].items()})
    flat.update({f"baseline_cv_{k}": v for k, v in metrics["cv_baseline"].items()})
    return flat


def _reason(search: SearchResult) -> str:
    best = search.best
    word = METRIC_WORDS[search.metric]
    text = (
        f"Best of {count(len(search.trials), 'candidate')} by {search.folds}-fold cross-validated "
        f"{word} ({best.score:.4g})"
    )
    others = [t for t in search.trials if t.model != best.model]
    if others:
        sign = 1.0 if search.higher_is_better else -1.0
        runner = max(others, key=lambda t: sign * t.score)
        text += f"; the best other kind, {runner.model}, scored {runner.score:.4g}"
    return text + "."


def _example(x: pd.DataFrame, roles: list[ColumnRole]) -> dict[str, Any]:
    # one held-out row, as a request to the deployed model would send it
    if x.empty:
        return {}
    row = x[[r.name for r in roles if r.role != "dropped"]].iloc[0]
    return {str(k): (None if is_missing(v) else v) for k, v in row.items()}


def json_ready(value: Any) -> Any:
    """`value` with numpy scalars as Python ones, NaN as None and anything else odd as text."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)  # timestamps and the like: readable, never a crash while saving
