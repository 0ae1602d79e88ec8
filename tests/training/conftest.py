"""Tiny random transformer models built on the fly, saved and loaded like real ones.

They reuse the real tokenizers of the bundled models (SmolLM2 with its chat template, MiniLM's
WordPiece), so formatting, masking and saving are exercised exactly as in production while a
training step takes milliseconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import torch

from tunewright import base_models
from tunewright.base_models import ResolvedModel

# Converting the bundled GGUF tokenizer takes ~10 s; keep the result across test sessions.
SHARED_CACHE = Path(tempfile.gettempdir()) / "tunewright-test-cache"


def tiny(path: Path, name: str) -> ResolvedModel:
    """A local folder as the resolved base model of a run."""
    return ResolvedModel(
        requested=name,
        source="hub",
        name=name,
        hub_id=name,
        path=str(path),
        gguf_file=None,
        reason="test",
    )


def bundled(task: str) -> ResolvedModel:
    """The real bundled model for `task`, or a skip when the model pack is not installed."""
    try:
        return base_models.resolve(base_models.BUNDLED[task].hub_id, task, source="bundled")  # type: ignore[index, arg-type]
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def smollm_tokenizer() -> Any:
    """The bundled SmolLM2 tokenizer (chat template, eos = <|im_end|>)."""
    return base_models.load_tokenizer(bundled("causal_lm"), SHARED_CACHE)


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory, smollm_tokenizer: Any) -> ResolvedModel:
    """A 2-layer Llama with random weights and the SmolLM2 tokenizer, saved to a folder."""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(smollm_tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        tie_word_embeddings=True,
        bos_token_id=smollm_tokenizer.bos_token_id,
        eos_token_id=smollm_tokenizer.eos_token_id,
        pad_token_id=smollm_tokenizer.pad_token_id,
    )
    folder = tmp_path_factory.mktemp("tiny-llama")
    LlamaForCausalLM(config).save_pretrained(folder)
    smollm_tokenizer.save_pretrained(folder)
    return tiny(folder, "tiny-llama")


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> ResolvedModel:
    """A 2-layer BERT encoder (no head, like MiniLM) with the MiniLM tokenizer, saved."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(bundled("classifier").path)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=128,
    )
    folder = tmp_path_factory.mktemp("tiny-bert")
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return tiny(folder, "tiny-bert")
