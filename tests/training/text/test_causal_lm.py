"""Causal-LM fine-tuning end to end on a tiny random Llama: data shapes, events, saving."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from tests.training.text.conftest import (
    Recorder,
    chat_frame,
    prompt_response_frame,
    quick_settings,
    raw_text_frame,
)
from tunewright.base_models import ResolvedModel
from tunewright.training.causal_lm.evaluate import MIN_PERPLEXITY_DROP, _percent, report
from tunewright.training.causal_lm.workflow import train_causal_lm
from tunewright.training.loop import LoopResult, Scores
from tunewright.training.text_data import Prepared

STEP_FIELDS = {
    "step",
    "total_steps",
    "epoch",
    "loss",
    "learning_rate",
    "samples_per_s",
    "tokens_per_s",
    "elapsed_s",
    "eta_s",
    "memory_mb",
}


def _reload_and_generate(folder: Path) -> str:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder)
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "Hi"}], tokenize=False, add_generation_prompt=True
    )
    ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)["input_ids"]
    out = model.generate(ids, max_new_tokens=3, do_sample=False)
    assert out.shape[1] > ids.shape[1]
    return str(tokenizer.decode(out[0]))


def test_train_causal_lm_raw_text_lowers_loss(
    tiny_llama: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    settings = quick_settings(
        epochs=8, learning_rate=2e-2, eval_every_steps=8, sample_prompts=["the cat"]
    )

    result = train_causal_lm(
        raw_text_frame(),
        {"text": "body"},
        tiny_llama,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    losses = [e["loss"] for e in recorder.of("step")]
    assert len(losses) == 24  # 12 train lines / batch 4 = 3 steps per epoch, 8 epochs
    assert losses[-1] < 0.5 * losses[0]
    assert result.metrics["val_loss"] < result.metrics["base_val_loss"]
    assert result.verdict.passed and result.verdict.headline.startswith("Passed: on text")
    assert result.split["shape"] == "raw_text" and result.split["train_size"] == 12


def test_train_causal_lm_chat_emits_events_in_order(
    tiny_llama: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    settings = quick_settings(sample_every_steps=2)

    result = train_causal_lm(
        chat_frame(),
        {"messages": "conversation"},
        tiny_llama,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    phases = [p["phase"] for p in recorder.of("phase")]
    assert phases == ["preparing", "training", "evaluating"]
    kinds = [k for k, _ in recorder.events if k != "log"]
    assert kinds.index("step") > kinds.index("phase")
    assert kinds[-1] == "phase"  # evaluating comes after every training event
    steps = recorder.of("step")
    assert [s["step"] for s in steps] == list(range(1, 7))  # 9 train / 4 → 3 per epoch, 2 epochs
    assert all(set(s) >= STEP_FIELDS for s in steps)
    assert all(
        s["total_steps"] == 6 and s["tokens_per_s"] > 0 and s["memory_mb"] > 0 for s in steps
    )
    evals = recorder.of("eval")
    assert [e["step"] for e in evals] == [4, 6]
    assert all({"val_loss", "perplexity", "best_val_loss", "improved"} <= set(e) for e in evals)
    samples = recorder.of("sample")
    assert [s["step"] for s in samples] == [2, 4, 6]
    assert samples[0]["prompt"] == "What colour is the sky?" and isinstance(
        samples[0]["output"], str
    )
    assert result.metrics["samples"][0].keys() == {"prompt", "base", "fine_tuned"}
    assert result.split["prompt_format"] == "chat_template"


def test_train_causal_lm_prompt_response_saves_self_describing_model(
    tiny_llama: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    settings = quick_settings(sample_prompts=[])

    result = train_causal_lm(
        prompt_response_frame(),
        {"prompt": "q", "response": "a"},
        tiny_llama,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    folder = result.artifact_dir
    assert folder == recorder.run_dir / "model"
    names = {p.name for p in folder.iterdir()}
    assert {"model.safetensors", "config.json", "generation_config.json", "metadata.json"} <= names
    assert "tokenizer.json" in names and not (recorder.run_dir / "checkpoints").exists()
    meta = json.loads((folder / "metadata.json").read_text())
    assert meta["task"] == "causal_lm" and meta["merged_lora"] is False
    assert meta["base_model"]["path"] == tiny_llama.path
    assert (
        meta["settings"]["max_length"] == 64
        and meta["metrics"]["val_loss"] == result.metrics["val_loss"]
    )
    assert {"python", "torch", "transformers", "peft"} <= set(meta["library_versions"])
    assert meta["split"]["seed"] == 7 and meta["created_at"]
    assert meta["verdict"]["gates"][0]["name"] == "val_loss_improved"
    # default sample prompts: held-out questions
    assert result.metrics["samples"] and result.metrics["samples"][0]["prompt"]
    _reload_and_generate(folder)


def test_train_causal_lm_lora_merges_into_a_plain_model(
    tiny_llama: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    from transformers import AutoModelForCausalLM

    settings = quick_settings(method="lora", lora_r=4, lora_alpha=8, learning_rate=1e-2)

    result = train_causal_lm(
        prompt_response_frame(),
        {"prompt": "q", "response": "a"},
        tiny_llama,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    folder = result.artifact_dir
    assert not (folder / "adapter_config.json").exists()
    meta = json.loads((folder / "metadata.json").read_text())
    assert meta["merged_lora"] is True and "merged" in meta["weights"]
    tuned = AutoModelForCausalLM.from_pretrained(folder)
    base = AutoModelForCausalLM.from_pretrained(tiny_llama.path)
    assert not any("lora" in name for name, _ in tuned.named_parameters())
    changed = [
        name
        for (name, a), (_, b) in zip(tuned.named_parameters(), base.named_parameters(), strict=True)
        if not torch.equal(a, b)
    ]
    assert changed and all("proj" in name for name in changed)  # only the adapted projections
    _reload_and_generate(folder)


def test_train_causal_lm_labels_column_names_the_fix(
    tiny_llama: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="classifier"):
        train_causal_lm(
            raw_text_frame().assign(y="a"),
            {"text": "body", "label": "y"},
            tiny_llama,
            quick_settings(),
            recorder.context(),
            cache_dir=tmp_path,
        )


@pytest.mark.parametrize(
    ("share", "written"),
    [(0.38, "38%"), (0.0041, "0.4%"), (0.0, "0%"), (-0.004, "-0.4%"), (0.012, "1%")],
)
def test_verdict_percent_keeps_small_changes_visible(share: float, written: str) -> None:
    """A 0.4% gain reads "0.4%", not a contradictory "0% more likely" beside "Passed"."""
    assert _percent(share) == written


def held_out(perplexity: float, examples: int = 12) -> Scores:
    """Scores of `examples` held-out answers of 10 tokens each at the given perplexity."""
    return Scores(np.full(examples, 10 * math.log(perplexity)), np.full(examples, 10))


def judged(base_perplexity: float, tuned_perplexity: float):  # type: ignore[no-untyped-def]
    """The verdict of a run whose held-out perplexity went from base to tuned (no overfitting)."""
    loss = math.log(tuned_perplexity)
    result = LoopResult(20, 20, 3.0, False, 20, loss, loss, [], [], 1.0, 1.0, 1.0)
    samples = [{"prompt": "Where is my order?", "base": "order order", "fine_tuned": "On its way."}]
    return report(
        held_out(base_perplexity),
        held_out(tuned_perplexity),
        [5] * 12,
        result,
        Prepared([], "chat", rows=80),
        68,
        256,
        samples,
    )


def test_verdict_passes_when_perplexity_falls_at_least_the_minimum() -> None:
    metrics, verdict = judged(40.0, 28.0)  # 30% lower

    gate = verdict.gates[0]
    assert verdict.passed and gate["passed"] and gate["name"] == "val_loss_improved"
    assert gate["value"] == pytest.approx(28.0) and gate["threshold"] == pytest.approx(38.0)
    assert "perplexity 40.0 → 28.0 (30% lower than the base model)" in verdict.headline
    assert verdict.headline.startswith("Passed")
    assert metrics["perplexity_drop"] == pytest.approx(0.3)
    assert any("“order order”" in i and "“On its way.”" in i for i in verdict.insights)
    assert judged(40.0, 38.0)[1].passed  # exactly the minimum passes


@pytest.mark.parametrize(
    ("tuned", "written"), [(39.84, "0.4% lower"), (38.2, "4.5% lower"), (44.0, "10% higher")]
)
def test_verdict_fails_below_the_minimum_drop_and_says_why(tuned: float, written: str) -> None:
    _, verdict = judged(40.0, tuned)

    assert not verdict.passed and not verdict.gates[0]["passed"]
    assert f"perplexity 40.0 → {tuned:.1f} ({written} than the base model)" in verdict.headline
    assert f"a pass needs at least {MIN_PERPLEXITY_DROP:.0%} lower" in verdict.headline
    assert any("Train longer" in s for s in verdict.suggestions)
