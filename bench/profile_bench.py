"""Profiling shape: our analyse_file vs pandas read_csv + describe, on a wide and a long table.

Profiling time must grow with the number of cells, not faster: a 2,000-column table has to
profile in seconds. Both sides read the same generated CSV in the same process, taking turns
(ours, pandas, ours, ...) so a burst of other work on the machine hits both. The peer does far
less (no sniffing, types, roles, findings), so the ratio is what our understanding costs.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from bench.common import median, record
from tunewright.data import analyse_file

WORDS = ("good", "bad", "late", "early", "refund", "broken", "love", "fast", "slow", "price")
COLOURS = ("red", "green", "blue", "amber", "violet")
CITIES = ("Oslo", "Lima", "Pune", "Accra")


def wide_cell(rng: random.Random, column: int) -> str:
    """One value of a wide table: floats, small integers, categories and a few short texts."""
    kind = column % 10
    if kind < 4:
        return f"{rng.uniform(0, 1000):.2f}"
    if kind < 7:
        return str(rng.randint(0, 9))
    if kind < 9:
        return rng.choice(COLOURS)
    return " ".join(rng.choice(WORDS) for _ in range(4))


def make_wide(path: Path, columns: int, rows: int) -> None:
    """A CSV with many columns of mixed kinds (a sensor or survey export)."""
    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(f"f{i}" for i in range(columns)) + "\n")
        for _ in range(rows):
            out.write(",".join(wide_cell(rng, c) for c in range(columns)) + "\n")


def long_row(rng: random.Random, i: int) -> str:
    """One row of the long table: an id, numbers with blanks, categories, a date, a note."""
    note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    amount = "" if i % 53 == 0 else f"{rng.uniform(0, 500):.2f}"
    day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    cells = (
        str(i),
        amount,
        str(rng.randint(0, 40)),
        rng.choice(COLOURS),
        rng.choice(("yes", "no")),
        day,
        f"{rng.gauss(0, 1):.4f}",
        rng.choice(CITIES),
        f'"{note}"',
        str(rng.randint(0, 1)),
    )
    return ",".join(cells) + "\n"


def make_long(path: Path, rows: int) -> None:
    """A CSV with ten columns and many rows."""
    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,amount,count,colour,flag,day,score,city,note,target\n")
        for i in range(rows):
            out.write(long_row(rng, i))


def ours(path: Path) -> Callable[[], object]:
    """Our whole Data-step analysis of the file (no template, so no tokenizer)."""
    return lambda: analyse_file(path, path.name, None)


def pandas_peer(path: Path) -> Callable[[], object]:
    """pandas' nearest equivalent: parse, then describe every column."""
    return lambda: pd.read_csv(path, low_memory=False).describe(include="all")


def taking_turns(sides: list[Callable[[], object]], repeats: int) -> list[list[float]]:
    """Wall-clock seconds of each side, the sides alternating within every repeat."""
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(repeats):
        for side, fn in enumerate(sides):
            gc.collect()
            started = time.perf_counter()
            fn()
            times[side].append(time.perf_counter() - started)
    return times


def stored_kb(path: Path) -> float:
    """KB of the detection, profile and findings as stored (the API sends them on each read)."""
    _, analysis = analyse_file(path, path.name, None)
    stored = {
        "detection": asdict(analysis.detection),
        "profile": asdict(analysis.profile),
        "findings": [asdict(f) for f in analysis.findings],
    }
    return len(json.dumps(stored)) / 1024


def measure(label: str, path: Path, repeats: int) -> tuple[str, ...]:
    """One table row: medians of both sides on one file, their ratio and the profile's size."""
    cells = sum(1 for _ in path.open(encoding="utf-8")) - 1
    ours_s, peer_s = taking_turns([ours(path), pandas_peer(path)], repeats)
    with path.open(encoding="utf-8") as handle:
        cells *= len(handle.readline().split(","))
    return (
        label,
        f"{path.stat().st_size / 1024**2:.0f}",
        f"{median(ours_s):.2f}",
        " / ".join(f"{t:.1f}" for t in ours_s),
        f"{median(peer_s):.2f}",
        " / ".join(f"{t:.1f}" for t in peer_s),
        f"{median(ours_s) / median(peer_s):.2f}×",
        f"{median(ours_s) / cells * 1e6:.2f}",
        f"{stored_kb(path):.0f}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wide-columns", type=int, default=2000)
    parser.add_argument("--wide-rows", type=int, default=10_000)
    parser.add_argument("--long-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    header = (
        "table",
        "CSV MB",
        "ours s",
        "ours per repeat",
        "pandas s",
        "pandas per repeat",
        "ours ÷ pandas",
        "ours µs per cell",
        "stored profile KB",
    )
    rows: list[tuple[str, ...]] = [header]
    with tempfile.TemporaryDirectory() as folder:
        wide = Path(folder) / "wide.csv"
        make_wide(wide, args.wide_columns, args.wide_rows)
        rows.append(measure(f"wide {args.wide_columns:,} × {args.wide_rows:,}", wide, args.repeats))
        wide.unlink()
        long = Path(folder) / "long.csv"
        make_long(long, args.long_rows)
        rows.append(measure(f"long 10 × {args.long_rows:,}", long, args.repeats))
    record(
        f"Profiling a wide and a long table: analyse_file vs pandas, median of {args.repeats}",
        rows,
        notes="analyse_file: sniff, read, markers, roles, profile, column checks and findings, "
        "no template. pandas: read_csv + describe(include='all'). Same process and file, the "
        "sides taking turns; 'µs per cell' stays flat when time grows linearly with cells. "
        "Stored profile: the detection, profile and findings JSON kept with the dataset.",
    )


if __name__ == "__main__":
    main()
