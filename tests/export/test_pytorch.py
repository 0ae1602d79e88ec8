"""The PyTorch / scikit-learn bundle: loads with its own runtime, describes itself."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from tests.export.conftest import rows_as_json
from tunewright.export import ensure_export, export_folder
from tunewright.export.samples import draw_rows
from tunewright.serving.predictors import TorchClassifier, load_predictor
from tunewright.serving.types import ClassifyInput, TabularInput
from tunewright.training.tabular.workflow import PIPELINE_FILE


def unzip(archive: Path, into: Path) -> Path:
    """Extract an export zip; returns its one top-level folder."""
    with zipfile.ZipFile(archive) as bundle:
        assert bundle.testzip() is None
        bundle.extractall(into)
    (folder,) = into.iterdir()
    return folder


def test_export_pytorch_classifier_loads_with_from_pretrained(
    classifier_dir: Path, tmp_path: Path
) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    result = ensure_export(
        classifier_dir,
        export_folder(tmp_path / "exports", 7, "pytorch"),
        "pytorch",
        archive="7-reviews-v2-pytorch.zip",
        about={"name": "reviews", "version": 2, "template_id": "text-classifier"},
    )
    folder = unzip(result.archive, tmp_path / "unzipped")

    assert folder.name == "7-reviews-v2-pytorch"
    assert {"model.safetensors", "config.json", "tokenizer.json", "README.md"} <= {
        p.name for p in folder.iterdir()
    }
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    texts = ["love it", "awful and terrible, it broke"]
    with torch.no_grad():
        probabilities = model(**tokenizer(texts, padding=True, return_tensors="pt")).logits
    served = load_predictor(classifier_dir, "classifier")
    assert isinstance(served, TorchClassifier)
    answers = served.predict(ClassifyInput(texts=texts)).body["predictions"]
    got = probabilities.softmax(-1).numpy()
    want = [[a["probabilities"][label] for label in served.labels] for a in answers]
    assert np.allclose(got, want, atol=1e-5)
    record = json.loads((folder / "export.json").read_text())
    assert record["parity"]["passed"] and record["parity"]["max_abs_diff"] == 0.0
    assert {"torch", "transformers", "onnxruntime", "python"} <= set(record["library_versions"])
    card = (folder / "README.md").read_text()
    assert card.startswith("# reviews v2")
    assert "text-classifier" in card and "from_pretrained('.')" in card
    assert "## Parity check" in card and "**Passed.**" in card


@pytest.mark.slow
def test_export_pytorch_tabular_loads_with_joblib_without_tunewright(
    tabular_dir: Path, tmp_path: Path
) -> None:
    result = ensure_export(tabular_dir, tmp_path / "pytorch", "pytorch")
    folder = unzip(result.archive, tmp_path / "unzipped")
    pipeline = load_predictor(tabular_dir, "tabular").pipeline  # type: ignore[attr-defined]
    rows = draw_rows(pipeline, 5)
    rows.to_json(tmp_path / "rows.json", orient="records")

    # -I: no PYTHONPATH, no user site; the bundle's own tunewright/ shadows the installed one
    script = (
        "import sys; sys.path.insert(0, '.'); import joblib, pandas as pd, json;"
        f"p = joblib.load('{PIPELINE_FILE}');"
        "import tunewright.training.tabular.transformers as t;"
        f"rows = pd.read_json('{tmp_path / 'rows.json'}', orient='records');"
        "print(json.dumps({'module': t.__file__, 'proba': p.predict_proba(rows).tolist()}))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], cwd=folder, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert Path(out["module"]).resolve().is_relative_to(folder.resolve())
    served = load_predictor(tabular_dir, "tabular").predict(TabularInput(rows=rows_as_json(rows)))
    classes = [str(c) for c in pipeline.classes_]
    want = [[p["probabilities"][c] for c in classes] for p in served.body["predictions"]]
    assert np.allclose(out["proba"], want, atol=1e-6)
    assert "joblib.load('pipeline.joblib')" in (folder / "README.md").read_text()
