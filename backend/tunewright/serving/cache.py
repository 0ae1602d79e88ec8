"""The model cache: each model version is loaded once and kept while it fits the memory budget.

Least recently used models are evicted when the loaded ones together exceed the budget, but the
model just loaded always stays (a model larger than the whole budget still serves, alone).
Concurrent first requests for the same key wait for one load instead of loading it twice; a
failed load is not cached, so the next request tries again. An evicted predictor that a request
is still using stays alive until that request ends (it is simply no longer shared).

Keys are strings chosen by the callers: `version_key(id)` for a model version served by its own
library, `base_key(...)` for the base model a causal LM is compared with, others (ONNX) as they
like. `get` remembers the folder it loaded a key from and reloads when asked for another one, so
a reused id (SQLite reuses the highest one after a delete) never serves a deleted model.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tunewright.serving.types import Predictor

Loader = Callable[[Path, str], Predictor]


def version_key(version_id: int) -> str:
    """Cache key of a model version served by its own library (torch / scikit-learn)."""
    return f"model:{version_id}"


def onnx_key(version_id: int) -> str:
    """Cache key of a model version served through ONNX Runtime."""
    return f"onnx:{version_id}"


def base_key(base_model: dict[str, Any], prompt_shape: str) -> str:
    """Cache key of a base model loaded to compare a causal LM with."""
    weights = str(base_model.get("path"))
    if base_model.get("gguf_file"):
        weights += f"#{base_model['gguf_file']}"
    return f"base:{weights}:{prompt_shape}"


def _default_loader(artifact_dir: Path, task: str) -> Predictor:
    from tunewright.serving.predictors import load_predictor  # torch loads on first use only

    return load_predictor(artifact_dir, task)


@dataclass
class _Entry:
    predictor: Predictor
    bytes: int
    source: Path | None  # the folder `get` loaded it from; None for `put` and factories
    loaded_at: float


class ModelCache:
    """A thread-safe LRU of loaded predictors within a memory budget (bytes)."""

    def __init__(self, budget_bytes: int, loader: Loader = _default_loader) -> None:
        self.budget_bytes = budget_bytes
        self._loader = loader
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # least recently used first
        self._loading: dict[str, Future[Predictor]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, artifact_dir: Path, task: str) -> Predictor:
        """The predictor for `key`, loaded from `artifact_dir` on first use."""
        return self._get(key, lambda: self._loader(artifact_dir, task), artifact_dir)

    def get_or_load(self, key: str, factory: Callable[[], Predictor]) -> Predictor:
        """The predictor for `key`, built by `factory` on first use (e.g. a base model)."""
        return self._get(key, factory, None)

    def peek(self, key: str) -> Predictor | None:
        """The cached predictor for `key` without loading (marks it recently used)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry.predictor

    def put(self, key: str, predictor: Predictor) -> None:
        """Insert (or replace) a predictor built elsewhere, e.g. an ONNX Runtime one."""
        with self._lock:
            self._insert(key, predictor, None)

    def evict(self, key: str) -> bool:
        """Forget `key`; True when it was loaded."""
        with self._lock:
            return self._entries.pop(key, None) is not None

    def clear(self) -> None:
        """Forget every loaded model."""
        with self._lock:
            self._entries.clear()

    def used_bytes(self) -> int:
        """Memory held by the loaded models together."""
        with self._lock:
            return sum(e.bytes for e in self._entries.values())

    def loaded(self) -> list[dict[str, Any]]:
        """Loaded models, least recently used first: key, task, engine, bytes (for metrics)."""
        with self._lock:
            return [
                {
                    "key": key,
                    "task": entry.predictor.task,
                    "engine": entry.predictor.engine,
                    "bytes": entry.bytes,
                    "loaded_at": entry.loaded_at,
                }
                for key, entry in self._entries.items()
            ]

    def _get(self, key: str, factory: Callable[[], Predictor], source: Path | None) -> Predictor:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and (source is None or entry.source in (None, source)):
                self._entries.move_to_end(key)
                return entry.predictor
            pending = self._loading.get(key)
            owner = pending is None
            if pending is None:
                pending = self._loading[key] = Future()
        if not owner:
            return pending.result()  # another thread is loading it: wait for that load
        try:
            predictor = factory()
        except BaseException as exc:
            with self._lock:
                del self._loading[key]
            pending.set_exception(exc)
            raise
        with self._lock:
            self._insert(key, predictor, source)
            del self._loading[key]
        pending.set_result(predictor)
        return predictor

    def _insert(self, key: str, predictor: Predictor, source: Path | None) -> None:
        """Add under the lock, then evict the least recently used others while over budget."""
        self._entries.pop(key, None)
        self._entries[key] = _Entry(predictor, predictor.memory_bytes(), source, time.time())
        used = sum(e.bytes for e in self._entries.values())
        for old in list(self._entries):
            if used <= self.budget_bytes or old == key:
                break
            used -= self._entries.pop(old).bytes
