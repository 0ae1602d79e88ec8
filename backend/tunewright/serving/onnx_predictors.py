"""ONNX Runtime predictors for classifiers and table models (the `Predictor` protocol).

They read an ONNX export folder (`tunewright.export`: model.onnx, export.json, tokenizer files)
and answer with the same bodies as the torch and scikit-learn predictors, so a deployment can
switch engine without its clients noticing:

- `OnnxClassifier`: {"predictions": [{"label", "probabilities": {label: p}}]}. Attention maps
  need the PyTorch model: with `attention=true` the request goes to `fallback` when one is
  given, else it is refused with a hint.
- `OnnxTabular`: {"predictions": [{"prediction", "probabilities": {class: p} | null}]}; rows
  are checked and coerced exactly as `SklearnTabular` does (it inherits that code).

Threads: one InferenceSession per model, safe to run from several threads at once. Its
intra-op threads are chosen in `tunewright.export.runtime` (text: up to 4, half the cores;
tables: 1, the graphs are too small to split); the tokenizer is guarded by a lock, as fast
tokenizers refuse concurrent calls.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np

from tunewright.export import EXPORT_FILE
from tunewright.export.onnx_tabular import run_graph
from tunewright.export.onnx_text import MODEL_FILE, classifier_logits, labels_of
from tunewright.export.runtime import TABULAR_THREADS, TEXT_THREADS, ort_session
from tunewright.serving.predictors import (
    DEFAULT_CLASSIFIER_LENGTH,
    PROBABILITY_DIGITS,
    SklearnTabular,
    _not_streaming,
    _plain,
    missing_markers_of,
    read_metadata,
)
from tunewright.serving.types import (
    ClassifyInput,
    Engine,
    GenerateInput,
    InputError,
    ModelUnavailableError,
    Prediction,
    Predictor,
    TabularInput,
)


def read_export_record(export_dir: Path) -> dict[str, Any]:
    """export.json of an ONNX export folder, or ModelUnavailableError when it is not one."""
    try:
        record: dict[str, Any] = json.loads((export_dir / EXPORT_FILE).read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise ModelUnavailableError(
            f"There is no ONNX export in {export_dir}.",
            hint="Build it with GET /api/models/{id}/download?format=onnx first.",
        ) from exc
    if not record.get("format", "").startswith("onnx"):
        raise ModelUnavailableError(
            f"The export in {export_dir} is {record.get('format')}, not ONNX.",
            hint="Point the predictor at the onnx or onnx-int8 export folder.",
        )
    return record


def _session(export_dir: Path, threads: int) -> Any:
    try:
        return ort_session(export_dir / MODEL_FILE, threads)
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelUnavailableError(
            f"ONNX Runtime could not load {export_dir / MODEL_FILE}: {exc}",
            hint="Delete the export folder and download the ONNX export again to rebuild it.",
        ) from exc


def _size(export_dir: Path) -> int:
    # the graph's weights are what the session holds; tokenizer files are small beside them
    return sum(p.stat().st_size for p in export_dir.iterdir() if p.suffix == ".onnx")


class OnnxClassifier:
    """A text classifier running in ONNX Runtime."""

    task = "classifier"
    engine: Engine = "onnxruntime"

    def __init__(
        self,
        export_dir: Path,
        meta: dict[str, Any] | None = None,
        *,
        threads: int = TEXT_THREADS,
        fallback: Predictor | None = None,
    ) -> None:
        from transformers import AutoTokenizer

        self.record = read_export_record(export_dir)
        meta = meta or {}
        self.session = _session(export_dir, threads)
        self.tokenizer = AutoTokenizer.from_pretrained(export_dir)
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.labels = [str(x) for x in meta.get("labels") or []] or labels_of(export_dir)
        config = json.loads((export_dir / "config.json").read_text(encoding="utf-8"))
        trained = (meta.get("settings") or {}).get("max_length") or DEFAULT_CLASSIFIER_LENGTH
        positions = config.get("max_position_embeddings") or trained
        self.max_length = int(min(int(trained), int(positions)))
        self.fallback = fallback  # answers attention requests, which need PyTorch
        self._bytes = _size(export_dir)
        self._lock = threading.Lock()

    @classmethod
    def from_folders(
        cls, artifact_dir: Path, export_dir: Path, fallback: Predictor | None = None
    ) -> OnnxClassifier:
        """Load the export of the model saved in `artifact_dir` (its metadata sets limits)."""
        return cls(export_dir, read_metadata(artifact_dir), fallback=fallback)

    def memory_bytes(self) -> int:
        """Size of the graph (weights dominate what the session holds)."""
        return self._bytes

    def predict(self, data: Any) -> Prediction:
        """{"predictions": [{"label", "probabilities"}]}, as the torch classifier answers."""
        if not isinstance(data, ClassifyInput):
            raise InputError("A classifier needs texts.", hint='Send {"texts": ["..."]}.')
        if data.attention:
            if self.fallback is not None:
                return self.fallback.predict(data)
            raise InputError(
                "Attention maps are not available from the ONNX engine.",
                hint="Send attention=false, or ask the playground (POST /api/models/{id}/predict).",
            )
        with self._lock:  # the tokenizer; the session itself runs concurrently
            encoded = self.tokenizer(
                data.texts,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
        names = [i.name for i in self.session.get_inputs()]
        logits = self.session.run(["logits"], {n: encoded[n].astype(np.int64) for n in names})[0]
        return Prediction({"predictions": self._rows(np.asarray(logits, dtype=np.float64))})

    def logits(self, texts: list[str]) -> np.ndarray:
        """Raw logits for `texts` (for comparisons and tests)."""
        with self._lock:
            return classifier_logits(self.session, self.tokenizer, texts, self.max_length)

    def stream(self, data: GenerateInput) -> Generator[str, None, Prediction]:
        """Not available: classifiers answer in one piece."""
        raise _not_streaming(self.task)

    def _rows(self, logits: np.ndarray) -> list[dict[str, Any]]:
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        return [
            {
                "label": self.labels[int(np.argmax(row))],
                "probabilities": {
                    label: round(float(p), PROBABILITY_DIGITS)
                    for label, p in zip(self.labels, row, strict=True)
                },
            }
            for row in probabilities
        ]


class OnnxTabular(SklearnTabular):
    """A table model's pipeline as an ONNX graph; rows are read as `SklearnTabular` reads them."""

    task = "tabular"
    engine: Engine = "onnxruntime"

    def __init__(  # the parent loads the joblib pipeline, which this engine replaces
        self, export_dir: Path, meta: dict[str, Any], *, threads: int = TABULAR_THREADS
    ) -> None:
        self.record = read_export_record(export_dir)
        self.info: dict[str, Any] = self.record["onnx"]
        self.session = _session(export_dir, threads)
        self.features = [str(c) for c in meta.get("feature_columns") or []]
        self.columns = {str(c["name"]): c for c in meta.get("columns") or []}
        self.markers = missing_markers_of(meta)
        self.problem = str(self.info.get("problem") or meta.get("problem") or "classification")
        self.target = str(meta.get("target") or "prediction")
        self.example = meta.get("example_input") or {}
        self._bytes = _size(export_dir)

    @classmethod
    def from_folders(cls, artifact_dir: Path, export_dir: Path) -> OnnxTabular:
        """Load the export of the model saved in `artifact_dir` (its metadata names columns)."""
        return cls(export_dir, read_metadata(artifact_dir))

    def memory_bytes(self) -> int:
        """Size of the graph."""
        return self._bytes

    def predict(self, data: Any) -> Prediction:
        """{"predictions": [{"prediction", "probabilities": {class: p} | null}]}."""
        if not isinstance(data, TabularInput):
            raise InputError("A table model needs rows.", hint='Send {"rows": [{...}]}.')
        predicted, probabilities = run_graph(self.session, self.frame(data.rows), self.info)
        if probabilities is None:
            rows: list[dict[str, float] | None] = [None] * len(predicted)
        else:
            classes = [str(_plain(c)) for c in self.info["classes"]]
            rows = [
                {c: round(float(p), PROBABILITY_DIGITS) for c, p in zip(classes, r, strict=True)}
                for r in probabilities
            ]
        predictions = [
            {"prediction": _plain(value), "probabilities": probs}
            for value, probs in zip(predicted, rows, strict=True)
        ]
        return Prediction({"predictions": predictions})

    def stream(self, data: GenerateInput) -> Generator[str, None, Prediction]:
        """Not available: table models answer in one piece."""
        raise _not_streaming(self.task)


def load_onnx_predictor(
    artifact_dir: Path, export_dir: Path, task: str, fallback: Predictor | None = None
) -> Predictor:
    """The ONNX Runtime predictor for a classifier or table model's export."""
    if task == "classifier":
        return OnnxClassifier.from_folders(artifact_dir, export_dir, fallback)
    if task == "tabular":
        return OnnxTabular.from_folders(artifact_dir, export_dir)
    raise ModelUnavailableError(
        f"{task} models are not served through ONNX Runtime.",
        hint="Text generation is served with PyTorch and its KV cache.",
    )
