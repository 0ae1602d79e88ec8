"""The automatic plan across templates and hardware.

It fits memory, explains itself and refuses bad overrides.
"""

from __future__ import annotations

import pytest

from tunewright.base_models import KNOWN_MODELS
from tunewright.templates import catalog
from tunewright.training.hardware import Hardware
from tunewright.training.plan import (
    GB,
    DataFigures,
    PlanError,
    memory_estimate,
    plan_tabular,
    plan_text,
)

LAPTOP = Hardware("cpu", 4, 8 * GB, 3 * GB, matmul_gflops=80)
WORKSTATION = Hardware("cpu", 2, 24 * GB, 22 * GB, bf16=True, matmul_gflops=120)
GPU = Hardware("cuda", 16, 80 * GB, 78 * GB, "NVIDIA H100", bf16=True, matmul_gflops=50_000)
TINY_BOX = Hardware("cpu", 1, 2 * GB, int(1.2 * GB), matmul_gflops=20)
DATA = DataFigures(rows=800, tokens_p50=70, tokens_p95=210, tokens_max=900, classes=3)

TEXT_TEMPLATES = [t for t in catalog().values() if t.task != "tabular"]


@pytest.mark.parametrize(
    "hardware", [LAPTOP, WORKSTATION, GPU], ids=["laptop", "workstation", "gpu"]
)
@pytest.mark.parametrize("template", TEXT_TEMPLATES, ids=lambda t: t.id)
def test_plan_text_fits_budget_and_gives_reasons(template, hardware) -> None:  # type: ignore[no-untyped-def]
    spec = KNOWN_MODELS[template.default_model]
    plan = plan_text(
        task=template.task,
        spec=spec,
        data=DATA,
        hw=hardware,
        preset_defaults=template.preset("beginner").defaults,
        overrides={},
        budget_fraction=0.7,
    )
    assert plan.memory.peak <= plan.memory.budget
    assert plan.total_steps > 0
    assert plan.estimated_seconds > 0
    assert all(item.reason for item in plan.items)
    assert plan.settings.max_length >= 210 or plan.settings.max_length == 512
    assert plan.settings.device == hardware.device
    assert not plan.warnings or "longer" in plan.warnings[0]


def test_plan_text_on_gpu_uses_bf16_and_on_cpu_fp32() -> None:
    spec = KNOWN_MODELS["gpt2"]
    on_gpu = plan_text(
        task="causal_lm",
        spec=spec,
        data=DATA,
        hw=GPU,
        preset_defaults={},
        overrides={},
        budget_fraction=0.7,
    )
    on_cpu = plan_text(
        task="causal_lm",
        spec=spec,
        data=DATA,
        hw=WORKSTATION,
        preset_defaults={},
        overrides={},
        budget_fraction=0.7,
    )
    assert on_gpu.settings.precision == "bf16"
    assert on_cpu.settings.precision == "fp32"


def test_plan_text_small_memory_switches_to_lora_or_checkpointing() -> None:
    plan = plan_text(
        task="causal_lm",
        spec=KNOWN_MODELS["gpt2"],
        data=DATA,
        hw=LAPTOP,
        preset_defaults={},
        overrides={"max_length": 512},
        budget_fraction=0.7,
    )
    assert plan.memory.peak <= plan.memory.budget
    assert plan.settings.method == "lora" or plan.settings.gradient_checkpointing


def test_plan_text_refuses_when_nothing_fits() -> None:
    with pytest.raises(PlanError) as caught:
        plan_text(
            task="causal_lm",
            spec=KNOWN_MODELS["HuggingFaceTB/SmolLM2-135M-Instruct"],
            data=DATA,
            hw=TINY_BOX,
            preset_defaults={},
            overrides={"max_length": 4096},
            budget_fraction=0.5,
        )
    assert caught.value.field == "batch_size"
    assert "max_length" in caught.value.hint


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"learning_rate": 5}, "learning_rate"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"method": "qlora"}, "method"),
        ({"max_length": 4096}, "max_length"),  # gpt2 reads at most 1024
        ({"turbo": True}, "turbo"),
    ],
)
def test_plan_text_invalid_override_names_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(PlanError) as caught:
        plan_text(
            task="causal_lm",
            spec=KNOWN_MODELS["gpt2"],
            data=DATA,
            hw=WORKSTATION,
            preset_defaults={},
            overrides=overrides,
            budget_fraction=0.7,
        )
    assert caught.value.field == field
    assert caught.value.hint


def test_plan_text_override_is_kept_and_marked() -> None:
    plan = plan_text(
        task="classifier",
        spec=KNOWN_MODELS["distilbert-base-uncased"],
        data=DATA,
        hw=WORKSTATION,
        preset_defaults={},
        overrides={"epochs": 1, "batch_size": 4},
        budget_fraction=0.7,
    )
    items = {i.name: i for i in plan.items}
    assert plan.settings.epochs == 1
    assert items["batch_size"].source == "override"
    assert plan.settings.batch_size == 4


def test_plan_text_memory_estimate_uses_the_effective_lora_rank() -> None:
    def memory(preset: dict[str, object], overrides: dict[str, object]):  # type: ignore[no-untyped-def]
        return plan_text(
            task="causal_lm",
            spec=KNOWN_MODELS["gpt2"],
            data=DATA,
            hw=WORKSTATION,
            preset_defaults={"method": "lora", **preset},
            overrides={"batch_size": 4, **overrides},
            budget_fraction=0.7,
        ).memory

    default, preset, override = (
        memory({}, {}),
        memory({"lora_r": 64}, {}),
        memory({}, {"lora_r": 128}),
    )

    assert default.gradients < preset.gradients < override.gradients
    assert default.optimizer < preset.optimizer < override.optimizer
    assert override.peak > default.peak
    assert (override.weights, override.activations) == (default.weights, default.activations)


def test_memory_estimate_lora_rank_scales_gradients_and_optimizer_states() -> None:
    def estimate(rank: int):  # type: ignore[no-untyped-def]
        spec = KNOWN_MODELS["gpt2"]
        return memory_estimate(spec, 4, 256, "lora", False, WORKSTATION, 0.7, lora_r=rank)

    small, large = estimate(8), estimate(64)

    assert large.gradients == pytest.approx(8 * small.gradients, rel=0.01)  # adapters ∝ rank
    assert large.optimizer == 2 * large.gradients  # AdamW keeps two states per trainable weight
    assert large.optimizer > small.optimizer


def test_plan_text_more_data_fewer_epochs() -> None:
    def epochs(rows: int) -> float:
        data = DataFigures(rows=rows, tokens_p50=50, tokens_p95=100, tokens_max=200)
        return plan_text(
            task="classifier",
            spec=KNOWN_MODELS["distilbert-base-uncased"],
            data=data,
            hw=WORKSTATION,
            preset_defaults={},
            overrides={},
            budget_fraction=0.7,
        ).settings.epochs

    assert epochs(100) > epochs(1_000) > epochs(10_000) > epochs(100_000)


def test_plan_tabular_budget_grows_with_rows_and_checks_overrides() -> None:
    small = plan_tabular(rows=500, hw=WORKSTATION, overrides={})
    large = plan_tabular(rows=100_000, hw=WORKSTATION, overrides={})
    assert small.settings["time_budget_s"] < large.settings["time_budget_s"]
    assert small.train_rows + small.val_rows == 500
    with pytest.raises(PlanError) as caught:
        plan_tabular(rows=500, hw=WORKSTATION, overrides={"cv_folds": 50})
    assert caught.value.field == "cv_folds"
