"""Table pipelines of every model family to ONNX, checked against the app's scikit-learn path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from tests.export.conftest import family_artifact, rows_as_json
from tunewright.export import ExportError, ensure_export, export_folder
from tunewright.export.onnx_tabular import tabular_feed
from tunewright.serving.predictors import load_predictor
from tunewright.serving.types import TabularInput

FAMILIES = [
    "LogisticRegression",
    "HistGradientBoostingClassifier",
    "RandomForestClassifier",
    "Ridge",
    "HistGradientBoostingRegressor",
    "RandomForestRegressor",
]


@pytest.mark.slow
@pytest.mark.parametrize("model", FAMILIES)
def test_export_tabular_onnx_answers_like_sklearn(model: str, tmp_path: Path) -> None:
    artifact, test_rows = family_artifact(tmp_path, model)
    result = ensure_export(artifact, export_folder(tmp_path / "exports", 1, "onnx"), "onnx")

    parity = result.record["parity"]
    assert parity["passed"], parity["why_failed"]
    assert parity["samples"] == 64
    info = result.record["onnx"]
    session = ort.InferenceSession(str(result.folder / "model.onnx"))
    rows = load_predictor(artifact, "tabular").frame(rows_as_json(test_rows))  # type: ignore[attr-defined]
    outputs = session.run(None, tabular_feed(rows, info["inputs"]))
    served = load_predictor(artifact, "tabular").predict(TabularInput(rows=rows_as_json(test_rows)))
    expected = served.body["predictions"]
    if info["problem"] == "classification":
        classes = info["classes"]
        assert [classes[i] for i in outputs[1].argmax(1)] == [e["prediction"] for e in expected]
        want = np.array([[e["probabilities"][str(c)] for c in classes] for e in expected])
        assert np.abs(outputs[1] - want).max() <= 1e-4 + 1e-6  # served probabilities are rounded
    else:
        want = np.array([e["prediction"] for e in expected])
        assert np.abs(outputs[0].ravel() - want).max() <= 1e-4 * np.abs(want).mean()


def test_export_tabular_onnx_inputs_cover_every_column_kind(tmp_path: Path) -> None:
    artifact, _ = family_artifact(tmp_path, "LogisticRegression")
    result = ensure_export(artifact, tmp_path / "onnx", "onnx")

    kinds = {(i["column"], i["kind"]) for i in result.record["onnx"]["inputs"]}
    assert {("Fare", "number"), ("Sex", "category"), ("Name", "text")} <= kinds
    parts = [i["part"] for i in result.record["onnx"]["inputs"] if i["column"] == "Booked"]
    assert parts == ["year", "month", "day", "dayofweek"]
    readme = (result.folder / "README.md").read_text()
    assert "ort.InferenceSession('model.onnx')" in readme


def test_export_tabular_int8_is_refused_with_hint(tabular_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        ensure_export(tabular_dir, tmp_path / "onnx-int8", "onnx-int8")

    assert caught.value.code == "format_not_supported"
    assert "format=onnx" in caught.value.hint
    assert not (tmp_path / "onnx-int8").exists()


def test_export_tabular_onnx_groups_infrequent_categories(
    tabular_dir: Path, tmp_path: Path
) -> None:
    predictor = load_predictor(tabular_dir, "tabular")
    encoder = predictor.pipeline.named_steps["prepare"].named_transformers_["categorical"][-1]  # type: ignore[attr-defined]
    assert any(c is not None for c in encoder.infrequent_categories_)  # the case under test

    result = ensure_export(tabular_dir, tmp_path / "onnx", "onnx")

    assert result.record["parity"]["passed"], result.record["parity"]["why_failed"]
