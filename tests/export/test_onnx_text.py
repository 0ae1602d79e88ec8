"""ONNX exports of text models, loaded back with onnxruntime and compared with the app's path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from tunewright.export import ensure_export, read_export
from tunewright.export.onnx_text import load_causal_lm
from tunewright.serving.predictors import TorchClassifier, load_predictor
from tunewright.serving.types import ClassifyInput

TEXTS = ["great product, love it", "it broke", "the box is blue and it came on a monday"]


@pytest.fixture(scope="module")
def torch_classifier(classifier_dir: Path) -> TorchClassifier:
    predictor = load_predictor(classifier_dir, "classifier")
    assert isinstance(predictor, TorchClassifier)
    return predictor


def run_classifier(folder: Path, texts: list[str]) -> np.ndarray:
    """Logits from the export folder alone: onnxruntime plus the tokenizer shipped beside it."""
    from transformers import AutoTokenizer

    session = ort.InferenceSession(str(folder / "model.onnx"))
    tokenizer = AutoTokenizer.from_pretrained(folder)
    encoded = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="np")
    names = [i.name for i in session.get_inputs()]
    logits: np.ndarray = session.run(["logits"], {n: encoded[n] for n in names})[0]
    return logits


def test_export_classifier_onnx_answers_like_torch(
    classifier_dir: Path, torch_classifier: TorchClassifier, tmp_path: Path
) -> None:
    result = ensure_export(classifier_dir, tmp_path / "onnx", "onnx")

    parity = result.record["parity"]
    assert parity["passed"], parity["why_failed"]
    assert parity["metric"] == "max_abs_diff"
    assert parity["max_abs_diff"] <= parity["tolerance"] == 1e-3
    assert parity["samples"] >= 16
    served = torch_classifier.predict(ClassifyInput(texts=TEXTS)).body["predictions"]
    for batch in (TEXTS, TEXTS[:1]):  # dynamic batch and sequence axes
        logits = run_classifier(result.folder, batch)
        probabilities = torch.softmax(torch.from_numpy(logits), -1).numpy()
        for row, answer in zip(probabilities, served, strict=False):
            labels = torch_classifier.labels
            assert labels[int(row.argmax())] == answer["label"]
            expected = [answer["probabilities"][label] for label in labels]
            assert np.allclose(row, expected, atol=1e-4)


def test_export_classifier_int8_agrees_within_tolerance(
    classifier_dir: Path, torch_classifier: TorchClassifier, tmp_path: Path
) -> None:
    result = ensure_export(classifier_dir, tmp_path / "onnx-int8", "onnx-int8")
    full = ensure_export(classifier_dir, tmp_path / "onnx", "onnx")

    parity = result.record["parity"]
    assert parity["passed"], parity["why_failed"]
    assert parity["metric"] == "label_agreement"
    assert parity["label_agreement"] >= parity["tolerance"] == 0.95
    size = (result.folder / "model.onnx").stat().st_size
    assert size < (full.folder / "model.onnx").stat().st_size / 2
    served = torch_classifier.predict(ClassifyInput(texts=TEXTS)).body["predictions"]
    chosen = run_classifier(result.folder, TEXTS).argmax(-1)
    labels = [torch_classifier.labels[int(i)] for i in chosen]
    assert np.mean([a == b["label"] for a, b in zip(labels, served, strict=True)]) >= 0.95
    assert result.record["onnx"]["quantization"].startswith("dynamic int8")


def test_export_causal_lm_onnx_generates_like_transformers_with_kv_cache(
    causal_dir: Path, tmp_path: Path
) -> None:
    result = ensure_export(causal_dir, tmp_path / "onnx", "onnx")
    parity = result.record["parity"]
    assert parity["passed"], parity["why_failed"]
    assert {c["name"] for c in parity["checks"]} == {"max_abs_diff", "greedy_identical"}
    info = read_export(result.folder)["onnx"]  # type: ignore[index]
    assert info["kv_cache"] is True
    assert "past_key_values.0.key" in info["inputs"] and "present.0.value" in info["outputs"]

    model, tokenizer = load_causal_lm(causal_dir)
    session = ort.InferenceSession(str(result.folder / "model.onnx"))
    past_names = [i.name for i in session.get_inputs() if i.name.startswith("past_key_values.")]
    for prompt in ("What colour is the sky?", "Say hello."):
        ids = tokenizer(prompt, return_tensors="np")["input_ids"].astype(np.int64)
        with torch.no_grad():
            expected = model.generate(
                torch.from_numpy(ids),
                max_new_tokens=6,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                output_logits=True,
                return_dict_in_generate=True,
            )
        past = {
            i.name: np.zeros((1, i.shape[1], 0, i.shape[3]), np.float32)
            for i in session.get_inputs()
            if i.name in past_names
        }
        step, length, tokens = ids, ids.shape[1], []
        for position in range(len(expected.logits)):  # fewer when it ends with EOS
            outputs = session.run(
                None,
                {
                    "input_ids": step,
                    "attention_mask": np.ones((1, length), np.int64),
                    "position_ids": np.arange(length - step.shape[1], length)[None, :],
                    **past,
                },
            )
            logits = outputs[0][0, -1]
            assert np.abs(logits - expected.logits[position][0].numpy()).max() <= 1e-2
            tokens.append(int(logits.argmax()))
            past = dict(zip(past_names, outputs[1:], strict=True))
            assert past[past_names[0]].shape[2] == length  # the cache grew by this step
            step, length = np.array([[tokens[-1]]], dtype=np.int64), length + 1
        assert tokens == expected.sequences[0, ids.shape[1] :].tolist()


@pytest.mark.slow
def test_export_causal_lm_int8_records_next_token_agreement(
    causal_dir: Path, tmp_path: Path
) -> None:
    result = ensure_export(causal_dir, tmp_path / "onnx-int8", "onnx-int8")

    parity = result.record["parity"]
    assert parity["metric"] == "next_token_agreement"
    assert parity["tolerance"] == 0.9
    assert parity["passed"] == (parity["next_token_agreement"] >= 0.9)
    assert (result.folder / "model.onnx").is_file()
