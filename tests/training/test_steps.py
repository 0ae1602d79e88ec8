"""One count of optimizer steps: the plan promises what the training loop really does.

The loop side is observed, not recomputed: `train` runs with a one-weight stand-in model whose
score function records every micro-batch it is given, so the test sees how many optimizer
steps the real loop takes and which examples it reads.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from pathlib import Path

import pytest
import torch
from torch import nn

from tests.training.text.conftest import Recorder, prompt_response_frame, quick_settings
from tunewright.base_models import KNOWN_MODELS, ResolvedModel
from tunewright.training.causal_lm.workflow import train_causal_lm
from tunewright.training.hardware import Hardware
from tunewright.training.loop import Scored, Scores, run_steps, train
from tunewright.training.plan import GB, DataFigures, TextPlan, plan_text
from tunewright.training.settings import TextTrainSettings
from tunewright.training.steps import micro_batches_per_epoch, optimizer_steps
from tunewright.training.text_data import Batch, Example, split_examples
from tunewright.training.types import RunContext

WORKSTATION = Hardware("cpu", 2, 24 * GB, 22 * GB, matmul_gflops=120)
SPEC = KNOWN_MODELS["HuggingFaceTB/SmolLM2-135M-Instruct"]
ROWS = range(2, 201)  # a held-out split needs at least 2 rows
BATCHES, ACCUMS, EPOCHS = (1, 2, 4, 8), (1, 2, 4), (0.5, 1.0, 3.0)


def planned(rows: int, batch: int, accum: int, epochs: float, **more: object) -> TextPlan:
    """The plan for `rows` rows with the step-deciding settings given."""
    return plan_text(
        task="causal_lm",
        spec=SPEC,
        data=DataFigures(rows=rows, tokens_p50=20, tokens_p95=40, tokens_max=60),
        hw=WORKSTATION,
        preset_defaults={},
        overrides={"batch_size": batch, "grad_accum": accum, "epochs": epochs, **more},
        budget_fraction=0.7,
    )


def train_split(rows: int, settings: TextTrainSettings) -> list[Example]:
    """The training examples a run on `rows` rows gets (the workflows' own split)."""
    examples = [Example([i + 1], [i + 1], 1) for i in range(rows)]
    return split_examples(examples, settings.val_fraction, settings.seed)[0]


class OneWeight(nn.Module):
    """A stand-in model: one weight, so a step costs microseconds."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(1))


def loop_run(
    train_set: list[Example], settings: TextTrainSettings, run_dir: Path
) -> tuple[int, Counter[int]]:
    """Run the real loop: (micro-batches it trained on, how often it read each example)."""
    seen: Counter[int] = Counter()
    batches = 0

    def score(model: nn.Module, batch: Batch) -> Scored:
        nonlocal batches
        if model.training:  # evaluation scores batches too; those are not training
            batches += 1
            seen.update(batch.input_ids[:, 0].tolist())
        rows = len(batch.input_ids)
        weight = model.weight  # type: ignore[union-attr]
        return Scored((weight**2).expand(rows), torch.ones(rows, dtype=torch.long))

    def metrics(scores: Scores) -> dict[str, float]:
        return {"val_loss": scores.loss}

    settings = TextTrainSettings(**settings.as_dict())
    settings.eval_every_steps = settings.log_every_steps = 10**6  # only the final evaluation
    settings.checkpoint_every_steps, settings.early_stopping_patience = 10**6, 0
    result = train(
        OneWeight(),
        train_set,
        train_set[:1],
        settings,
        RunContext(run_dir=run_dir, emit=lambda kind, payload: None),
        score=score,
        metrics=metrics,
        pad_id=0,
    )
    assert result.steps == result.total_steps
    return batches, seen


def test_optimizer_steps_accumulates_across_epoch_ends() -> None:
    # 180 rows, batch 4 → 45 batches an epoch; 3 epochs = 135 batches = 34 steps of 4
    assert optimizer_steps(180, 4, 4, 3.0, None) == 34
    assert optimizer_steps(10, 4, 2, 0.5, None) == 1  # 1.5 batches round up to one step
    assert optimizer_steps(10, 4, 1, 3.0, 11) == 11  # max_steps replaces epochs, even above
    assert optimizer_steps(1000, 4, 1, 3.0, 5) == 5  # ... and below
    with pytest.raises(ValueError, match="batch_size"):
        optimizer_steps(10, 0, 1, 1.0, None)


def test_plan_steps_equal_loop_steps_over_grid() -> None:
    differ = []
    for rows, batch, accum, epochs in itertools.product(ROWS, BATCHES, ACCUMS, EPOCHS):
        plan = planned(rows, batch, accum, epochs)
        train_set = train_split(rows, plan.settings)
        if (plan.train_rows, plan.total_steps) != (
            len(train_set),
            run_steps(len(train_set), plan.settings),
        ):
            differ.append((rows, batch, accum, epochs))

    assert differ == []


@pytest.mark.parametrize(
    ("batch", "accum", "epochs"), list(itertools.product(BATCHES, ACCUMS, EPOCHS))
)
def test_loop_takes_the_planned_steps_and_reads_every_planned_batch(
    batch: int, accum: int, epochs: float, tmp_path: Path
) -> None:
    for rows in (2, 3, 7, 18, 45, 62):
        plan = planned(rows, batch, accum, epochs)
        train_set = train_split(rows, plan.settings)

        batches, seen = loop_run(train_set, plan.settings, tmp_path / str(rows))

        wanted = micro_batches_per_epoch(len(train_set), batch) * epochs
        assert batches == plan.total_steps * accum, rows  # every step a full accumulation
        assert batches >= wanted > batches - accum, rows  # the planned epochs, not a step more
        assert min(seen[e.input_ids[0]] for e in train_set) >= math.floor(epochs), rows


def test_max_steps_replaces_epochs_in_plan_and_loop(tmp_path: Path) -> None:
    for max_steps in (2, 40):  # below and above the 8 steps one epoch would take
        plan = planned(38, 4, 1, 1.0, max_steps=max_steps)
        train_set = train_split(38, plan.settings)

        batches, _ = loop_run(train_set, plan.settings, tmp_path / str(max_steps))

        assert plan.total_steps == max_steps == batches


def test_real_run_ends_at_the_planned_total_steps(
    tiny_llama: ResolvedModel, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path / "run")
    frame = prompt_response_frame()  # 12 rows → 9 to train on, 5 batches of 2 an epoch
    plan = planned(len(frame), 2, 2, 3.0, val_fraction=0.25, early_stopping_patience=0)
    settings = quick_settings(
        **{k: getattr(plan.settings, k) for k in ("batch_size", "grad_accum", "epochs")},
        val_fraction=plan.settings.val_fraction,
        max_steps=plan.settings.max_steps,
        early_stopping_patience=0,
        sample_prompts=[],
    )

    result = train_causal_lm(
        frame,
        {"prompt": "q", "response": "a"},
        tiny_llama,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    steps = recorder.of("step")
    assert plan.total_steps == 8  # 15 batches in steps of 2; the old plan formula said 9
    assert result.metrics["steps"] == steps[-1]["step"] == plan.total_steps
    assert {s["total_steps"] for s in steps} == {plan.total_steps}
