"""Parity failures are measured, recorded and shown — never silently shipped."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from tunewright.export import ensure_export, parity
from tunewright.export.onnx_text import check_classifier
from tunewright.export.samples import classifier_texts


def test_check_classifier_corrupted_weight_fails(classifier_dir: Path, tmp_path: Path) -> None:
    result = ensure_export(classifier_dir, tmp_path / "onnx", "onnx")
    graph = onnx.load(str(result.folder / "model.onnx"))
    labels = len(result.record["onnx"]["labels"])
    bias = next(t for t in graph.graph.initializer if list(t.dims) == [labels])
    bias.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(bias) + 0.5, bias.name))
    corrupted = tmp_path / "corrupted.onnx"
    onnx.save(graph, str(corrupted))
    meta = json.loads((classifier_dir / "metadata.json").read_text())
    texts, source = classifier_texts(None)

    check = check_classifier(classifier_dir, corrupted, meta, texts, source, int8=False)

    assert not check.passed
    record = check.as_dict()
    assert record["max_abs_diff"] == pytest.approx(0.5, abs=0.01)
    assert record["why_failed"][0].startswith("largest logit difference: 0.5")
    assert "FAILED" in record["why_failed"][0]


def test_export_parity_failure_is_recorded_and_flagged(
    classifier_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parity, "CLASSIFIER_ATOL", -1.0)  # no difference can pass

    result = ensure_export(classifier_dir, tmp_path / "onnx", "onnx")

    assert result.parity_passed is False
    record = json.loads((result.folder / "export.json").read_text())
    assert record["parity"]["passed"] is False
    assert record["parity"]["tolerance"] == -1.0
    assert record["parity"]["why_failed"]
    assert "FAILED" in (result.folder / "README.md").read_text()
    assert result.archive.is_file()  # shipped, but flagged


def test_parity_as_dict_names_headline_metric() -> None:
    check = parity.Parity(
        [
            parity.at_least("label_agreement", 0.9, 0.95, "agreement"),
            parity.at_most("max_abs_diff", 0.2, 1.0, "difference"),
        ],
        samples=20,
        reference="PyTorch",
        sample_source="fixed",
    )

    record = check.as_dict()
    assert record["passed"] is False
    assert record["metric"] == "label_agreement" and record["label_agreement"] == 0.9
    assert [c["passed"] for c in record["checks"]] == [False, True]
    assert np.isclose(record["tolerance"], 0.95)
