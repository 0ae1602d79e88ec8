"""Training speed as measured on this machine, learned from finished runs.

A plan's duration is only as good as its speed figure. Before any run has finished here it
comes from a measured matmul rate and a typical model FLOPs utilisation; after that, from what
runs of the same model, method and thread count actually achieved: the loop's effective FLOP
rate (evaluations inside the loop included) and the time spent outside it (loading weights,
measuring the base model, the final evaluation, saving). The figures live in one small JSON
file in the cache folder, written atomically, the last `KEEP` runs per key, medians used.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_FILE = "throughput.json"
KEEP = 5  # runs remembered per key: recent enough to follow a changed machine, enough to median
_lock = threading.Lock()


@dataclass(frozen=True)
class SpeedKey:
    """What a speed figure depends on."""

    model: str  # the base model's name (hub id or bundled name)
    method: str  # full | lora
    device: str  # cpu | cuda | mps
    threads: int

    def text(self) -> str:
        """The key as stored in the file."""
        return f"{self.model}|{self.method}|{self.device}|{self.threads}"


@dataclass(frozen=True)
class MeasuredSpeed:
    """Medians over the runs that finished here with this key."""

    flops_per_s: float  # effective training FLOP rate of the loop
    overhead_s: float  # seconds outside the loop (load, base evaluation, final evaluation, save)
    runs: int


def record_run(cache_dir: Path, key: SpeedKey, *, flops_per_s: float, overhead_s: float) -> None:
    """Remember one finished run's speed (ignores nonsense figures rather than storing them)."""
    if not flops_per_s > 0 or overhead_s < 0:
        return
    with _lock:
        data = _read(cache_dir)
        runs = [*data.get(key.text(), []), {"flops_per_s": flops_per_s, "overhead_s": overhead_s}]
        data[key.text()] = runs[-KEEP:]
        _write(cache_dir, data)


def measured_speed(cache_dir: Path, key: SpeedKey) -> MeasuredSpeed | None:
    """The medians for this key, or None before a run with it has finished here."""
    runs = _read(cache_dir).get(key.text()) or []
    valid = [r for r in runs if isinstance(r, dict) and r.get("flops_per_s", 0) > 0]
    if not valid:
        return None
    return MeasuredSpeed(
        flops_per_s=statistics.median(float(r["flops_per_s"]) for r in valid),
        overhead_s=statistics.median(float(r.get("overhead_s", 0.0)) for r in valid),
        runs=len(valid),
    )


def _read(cache_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((cache_dir / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no runs yet, or a damaged file: start again rather than fail a plan
    return data if isinstance(data, dict) else {}


def _write(cache_dir: Path, data: dict[str, Any]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=cache_dir, prefix=f".{CACHE_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(temp, cache_dir / CACHE_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
