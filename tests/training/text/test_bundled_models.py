"""Short fine-tunes of the real bundled weights: SmolLM2-135M-Instruct (GGUF) and all-MiniLM-L6-v2.

These load the actual pretrained checkpoints users get offline, so they prove the GGUF path,
LoRA on a real Llama, a fresh classification head on a real sentence encoder, and saving.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED_CACHE, bundled
from tests.training.text.conftest import (
    Recorder,
    prompt_response_frame,
    quick_settings,
    reviews_frame,
)
from tunewright.training.causal_lm.workflow import train_causal_lm
from tunewright.training.classifier.workflow import train_classifier


@pytest.mark.slow
def test_train_causal_lm_bundled_smollm2_lora_saves_a_working_model(
    recorder: Recorder,
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = bundled("causal_lm")
    settings = quick_settings(
        method="lora",
        lora_r=4,
        max_length=48,
        batch_size=2,
        max_steps=3,
        learning_rate=1e-3,
        eval_every_steps=3,
        sample_every_steps=3,
        sample_max_new_tokens=4,
        threads=2,
    )

    result = train_causal_lm(
        prompt_response_frame(),
        {"prompt": "q", "response": "a"},
        model,
        settings,
        recorder.context(),
        cache_dir=SHARED_CACHE,
    )

    assert result.base_model["source"] == "bundled"
    assert result.base_model["gguf_file"].endswith(".gguf")
    # a real pretrained model already knows English: far below the ~10.8 nats of random guessing
    assert result.metrics["base_val_loss"] < 6.0
    assert result.metrics["steps"] == 3
    folder = result.artifact_dir
    record = json.loads((folder / "metadata.json").read_text())
    assert record["merged_lora"] is True
    tokenizer = AutoTokenizer.from_pretrained(folder)
    reloaded = AutoModelForCausalLM.from_pretrained(folder)
    ids = tokenizer("The sky is", return_tensors="pt")["input_ids"]
    assert reloaded.generate(ids, max_new_tokens=2, do_sample=False).shape[1] == ids.shape[1] + 2


@pytest.mark.slow
def test_train_classifier_bundled_minilm_beats_chance(recorder: Recorder, tmp_path: Path) -> None:
    model = bundled("classifier")
    settings = quick_settings(epochs=6, learning_rate=1e-4, batch_size=8, threads=2)

    result = train_classifier(
        reviews_frame(),
        {"text": "review", "label": "sentiment"},
        model,
        settings,
        recorder.context(),
        cache_dir=tmp_path,
    )

    assert result.base_model["source"] == "bundled"
    losses = [e["loss"] for e in recorder.of("step")]
    assert losses[-1] < losses[0]
    assert result.metrics["accuracy"] > 1 / 3  # pretrained sentence features separate sentiment
    assert (result.artifact_dir / "model.safetensors").exists()
