"""Ingestion: our analyse (sniff, read, roles, profile, checks) vs pandas read_csv + describe.

The peer does far less (no encoding sniffing, no roles, no findings, no token counts), so the
ratio says what the extra understanding costs. Peak memory is measured in a fresh child
process per side, because on CPU running out of memory kills rather than raises.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import median, record

ROWS = 100_000
REPEATS = 3

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
path, side = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
if side == "tunewright":
    from tunewright.data import analyse_file
    from tunewright.templates import get_template
    analyse_file(path, path.name, get_template("text-classifier").requirements())
else:
    import pandas as pd
    frame = pd.read_csv(path)
    frame.describe(include="all")
    frame.duplicated().sum()
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed, "peak": peak}))
"""


def make_csv(path: Path, rows: int) -> None:
    """A review-like CSV: free text, a label, a number, some blanks and duplicates."""
    rng = random.Random(0)
    words = [
        "good",
        "bad",
        "late",
        "early",
        "refund",
        "broken",
        "love",
        "hate",
        "fast",
        "slow",
        "price",
        "quality",
        "support",
    ]
    labels = ["praise", "complaint", "question"]
    with path.open("w", encoding="utf-8") as out:
        out.write("text,label,stars\n")
        for i in range(rows):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
            stars = "" if i % 97 == 0 else str(rng.randint(1, 5))
            out.write(f'"{text}",{rng.choice(labels)},{stars}\n')


def run(path: Path, side: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), side], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.csv"
        make_csv(path, ROWS)
        size_mb = path.stat().st_size / 1024**2
        ours = [run(path, "tunewright") for _ in range(REPEATS)]
        peer = [run(path, "pandas") for _ in range(REPEATS)]
    ours_s = median([r["seconds"] for r in ours])
    peer_s = median([r["seconds"] for r in peer])
    ours_mb = median([r["peak"] for r in ours]) / 1024**2
    peer_mb = median([r["peak"] for r in peer]) / 1024**2
    record(
        f"Ingestion of a {ROWS:,}-row CSV ({size_mb:.0f} MB), median of {REPEATS}",
        [
            ("side", "seconds", "peak RSS (MB)"),
            ("tunewright analyse_file", f"{ours_s:.2f}", f"{ours_mb:.0f}"),
            ("pandas read_csv + describe + duplicated", f"{peer_s:.2f}", f"{peer_mb:.0f}"),
            ("ratio (ours ÷ peer)", f"{ours_s / peer_s:.2f}×", f"{ours_mb / peer_mb:.2f}×"),
        ],
        notes="Import time of each side's libraries is included (a fresh process per repeat).",
    )


if __name__ == "__main__":
    main()
