"""The plan's memory estimate against the measured peak RSS of a real training process.

On CPU an out-of-memory kills the process instead of raising, so the estimate is a promise:
a fine-tune must never use more than the plan said. Each case trains a tiny model in a fresh
child process (so nothing else this test session loaded is counted) and reads its peak RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tunewright.base_models import ResolvedModel, spec_for
from tunewright.training.hardware import Hardware
from tunewright.training.plan import GB, memory_estimate

CHILD = """
import json, sys
import pandas as pd
import torch
from tunewright.base_models import ResolvedModel
from tunewright.training.settings import TextTrainSettings
from tunewright.training.types import RunContext
from pathlib import Path

args = json.loads(sys.argv[1])
model = ResolvedModel(**args["model"])
settings = TextTrainSettings(**args["settings"])
words = "the quick brown fox jumps over the lazy dog while birds sing in the old tree".split()
texts = [" ".join(words[(i + j) % len(words)] for j in range(400)) for i in range(40)]
ctx = RunContext(run_dir=Path(args["run_dir"]), emit=lambda kind, payload: None)
if args["task"] == "causal_lm":
    from tunewright.training.causal_lm.workflow import train_causal_lm as train
    frame, roles = pd.DataFrame({"body": texts}), {"text": "body"}
else:
    from tunewright.training.classifier.workflow import train_classifier as train
    labels = ["a", "b"] * 20
    frame, roles = pd.DataFrame({"t": texts, "y": labels}), {"text": "t", "label": "y"}
train(frame, roles, model, settings, ctx, cache_dir=Path(args["run_dir"]))
# VmHWM is this process's own high-water mark; ru_maxrss would also count the parent's peak,
# which Linux carries over a vfork + exec
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"peak_rss": int(hwm.split()[1]) * 1024}))
"""

CPU = Hardware(device="cpu", cpu_cores=2, total_memory_bytes=24 * GB, free_memory_bytes=20 * GB)


def measured_peak(
    task: str, model: ResolvedModel, settings: dict[str, object], run_dir: Path
) -> int:
    """Peak resident bytes of a fresh process that fine-tunes `model` with `settings`."""
    args = {"task": task, "model": model.as_dict(), "settings": settings, "run_dir": str(run_dir)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return int(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss"])


CASES = [
    ("causal_lm", "full", 8, 256),
    ("causal_lm", "lora", 8, 256),
    ("classifier", "full", 16, 128),
]


@pytest.mark.slow
@pytest.mark.parametrize(("task", "method", "batch", "length"), CASES)
def test_memory_estimate_holds_against_measured_peak_rss(
    task: str,
    method: str,
    batch: int,
    length: int,
    tiny_llama: ResolvedModel,
    tiny_bert: ResolvedModel,
    tmp_path: Path,
) -> None:
    model = tiny_llama if task == "causal_lm" else tiny_bert
    settings = {
        "max_length": length,
        "batch_size": batch,
        "max_steps": 3,
        "method": method,
        "lora_r": 4,
        "val_fraction": 0.2,
        "log_every_steps": 1,
        "eval_every_steps": 3,
        "sample_every_steps": 100,
        "checkpoint_every_steps": 100,
        "threads": 1,
    }
    estimate = memory_estimate(
        spec_for(model), batch, length, method, False, CPU, 0.7, lora_r=settings["lora_r"]
    )

    peak = measured_peak(task, model, settings, tmp_path)

    print(f"peak RSS {peak / GB:.2f} GB, estimate {estimate.peak / GB:.2f} GB")
    # the promise: never more than estimated (an overrun on CPU is a SIGKILL, not an error)
    assert peak <= estimate.peak, (peak, estimate.as_dict())
    # and not so cautious that the plan wastes the machine: within 2x of what was used
    assert estimate.peak <= 2 * peak, (peak, estimate.as_dict())
