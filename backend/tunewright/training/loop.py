"""The one training loop of every text fine-tune (causal LM and classifier), nanoGPT style.

Our own loop rather than HF `Trainer`, because a run must report every few steps, stop within
one step when asked, and resume bit-for-bit: AdamW without weight decay on biases and norms,
warm-up then linear/cosine/constant decay, gradient accumulation with losses weighted by
target count (so accumulation gives the same gradient as one big batch), clipping at 1.0,
bf16/fp16 autocast only when the settings ask, evaluation with early stopping, and the best
weights (by validation loss) restored at the end.

A training kind plugs in through `ScoreFn` (per-example loss sums and target counts of one
batch) and `MetricsFn` (evaluation metrics from held-out scores).
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import psutil
import torch
from torch import nn

from tunewright.training import checkpoint as ckpt
from tunewright.training.settings import TextTrainSettings
from tunewright.training.steps import micro_batches_of, micro_batches_per_epoch, optimizer_steps
from tunewright.training.text_data import Batch, Example, collate, epoch_order, fingerprint
from tunewright.training.types import Cancelled, RunContext

MAX_GRAD_NORM = 1.0  # clipping keeps one odd batch from wrecking pretrained weights
MIN_IMPROVEMENT = 1e-4  # relative val-loss drop that counts as better (noise is not progress)
OVERFIT_TOLERANCE = 1.2  # final val loss this far above the best counts as overfitting
LORA_TARGETS: dict[str, list[str]] = {  # attention projections per architecture
    "gpt2": ["c_attn", "c_proj"],
    "llama": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "mistral": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "qwen2": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "phi3": ["qkv_proj", "o_proj"],
    "bert": ["query", "key", "value"],
    "distilbert": ["q_lin", "k_lin", "v_lin"],
}


@dataclass
class Scored:
    """Per-example results of one batch: loss sums, target counts, predictions (classifier)."""

    loss_sum: torch.Tensor
    count: torch.Tensor
    predictions: torch.Tensor | None = None


@dataclass
class Scores:
    """Per-example results over a whole held-out set (numpy, in example order)."""

    loss_sum: np.ndarray
    count: np.ndarray
    predictions: np.ndarray | None = None

    @property
    def loss(self) -> float:
        """Mean loss per target (token or example)."""
        return float(self.loss_sum.sum() / max(1, self.count.sum()))


ScoreFn = Callable[[nn.Module, Batch], Scored]
MetricsFn = Callable[[Scores], dict[str, float]]  # must include "val_loss"


@dataclass
class LoopResult:
    """How training went: steps, the curves, the best evaluation and throughput."""

    steps: int
    total_steps: int
    epochs: float
    stopped_early: bool
    best_step: int
    best_val_loss: float
    last_val_loss: float
    history: list[dict[str, Any]]  # step events, including those before a resume
    evals: list[dict[str, Any]]
    train_seconds: float
    tokens_per_s: float
    samples_per_s: float
    resumed_from_step: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """JSON-ready training figures and curves for the run's metrics."""
        return {
            "steps": self.steps,
            "epochs": round(self.epochs, 4),
            "best_step": self.best_step,
            "stopped_early": self.stopped_early,
            "train_seconds": round(self.train_seconds, 2),
            "tokens_per_s": round(self.tokens_per_s, 1),
            "samples_per_s": round(self.samples_per_s, 3),
            "loss_curve": [[e["step"], round(e["loss"], 5)] for e in self.history],
            "eval_curve": [[e["step"], e["val_loss"]] for e in self.evals],
        }


def setup_process(settings: TextTrainSettings) -> None:
    """Seed every generator and set torch's thread count, before any model is built."""
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    if settings.threads:
        torch.set_num_threads(settings.threads)  # more threads than cores only adds contention


