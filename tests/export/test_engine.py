"""choose_engine: both engines timed on the same requests, the faster kept, the reason recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunewright.export import parity
from tunewright.serving.engine import choose_engine
from tunewright.serving.onnx_predictors import OnnxClassifier, OnnxTabular
from tunewright.serving.predictors import load_predictor
from tunewright.serving.types import ClassifyInput, TabularInput

TEXTS = ["great product, love it", "awful, it broke"]
ROW = {"Pclass": 3, "Name": "Braund, Mr. Owen", "Sex": "male", "Age": 22, "Fare": 7.25}


def test_choose_engine_classifier_records_both_timings(
    classifier_dir: Path, tmp_path: Path
) -> None:
    torch_predictor = load_predictor(classifier_dir, "classifier")

    chosen, record = choose_engine(classifier_dir, "classifier", torch_predictor, tmp_path / "onnx")

    assert record["torch_p50_ms"] > 0 and record["onnx_p50_ms"] > 0
    assert record["engine"] == chosen.engine
    faster = "onnxruntime" if record["onnx_p50_ms"] < record["torch_p50_ms"] else "torch"
    assert record["engine"] == faster
    assert "ms" in record["reason"] and record["parity"]["passed"] is True
    onnx = OnnxClassifier.from_folders(classifier_dir, tmp_path / "onnx")
    request = ClassifyInput(texts=TEXTS)
    ours, theirs = onnx.predict(request).body, torch_predictor.predict(request).body
    assert [p["label"] for p in ours["predictions"]] == [p["label"] for p in theirs["predictions"]]
    for a, b in zip(ours["predictions"], theirs["predictions"], strict=True):
        assert a["probabilities"] == pytest.approx(b["probabilities"], abs=1e-5)


def test_choose_engine_tabular_records_both_timings(tabular_dir: Path, tmp_path: Path) -> None:
    sklearn_predictor = load_predictor(tabular_dir, "tabular")

    chosen, record = choose_engine(tabular_dir, "tabular", sklearn_predictor, tmp_path / "onnx")

    assert record["torch_p50_ms"] > 0 and record["onnx_p50_ms"] > 0
    assert record["engine"] in ("onnxruntime", "sklearn") and record["engine"] == chosen.engine
    onnx = OnnxTabular.from_folders(tabular_dir, tmp_path / "onnx")
    meta_row = {**ROW, "Embarked": None, "Booked": "1912-03-04", "Ticket": "A/5 21171"}
    request = TabularInput(rows=[meta_row, {**meta_row, "Sex": "female", "Age": None}])
    ours, theirs = onnx.predict(request).body, sklearn_predictor.predict(request).body
    assert [p["prediction"] for p in ours["predictions"]] == [
        p["prediction"] for p in theirs["predictions"]
    ]
    for a, b in zip(ours["predictions"], theirs["predictions"], strict=True):
        assert a["probabilities"] == pytest.approx(b["probabilities"], abs=1e-5)


def test_choose_engine_failed_parity_keeps_own_engine(
    tabular_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parity, "TABULAR_PROBA_ATOL", -1.0)
    sklearn_predictor = load_predictor(tabular_dir, "tabular")

    chosen, record = choose_engine(tabular_dir, "tabular", sklearn_predictor, tmp_path / "onnx")

    assert chosen is sklearn_predictor
    assert record["engine"] == "sklearn" and record["onnx_p50_ms"] is None
    assert "parity" in record["reason"]


def test_choose_engine_causal_lm_stays_on_torch(tmp_path: Path) -> None:
    class Generator:
        task = "causal_lm"
        engine = "torch"

    predictor = Generator()

    chosen, record = choose_engine(tmp_path, "causal_lm", predictor, tmp_path / "onnx")  # type: ignore[arg-type]

    assert chosen is predictor
    assert record["engine"] == "torch" and record["torch_p50_ms"] is None
    assert not (tmp_path / "onnx").exists()
