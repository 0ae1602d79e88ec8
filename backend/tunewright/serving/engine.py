"""Choose the engine a deployment serves with: ONNX Runtime when it is faster on this machine.

At deploy time a classifier or table model gets an ONNX export (built once, with its parity
check), and both engines answer the same sample requests; the lower median latency wins. An
export that failed its parity check, or could not be built or loaded, keeps the model on its
own library, and the record says why. Causal LMs stay on PyTorch: generation streams tokens
through a KV cache and sampling processors that the PyTorch predictor implements.
"""

from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path
from typing import Any

from tunewright.export import ExportError, ensure_export
from tunewright.export.samples import FIXED_TEXTS, tabular_rows
from tunewright.serving.onnx_predictors import load_onnx_predictor
from tunewright.serving.predictors import read_metadata
from tunewright.serving.types import ClassifyInput, Predictor, TabularInput

log = logging.getLogger("tunewright.serving")

WARMUP = 2  # untimed calls per engine: first-call allocations and lazy initialisation
RUNS = 15  # timed calls per engine; the median of these decides
BATCH = 8  # texts or rows per timed request: a typical small API call


def choose_engine(
    artifact_dir: Path, task: str, torch_predictor: Predictor, export_dir: Path
) -> tuple[Predictor, dict[str, Any]]:
    """The faster of `torch_predictor` and ONNX Runtime for this model, and why.

    The record is {engine, torch_p50_ms, onnx_p50_ms, reason} plus the request size and the
    export's parity; `torch_p50_ms` times `torch_predictor` (scikit-learn for table models).
    `export_dir` is the model's ONNX export folder, built there if missing.
    """
    own = torch_predictor.engine
    if task not in ("classifier", "tabular"):
        return torch_predictor, _record(
            own, None, None, "text generation stays on PyTorch (KV cache, sampling, streaming)"
        )
    try:
        export = ensure_export(artifact_dir, export_dir, "onnx")
    except ExportError as exc:
        return torch_predictor, _record(own, None, None, f"no ONNX export: {exc.message}")
    except Exception as exc:  # an exporter bug must not stop the deployment
        log.warning("ONNX export failed", exc_info=exc)
        return torch_predictor, _record(own, None, None, f"the ONNX export failed: {exc}")
    parity = export.record["parity"]
    if not parity["passed"]:
        why = "; ".join(parity.get("why_failed") or []) or "see export.json"
        return torch_predictor, _record(
            own, None, None, f"the ONNX export failed its parity check ({why})", parity
        )
    try:
        onnx = load_onnx_predictor(artifact_dir, export_dir, task, fallback=torch_predictor)
    except Exception as exc:
        log.warning("ONNX Runtime could not load the export", exc_info=exc)
        return torch_predictor, _record(own, None, None, f"ONNX Runtime could not load it: {exc}")

    request = _sample_request(artifact_dir, task)
    torch_ms = p50_ms(torch_predictor, request)
    onnx_ms = p50_ms(onnx, request)
    if onnx_ms < torch_ms:
        reason = f"ONNX Runtime answered in {onnx_ms:.2f} ms vs {torch_ms:.2f} ms ({own})"
        return onnx, _record("onnxruntime", torch_ms, onnx_ms, reason, parity)
    reason = f"{own} answered in {torch_ms:.2f} ms vs {onnx_ms:.2f} ms (ONNX Runtime)"
    return torch_predictor, _record(own, torch_ms, onnx_ms, reason, parity)


def p50_ms(predictor: Predictor, request: Any, runs: int = RUNS, warmup: int = WARMUP) -> float:
    """Median wall time of `predictor.predict(request)` in milliseconds."""
    for _ in range(warmup):
        predictor.predict(request)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        predictor.predict(request)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def _sample_request(artifact_dir: Path, task: str) -> Any:
    """A request like the ones the deployment will get: BATCH texts or rows."""
    if task == "classifier":
        return ClassifyInput(texts=FIXED_TEXTS[:BATCH])
    from tunewright.export.onnx_tabular import load_pipeline
    from tunewright.training.tabular.workflow import json_ready

    meta = read_metadata(artifact_dir)
    rows, _ = tabular_rows(load_pipeline(artifact_dir), meta, None)
    features = list(meta.get("feature_columns") or rows.columns)
    records = json_ready(rows[features].head(BATCH).to_dict("records"))
    return TabularInput(rows=records)


def _record(
    engine: str,
    torch_ms: float | None,
    onnx_ms: float | None,
    reason: str,
    parity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "engine": engine,
        "torch_p50_ms": torch_ms,
        "onnx_p50_ms": onnx_ms,
        "reason": reason,
        "timed_requests": RUNS if torch_ms is not None else 0,
        "batch": BATCH,
    }
    if parity is not None:
        metric = str(parity.get("metric"))
        record["parity"] = {k: parity.get(k) for k in ("passed", "metric", metric, "tolerance")}
    return record
