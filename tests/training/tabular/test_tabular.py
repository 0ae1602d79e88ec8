"""The tabular workflow on scikit-learn's bundled datasets and a generated Titanic-like table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine

from tests.training.text.conftest import Recorder
from tunewright.training.tabular.prepare import detect_problem, prepare_table
from tunewright.training.tabular.preprocess import column_roles
from tunewright.training.tabular.transformers import DateParts, ToNumbers, ToStrings
from tunewright.training.tabular.workflow import TabularSettings, train_tabular
from tunewright.training.types import Cancelled, WorkflowResult

QUICK = 3.0  # seconds of budget: each model family's defaults fit, the suite stays fast
WINES = {0: "barolo", 1: "grignolino", 2: "barbera"}


def titanic(rows: int = 300, seed: int = 0) -> pd.DataFrame:
    """A Titanic-like table: ids, names, blanks, codes and dates; survival follows sex and age."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["male", "female"], rows)
    age = rng.uniform(1, 70, rows).round()
    pclass = rng.integers(1, 4, rows)
    title = np.where(sex == "male", np.where(age < 14, "Master.", "Mr."), "Mrs.")
    first = rng.choice(["John", "Mary", "William", "Anna", "James", "Elizabeth", "Owen"], rows)
    last = rng.choice(["Braund", "Cumings", "Heikkinen", "Futrelle", "Allen", "Moran"], rows)
    odds = (sex == "female") * 2.0 + (age < 14) * 1.5 - (pclass - 2) * 0.7 - 1.0
    survived = (odds + rng.normal(0, 0.7, rows) > 0).astype(float)
    survived[:5] = np.nan  # rows without an answer are left out, with a log event
    ages = np.where(rng.random(rows) < 0.2, np.nan, age)
    embarked = rng.choice(
        np.array(["S", "C", "Q", None], dtype=object), rows, p=[0.7, 0.2, 0.07, 0.03]
    )
    prefixes = rng.choice(["", "PC ", "A/5 ", "STON/O2. "], rows)
    dates = pd.date_range("1912-03-01", periods=60, freq="D").strftime("%Y-%m-%d").to_numpy()
    return pd.DataFrame(
        {
            "PassengerId": np.arange(1, rows + 1),
            "Pclass": pclass,
            "Name": [f"{s}, {t} {f}" for s, t, f in zip(last, title, first, strict=True)],
            "Sex": sex,
            "Age": ages,
            "Fare": rng.gamma(2, 15, rows).round(2),
            "Ticket": [f"{p}{100_000 + 7 * i}" for i, p in enumerate(prefixes)],
            "Embarked": embarked,
            "Booked": rng.choice(dates, rows),
            "Survived": survived,
        }
    )


def train(
    frame: pd.DataFrame,
    target: str,
    tmp_path: Path,
    *,
    budget: float = QUICK,
    stop_when: Callable[[list[tuple[str, dict[str, Any]]]], bool] | None = None,
) -> tuple[WorkflowResult, Recorder]:
    """Run the workflow on `frame` with a recording context."""
    recorder = Recorder(tmp_path / "run")
    if stop_when is not None:
        recorder.stop_when = stop_when
    recorder.run_dir.mkdir()
    result = train_tabular(frame, target, recorder.context(), TabularSettings(time_budget_s=budget))
    return result, recorder