def resolve_device(settings: TextTrainSettings) -> torch.device:
    """The torch device the settings ask for, or a ValueError naming the fix."""
    if settings.device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device: cuda was requested but torch sees no GPU; set device to cpu.")
    if settings.device == "mps" and not torch.backends.mps.is_available():
        raise ValueError("device: mps was requested but is not available; set device to cpu.")
    return torch.device(settings.device)


def memory_mb(device: torch.device) -> float:
    """Peak accelerator memory on a GPU, else the process's resident memory, in MB."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**20
    return psutil.Process().memory_info().rss / 2**20


def autocast(
    settings: TextTrainSettings, device: torch.device
) -> contextlib.AbstractContextManager[Any]:
    """Mixed precision only when asked for: weights and optimizer stay fp32 either way."""
    if settings.precision == "fp32":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if settings.precision == "bf16" else torch.float16
    return torch.autocast(device_type=device.type, dtype=dtype)


def add_lora(model: Any, settings: TextTrainSettings, task_type: str) -> Any:
    """Wrap the model in LoRA adapters on its attention projections (else all Linear layers)."""
    from peft import LoraConfig, get_peft_model

    model_type = str(getattr(model.config, "model_type", ""))
    targets: list[str] | str = LORA_TARGETS.get(model_type, "all-linear")
    config = LoraConfig(
        task_type=task_type,
        r=settings.lora_r,
        lora_alpha=settings.lora_alpha,
        lora_dropout=settings.lora_dropout,
        target_modules=targets,
        fan_in_fan_out=model_type == "gpt2",  # GPT-2 stores its projections as Conv1D
    )
    return get_peft_model(model, config)


def merge_lora(model: Any) -> Any:
    """The plain transformers model with LoRA adapters folded into its weights."""
    return model.merge_and_unload() if hasattr(model, "merge_and_unload") else model


def enable_checkpointing(model: Any) -> None:
    """Recompute activations in backward (non-reentrant: works with frozen LoRA bases)."""
    kwargs = {"use_reentrant": False}
    if hasattr(model, "activation_checkpointing_enable"):
        model.activation_checkpointing_enable(activation_checkpointing_kwargs=kwargs)
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
    if hasattr(model.config, "use_cache"):
        model.config.use_cache = False  # a KV cache is useless (and refused) while checkpointing


def build_optimizer(model: nn.Module, settings: TextTrainSettings) -> torch.optim.AdamW:
    """AdamW over trainable weights; biases and norm weights (1-D) get no weight decay."""
    decay: list[nn.Parameter] = []
    no_decay: list[nn.Parameter] = []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        (no_decay if param.ndim < 2 or "norm" in name.lower() else decay).append(param)
    groups = [
        {"params": decay, "weight_decay": settings.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    params = decay + no_decay
    # the fused kernel is several times faster than the per-tensor loop (bench/RESULTS.md);
    # it needs floating-point weights on CPU or CUDA
    fused = bool(params) and all(
        p.dtype in (torch.float32, torch.float16, torch.bfloat16)
        and p.device.type in ("cpu", "cuda")
        for p in params
    )
    return torch.optim.AdamW(groups, lr=settings.learning_rate, fused=fused)


def lr_factor(step: int, total: int, warmup: int, schedule: str) -> float:
    """Learning-rate multiplier for `step` (0-based): linear warm-up, then the schedule."""
    if step < warmup:
        return (step + 1) / (warmup + 1)  # never 0: the first step already learns something
    if schedule == "constant":
        return 1.0
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    if schedule == "cosine":
        return 0.5 * (1.0 + math.cos(math.pi * progress))
    return max(0.0, 1.0 - progress)


def run_steps(train_size: int, settings: TextTrainSettings) -> int:
    """Optimizer steps this loop takes on `train_size` examples (the plan counts the same)."""
    return optimizer_steps(
        train_size, settings.batch_size, settings.grad_accum, settings.epochs, settings.max_steps
    )


class BatchStream:
    """Micro-batch number k → its batch: epoch k // per_epoch, position k % per_epoch."""

    def __init__(self, examples: list[Example], batch_size: int, seed: int, pad_id: int) -> None:
        self.examples, self.batch_size, self.seed, self.pad_id = examples, batch_size, seed, pad_id
        self.per_epoch = micro_batches_per_epoch(len(examples), batch_size)
        self._orders: dict[int, np.ndarray] = {}

    def position(self, k: int) -> tuple[int, int]:
        """(epoch, batch index within it) of micro-batch k."""
        return divmod(k, self.per_epoch)

    def __getitem__(self, k: int) -> Batch:
        epoch, index = self.position(k)
        if epoch not in self._orders:
            self._orders = {epoch: epoch_order(len(self.examples), self.seed, epoch)}
        chosen = self._orders[epoch][index * self.batch_size : (index + 1) * self.batch_size]
        return collate([self.examples[i] for i in chosen], self.pad_id)


