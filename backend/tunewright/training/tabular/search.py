"""Pick the model: cross-validate candidates, cheapest first, inside a time budget; refit the best.

Each model family's defaults are tried first (linear, then boosting, then forests), then random
hyperparameter draws cycle through the families until the budget or `MAX_CANDIDATES` runs out.
The draws come from the seed, so the same data and budget give the same candidates; on a fast
machine, or small data, the cap is reached first and the whole search repeats exactly.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline

from tunewright.training.tabular.prepare import PreparedTable, Problem
from tunewright.training.tabular.preprocess import ColumnRole, build_preprocessor
from tunewright.training.types import Cancelled, RunContext

MAX_CANDIDATES = 20  # enough draws to tune three families; more rarely changes the winner
N_JOBS = 1  # small machines: parallel folds would fight the model's own threads for cores
UNSEEN_COST_FACTOR = 3.0  # a family not yet timed is guessed this much slower than the slowest
SEARCH_METRIC = {"classification": "f1_macro", "regression": "rmse"}
# macro-F1 makes rare answers count as much as common ones when picking the winner
METRIC_WORDS = {
    "accuracy": "accuracy",
    "f1_macro": "macro-F1",
    "roc_auc": "ROC-AUC",
    "rmse": "RMSE",
    "mae": "MAE",
    "r2": "R²",
}
LOWER_IS_BETTER = frozenset({"rmse", "mae"})

Params = dict[str, Any]


@dataclass(frozen=True)
class Family:
    """One kind of model: how to build it, its defaults, and how to draw other settings."""

    name: str  # the scikit-learn class name, shown to users
    build: Callable[[Params, int], Any]  # (params, seed) -> unfitted estimator
    defaults: Params
    draw: Callable[[np.random.Generator], Params]
    dense: bool  # needs dense input (tree boosting cannot read sparse TF-IDF)
    size_param: str | None  # the setting its cost grows in proportion to


@dataclass
class Trial:
    """One cross-validated candidate."""

    step: int
    model: str
    params: Params
    cv: dict[str, float | None]  # every CV metric, in natural units (RMSE positive)
    score: float  # the search metric, in natural units
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


@dataclass
class SearchResult:
    """The winner refit on all training rows, every candidate's scores and the baseline's."""

    pipeline: Pipeline
    best: Trial
    trials: list[Trial]
    baseline_cv: dict[str, float | None]
    metric: str
    folds: int
    seconds: float
    stopped: str  # "all candidates tried" or "time budget"

    @property
    def higher_is_better(self) -> bool:
        """Whether a larger search metric is better (macro-F1) or worse (RMSE)."""
        return self.metric not in LOWER_IS_BETTER

    def summary(self) -> dict[str, Any]:
        """JSON-ready description of the search (for metadata and metrics)."""
        return {
            "metric": self.metric,
            "higher_is_better": self.higher_is_better,
            "cv_folds": self.folds,
            "candidates_tried": len(self.trials),
            "seconds": round(self.seconds, 2),
            "stopped": self.stopped,
            "best": self.best.as_dict(),
            "baseline_cv": self.baseline_cv,
            "candidates": [t.as_dict() for t in self.trials],
        }


def families(problem: Problem) -> list[Family]:
    """The model families for a problem, cheapest first."""
    if problem == "classification":
        return [
            Family(
                "LogisticRegression",
                lambda p, seed: LogisticRegression(max_iter=2000, **p),
                {"C": 1.0},
                lambda rng: {
                    "C": _log_uniform(rng, 1e-3, 1e2),
                    "class_weight": _pick(rng, [None, "balanced"]),
                },
                dense=False,
                size_param=None,
            ),
            Family(
                "HistGradientBoostingClassifier",
                lambda p, seed: HistGradientBoostingClassifier(random_state=seed, **p),
                {"max_iter": 100},
                _draw_boosting,
                dense=True,
                size_param="max_iter",
            ),
            Family(
                "RandomForestClassifier",
                lambda p, seed: RandomForestClassifier(random_state=seed, n_jobs=N_JOBS, **p),
                {"n_estimators": 100},
                lambda rng: {**_draw_forest(rng), "class_weight": _pick(rng, [None, "balanced"])},
                dense=False,
                size_param="n_estimators",
            ),
        ]
    return [
        Family(
            "Ridge",
            lambda p, seed: Ridge(**p),
            {"alpha": 1.0},
            lambda rng: {"alpha": _log_uniform(rng, 1e-3, 1e3)},
            dense=False,
            size_param=None,
        ),
        Family(
            "HistGradientBoostingRegressor",
            lambda p, seed: HistGradientBoostingRegressor(random_state=seed, **p),
            {"max_iter": 100},
            _draw_boosting,
            dense=True,
            size_param="max_iter",
        ),
        Family(
            "RandomForestRegressor",
            lambda p, seed: RandomForestRegressor(random_state=seed, n_jobs=N_JOBS, **p),
            {"n_estimators": 100},
            _draw_forest,
            dense=False,
            size_param="n_estimators",
        ),
    ]


def make_pipeline(family: Family, params: Params, roles: list[ColumnRole], seed: int) -> Pipeline:
    """Preprocessing plus one model, ready to fit on the raw table."""
    return Pipeline(
        [
            ("prepare", build_preprocessor(roles, dense=family.dense)),
            ("model", family.build(params, seed)),
        ]
    )


def search_models(
    table: PreparedTable,
    roles: list[ColumnRole],
    ctx: RunContext,
    *,
    budget_s: float,
    folds: int,
    seed: int,
) -> SearchResult:
    """Cross-validate candidates until `budget_s` runs out, then refit the best on all rows."""
    start = time.perf_counter()
    problem = table.problem
    x, y = table.x_train, table.y_train
    folds = usable_folds(y, folds, problem)
    splitter = (
        StratifiedKFold(folds, shuffle=True, random_state=seed)
        if problem == "classification"
        else KFold(folds, shuffle=True, random_state=seed)
    )
    scoring = _scoring(problem, y)
    metric = SEARCH_METRIC[problem]
    kinds = families(problem)
    names = ", ".join(k.name for k in kinds)
    ctx.emit(
        "log",
        {
            "message": f"Comparing {len(kinds)} kinds of model ({names}) by {folds}-fold "
            f"cross-validated {METRIC_WORDS[metric]}, for up to {budget_s:.0f} s."
        },
    )
    dummy = (
        DummyClassifier(strategy="most_frequent")
        if problem == "classification"
        else DummyRegressor(strategy="mean")
    )
    baseline_cv = _cross_validate(dummy, x, y, splitter, scoring)

    queue = _candidates(kinds, seed)
    trials: list[Trial] = []
    seconds_per_size: dict[str, float] = {}  # family -> seconds per unit of its size param
    stopped = "all candidates tried"
    failure = ""  # the last error of a candidate whose every fold failed
    for family, params in queue:
        if ctx.should_stop():
            raise Cancelled("stopped during the model search")
        elapsed = time.perf_counter() - start
        if trials and elapsed + _estimate(family, params, seconds_per_size) > budget_s:
            stopped = "time budget"  # cheaper candidates later in the queue may still fit
            continue
        began = time.perf_counter()
        try:
            pipeline = make_pipeline(family, params, roles, seed)
            cv = _cross_validate(pipeline, x, y, splitter, scoring)
        except ValueError as exc:  # every fold failed: try the other candidates
            failure = str(exc)
            cv = {}
        took = time.perf_counter() - began
        seconds_per_size[family.name] = took / _size(family, params)
        score = cv.get(metric)
        if score is None:
            ctx.emit("log", {"message": f"{family.name} could not be scored and was skipped."})
            continue
        trials.append(Trial(len(trials) + 1, family.name, params, cv, score, round(took, 3)))
        best = _best(trials, metric)
        elapsed = time.perf_counter() - start
        # how many candidates the time left allows at the pace so far (the bar ends full)
        pace = elapsed / len(trials)
        planned = min(len(queue), len(trials) + int(max(0.0, budget_s - elapsed) / pace))
        ctx.emit(
            "step",
            {
                "step": len(trials),
                "total_steps": planned,
                "candidate": family.name,
                "cv_score": round(score, 4),
                "metric": metric,
                "best_candidate": best.model,
                "best_score": round(best.score, 4),
                "elapsed_s": round(elapsed, 2),
                "eta_s": round(max(0.0, budget_s - elapsed), 1),
            },
        )
    if not trials:
        raise ValueError(
            "No model could be trained on this table. Check that the feature columns hold "
            "numbers, categories or text, then start again."
            + (f" (Last error: {failure[:300]})" if failure else "")
        )

    best = _best(trials, metric)
    family = next(k for k in kinds if k.name == best.model)
    ctx.emit(
        "log",
        {"message": f"Refitting the best model, {best.model}, on all {len(x)} training rows."},
    )
    pipeline = make_pipeline(family, best.params, roles, seed)
    with quiet():
        pipeline.fit(x, y)
    return SearchResult(
        pipeline=pipeline,
        best=best,
        trials=trials,
        baseline_cv=baseline_cv,
        metric=metric,
        folds=folds,
        seconds=time.perf_counter() - start,
        stopped=stopped,
    )


def usable_folds(y: pd.Series, requested: int, problem: Problem) -> int:
    """`requested` folds, fewer when the rarest class (or the table) is too small for them."""
    limit = int(y.value_counts().min()) if problem == "classification" else len(y)
    return max(2, min(requested, limit))


def _candidates(kinds: list[Family], seed: int) -> list[tuple[Family, Params]]:
    rng = np.random.default_rng(seed)
    queue: list[tuple[Family, Params]] = [(k, dict(k.defaults)) for k in kinds]
    for i in range(MAX_CANDIDATES - len(kinds)):
        family = kinds[i % len(kinds)]
        queue.append((family, family.draw(rng)))
    return queue


def _scoring(problem: Problem, y: pd.Series) -> dict[str, str]:
    if problem == "regression":
        return {"rmse": "neg_root_mean_squared_error", "mae": "neg_mean_absolute_error", "r2": "r2"}
    auc = "roc_auc" if y.nunique() == 2 else "roc_auc_ovr"
    return {"accuracy": "accuracy", "f1_macro": "f1_macro", "roc_auc": auc}


def _cross_validate(
    estimator: Any, x: pd.DataFrame, y: pd.Series, splitter: Any, scoring: dict[str, str]
) -> dict[str, float | None]:
    with quiet():
        # a failed fold (a class missing from it, say) scores NaN instead of ending the search
        raw = cross_validate(
            estimator, x, y, cv=splitter, scoring=scoring, n_jobs=N_JOBS, error_score=np.nan
        )
    result: dict[str, float | None] = {}
    for name in scoring:
        values = np.asarray(raw[f"test_{name}"], dtype=float)
        mean = float(np.nanmean(values)) if not np.isnan(values).all() else math.nan
        if name in LOWER_IS_BETTER:
            mean = -mean  # sklearn maximises, so it reports errors negated
        result[name] = None if math.isnan(mean) else round(mean, 6)
    return result


def _best(trials: list[Trial], metric: str) -> Trial:
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    # ties go to the earlier, cheaper candidate
    return max(trials, key=lambda t: (sign * t.score, -t.step))


def _estimate(family: Family, params: Params, seconds_per_size: dict[str, float]) -> float:
    if family.name in seconds_per_size:
        return seconds_per_size[family.name] * _size(family, params)
    slowest = max(seconds_per_size.values(), default=0.0)
    return slowest * UNSEEN_COST_FACTOR * _size(family, params) / _size(family, family.defaults)


def _size(family: Family, params: Params) -> float:
    return float(params.get(family.size_param, 1)) if family.size_param else 1.0


def _draw_boosting(rng: np.random.Generator) -> Params:
    return {
        "learning_rate": _log_uniform(rng, 0.02, 0.3),
        "max_iter": _pick(rng, [100, 200, 300]),
        "max_leaf_nodes": _pick(rng, [15, 31, 63]),
        "min_samples_leaf": _pick(rng, [5, 10, 20, 40]),
        "l2_regularization": _pick(rng, [0.0, 0.1, 1.0]),
    }


def _draw_forest(rng: np.random.Generator) -> Params:
    return {
        "n_estimators": _pick(rng, [100, 200, 300]),
        "max_depth": _pick(rng, [None, 6, 10, 16]),
        "min_samples_leaf": _pick(rng, [1, 2, 4, 8]),
        "max_features": _pick(rng, ["sqrt", 0.5, 1.0]),
    }


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return round(float(10 ** rng.uniform(math.log10(low), math.log10(high))), 5)


def _pick(rng: np.random.Generator, options: list[Any]) -> Any:
    # an index rather than rng.choice, which would hand back numpy types JSON cannot write
    return options[int(rng.integers(len(options)))]


@contextmanager
def quiet() -> Iterator[None]:
    """Silence convergence and unknown-category warnings: the scores already tell the story."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
