"""Tabular: our model search vs scikit-learn's defaults (RandomForest, HistGradientBoosting).

Both sides see the same rows: the held-out split our `prepare_table` makes (seeded, stratified
for classes) and the same folds over the training rows (`StratifiedKFold`/`KFold`, shuffled
with the same seed, the same number of folds our search used). The peers are the defaults
with the least preprocessing they need: none on the numeric datasets; on the Titanic-like
table the id and name columns are dropped, blanks imputed (median / most frequent) and the
categories one-hot encoded.

Scores: macro-F1 for classification (what our search ranks by), RMSE for regression. A ratio
above 1 means we did better: ours ÷ best peer for macro-F1, best peer ÷ ours for RMSE. The
"best peer" is the better of the two on that column, so the ratio is the harder comparison.
Our CV score is that of the candidate the search picked by the same CV, so it is optimistic
by selection; the held-out score is the honest one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.metrics import f1_score, root_mean_squared_error
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder

from bench.common import median, record
from tunewright.training.tabular.prepare import prepare_table
from tunewright.training.tabular.workflow import TabularSettings, train_tabular
from tunewright.training.types import RunContext

SEED = 42
TARGET = 1.0  # the target: our score at least the best default's
SCORING = {"classification": "f1_macro", "regression": "neg_root_mean_squared_error"}
DROPPED = ["PassengerId", "Name"]  # what a plain script drops from the Titanic-like table


@dataclass
class Case:
    """One dataset: a frame, its target, and whether the peers need a column transformer."""

    name: str
    frame: pd.DataFrame
    target: str
    mixed: bool = False


def sklearn_case(name: str, loader: Any) -> Case:
    """A bundled scikit-learn dataset as a frame with a `target` column."""
    frame = loader(as_frame=True).frame
    return Case(name, frame, "target")


def titanic(rows: int = 891, seed: int = 0) -> pd.DataFrame:
    """A Titanic-like table: ids, names with titles, blanks, categories; survival is noisy."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["male", "female"], rows, p=[0.65, 0.35])
    age = np.clip(rng.normal(30, 14, rows), 0.5, 80).round(1)
    pclass = rng.choice([1, 2, 3], rows, p=[0.24, 0.21, 0.55])
    fare = np.exp(rng.normal(4.2 - 0.8 * (pclass - 1), 0.6)).round(2)
    sibsp = rng.poisson(0.5, rows)
    parch = rng.poisson(0.4, rows)
    embarked = rng.choice(np.array(["S", "C", "Q"], dtype=object), rows, p=[0.72, 0.19, 0.09])
    deck = np.where(
        pclass == 1, rng.choice(list("ABCDE"), rows), rng.choice(list("DEFG"), rows)
    ).astype(object)
    title = np.where(sex == "male", np.where(age < 14, "Master.", "Mr."), "Mrs.")
    title = np.where((sex == "female") & (age < 25), "Miss.", title)
    last = rng.choice(["Braund", "Cumings", "Heikkinen", "Futrelle", "Allen", "Moran"], rows)
    odds = 2.4 * (sex == "female") + 1.2 * (age < 12) - 0.9 * (pclass - 2) - 0.3 * sibsp - 0.8
    survived = (odds + rng.logistic(0, 1, rows) > 0).astype(int)
    embarked[rng.random(rows) < 0.01] = None
    deck[rng.random(rows) < np.where(pclass == 1, 0.3, 0.9)] = None
    return pd.DataFrame(
        {
            "PassengerId": np.arange(1, rows + 1),
            "Pclass": pclass,
            "Name": [f"{s}, {t} {i}" for i, (s, t) in enumerate(zip(last, title, strict=True))],
            "Sex": sex,
            "Age": np.where(rng.random(rows) < 0.2, np.nan, age),
            "SibSp": sibsp,
            "Parch": parch,
            "Fare": fare,
            "Deck": deck,
            "Embarked": embarked,
            "Survived": survived,
        }
    )


def cases() -> list[Case]:
    """The four bundled scikit-learn datasets and the Titanic-like table."""
    return [
        sklearn_case("iris", load_iris),
        sklearn_case("wine", load_wine),
        sklearn_case("breast_cancer", load_breast_cancer),
        sklearn_case("diabetes (regression)", load_diabetes),
        Case("titanic-like (mixed types)", titanic(), "Survived", mixed=True),
    ]


