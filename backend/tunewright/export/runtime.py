"""ONNX Runtime sessions with deliberate thread settings (shared by exports and serving)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# Text models: a few intra-op threads cut one request's latency; more fight the API process and
# other sessions for cores. Tabular graphs are a handful of tiny ops: one thread, no overhead.
TEXT_THREADS = max(1, min(4, (os.cpu_count() or 1) // 2))
TABULAR_THREADS = 1


def ort_session(path: Path, threads: int) -> Any:
    """An InferenceSession on the CPU with `threads` intra-op threads and full graph fusion."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1  # graphs here are sequential; parallel branches are rare
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: fusion notices would flood the server log
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
