"""The offline rules: a table of phrasings with the changes they must propose, and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tunewright.assistant.contract import SettingsContext, check_change
from tunewright.assistant.offline import explicit_overrides, interpret_settings

GENERATION = SettingsContext(
    step="testing",
    task="causal_lm",
    settings={
        "temperature": 0.7,
        "top_p": 0.9,
        "top_k": 50,
        "max_new_tokens": 128,
        "repetition_penalty": 1.1,
    },
)
CLASSIFIER = SettingsContext(
    step="training",
    template_id="text-classifier",
    settings={
        "epochs": 3.0,
        "learning_rate": 3e-5,
        "batch_size": 16,
        "max_length": 256,
        "method": "full",
        "weight_decay": 0.01,
        "early_stopping_patience": 3,
        "warmup_ratio": 0.06,
        "max_steps": None,
        "schedule": "linear",
        "base_model": "distilbert-base-uncased",
    },
)
CHATBOT = SettingsContext(  # LoRA, and a step cap instead of epochs
    step="training",
    template_id="customer-service-bot",
    settings={
        "epochs": 2.0,
        "learning_rate": 2e-4,
        "batch_size": 8,
        "max_length": 512,
        "method": "lora",
        "weight_decay": 0.0,
        "early_stopping_patience": 3,
        "max_steps": 400,
        "base_model": "HuggingFaceTB/SmolLM2-135M-Instruct",
    },
)
TABLE = SettingsContext(
    step="training",
    task="tabular",
    settings={"time_budget_s": 60.0, "test_size": 0.2, "cv_folds": 5, "seed": 42},
)
TINYBERT = "huawei-noah/TinyBERT_General_4L_312D"
MEMORY = {"method": "lora", "max_length": 128, "batch_size": 8}
FASTER = {"method": "lora", "epochs": 1.5, "max_length": 128}
OVERFITTING = {"epochs": 1.5, "weight_decay": 0.05, "early_stopping_patience": 2}
CREATIVE = {"temperature": 1.0, "top_p": 0.95}
FOCUSED = {"temperature": 0.4, "top_p": 0.8}

PHRASINGS: list[tuple[SettingsContext, str, dict[str, Any]]] = [
    # testing: creativity
    (GENERATION, "make the answers more creative", CREATIVE),
    (GENERATION, "more creative", CREATIVE),
    (GENERATION, "be more imaginative", CREATIVE),
    (GENERATION, "the answers are too boring", CREATIVE),
    (GENERATION, "much more creative", {"temperature": 1.3, "top_p": 1.0}),
    (GENERATION, "a bit more creative", {"temperature": 0.85, "top_p": 0.925}),
    (GENERATION, "less creative", FOCUSED),
    (GENERATION, "more focused please", FOCUSED),
    (GENERATION, "stick to the facts", FOCUSED),
    (GENERATION, "it makes things up", FOCUSED),
    (GENERATION, "deterministic answers", {"temperature": 0.0}),
    # testing: length and repetition
    (GENERATION, "shorter answers", {"max_new_tokens": 64}),
    (GENERATION, "keep it brief", {"max_new_tokens": 64}),
    (GENERATION, "answers are too long", {"max_new_tokens": 64}),
    (GENERATION, "longer answers", {"max_new_tokens": 256}),
    (GENERATION, "more detailed answers", {"max_new_tokens": 256}),
    (GENERATION, "the answers get cut off", {"max_new_tokens": 256}),
    (GENERATION, "less repetitive", {"repetition_penalty": 1.25}),
    (GENERATION, "it keeps repeating itself", {"repetition_penalty": 1.25}),
    (GENERATION, "stop repeating", {"repetition_penalty": 1.25}),
    (GENERATION, "allow more repetition", {"repetition_penalty": 1.0}),
    # testing: explicit values and nudges
    (GENERATION, "set temperature to 0.2", {"temperature": 0.2}),
    (GENERATION, "temperature 1.2", {"temperature": 1.2}),
    (GENERATION, "top p 0.8", {"top_p": 0.8}),
    (GENERATION, "top-k 20", {"top_k": 20}),
    (GENERATION, "max new tokens 300", {"max_new_tokens": 300}),
    (GENERATION, "repetition penalty 1.3", {"repetition_penalty": 1.3}),
    (GENERATION, "lower the temperature", {"temperature": 0.5}),
    (GENERATION, "raise the temperature a bit", {"temperature": 0.8}),
    (GENERATION, "temperature 0.3 and max tokens 64", {"temperature": 0.3, "max_new_tokens": 64}),
    (GENERATION, "double the max new tokens", {"max_new_tokens": 256}),
    (GENERATION, "top k is too high", {"top_k": 25}),
    (GENERATION, "more creative but shorter", {**CREATIVE, "max_new_tokens": 64}),
    # training a classifier: how long
    (CLASSIFIER, "train longer", {"epochs": 6.0}),
    (CLASSIFIER, "train for longer", {"epochs": 6.0}),
    (CLASSIFIER, "more epochs", {"epochs": 6.0}),
    (CLASSIFIER, "train for 5 epochs", {"epochs": 5.0}),
    (CLASSIFIER, "train less", {"epochs": 1.5}),
    (CLASSIFIER, "fewer epochs", {"epochs": 1.5}),
    # overfitting, memory, speed, accuracy
    (CLASSIFIER, "it is overfitting", OVERFITTING),
    (CLASSIFIER, "the model overfits", OVERFITTING),
    (CLASSIFIER, "validation loss is going up", OVERFITTING),
    (CLASSIFIER, "use less memory", MEMORY),
    (CLASSIFIER, "out of memory", MEMORY),
    (CLASSIFIER, "it crashes with out of memory", MEMORY),
    (CLASSIFIER, "faster training", FASTER),
    (CLASSIFIER, "speed it up", FASTER),
    (CLASSIFIER, "training is too slow", FASTER),
    (CLASSIFIER, "focus on accuracy", {"epochs": 4.5, "learning_rate": 1.5e-5}),
    (CLASSIFIER, "I want higher accuracy", {"epochs": 4.5, "learning_rate": 1.5e-5}),
    (CLASSIFIER, "the loss is not going down", {"epochs": 6.0, "learning_rate": 6e-5}),
    (CLASSIFIER, "training is unstable", {"learning_rate": 1.5e-5, "warmup_ratio": 0.11}),
    (CLASSIFIER, "stop earlier", {"early_stopping_patience": 2}),
    (CLASSIFIER, "it stops too early", {"early_stopping_patience": 5}),
    # base model
    (CLASSIFIER, "use the small model", {"base_model": TINYBERT}),
    (CLASSIFIER, "use a smaller model", {"base_model": TINYBERT}),
    (CLASSIFIER, "use tinybert", {"base_model": TINYBERT}),
    # explicit values
    (CLASSIFIER, "set learning rate to 5e-5", {"learning_rate": 5e-5}),
    (CLASSIFIER, "lr 1e-4", {"learning_rate": 1e-4}),
    (CLASSIFIER, "batch size 32", {"batch_size": 32}),
    (CLASSIFIER, "batch size of 8", {"batch_size": 8}),
    (CLASSIFIER, "max length 128", {"max_length": 128}),
    (CLASSIFIER, "use lora", {"method": "lora"}),
    (CLASSIFIER, "cosine schedule", {"schedule": "cosine"}),
    (CLASSIFIER, "weight decay 0.1", {"weight_decay": 0.1}),
    (CLASSIFIER, "more regularisation", {"weight_decay": 0.02}),
    (CLASSIFIER, "warmup 10%", {"warmup_ratio": 0.1}),
    (CLASSIFIER, "turn off early stopping", {"early_stopping_patience": 0}),
    (CLASSIFIER, "seed 7", {"seed": 7}),
    (CLASSIFIER, "halve the batch size", {"batch_size": 8}),
    (CLASSIFIER, "validation split 20%", {"val_fraction": 0.2}),
    # a LoRA chatbot with a step cap
    (CHATBOT, "train longer", {"max_steps": 800}),
    (CHATBOT, "faster training", {"max_steps": 200, "max_length": 256}),
    (CHATBOT, "use less memory", {"max_length": 256, "batch_size": 4}),
    (CHATBOT, "use full fine-tuning", {"method": "full"}),
    (CHATBOT, "use the small model", {"base_model": "gpt2"}),
    (CHATBOT, "lora rank 8", {"lora_r": 8}),
    (CHATBOT, "it is overfitting", {**OVERFITTING, "max_steps": 200, "epochs": None}),
    # tabular search
    (TABLE, "search for 2 minutes", {"time_budget_s": 120.0}),
    (TABLE, "time budget 300", {"time_budget_s": 300.0}),
    (TABLE, "3 folds", {"cv_folds": 3}),
    (TABLE, "test size 25%", {"test_size": 0.25}),
    (TABLE, "faster", {"time_budget_s": 30.0, "cv_folds": 3}),
    (TABLE, "more accurate", {"time_budget_s": 120.0}),
    (TABLE, "train longer", {"time_budget_s": 120.0}),
    (TABLE, "it is overfitting", {"cv_folds": 7, "test_size": 0.25}),
]


@pytest.mark.parametrize(
    ("context", "sentence", "expected"),
    PHRASINGS,
    ids=[f"{c.task or c.template_id}:{s}" for c, s, _ in PHRASINGS],
)
def test_interpret_phrasing_proposes_changes(
    context: SettingsContext, sentence: str, expected: dict[str, Any]
) -> None:
    expected = {k: v for k, v in expected.items() if v is not None}
    result = interpret_settings(sentence, context)
    assert result.interpreter == "offline"
    assert {c.setting: c.new for c in result.changes} == pytest.approx(expected)
    for change in result.changes:
        assert change.reason
        assert check_change(context, change.setting, change.new) == change.new
        assert change.old == context.settings.get(change.setting, change.old)
    assert result.examples is None


def test_interpret_table_has_fifty_phrasings() -> None:
    assert len(PHRASINGS) >= 50


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("set temperature to 5", "between 0"),
        ("max new tokens 1000", "between 1 and 512"),
        ("top p 0", "greater than 0"),
    ],
)
def test_interpret_explicit_value_out_of_range_is_refused(sentence: str, words: str) -> None:
    result = interpret_settings(sentence, GENERATION)
    assert result.changes == []
    assert words in result.message


def test_interpret_relative_move_stops_at_the_limit() -> None:
    at_max = GENERATION.model_copy(update={"settings": {"temperature": 2.0, "top_p": 1.0}})
    result = interpret_settings("much more creative", at_max)
    assert result.changes == []
    assert "already" in result.message.lower()


def test_interpret_learning_rate_on_testing_step_names_the_step() -> None:
    result = interpret_settings("learning rate 3e-5", GENERATION)
    assert result.changes == []
    assert "Training setting" in result.message


def test_interpret_epochs_for_tabular_says_it_does_not_apply() -> None:
    result = interpret_settings("epochs 5", TABLE)
    assert result.changes == []
    assert "tabular" in result.message


def test_interpret_unknown_setting_is_named() -> None:
    result = interpret_settings("set flux capacitor to 3", CLASSIFIER)
    assert result.changes == []
    assert "'flux capacitor' is not a setting" in result.message


def test_interpret_gibberish_offers_examples() -> None:
    result = interpret_settings("purple monkey dishwasher", CLASSIFIER)
    assert result.changes == []
    assert result.message.startswith("I didn't understand")
    assert result.examples and "train longer" in result.examples


def test_interpret_generation_settings_only_for_language_models() -> None:
    context = SettingsContext(step="testing", task="classifier")
    result = interpret_settings("more creative", context)
    assert result.changes == []
    assert "language models" in result.message


def test_interpret_missing_values_start_from_the_defaults() -> None:
    result = interpret_settings("shorter answers", SettingsContext(step="testing"))
    assert [(c.setting, c.old, c.new) for c in result.changes] == [("max_new_tokens", 64, 32)]


def test_explicit_overrides_keep_only_valid_values() -> None:
    values, notes = explicit_overrides(
        "train for 5 epochs with lora and learning rate 3", "causal_lm"
    )
    assert values == {"epochs": 5.0, "method": "lora"}
    assert any("learning rate" in note for note in notes)
