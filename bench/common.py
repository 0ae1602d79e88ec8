"""Shared helpers for benchmarks: medians, peak memory, and appending figures to RESULTS.md."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import psutil

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine() -> str:
    """One line describing the machine the figures come from."""
    memory = psutil.virtual_memory().total / 1024**3
    cpu = platform.processor() or platform.machine()
    python = platform.python_version()
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {python}"


def timed(fn: Callable[[], object], repeats: int = 5, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `repeats` calls after `warmup` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def median(values: Sequence[float]) -> float:
    """The median (benchmarks quote medians: the machines are shared and noisy)."""
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def record(title: str, table: list[tuple[str, ...]], notes: str = "") -> str:
    """Print a markdown table and append it, dated and with the machine, to RESULTS.md."""
    header, *rows = table
    lines = [
        f"### {title}",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {machine()}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    if notes:
        lines += ["", notes]
    block = "\n".join(lines) + "\n\n"
    print(block)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(block)
    return block
