"""Rows → examples: chat masking, the fallback prompt format, truncation, splits, batches."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import pytest

from tests.training.text.conftest import chat_frame, prompt_response_frame, reviews_frame
from tunewright.training.text_data import (
    IGNORE_INDEX,
    classifier_examples,
    collate,
    epoch_order,
    lm_examples,
    split_examples,
)


def _targets(tokenizer: Any, labels: list[int]) -> str:
    return str(tokenizer.decode([t for t in labels if t != IGNORE_INDEX]))


def test_lm_examples_chat_masks_everything_but_answers(smollm_tokenizer: Any) -> None:
    prepared = lm_examples(chat_frame(), {"messages": "conversation"}, smollm_tokenizer, 256)

    assert prepared.prompt_format == "chat_template"
    assert len(prepared.examples) == 12 and prepared.truncated == 0
    first = prepared.examples[0]
    assert isinstance(first.labels, list) and len(first.labels) == len(first.input_ids)
    # only the two assistant turns (with their end-of-turn tokens) carry loss
    assert (
        _targets(smollm_tokenizer, first.labels) == "Blue.<|im_end|>\nYou are welcome.<|im_end|>\n"
    )
    prompt_part = [
        t for t, lab in zip(first.input_ids, first.labels, strict=True) if lab == IGNORE_INDEX
    ]
    assert "What colour is the sky?" in smollm_tokenizer.decode(prompt_part)
    assert "Answer briefly." in smollm_tokenizer.decode(prompt_part)
    assert first.prompt == "Thanks!" and first.words == 1


def test_lm_examples_prompt_response_adds_alpaca_input(smollm_tokenizer: Any) -> None:
    frame = prompt_response_frame().assign(ctx=["Be short."] + [None] * 11)
    roles = {"prompt": "q", "response": "a", "input": "ctx"}

    prepared = lm_examples(frame, roles, smollm_tokenizer, 256)

    assert prepared.shape == "prompt_response"
    first = prepared.examples[0]
    assert first.prompt == "What colour is the sky?\n\nBe short."
    assert _targets(smollm_tokenizer, first.labels) == "Blue.<|im_end|>\n"  # type: ignore[arg-type]


def test_lm_examples_without_chat_template_uses_fallback_format(smollm_tokenizer: Any) -> None:
    plain = copy.deepcopy(smollm_tokenizer)
    plain.chat_template = None

    prepared = lm_examples(prompt_response_frame(), {"prompt": "q", "response": "a"}, plain, 256)

    assert prepared.prompt_format == "fallback"
    first = prepared.examples[0]
    assert plain.decode(first.input_ids) == (
        "### Question:\nWhat colour is the sky?\n\n### Answer:\nBlue.<|im_end|>\n\n"
    )
    assert _targets(plain, first.labels) == "Blue.<|im_end|>\n\n"  # type: ignore[arg-type]


def test_lm_examples_raw_text_trains_on_every_token_plus_eos(smollm_tokenizer: Any) -> None:
    frame = pd.DataFrame({"body": ["hello world", None, "a longer line " * 20]})

    prepared = lm_examples(frame, {"text": "body"}, smollm_tokenizer, 16)

    assert prepared.dropped_empty == 1 and prepared.truncated == 1
    short, cut = prepared.examples
    assert short.labels == short.input_ids and short.input_ids[-1] == smollm_tokenizer.eos_token_id
    assert len(cut.input_ids) == 16 and cut.input_ids[-1] != smollm_tokenizer.eos_token_id


def test_lm_examples_drops_chat_whose_answer_was_cut(smollm_tokenizer: Any) -> None:
    frame = pd.DataFrame({"q": ["word " * 80, "Hi?"], "a": ["Yes.", "Hello."]})

    prepared = lm_examples(frame, {"prompt": "q", "response": "a"}, smollm_tokenizer, 64)

    assert prepared.truncated == 1 and prepared.dropped_no_target == 1
    assert len(prepared.examples) == 1


def test_lm_examples_missing_column_names_the_fix(smollm_tokenizer: Any) -> None:
    with pytest.raises(ValueError, match="'response' column"):
        lm_examples(prompt_response_frame(), {"prompt": "q"}, smollm_tokenizer, 64)
    with pytest.raises(ValueError, match="not in the data"):
        lm_examples(prompt_response_frame(), {"text": "nope"}, smollm_tokenizer, 64)


def test_split_examples_stratified_is_deterministic(tiny_bert: Any) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_bert.path)
    prepared = classifier_examples(
        reviews_frame(), {"text": "review", "label": "sentiment"}, tokenizer, 32
    )

    _train, val, description = split_examples(prepared.examples, 0.25, seed=3, stratify=True)
    again = split_examples(prepared.examples, 0.25, seed=3, stratify=True)

    assert prepared.label_names == ["negative", "neutral", "positive"]
    assert description == {
        "seed": 3,
        "val_fraction": 0.25,
        "train_size": 18,
        "val_size": 6,
        "stratified": True,
    }
    assert sorted(e.labels for e in val) == [0, 0, 1, 1, 2, 2]  # type: ignore[type-var]
    assert [e.input_ids for e in again[1]] == [e.input_ids for e in val]


def test_classifier_examples_single_label_names_the_fix(tiny_bert: Any) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_bert.path)
    frame = pd.DataFrame({"t": ["a", "b"], "y": ["x", "x"]})

    with pytest.raises(ValueError, match="at least two different labels"):
        classifier_examples(frame, {"text": "t", "label": "y"}, tokenizer, 32)


def test_collate_pads_to_longest_and_counts_targets(smollm_tokenizer: Any) -> None:
    prepared = lm_examples(
        prompt_response_frame(), {"prompt": "q", "response": "a"}, smollm_tokenizer, 64
    )
    examples = prepared.examples[:3]

    batch = collate(examples, pad_id=smollm_tokenizer.pad_token_id)

    width = max(len(e.input_ids) for e in examples)
    assert batch.input_ids.shape == (3, width) == batch.labels.shape
    assert batch.num_tokens == sum(len(e.input_ids) for e in examples)
    assert batch.num_targets == sum(sum(t != IGNORE_INDEX for t in e.labels[1:]) for e in examples)  # type: ignore[index]
    assert (batch.labels[batch.attention_mask == 0] == IGNORE_INDEX).all()


def test_epoch_order_depends_only_on_seed_and_epoch() -> None:
    assert list(epoch_order(10, 1, 0)) == list(epoch_order(10, 1, 0))
    assert list(epoch_order(10, 1, 0)) != list(epoch_order(10, 1, 1))
    assert sorted(epoch_order(10, 1, 5)) == list(range(10))
