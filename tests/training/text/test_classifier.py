"""Classifier fine-tuning on a tiny random BERT: learning, evaluation, LoRA, saving, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from tests.training.text.conftest import Recorder, quick_settings, reviews_frame
from tunewright.base_models import ResolvedModel
from tunewright.training.classifier.workflow import train_classifier

ROLES = {"text": "review", "label": "sentiment"}


def test_train_classifier_learns_and_reports_against_baseline(
    tiny_bert: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    settings = quick_settings(epochs=12, learning_rate=5e-3, eval_every_steps=6)

    result = train_classifier(
        reviews_frame(), ROLES, tiny_bert, settings, recorder.context(), cache_dir=tmp_path
    )

    metrics = result.metrics
    assert metrics["labels"] == ["negative", "neutral", "positive"]
    assert len(metrics["confusion_matrix"]) == 3
    assert set(metrics["per_class"]) == {"negative", "neutral", "positive"}
    assert 0.0 <= metrics["macro_f1"] <= 1.0
    assert metrics["baseline_accuracy"] == pytest.approx(2 / 6, abs=0.01)  # stratified 2/2/2
    losses = [e["loss"] for e in recorder.of("step")]
    assert losses[-1] < losses[0]
    assert result.split["stratified"] is True
    assert result.verdict.headline
    assert [p["phase"] for p in recorder.of("phase")] == ["preparing", "training", "evaluating"]
    assert recorder.of("eval") and "accuracy" in recorder.of("eval")[0]


def test_train_classifier_lora_saves_a_plain_classifier(
    tiny_bert: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    settings = quick_settings(method="lora", lora_r=4, epochs=2, learning_rate=1e-2)

    result = train_classifier(
        reviews_frame(), ROLES, tiny_bert, settings, recorder.context(), cache_dir=tmp_path
    )

    folder = result.artifact_dir
    record = json.loads((folder / "metadata.json").read_text())
    assert record["merged_lora"] is True
    assert record["labels"] == ["negative", "neutral", "positive"]
    assert not (folder / "adapter_config.json").exists()
    model = AutoModelForSequenceClassification.from_pretrained(folder)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert model.config.id2label == {0: "negative", 1: "neutral", 2: "positive"}
    with torch.no_grad():
        logits = model(**tokenizer(["love it"], return_tensors="pt")).logits
    assert logits.shape == (1, 3)


def test_train_classifier_single_label_names_the_fix(
    tiny_bert: ResolvedModel, recorder: Recorder, tmp_path: Path
) -> None:
    frame = reviews_frame()
    frame["sentiment"] = "positive"

    with pytest.raises(ValueError, match="label") as caught:
        train_classifier(
            frame, ROLES, tiny_bert, quick_settings(), recorder.context(), cache_dir=tmp_path
        )
    assert "positive" in str(caught.value) or "one" in str(caught.value).lower()
