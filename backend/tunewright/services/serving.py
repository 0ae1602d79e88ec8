"""What the API process holds to serve models: the model cache, key checks, rate limits, usage
accounting and Prometheus metrics — created once per app, closed with it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tunewright.db.engine import session_factory
from tunewright.services.deployments import Authenticator, Caller
from tunewright.services.metrics import ServingMetrics
from tunewright.services.usage import UsageRecorder
from tunewright.serving.cache import ModelCache, onnx_key, version_key
from tunewright.serving.ratelimit import RateLimiter
from tunewright.serving.types import Predictor
from tunewright.settings import Settings

MB = 1024 * 1024


class Serving:
    """The serving state of one API process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.models = ModelCache(settings.serving_memory_mb * MB)
        sessions = session_factory(settings.sqlalchemy_url)
        self.auth = Authenticator(sessions)
        self.limiter = RateLimiter()
        self.usage = UsageRecorder(sessions, settings.drift_sample_size)
        self.metrics = ServingMetrics(settings, self.models)

    def start(self) -> None:
        """Begin writing usage in the background."""
        self.usage.start()

    def stop(self) -> None:
        """Write pending usage and stop."""
        self.usage.stop()

    def warm(self, version_id: int, artifact_path: str, task: str) -> dict[str, Any]:
        """Load a version before its first request and choose the faster engine for it."""
        started = time.perf_counter()
        predictor = self.models.get(version_key(version_id), Path(artifact_path), task)
        record: dict[str, Any] = {
            "engine": predictor.engine,
            "reason": "causal LMs generate with PyTorch and a KV cache"
            if task == "causal_lm"
            else "served by its own library",
        }
        if task in ("classifier", "tabular"):
            record = self._choose_engine(version_id, Path(artifact_path), task, predictor)
        record["warm_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return record

    def _choose_engine(
        self, version_id: int, artifact_dir: Path, task: str, predictor: Predictor
    ) -> dict[str, Any]:
        from tunewright.serving.engine import choose_engine

        export_dir = self.settings.data_dir / "exports" / str(version_id) / "onnx"
        chosen, record = choose_engine(artifact_dir, task, predictor, export_dir)
        if chosen.engine == "onnxruntime":
            self.models.put(onnx_key(version_id), chosen)
        return record

    def predictor_for(self, caller: Caller) -> Predictor:
        """The predictor a deployment serves with (re-chosen if the cache evicted it)."""
        if caller.engine == "onnxruntime":
            cached = self.models.peek(onnx_key(caller.model_version_id))
            if cached is not None:
                return cached
            self.warm(caller.model_version_id, caller.artifact_path, caller.task)
            cached = self.models.peek(onnx_key(caller.model_version_id))
            if cached is not None:
                return cached
        return self.models.get(
            version_key(caller.model_version_id), Path(caller.artifact_path), caller.task
        )