def metadata(result: WorkflowResult) -> dict[str, Any]:
    """The saved metadata.json of a result."""
    return json.loads((result.artifact_dir / "metadata.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("loader", "problem"),
    [
        (load_iris, "classification"),
        (load_wine, "classification"),
        (load_breast_cancer, "classification"),
        (load_diabetes, "regression"),
    ],
    ids=["iris", "wine", "breast_cancer", "diabetes"],
)
def test_train_tabular_beats_baseline_on_bundled_datasets(
    loader: Callable[..., Any], problem: str, tmp_path: Path
) -> None:
    frame = loader(as_frame=True).frame
    result, _ = train(frame, "target", tmp_path)

    gate = result.verdict.gates[0]
    assert result.verdict.passed, result.verdict.headline
    assert result.verdict.headline.startswith("Passed: on rows it has never seen")
    assert result.metrics["problem"] == problem
    if problem == "classification":
        assert result.metrics["accuracy"] > result.metrics["baseline_accuracy"] + 0.2
        assert gate["value"] >= gate["threshold"]
    else:
        assert result.metrics["mae"] < result.metrics["baseline_mae"]
        assert result.metrics["r2"] > 0.2
        assert gate["value"] <= gate["threshold"]
    assert result.metrics["cv"][result.metrics["search_metric"]] is not None
    assert result.split["stratified"] is (problem == "classification")
    assert result.split["train_rows"] + result.split["test_rows"] == len(frame)


def test_train_tabular_titanic_like_table_drops_ids(tmp_path: Path) -> None:
    frame = titanic()
    # importance is skipped when the budget runs out; leave room for it on a loaded machine
    result, recorder = train(frame, "Survived", tmp_path, budget=10)

    assert result.verdict.passed, result.verdict.headline
    roles = {c["name"]: c["role"] for c in metadata(result)["columns"]}
    assert roles["PassengerId"] == "dropped"
    assert roles["Ticket"] == "dropped"  # a code on every row generalises no better than an id
    assert roles["Name"] == "text"
    assert roles["Sex"] == "categorical"
    assert roles["Embarked"] == "categorical"
    assert roles["Age"] == "numeric"
    assert roles["Booked"] == "datetime"
    assert any("Left out 5 rows" in p["message"] for p in recorder.of("log"))
    assert result.split["rows_dropped"] == 5
    importance = [r["column"] for r in result.metrics["feature_importance"]]
    assert "PassengerId" not in importance
    assert set(importance) >= {"Sex", "Age", "Name"}
    pipeline = joblib.load(result.artifact_dir / "pipeline.joblib")
    unseen = frame.drop(columns=["Survived", "PassengerId"]).head(20)
    assert set(pipeline.predict(unseen)) <= {0, 1}


def test_train_tabular_string_labels_round_trip_through_joblib(tmp_path: Path) -> None:
    frame = load_wine(as_frame=True).frame
    frame["cultivar"] = frame.pop("target").map(WINES)
    result, _ = train(frame, "cultivar", tmp_path)

    pipeline = joblib.load(result.artifact_dir / "pipeline.joblib")
    predicted = pipeline.predict(frame.drop(columns=["cultivar"]))
    assert set(predicted) <= set(WINES.values())
    assert (predicted == frame["cultivar"].to_numpy()).mean() > 0.9
    meta = metadata(result)
    assert meta["classes"] == sorted(WINES.values())
    assert set(result.metrics["per_class"]) == set(WINES.values())
    assert "'grignolino'" in result.verdict.headline  # the most common answer, in words


def test_train_tabular_writes_self_describing_metadata(tmp_path: Path) -> None:
    result, _ = train(load_iris(as_frame=True).frame, "target", tmp_path)

    meta = metadata(result)
    assert result.artifact_dir == tmp_path / "run" / "model"
    assert {"task", "problem", "target", "columns", "classes", "model", "search"} <= set(meta)
    assert {"metrics", "verdict", "split", "library_versions", "created_at"} <= set(meta)
    assert meta["task"] == "tabular"
    assert meta["classes"] == [0, 1, 2]
    assert meta["model"]["name"] == result.base_model["name"]
    assert {"python", "scikit-learn", "pandas", "numpy"} <= set(meta["library_versions"])
    assert all(c["cv"]["f1_macro"] is not None for c in meta["search"]["candidates"])
    assert result.base_model["source"] == "scikit-learn"
    assert result.base_model["reason"].startswith("Best of")
    assert result.settings == {"time_budget_s": QUICK, "test_size": 0.2, "cv_folds": 5, "seed": 42}


def test_train_tabular_emits_phases_steps_and_a_flat_eval(tmp_path: Path) -> None:
    _, recorder = train(load_breast_cancer(as_frame=True).frame, "target", tmp_path)

    assert recorder.events[0] == ("phase", {"phase": "preparing"})
    phases = [p["phase"] for p in recorder.of("phase")]
    assert phases == ["preparing", "training", "evaluating"]
    steps = recorder.of("step")
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    assert {"candidate", "cv_score", "total_steps", "elapsed_s", "eta_s"} <= set(steps[0])
    (evaluation,) = recorder.of("eval")
    assert all(not isinstance(v, dict | list) for v in evaluation.values())
    assert evaluation["roc_auc"] > 0.9


def test_train_tabular_stops_when_asked(tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        train(load_iris(as_frame=True).frame, "target", tmp_path, stop_when=lambda events: True)

    assert not (tmp_path / "run" / "model").exists()


def test_train_tabular_tiny_budget_still_finishes_one_candidate(tmp_path: Path) -> None:
    result, recorder = train(
        load_breast_cancer(as_frame=True).frame, "target", tmp_path, budget=0.3
    )

    search = metadata(result)["search"]
    assert search["candidates_tried"] >= 1
    assert search["stopped"] == "time budget"
    assert len(recorder.of("step")) == search["candidates_tried"]
    assert (result.artifact_dir / "pipeline.joblib").exists()


def test_train_tabular_single_class_raises_with_fix(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": range(30), "label": ["spam"] * 30})

    with pytest.raises(ValueError, match=r"same answer in 'label'.*Add rows with other values"):
        train(frame, "label", tmp_path)


def test_train_tabular_missing_target_raises_with_fix(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": range(30), "Label": ["a", "b"] * 15})

    with pytest.raises(ValueError, match=r"'label' is not in the table.*Did you mean 'Label'"):
        train(frame, "label", tmp_path)


def test_train_tabular_too_few_rows_raises_with_fix(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": range(12), "y": ["a", "b"] * 4 + [None] * 4})

    with pytest.raises(ValueError, match=r"Only 8 rows .* at least 10"):
        train(frame, "y", tmp_path)


def test_train_tabular_bad_setting_raises_naming_it(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    settings = TabularSettings(test_size=1.5)

    with pytest.raises(ValueError, match="test_size must be between 0 and 1"):
        train_tabular(load_iris(as_frame=True).frame, "target", recorder.context(), settings)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        (["cat", "dog"] * 20, "classification"),
        ([True, False] * 20, "classification"),
        ([1, 2, 3, 4] * 10, "classification"),
        (list(np.linspace(0, 1, 40)), "regression"),
        (list(range(40)), "regression"),
    ],
    ids=["strings", "booleans", "few_integers", "fractions", "many_integers"],
)
def test_detect_problem_from_target(values: list[Any], problem: str) -> None:
    assert detect_problem(pd.Series(values, name="answer")) == problem


def test_prepare_table_same_seed_same_split() -> None:
    frame = load_wine(as_frame=True).frame

    first = prepare_table(frame, "target", test_size=0.2, seed=7)
    again = prepare_table(frame, "target", test_size=0.2, seed=7)

    assert first.x_test.index.tolist() == again.x_test.index.tolist()
    assert first.split == again.split
    shares = first.y_test.value_counts(normalize=True) - first.y_train.value_counts(normalize=True)
    assert shares.abs().max() < 0.05  # stratified: each class keeps its share


def test_column_roles_titanic_like_reasons() -> None:
    roles = {r.name: r for r in column_roles(titanic().drop(columns=["Survived"]))}

    assert "id" in roles["PassengerId"].reason
    assert roles["Fare"].role == "numeric"
    assert roles["Booked"].reason.startswith("dates")


def test_transformers_read_messy_cells() -> None:
    numbers = ToNumbers().fit_transform(pd.DataFrame({"n": ["1,234", " 5 ", "n/a", None, True]}))
    parts = DateParts().fit_transform(pd.DataFrame({"d": ["2024-02-29", "not a date", None]}))
    strings = ToStrings().fit_transform(pd.Series(["a", None, 3], dtype=object))

    np.testing.assert_array_equal(numbers[:, 0], [1234.0, 5.0, np.nan, np.nan, 1.0])
    np.testing.assert_array_equal(parts[0], [2024.0, 2.0, 29.0, 3.0])
    assert np.isnan(parts[1:]).all()
    assert strings.tolist() == ["a", "(missing)", "3"]