def peers(problem: str, x: pd.DataFrame, mixed: bool) -> dict[str, Any]:
    """The two defaults, behind the least preprocessing they need."""
    if problem == "classification":
        models = {
            "RandomForest": RandomForestClassifier(random_state=SEED),
            "HistGradientBoosting": HistGradientBoostingClassifier(random_state=SEED),
        }
    else:
        models = {
            "RandomForest": RandomForestRegressor(random_state=SEED),
            "HistGradientBoosting": HistGradientBoostingRegressor(random_state=SEED),
        }
    if not mixed:
        return models
    kept = x.drop(columns=DROPPED)
    numeric = kept.select_dtypes("number").columns.tolist()
    categorical = [c for c in kept.columns if c not in numeric]
    categories = make_pipeline(
        SimpleImputer(strategy="most_frequent"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    return {
        name: Pipeline(
            [
                (
                    "prepare",
                    ColumnTransformer(
                        [
                            ("numbers", SimpleImputer(strategy="median"), numeric),
                            ("categories", categories, categorical),
                        ]
                    ),
                ),
                ("model", model),
            ]
        )
        for name, model in models.items()
    }


def held_out(problem: str, truth: pd.Series, predicted: Any) -> float:
    """Macro-F1 or RMSE on the held-out rows."""
    if problem == "classification":
        return float(f1_score(truth, predicted, average="macro"))
    return float(root_mean_squared_error(truth, predicted))


def better(problem: str, ours: float, peer: float) -> float:
    """Above 1 when ours is better: a score ratio for macro-F1, an error ratio for RMSE."""
    return ours / peer if problem == "classification" else peer / ours


def compare(case: Case, budget_s: float, folds: int) -> dict[str, Any]:
    """Our workflow and both peers on one dataset."""
    settings = TabularSettings(time_budget_s=budget_s, test_size=0.2, cv_folds=folds, seed=SEED)
    with tempfile.TemporaryDirectory() as folder:
        ctx = RunContext(run_dir=Path(folder) / "run", emit=lambda kind, payload: None)
        started = time.perf_counter()
        result = train_tabular(case.frame, case.target, ctx, settings)
        ours_s = time.perf_counter() - started
    metrics = result.metrics
    problem = metrics["problem"]
    metric = "f1_macro" if problem == "classification" else "rmse"
    ours_cv = metrics["cv"][metric]
    ours_test = metrics["macro_f1" if problem == "classification" else "rmse"]

    table = prepare_table(case.frame, case.target, test_size=0.2, seed=SEED)
    used = metrics["search"]["cv_folds"]  # ours may use fewer folds when a class is rare
    splitter = (
        StratifiedKFold(used, shuffle=True, random_state=SEED)
        if problem == "classification"
        else KFold(used, shuffle=True, random_state=SEED)
    )
    peer: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    for name, model in peers(problem, table.x_train, case.mixed).items():
        scores = cross_val_score(
            model, table.x_train, table.y_train, cv=splitter, scoring=SCORING[problem]
        )
        model.fit(table.x_train, table.y_train)
        peer[name] = {
            "cv": float(abs(np.mean(scores))),
            "test": held_out(problem, table.y_test, model.predict(table.x_test)),
        }
    peers_s = time.perf_counter() - started
    pick = max if problem == "classification" else min
    return {
        "problem": problem,
        "metric": "macro-F1" if problem == "classification" else "RMSE",
        "rows": len(case.frame),
        "folds": used,
        "model": metrics["model"],
        "ours_cv": ours_cv,
        "ours_test": ours_test,
        "peer": peer,
        "cv_ratio": better(problem, ours_cv, pick(p["cv"] for p in peer.values())),
        "test_ratio": better(problem, ours_test, pick(p["test"] for p in peer.values())),
        "ours_s": ours_s,
        "peers_s": peers_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=20.0, help="our time_budget_s")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    results = []
    for case in cases():
        print(f"{case.name} ...", flush=True)
        results.append((case.name, compare(case, args.budget, args.folds)))

    rows: list[tuple[str, ...]] = [
        (
            "dataset",
            "metric",
            "ours CV",
            "RF CV",
            "HGB CV",
            "CV ratio",
            "ours test",
            "RF test",
            "HGB test",
            "test ratio",
            "our model",
            "ours s",
            "peers s",
        )
    ]
    for name, r in results:
        rf, hgb = r["peer"]["RandomForest"], r["peer"]["HistGradientBoosting"]
        rows.append(
            (
                f"{name}, {r['rows']} rows",
                r["metric"],
                f"{r['ours_cv']:.4f}",
                f"{rf['cv']:.4f}",
                f"{hgb['cv']:.4f}",
                f"{r['cv_ratio']:.3f}×",
                f"{r['ours_test']:.4f}",
                f"{rf['test']:.4f}",
                f"{hgb['test']:.4f}",
                f"{r['test_ratio']:.3f}×",
                r["model"],
                f"{r['ours_s']:.1f}",
                f"{r['peers_s']:.1f}",
            )
        )
    cv_ratios = [r["cv_ratio"] for _, r in results]
    test_ratios = [r["test_ratio"] for _, r in results]
    missed = [name for name, r in results if r["cv_ratio"] < TARGET]
    verdict = f"missed on {', '.join(missed)}" if missed else "met on every dataset"
    record(
        f"Tabular: our model search ({args.budget:.0f} s budget) vs scikit-learn defaults, "
        f"{args.folds}-fold CV",
        rows,
        notes=(
            "Ratio > 1 means ours is better (macro-F1: ours ÷ best peer; RMSE: best peer ÷ "
            "ours); the best peer is the better default on each column. Same held-out 20% "
            f"(seed {SEED}) and the same folds on both sides. Median CV ratio "
            f"{median(cv_ratios):.3f}× (worst {min(cv_ratios):.3f}×), median held-out ratio "
            f"{median(test_ratios):.3f}× (worst {min(test_ratios):.3f}×). Target CV ratio "
            f"≥ {TARGET:.2f}×: {verdict}. Our CV score is the search's pick by that same CV, "
            "so it is optimistic by selection; the held-out ratio is the honest comparison. "
            "'ours s' is the whole workflow (search, refit, column importance, saving) against "
            "the budget. A shared, noisy 2-core machine."
        ),
    )


if __name__ == "__main__":
    main()