def batches(examples: list[Example], batch_size: int, pad_id: int) -> Iterator[Batch]:
    """The examples in order, a batch at a time (for evaluation)."""
    for start in range(0, len(examples), batch_size):
        yield collate(examples[start : start + batch_size], pad_id)


@torch.no_grad()
def score_examples(
    model: nn.Module,
    examples: list[Example],
    score: ScoreFn,
    settings: TextTrainSettings,
    pad_id: int,
) -> Scores:
    """Per-example losses (and predictions) over `examples`, in eval mode."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    parts: list[Scored] = []
    for batch in batches(examples, settings.batch_size, pad_id):
        with autocast(settings, device):
            parts.append(score(model, batch.to(device)))
    model.train(was_training)
    predictions = [p.predictions for p in parts if p.predictions is not None]
    return Scores(
        loss_sum=torch.cat([p.loss_sum for p in parts]).float().cpu().numpy(),
        count=torch.cat([p.count for p in parts]).cpu().numpy(),
        predictions=torch.cat(predictions).cpu().numpy() if predictions else None,
    )


def overfitting_gate(result: LoopResult) -> dict[str, Any]:
    """Gate: the last validation loss is not far above the best one."""
    threshold = result.best_val_loss * OVERFIT_TOLERANCE
    return {
        "name": "not_overfitting",
        "passed": bool(result.last_val_loss <= threshold),
        "value": round(result.last_val_loss, 4),
        "threshold": round(threshold, 4),
    }


def _check_resumable(
    state: dict[str, Any], settings: TextTrainSettings, data: dict[str, Any]
) -> None:
    # these decide the batch order and the weights' shapes: a mismatch would silently train
    # on a different curve, so refuse and say which
    before = state["settings"]
    keys = ("batch_size", "grad_accum", "seed", "max_length", "val_fraction", "method", "lora_r")
    changed = [
        f"{k} {before.get(k)!r} → {getattr(settings, k)!r}"
        for k in keys
        if before.get(k) != getattr(settings, k)
    ]
    if state["data"] != data:
        changed.append("the training data")
    if changed:
        raise ValueError(
            f"resume: the checkpoint was made with different settings ({'; '.join(changed)}). "
            "Start a new run instead of resuming."
        )


def train(
    model: nn.Module,
    train_set: list[Example],
    val_set: list[Example],
    settings: TextTrainSettings,
    ctx: RunContext,
    *,
    score: ScoreFn,
    metrics: MetricsFn,
    pad_id: int,
    sample: Callable[[nn.Module, int], None] | None = None,
    resume_from: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> LoopResult:
    """Train until the planned steps, early stopping, or cancel (checkpoint if a step ran)."""
    # 1. device, threads, optimizer, schedule
    device = resolve_device(settings)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    model.to(device)
    total = run_steps(len(train_set), settings)
    warmup = round(settings.warmup_ratio * total)
    optimizer = build_optimizer(model, settings)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: lr_factor(s, total, warmup, settings.schedule)
    )
    scaler = torch.amp.GradScaler(device.type, enabled=settings.precision == "fp16")
    stream = BatchStream(train_set, settings.batch_size, settings.seed, pad_id)
    per_epoch = stream.per_epoch
    trainable = [p for p in model.parameters() if p.requires_grad]
    scope = "trainable" if settings.method == "lora" else "full"
    data = {"train_size": len(train_set), "fingerprint": fingerprint(train_set)}

    # 2. where we start: step 0, or exactly where the checkpoint left off
    step, best_val, best_step, bad_evals = 0, math.inf, 0, 0
    history: list[dict[str, Any]] = []
    evals: list[dict[str, Any]] = []
    elapsed_before, resumed_from = 0.0, None
    extra = dict(extra or {})
    started = time.perf_counter()
    if resume_from is None:
        ckpt.clear_checkpoints(ctx.run_dir)  # a stale best.pt must never be restored into this run
    else:
        _check_resumable(resume_from, settings, data)
        ckpt.load_model_state(model, resume_from["model"])
        optimizer.load_state_dict(resume_from["optimizer"])
        scheduler.load_state_dict(resume_from["scheduler"])
        scaler.load_state_dict(resume_from["scaler"])
        step, resumed_from = resume_from["step"], resume_from["step"]
        best = resume_from["best"]
        best_val, best_step, bad_evals = (
            best["val_loss"],
            best["step"],
            best["evals_without_improvement"],
        )
        history, evals = list(resume_from["history"]), list(resume_from["evals"])
        elapsed_before, extra = resume_from["elapsed_s"], dict(resume_from["extra"])
        ckpt.restore_rng(resume_from["rng"])  # last: nothing after this may draw random numbers
        epoch, position = stream.position(step * settings.grad_accum)
        ctx.emit(
            "log", {"message": f"Resumed at step {step} (epoch {epoch + 1}, batch {position})."}
        )

    def checkpoint_state() -> dict[str, Any]:
        epoch, position = stream.position(step * settings.grad_accum)
        return {
            "step": step,
            "micro_batch": step * settings.grad_accum,
            "epoch": epoch,
            "position": position,
            "total_steps": total,
            "model": ckpt.model_state(model, scope),
            "model_scope": scope,
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "scaler": scaler.state_dict(),
            "rng": ckpt.rng_state(),
            "best": {
                "val_loss": best_val,
                "step": best_step,
                "evals_without_improvement": bad_evals,
            },
            "history": history,
            "evals": evals,
            "elapsed_s": elapsed_before + (time.perf_counter() - started),
            "settings": settings.as_dict(),
            "data": data,
            "extra": extra,
        }

    # 3. the loop
    ctx.emit("phase", {"phase": "training"})
    model.train()
    start_step, stopped_early = step, False
    window_time, window_tokens, window_samples, window_losses = 0.0, 0, 0, []
    total_time, total_tokens, total_samples = 0.0, 0, 0
    while step < total:
        if ctx.should_stop():
            if step == 0:  # nothing learnt yet: a checkpoint would only pretend to save work
                raise Cancelled("stopped before the first step; no checkpoint")
            ckpt.save_checkpoint(ctx.run_dir, checkpoint_state())
            raise Cancelled(f"stopped at step {step}; checkpoint saved")
        tick = time.perf_counter()
        micro = [stream[k] for k in micro_batches_of(step, settings.grad_accum)]
        targets = max(1, sum(b.num_targets for b in micro))
        step_loss = 0.0
        for batch in micro:
            with autocast(settings, device):
                scored = score(model, batch.to(device))
            # weigh by targets over the whole window: same gradient as one batch of all of them
            loss = scored.loss_sum.sum() / targets
            scaler.scale(loss).backward()
            step_loss += loss.item()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(trainable, MAX_GRAD_NORM)
        scaler.step(optimizer)
        scaler.update()
        learning_rate = scheduler.get_last_lr()[0]
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        if device.type == "cuda":
            torch.cuda.synchronize()
        spent = time.perf_counter() - tick
        tokens, samples = sum(b.num_tokens for b in micro), sum(len(b.input_ids) for b in micro)
        window_time, window_tokens, window_samples = (
            window_time + spent,
            window_tokens + tokens,
            window_samples + samples,
        )
        total_time, total_tokens, total_samples = (
            total_time + spent,
            total_tokens + tokens,
            total_samples + samples,
        )
        window_losses.append(step_loss)
        epoch_now = step * settings.grad_accum / per_epoch

        if step % settings.log_every_steps == 0 or step == total:
            wall = time.perf_counter() - started
            event = {
                "step": step,
                "total_steps": total,
                "epoch": round(epoch_now, 4),
                "loss": float(np.mean(window_losses)),
                "learning_rate": learning_rate,
                "samples_per_s": round(window_samples / window_time, 3),
                "tokens_per_s": round(window_tokens / window_time, 1),
                "elapsed_s": round(elapsed_before + wall, 2),
                "eta_s": round(wall / (step - start_step) * (total - step), 1),
                "memory_mb": round(memory_mb(device), 1),
            }
            history.append(event)
            ctx.emit("step", event)
            window_time, window_tokens, window_samples, window_losses = 0.0, 0, 0, []

        if step % settings.eval_every_steps == 0 or step == total:
            found = metrics(score_examples(model, val_set, score, settings, pad_id))
            val_loss = found["val_loss"]
            improved = val_loss < best_val * (1 - MIN_IMPROVEMENT)
            if improved:
                best_val, best_step, bad_evals = val_loss, step, 0
                ckpt.save_checkpoint(
                    ctx.run_dir,
                    {"step": step, "val_loss": val_loss, "model": ckpt.model_state(model, scope)},
                    ckpt.BEST,
                )
            else:
                bad_evals += 1
            patience = settings.early_stopping_patience  # 0 turns early stopping off
            stopped_early = patience > 0 and bad_evals >= patience and step < total
            event = {
                "step": step,
                "epoch": round(epoch_now, 4),
                **{k: round(v, 6) for k, v in found.items()},
                "best_val_loss": round(best_val, 6),
                "best_step": best_step,
                "improved": improved,
                "evals_without_improvement": bad_evals,
                "stopping_early": stopped_early,
            }
            evals.append(event)
            ctx.emit("eval", event)
            if stopped_early:
                ctx.emit(
                    "log",
                    {
                        "message": f"Stopped early at step {step}: validation loss has "
                        f"not improved for {bad_evals} evaluations."
                    },
                )
                break

        if sample is not None and step % settings.sample_every_steps == 0:
            sample(model, step)
        if step % settings.checkpoint_every_steps == 0 and step < total:
            ckpt.save_checkpoint(
                ctx.run_dir, checkpoint_state()
            )  # last: its RNG state is the next step's

    # 4. end on the best weights seen (by validation loss), not merely the last ones
    best_saved = ckpt.load_checkpoint(ctx.run_dir, ckpt.BEST)
    if best_saved is not None and best_saved["step"] != step:
        ckpt.load_model_state(model, best_saved["model"])
        ctx.emit(
            "log", {"message": f"Kept the weights of step {best_step}, the best on held-out data."}
        )
    return LoopResult(
        steps=step,
        total_steps=total,
        epochs=step * settings.grad_accum / per_epoch,
        stopped_early=stopped_early,
        best_step=best_step,
        best_val_loss=best_val,
        last_val_loss=evals[-1]["val_loss"] if evals else math.inf,
        history=history,
        evals=evals,
        train_seconds=elapsed_before + time.perf_counter() - started,
        tokens_per_s=total_tokens / total_time if total_time else 0.0,
        samples_per_s=total_samples / total_time if total_time else 0.0,
        resumed_from_step=resumed_from,
        extra=extra,
    )
