"""Estimates that learn: speed measured by finished runs replaces the first guess."""

from __future__ import annotations

import json
from pathlib import Path

from tunewright.base_models import KNOWN_MODELS
from tunewright.training.hardware import Hardware
from tunewright.training.plan import GB, DataFigures, plan_text
from tunewright.training.throughput import (
    CACHE_FILE,
    KEEP,
    MeasuredSpeed,
    SpeedKey,
    measured_speed,
    record_run,
)

CPU = Hardware("cpu", 2, 24 * GB, 20 * GB, matmul_gflops=80)
DATA = DataFigures(rows=80, tokens_p50=60, tokens_p95=150, tokens_max=300)
KEY = SpeedKey("SmolLM2-135M-Instruct", "lora", "cpu", 2)


def test_record_run_keeps_the_last_runs_and_reads_medians(tmp_path: Path) -> None:
    assert measured_speed(tmp_path, KEY) is None
    for rate in (10e9, 30e9, 20e9):
        record_run(tmp_path, KEY, flops_per_s=rate, overhead_s=rate / 1e9)
    speed = measured_speed(tmp_path, KEY)
    assert speed == MeasuredSpeed(flops_per_s=20e9, overhead_s=20.0, runs=3)
    for _ in range(KEEP + 3):
        record_run(tmp_path, KEY, flops_per_s=50e9, overhead_s=5.0)
    assert measured_speed(tmp_path, KEY) == MeasuredSpeed(50e9, 5.0, KEEP)
    other = SpeedKey("SmolLM2-135M-Instruct", "full", "cpu", 2)
    assert measured_speed(tmp_path, other) is None  # full fine-tuning is measured on its own


def test_record_run_ignores_nonsense_and_survives_a_damaged_file(tmp_path: Path) -> None:
    record_run(tmp_path, KEY, flops_per_s=0.0, overhead_s=1.0)
    record_run(tmp_path, KEY, flops_per_s=float("nan"), overhead_s=1.0)
    assert measured_speed(tmp_path, KEY) is None
    (tmp_path / CACHE_FILE).write_text("{not json")
    assert measured_speed(tmp_path, KEY) is None
    record_run(tmp_path, KEY, flops_per_s=1e9, overhead_s=2.0)
    assert json.loads((tmp_path / CACHE_FILE).read_text())[KEY.text()][0]["overhead_s"] == 2.0


def test_plan_text_estimate_uses_measured_speed() -> None:
    spec = KNOWN_MODELS["gpt2"]

    def plan(speed: MeasuredSpeed | None):  # type: ignore[no-untyped-def]
        return plan_text(
            task="causal_lm",
            spec=spec,
            data=DATA,
            hw=CPU,
            preset_defaults={"method": "lora"},
            overrides={},
            budget_fraction=0.7,
            speed=lambda method, threads: speed if (method, threads) == ("lora", 2) else None,
        )

    guess = plan(None)
    assert "first guess" in guess.estimate_basis
    flops = guess.total_steps * guess.tokens_per_step * guess.flops_per_token
    measured = plan(MeasuredSpeed(flops_per_s=flops / 100, overhead_s=30.0, runs=2))
    assert measured.estimated_seconds == 130.0  # the loop's measured rate, plus the time outside
    assert (
        measured.estimate_basis == "Measured from 2 finished runs of this model on this computer."
    )
