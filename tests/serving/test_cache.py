"""The model cache: one load per key under concurrency, LRU eviction within the budget."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tunewright.serving.cache import ModelCache, base_key, version_key
from tunewright.serving.types import Prediction


class Fake:
    """A predictor of a given size that does nothing."""

    task = "tabular"
    engine = "sklearn"

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size

    def predict(self, data: Any) -> Prediction:
        return Prediction({"name": self.name})

    def stream(self, data: Any) -> Iterator[str]:
        raise NotImplementedError

    def memory_bytes(self) -> int:
        return self.size


class CountingLoader:
    """Loads a Fake named after the folder, counting loads (optionally slowly)."""

    def __init__(self, size: int = 40, delay_s: float = 0.0) -> None:
        self.size = size
        self.delay_s = delay_s
        self.loads: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, artifact_dir: Path, task: str) -> Fake:
        time.sleep(self.delay_s)
        with self._lock:
            self.loads.append(artifact_dir.name)
        return Fake(artifact_dir.name, self.size)


def test_get_loads_once_and_reuses() -> None:
    loader = CountingLoader()
    cache = ModelCache(1000, loader=loader)

    first = cache.get("a", Path("a"), "tabular")
    again = cache.get("a", Path("a"), "tabular")

    assert first is again
    assert loader.loads == ["a"]


def test_get_concurrent_first_calls_load_once() -> None:
    loader = CountingLoader(delay_s=0.2)
    cache = ModelCache(1000, loader=loader)
    start = threading.Barrier(8)
    results: list[Any] = []

    def worker() -> None:
        start.wait()
        results.append(cache.get("a", Path("a"), "tabular"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert loader.loads == ["a"]
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_get_evicts_least_recently_used_over_budget() -> None:
    cache = ModelCache(100, loader=CountingLoader(size=40))
    cache.get("a", Path("a"), "tabular")
    cache.get("b", Path("b"), "tabular")
    cache.get("a", Path("a"), "tabular")  # a is now the most recently used

    cache.get("c", Path("c"), "tabular")

    assert [m["key"] for m in cache.loaded()] == ["a", "c"]
    assert cache.used_bytes() == 80
    assert cache.loaded()[0] | {"loaded_at": 0} == {
        "key": "a",
        "task": "tabular",
        "engine": "sklearn",
        "bytes": 40,
        "loaded_at": 0,
    }


def test_get_keeps_a_model_larger_than_the_budget() -> None:
    cache = ModelCache(10, loader=CountingLoader(size=40))
    cache.get("a", Path("a"), "tabular")

    assert [m["key"] for m in cache.loaded()] == ["a"]
    cache.get("b", Path("b"), "tabular")
    assert [m["key"] for m in cache.loaded()] == ["b"]


def test_get_failed_load_is_not_cached() -> None:
    calls = []

    def flaky(artifact_dir: Path, task: str) -> Fake:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return Fake("a", 1)

    cache = ModelCache(100, loader=flaky)

    with pytest.raises(OSError, match="disk hiccup"):
        cache.get("a", Path("a"), "tabular")
    assert cache.get("a", Path("a"), "tabular").memory_bytes() == 1
    assert len(calls) == 2


def test_get_reloads_when_the_key_points_to_another_folder() -> None:
    loader = CountingLoader()
    cache = ModelCache(1000, loader=loader)
    cache.get("model:1", Path("old"), "tabular")

    predictor = cache.get("model:1", Path("new"), "tabular")

    assert isinstance(predictor, Fake) and predictor.name == "new"
    assert loader.loads == ["old", "new"]
    assert len(cache.loaded()) == 1


def test_put_peek_and_evict() -> None:
    cache = ModelCache(100, loader=CountingLoader())
    onnx = Fake("onnx", 10)

    cache.put("onnx:1", onnx)

    assert cache.peek("onnx:1") is onnx
    assert cache.peek("missing") is None
    assert cache.get_or_load("onnx:1", lambda: Fake("other", 1)) is onnx
    assert cache.evict("onnx:1") is True
    assert cache.evict("onnx:1") is False
    assert cache.loaded() == []


def test_keys_name_the_version_and_the_base_weights() -> None:
    assert version_key(7) == "model:7"
    assert (
        base_key({"path": "/m/smol", "gguf_file": "q.gguf"}, "chat") == "base:/m/smol#q.gguf:chat"
    )
    assert base_key({"path": "gpt2", "gguf_file": None}, "raw_text") == "base:gpt2:raw_text"
