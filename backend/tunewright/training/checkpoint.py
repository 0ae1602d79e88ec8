"""What a text fine-tune writes to disk: resumable checkpoints and the self-describing artifact.

A checkpoint is one dict (nanoGPT style) saved with `torch.save` to
`run_dir/checkpoints/last.pt`, atomically (temporary file + `os.replace`), so a crash while
writing leaves the previous checkpoint intact. It holds everything needed to continue the run
from the file alone:

    version          CHECKPOINT_VERSION
    created_at       ISO time
    step             optimizer steps done
    micro_batch      batches consumed since the start (the data position)
    epoch, position  the same position as (epoch number, batch index within that epoch)
    total_steps      the planned number of steps
    model            full `state_dict`, or only the trainable (LoRA adapter + head) tensors
    model_scope      "full" or "trainable"
    optimizer, scheduler, scaler   their `state_dict`s
    rng              python, numpy, torch (and CUDA) generator states
    best             {"val_loss", "step", "evals_without_improvement"}
    history, evals   the step and eval events so far (the curve continues on resume)
    elapsed_s        training time before this checkpoint
    settings         TextTrainSettings.as_dict()
    data             {"train_size", "fingerprint"} to refuse resuming on different data
    extra            workflow state (e.g. the base model's held-out scores)

The weights of the best evaluation live beside it in `best.pt` ({"step", "val_loss", "model"}).
Everything is plain tensors and Python values, so it loads with `weights_only=True`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from tunewright.versions import library_versions

CHECKPOINT_VERSION = 1
LAST = "last.pt"
BEST = "best.pt"
LIBRARIES = ("torch", "transformers", "peft", "tokenizers", "numpy")


def checkpoint_dir(run_dir: Path) -> Path:
    """The folder holding a run's checkpoints."""
    return run_dir / "checkpoints"


def save_checkpoint(run_dir: Path, state: dict[str, Any], name: str = LAST) -> Path:
    """Write `state` atomically to run_dir/checkpoints/<name>; returns the path."""
    folder = checkpoint_dir(run_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    partial = path.with_name(path.name + ".tmp")
    torch.save({"version": CHECKPOINT_VERSION, "created_at": _now(), **state}, partial)
    os.replace(partial, path)  # readers see the old file or the new one, never half of one
    return path


def has_checkpoint(run_dir: Path) -> bool:
    """Whether a resumable checkpoint (last.pt, not merely a folder or best.pt) was saved."""
    return (checkpoint_dir(run_dir) / LAST).is_file()


def load_checkpoint(run_dir: Path, name: str = LAST) -> dict[str, Any] | None:
    """The checkpoint dict at run_dir/checkpoints/<name>, or None when there is none."""
    path = checkpoint_dir(run_dir) / name
    if not path.exists():
        return None
    state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    if state.get("version") != CHECKPOINT_VERSION:
        raise ValueError(
            f"checkpoint {path} has format version {state.get('version')}, this Tunewright "
            f"reads version {CHECKPOINT_VERSION}. Start a new run instead of resuming."
        )
    return state


def clear_checkpoints(run_dir: Path) -> None:
    """Delete a finished run's checkpoints (a full fine-tune's can be several GB)."""
    shutil.rmtree(checkpoint_dir(run_dir), ignore_errors=True)


def model_state(model: nn.Module, scope: str) -> dict[str, torch.Tensor]:
    """The weights to checkpoint: everything ("full") or only what trains ("trainable")."""
    if scope == "full":
        return {k: v.detach().cpu() for k, v in model.state_dict().items()}
    return {n: p.detach().cpu() for n, p in model.named_parameters() if p.requires_grad}


def load_model_state(model: nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Put checkpointed weights back; every tensor in `state` must find its parameter."""
    result = model.load_state_dict(state, strict=False)
    if result.unexpected_keys:
        raise ValueError(
            f"checkpoint does not fit this model ({len(result.unexpected_keys)} unknown "
            f"tensors, e.g. {result.unexpected_keys[0]}). Start a new run instead of resuming."
        )


def rng_state() -> dict[str, Any]:
    """Every random generator a step can touch (dropout, shuffles), as plain values."""
    name, keys, pos, has_gauss, gauss = tuple(np.random.get_state(legacy=True))
    state: dict[str, Any] = {
        "python": random.getstate(),
        "numpy": [name, np.asarray(keys).tolist(), pos, has_gauss, gauss],
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict[str, Any]) -> None:
    """Put the generators back exactly as `rng_state` found them."""
    random.setstate(_tuples(state["python"]))
    name, keys, pos, has_gauss, gauss = state["numpy"]
    np.random.set_state((name, np.asarray(keys, dtype=np.uint32), pos, has_gauss, gauss))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _tuples(value: Any) -> Any:
    # random.setstate needs tuples all the way down; serialisers may hand back lists
    return tuple(_tuples(v) for v in value) if isinstance(value, list | tuple) else value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_artifact(folder: Path, model: Any, tokenizer: Any, record: dict[str, Any]) -> Path:
    """Save weights (safetensors), config, tokenizer and metadata.json; replaces `folder`.

    Written into a sibling folder first, then renamed, so a half-saved model is never found.
    """
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    meta = {"created_at": _now(), "library_versions": library_versions(LIBRARIES), **record}
    (staging / "metadata.json").write_text(json.dumps(meta, indent=2, default=str))
    shutil.rmtree(folder, ignore_errors=True)
    staging.replace(folder)
    return folder
