"""Tiny random base models for the browser tests, saved as an offline model mirror.

The folders are named like the hub ids the templates start from (`gpt2`,
`distilbert-base-uncased`), so the server started with `TUNEWRIGHT_MODELS_DIR` pointing here
resolves and loads them through the same `from_pretrained` path a user's download takes. The
weights are random and tiny, so a whole fine-tune takes seconds on two cores; the tokenizers are
the real ones of the bundled model pack (SmolLM2's BPE with its chat template, MiniLM's
uncased WordPiece, the same vocabulary as DistilBERT's).

Usage: python tiny_models.py MODELS_DIR CACHE_DIR  (existing folders are kept)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import torch
from transformers import (
    AutoTokenizer,
    DistilBertConfig,
    DistilBertModel,
    GPT2Config,
    GPT2LMHeadModel,
)

from tunewright import base_models


def _bundled(task: str) -> base_models.ResolvedModel:
    return base_models.resolve(base_models.BUNDLED[task].hub_id, task, source="bundled")  # type: ignore[index, arg-type]


def _save(folder: Path, model: Any, tokenizer: Any) -> None:
    """Write into a side folder and rename it into place: a killed build leaves no half model."""
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    staging.replace(folder)


def build_causal_lm(folder: Path, cache_dir: Path) -> None:
    """A 2-layer GPT-2 with 32-wide layers and the SmolLM2 tokenizer."""
    tokenizer = base_models.load_tokenizer(_bundled("causal_lm"), cache_dir)
    config = GPT2Config(
        vocab_size=len(tokenizer),
        n_embd=32,
        n_layer=2,
        n_head=2,
        n_positions=1024,  # the context the plan assumes for gpt2
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    _save(folder, GPT2LMHeadModel(config), tokenizer)


def build_classifier(folder: Path) -> None:
    """A 2-layer DistilBERT encoder (no head, like the hub checkpoint) with an uncased WordPiece."""
    tokenizer = AutoTokenizer.from_pretrained(_bundled("classifier").path)
    config = DistilBertConfig(
        vocab_size=len(tokenizer), dim=32, hidden_dim=64, n_layers=2, n_heads=2
    )
    _save(folder, DistilBertModel(config), tokenizer)


def main(models_dir: Path, cache_dir: Path) -> None:
    """Build each missing model of the mirror."""
    models_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    if base_models.local_copy("gpt2", models_dir) is None:
        build_causal_lm(models_dir / "gpt2", cache_dir)
    if base_models.local_copy("distilbert-base-uncased", models_dir) is None:
        build_classifier(models_dir / "distilbert-base-uncased")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
