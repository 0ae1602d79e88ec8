"""Resolved settings for fine-tuning a transformer (what the plan decides, what a run records)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Method = Literal["full", "lora"]
Schedule = Literal["linear", "cosine", "constant"]
Precision = Literal["fp32", "bf16", "fp16"]
Device = Literal["cpu", "cuda", "mps"]


@dataclass
class TextTrainSettings:
    """Every knob of a causal-LM or classifier fine-tune, with a sane default and its reason."""

    max_length: int = 256  # tokens per example; the plan covers ~95% of examples
    batch_size: int = 8  # examples per forward pass; the plan fits it in memory
    grad_accum: int = 1  # forward passes per optimizer step (effective batch = product)
    learning_rate: float = 5e-5  # AdamW; LoRA uses ~10x higher
    epochs: float = 3.0  # passes over the training split (ignored when max_steps is set)
    max_steps: int | None = None  # optimizer steps; when set it replaces epochs (see steps.py)
    warmup_ratio: float = 0.06  # share of steps with a rising learning rate
    weight_decay: float = 0.01
    schedule: Schedule = "linear"
    method: Method = "full"  # "lora": train low-rank adapters, merged into the saved model
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    val_fraction: float = 0.1  # held-out share (stratified for classes, fixed seed)
    eval_every_steps: int = 50
    log_every_steps: int = 5
    checkpoint_every_steps: int = 50
    early_stopping_patience: int = 3  # evaluations without improvement before stopping
    sample_every_steps: int = 50  # causal LM: generations for the sample prompts
    sample_prompts: list[str] = field(default_factory=list)
    sample_max_new_tokens: int = 48
    precision: Precision = "fp32"
    device: Device = "cpu"
    threads: int | None = None  # torch intra-op threads; None → physical cores
    gradient_checkpointing: bool = False  # trade compute for activation memory
    seed: int = 42

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready settings for the run record and the model card."""
        return asdict(self)
