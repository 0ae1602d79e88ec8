"""Predictors on real (tiny) trained artifacts: generation, classification, table rows."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import torch

from tests.serving import artifacts
from tunewright.base_models import ResolvedModel
from tunewright.serving.generation import collect
from tunewright.serving.predictors import (
    SklearnTabular,
    TorchCausalLM,
    TorchClassifier,
    load_base_causal_lm,
    load_predictor,
)
from tunewright.serving.types import (
    ClassifyInput,
    GenerateInput,
    InputError,
    ModelUnavailableError,
    TabularInput,
)

SAMPLED = {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "seed": 3, "max_new_tokens": 24}


def _example_row(tabular_dir: Path) -> dict[str, Any]:
    meta = json.loads((tabular_dir / "metadata.json").read_text())
    return dict(meta["example_input"])


# --- causal LM ---------------------------------------------------------------------------


def test_predict_causal_lm_answers_with_text_tokens_and_reason(causal: TorchCausalLM) -> None:
    prediction = causal.predict(GenerateInput(prompt="What colour is the sky?", max_new_tokens=5))

    assert set(prediction.body) == {"text", "tokens", "finish_reason"}
    assert 1 <= prediction.body["tokens"] <= 5 and prediction.tokens == prediction.body["tokens"]
    assert prediction.body["finish_reason"] in ("stop", "length")
    assert causal.task == "causal_lm" and causal.engine == "torch" and causal.memory_bytes() > 0


def test_generate_temperature_zero_is_deterministic(causal: TorchCausalLM) -> None:
    data = GenerateInput(prompt="Say hello.", temperature=0, max_new_tokens=12)

    first, second = causal.predict(data).body, causal.predict(data).body

    assert first == second
    assert first["finish_reason"] == "length" and first["tokens"] == 12


def test_generate_same_seed_repeats_the_sample(causal: TorchCausalLM) -> None:
    data = GenerateInput(prompt="Say hello.", **SAMPLED)

    assert causal.predict(data).body == causal.predict(data).body
    other = causal.predict(GenerateInput(prompt="Say hello.", **{**SAMPLED, "seed": 4})).body
    assert other != causal.predict(data).body


def test_generate_stop_sequence_cuts_the_text(causal: TorchCausalLM) -> None:
    full = causal.predict(GenerateInput(prompt="Say hello.", **SAMPLED)).body["text"]
    stop = full[len(full) // 2 : len(full) // 2 + 2]
    assert len(stop) == 2 and stop.strip()

    stopped = causal.predict(GenerateInput(prompt="Say hello.", stop=[stop], **SAMPLED)).body

    assert stopped["finish_reason"] == "stop"
    assert stopped["text"] == full[: full.find(stop)]
    assert stopped["tokens"] < 24


def test_stream_pieces_join_to_the_final_text(causal: TorchCausalLM) -> None:
    data = GenerateInput(prompt="Say hello.", **SAMPLED)
    stream = causal.stream(data)
    pieces: list[str] = []

    try:
        while True:
            pieces.append(next(stream))
    except StopIteration as end:
        final = end.value

    assert len(pieces) > 1
    assert "".join(pieces) == final.body["text"] == causal.predict(data).body["text"]


def test_prompt_text_uses_the_chat_template(causal: TorchCausalLM) -> None:
    prompt = causal.prompt_text(GenerateInput(prompt="Hi"))
    chat = causal.prompt_text(
        GenerateInput(
            messages=[
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Hi"},
            ]
        )
    )

    assert causal.prompt_format == "chat_template"
    assert prompt.endswith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    assert chat == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_prompt_text_without_a_template_uses_the_training_fallback(
    tmp_path_factory: pytest.TempPathFactory, causal_dir: Path
) -> None:
    folder = artifacts.fallback_format_artifact(tmp_path_factory, causal_dir)
    predictor = load_predictor(folder, "causal_lm")
    assert isinstance(predictor, TorchCausalLM)

    prompt = predictor.prompt_text(GenerateInput(prompt="Hi"))
    chat = predictor.prompt_text(
        GenerateInput(
            messages=[
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Hi"},
            ]
        )
    )

    assert predictor.prompt_format == "fallback"
    assert prompt == "### Question:\nHi\n\n### Answer:\n"
    assert chat == "### Instructions:\nBe brief.\n\n### Question:\nHi\n\n### Answer:\n"


def test_prompt_text_raw_text_model_continues_the_prompt(causal: TorchCausalLM) -> None:
    raw = TorchCausalLM(causal.model, causal.tokenizer, "raw_text")

    assert raw.prompt_text(GenerateInput(prompt="the cat sat")) == "the cat sat"
    assert raw.predict(GenerateInput(prompt="the cat sat", max_new_tokens=3)).body["tokens"] >= 1


def test_generate_refuses_empty_messages_and_overlong_prompts(causal: TorchCausalLM) -> None:
    with pytest.raises(InputError, match="messages is empty") as empty:
        causal.predict(GenerateInput(messages=[]))
    with pytest.raises(InputError, match="reads at most 256 tokens") as long:
        causal.predict(GenerateInput(prompt="word " * 400))

    assert empty.value.hint and long.value.hint
    assert long.value.status_code == 422


def test_load_base_causal_lm_formats_like_the_tuned_model(
    tiny_llama: ResolvedModel, causal: TorchCausalLM, tmp_path: Path
) -> None:
    base = load_base_causal_lm(tiny_llama, causal.prompt_shape, tmp_path)
    data = GenerateInput(prompt="Hi", **SAMPLED)

    assert base.prompt_text(data) == causal.prompt_text(data)
    assert base.predict(data).body["tokens"] >= 1
    tuned_weights = dict(causal.model.named_parameters())
    assert any(  # the base weights, not the fine-tuned ones
        not torch.equal(p, tuned_weights[name]) for name, p in base.model.named_parameters()
    )


def test_load_base_causal_lm_unreachable_is_unavailable(tmp_path: Path) -> None:
    missing = ResolvedModel("x", "local", "x", "x", str(tmp_path / "nowhere"), None, "test")

    with pytest.raises(ModelUnavailableError, match="could not be loaded") as err:
        load_base_causal_lm(missing, "chat", tmp_path)

    assert "TUNEWRIGHT_MODELS_DIR" in err.value.hint


# --- classifier --------------------------------------------------------------------------


def test_predict_classifier_labels_and_probabilities(classifier: TorchClassifier) -> None:
    prediction = classifier.predict(ClassifyInput(texts=["great product", "awful, broke"]))

    predictions = prediction.body["predictions"]
    assert len(predictions) == 2 and "attention" not in prediction.body
    for row in predictions:
        assert set(row["probabilities"]) == {"negative", "neutral", "positive"}
        assert sum(row["probabilities"].values()) == pytest.approx(1.0, abs=1e-4)
        assert row["label"] == max(row["probabilities"], key=row["probabilities"].get)


def test_predict_classifier_attention_matches_the_tokens(classifier: TorchClassifier) -> None:
    texts = ["great", "it arrived on a rainy tuesday"]

    body = classifier.predict(ClassifyInput(texts=texts, attention=True)).body

    assert [a["tokens"][0] for a in body["attention"]] == ["[CLS]", "[CLS]"]
    assert body["attention"][0]["tokens"] == ["[CLS]", "great", "[SEP]"]
    for row in body["attention"]:
        assert len(row["weights"]) == len(row["tokens"])  # padding left out
        assert sum(row["weights"]) == pytest.approx(1.0, abs=1e-2)


def test_classifier_stream_is_refused(classifier: TorchClassifier) -> None:
    with pytest.raises(InputError, match="Streaming is for text-generation"):
        classifier.stream(GenerateInput(prompt="x"))


# --- tabular -----------------------------------------------------------------------------


def test_predict_tabular_one_row(tabular: SklearnTabular, tabular_dir: Path) -> None:
    body = tabular.predict(TabularInput(rows=[_example_row(tabular_dir)])).body

    [row] = body["predictions"]
    assert row["prediction"] in (0, 1)
    assert set(row["probabilities"]) == {"0", "1"}
    assert sum(row["probabilities"].values()) == pytest.approx(1.0)


def test_predict_tabular_batch_coerces_json_values(
    tabular: SklearnTabular, tabular_dir: Path
) -> None:
    row = _example_row(tabular_dir)
    as_text = {**row, "Pclass": str(row["Pclass"]), "Fare": f"{row['Fare']}", "extra": "ignored"}
    as_float = {**row, "Pclass": float(row["Pclass"]), "Age": None, "Embarked": None}

    body = tabular.predict(TabularInput(rows=[row, as_text, as_float])).body

    first, second, third = body["predictions"]
    assert first == second  # numbers written as text read as numbers; extra column ignored
    assert third["prediction"] in (0, 1)  # blanks are filled as in training


def test_predict_tabular_missing_column_names_it_with_a_hint(
    tabular: SklearnTabular, tabular_dir: Path
) -> None:
    row = _example_row(tabular_dir)
    del row["Age"], row["Sex"]

    with pytest.raises(InputError, match="Row 1 is missing 'Sex', 'Age'") as err:
        tabular.predict(TabularInput(rows=[row]))

    assert "An example row" in err.value.hint and '"Age"' in err.value.hint


def test_predict_tabular_refuses_a_word_in_a_number_column(
    tabular: SklearnTabular, tabular_dir: Path
) -> None:
    row = {**_example_row(tabular_dir), "Fare": "cheap"}

    with pytest.raises(InputError, match="'Fare' must be a number; row 2 has 'cheap'"):
        tabular.predict(TabularInput(rows=[_example_row(tabular_dir), row]))


# --- loading -----------------------------------------------------------------------------


def test_load_predictor_without_files_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="files are missing") as err:
        load_predictor(tmp_path / "gone", "classifier")

    assert err.value.status_code == 409 and err.value.hint


def test_load_predictor_task_mismatch_is_unavailable(tabular_dir: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="saved as a tabular model"):
        load_predictor(tabular_dir, "classifier")


# --- threads -----------------------------------------------------------------------------


def test_long_generation_does_not_block_other_models(
    causal: TorchCausalLM,
    classifier: TorchClassifier,
    tabular: SklearnTabular,
    tabular_dir: Path,
) -> None:
    inside, release = threading.Event(), threading.Event()

    def slow_forward(*_: Any) -> None:
        inside.set()
        release.wait(timeout=60)  # the generation stays inside a forward pass until released

    hook = causal.model.register_forward_pre_hook(slow_forward)
    results: dict[str, Any] = {}
    generation = threading.Thread(
        target=lambda: results.update(
            causal=collect(causal.stream(GenerateInput(prompt="Hi", max_new_tokens=3)))
        )
    )
    try:
        generation.start()
        assert inside.wait(timeout=30)

        labelled = classifier.predict(ClassifyInput(texts=["great"]))
        predicted = tabular.predict(TabularInput(rows=[_example_row(tabular_dir)]))

        assert generation.is_alive()  # both answered while the generation was still running
        assert labelled.body["predictions"] and predicted.body["predictions"]
    finally:
        hook.remove()
        release.set()
        generation.join(timeout=60)
    assert results["causal"].body["tokens"] >= 1
