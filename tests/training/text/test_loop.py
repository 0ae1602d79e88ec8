"""The shared loop: schedules, checkpoints, cancel and an exact resume."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch

from tests.training.text.conftest import Recorder, prompt_response_frame, quick_settings
from tunewright.base_models import ResolvedModel
from tunewright.training import checkpoint as ckpt
from tunewright.training.causal_lm.workflow import train_causal_lm
from tunewright.training.loop import lr_factor, run_steps
from tunewright.training.types import Cancelled

ROLES = {"prompt": "q", "response": "a"}


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("linear", [0.5, 1.0, 0.75, 0.5, 0.25]),
        ("cosine", [0.5, 1.0, 0.8536, 0.5, 0.1464]),
        ("constant", [0.5, 1.0, 1.0, 1.0, 1.0]),
    ],
)
def test_lr_factor_warms_up_then_follows_schedule(schedule: str, expected: list[float]) -> None:
    factors = [round(lr_factor(step, total=5, warmup=1, schedule=schedule), 4) for step in range(5)]

    assert factors == expected


def test_run_steps_uses_max_steps_over_epochs() -> None:
    assert run_steps(10, quick_settings(batch_size=4, grad_accum=2, epochs=3)) == 5
    assert run_steps(10, quick_settings(batch_size=4, max_steps=11)) == 11


def test_save_checkpoint_round_trips_rng_atomically(tmp_path: Path) -> None:
    random.seed(1), np.random.seed(1), torch.manual_seed(1)
    state = {"step": 3, "rng": ckpt.rng_state(), "history": [{"step": 1, "loss": 2.0}]}
    expected = (random.random(), float(np.random.rand()), float(torch.rand(1)))

    path = ckpt.save_checkpoint(tmp_path, state)
    random.seed(9), np.random.seed(9), torch.manual_seed(9)
    loaded = ckpt.load_checkpoint(tmp_path)
    assert loaded is not None
    ckpt.restore_rng(loaded["rng"])

    assert path == tmp_path / "checkpoints" / "last.pt"
    assert [p.name for p in path.parent.iterdir()] == ["last.pt"]  # no temporary file left
    assert loaded["version"] == ckpt.CHECKPOINT_VERSION and loaded["step"] == 3
    assert (random.random(), float(np.random.rand()), float(torch.rand(1))) == expected
    assert ckpt.load_checkpoint(tmp_path / "elsewhere") is None


def test_resume_after_cancel_continues_the_same_curve(
    tiny_llama: ResolvedModel, tmp_path: Path
) -> None:
    # LoRA dropout and accumulation make the curve depend on the RNG state and data position
    settings = quick_settings(
        method="lora",
        lora_r=4,
        lora_dropout=0.1,
        learning_rate=1e-2,
        batch_size=2,
        grad_accum=2,
        epochs=3,
        eval_every_steps=3,
        sample_prompts=[],
    )
    straight = Recorder(tmp_path / "straight")
    expected = train_causal_lm(
        prompt_response_frame(), ROLES, tiny_llama, settings, straight.context(), cache_dir=tmp_path
    )

    interrupted = Recorder(
        tmp_path / "interrupted", stop_when=lambda ev: len([k for k, _ in ev if k == "step"]) == 4
    )
    with pytest.raises(Cancelled):
        train_causal_lm(
            prompt_response_frame(),
            ROLES,
            tiny_llama,
            settings,
            interrupted.context(),
            cache_dir=tmp_path,
        )
    saved = ckpt.load_checkpoint(interrupted.run_dir)
    assert saved is not None
    # 9 train examples / batch 2 → 5 batches per epoch; 4 steps × 2 batches = micro-batch 8
    assert (saved["step"], saved["micro_batch"], saved["epoch"], saved["position"]) == (4, 8, 1, 3)
    assert saved["model_scope"] == "trainable" and all("lora" in k for k in saved["model"])
    assert [e["step"] for e in saved["history"]] == [1, 2, 3, 4]

    interrupted.stop_when = lambda ev: False
    interrupted.events.clear()
    resumed = train_causal_lm(
        prompt_response_frame(),
        ROLES,
        tiny_llama,
        settings,
        interrupted.context(resume=True),
        cache_dir=tmp_path,
    )

    after = interrupted.of("step")
    assert after[0]["step"] == 5 and after[-1]["step"] == expected.metrics["steps"] == 8
    assert "Resumed at step 4" in interrupted.of("log")[0]["message"]
    straight_losses = {e["step"]: e["loss"] for e in straight.of("step")}
    for event in after:
        assert event["loss"] == pytest.approx(straight_losses[event["step"]], rel=1e-4)
    resumed_curve, expected_curve = resumed.metrics["loss_curve"], expected.metrics["loss_curve"]
    assert [s for s, _ in resumed_curve] == [s for s, _ in expected_curve]
    assert [v for _, v in resumed_curve] == pytest.approx([v for _, v in expected_curve], rel=1e-4)
    assert resumed.metrics["base_val_loss"] == expected.metrics["base_val_loss"]
    assert resumed.metrics["val_loss"] == pytest.approx(expected.metrics["val_loss"], rel=1e-4)


def test_resume_with_changed_batch_size_names_the_setting(
    tiny_llama: ResolvedModel, tmp_path: Path
) -> None:
    run = Recorder(tmp_path / "run", stop_when=lambda ev: any(k == "step" for k, _ in ev))
    with pytest.raises(Cancelled):
        train_causal_lm(
            prompt_response_frame(),
            ROLES,
            tiny_llama,
            quick_settings(),
            run.context(),
            cache_dir=tmp_path,
        )

    with pytest.raises(ValueError, match="batch_size 4 → 2"):
        train_causal_lm(
            prompt_response_frame(),
            ROLES,
            tiny_llama,
            quick_settings(batch_size=2),
            run.context(resume=True),
            cache_dir=tmp_path,
        )


def test_cancel_before_the_first_step_keeps_no_checkpoint(
    tiny_llama: ResolvedModel, tmp_path: Path
) -> None:
    run = Recorder(tmp_path / "run", stop_when=lambda ev: True)  # Stop pressed while preparing

    with pytest.raises(Cancelled, match="before the first step"):
        train_causal_lm(
            prompt_response_frame(),
            ROLES,
            tiny_llama,
            quick_settings(sample_prompts=[]),
            run.context(),
            cache_dir=tmp_path,
        )

    assert not run.of("step")
    assert not ckpt.has_checkpoint(run.run_dir) and ckpt.load_checkpoint(run.run_dir) is None
