"""The PyTorch / scikit-learn bundle: the model folder as saved, checked to load on its own.

Text models are the Hugging Face `save_pretrained` folder (safetensors weights, config,
tokenizer, generation config, metadata.json), loadable with `AutoModel…from_pretrained`.
Tabular models are `pipeline.joblib` with metadata.json, plus the one module of Tunewright the
pickle refers to (`tunewright/training/tabular/transformers.py`), so `joblib.load` works from
the unzipped folder without installing Tunewright.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from tunewright.export import parity
from tunewright.export.onnx_text import max_length
from tunewright.export.parity import Parity
from tunewright.training.tabular import transformers as tabular_transformers
from tunewright.training.tabular.workflow import PIPELINE_FILE

SHIM = "tunewright/training/tabular/transformers.py"
SHIM_INIT = '"""Only what a Tunewright tabular pipeline needs to unpickle."""\n'


def export_pytorch(artifact_dir: Path, out: Path, task: str) -> list[str]:
    """Copy the model's files into `out`; returns their paths relative to `out`."""
    if task == "tabular":
        files = [PIPELINE_FILE, "metadata.json"]
        for name in files:
            shutil.copy2(artifact_dir / name, out / name)
        shim = out / SHIM
        shim.parent.mkdir(parents=True)
        for folder in (out / "tunewright", shim.parent.parent, shim.parent):
            (folder / "__init__.py").write_text(SHIM_INIT, encoding="utf-8")
            files.append(str((folder / "__init__.py").relative_to(out)))
        shutil.copy2(Path(tabular_transformers.__file__), shim)
        return [*files, SHIM]
    files = []
    for path in sorted(artifact_dir.iterdir()):
        if path.is_file():
            shutil.copy2(path, out / path.name)
            files.append(path.name)
    return files


def check_pytorch(
    artifact_dir: Path, out: Path, meta: dict[str, Any], samples: Any, source: str
) -> Parity:
    """Load the bundle back with its own loader and compare it with the app's copy."""
    task = meta.get("task")
    if task == "tabular":
        import joblib

        rows: pd.DataFrame = samples
        theirs, ours = joblib.load(artifact_dir / PIPELINE_FILE), joblib.load(out / PIPELINE_FILE)
        scorer = "predict_proba" if hasattr(theirs, "predict_proba") else "predict"
        expected = np.asarray(getattr(theirs, scorer)(rows), dtype=np.float64)
        got = np.asarray(getattr(ours, scorer)(rows), dtype=np.float64)
        reference = "scikit-learn pipeline the app serves"
    else:
        texts: list[str] = samples
        expected = _text_outputs(artifact_dir, meta, texts)
        got = _text_outputs(out, meta, texts)
        reference = "transformers model the app serves"
    diff = float(np.abs(expected - got).max()) if expected.size else 0.0
    check = parity.at_most(
        "max_abs_diff", diff, parity.RELOAD_ATOL, "largest output difference after reloading"
    )
    return Parity([check], len(samples), reference, source)


def _text_outputs(folder: Path, meta: dict[str, Any], texts: list[str]) -> np.ndarray:
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    task = meta.get("task")
    loader = AutoModelForCausalLM if task == "causal_lm" else AutoModelForSequenceClassification
    model = loader.from_pretrained(folder, dtype=torch.float32).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    limit = max_length(meta, tokenizer, model.config)
    outputs = []
    with torch.no_grad():
        for text in texts:
            encoded = tokenizer(text, truncation=True, max_length=limit, return_tensors="pt")
            logits = model(**encoded).logits
            outputs.append(logits[0, -1] if task == "causal_lm" else logits[0])
    return torch.stack(outputs).numpy()
