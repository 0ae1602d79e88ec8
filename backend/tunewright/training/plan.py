"""The automatic plan: every setting of a fine-tune chosen from data and hardware, with a reason.

The memory estimate matters more than anything else here: on CPU an out-of-memory kills the
process instead of raising, so the plan keeps its estimated peak under
`MEMORY_BUDGET_FRACTION` of free memory, shrinking the batch, then switching to LoRA, then to
gradient checkpointing, then refusing with a fix — never hoping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from tunewright.base_models import BaseModelSpec
from tunewright.training.hardware import Hardware
from tunewright.training.settings import TextTrainSettings
from tunewright.training.steps import micro_batches_per_epoch, optimizer_steps
from tunewright.training.throughput import MeasuredSpeed

GB = 1024**3
MB = 1024**2
PROCESS_BASELINE_BYTES = 900 * MB  # python + torch + transformers + tokenizer, measured RSS
BATCH_CHOICES = (32, 16, 8, 4, 2, 1)
TARGET_EFFECTIVE_BATCH = {"causal_lm": 16, "classifier": 32}
MAX_LENGTH_CAP = {"cpu": 512, "mps": 1024, "cuda": 2048}  # longer gets slow before it gets useful
# Before a run has finished on this machine: the share of the measured matmul rate a training
# step reaches (bench/RESULTS.md, 2026-11-23: SmolLM2 56% full / 49% LoRA, MiniLM 26% on CPU)
CPU_MFU_GUESS = {"causal_lm": 0.5, "classifier": 0.26}
GPU_MFU_GUESS = 0.35
EVAL_OVERHEAD = 1.15  # evaluation, checkpoints and sample generations on top of the steps
# ...and the time outside the loop: loading weights, measuring the base model, saving
FIRST_GUESS_OVERHEAD_S = {"causal_lm": 40.0, "classifier": 10.0}
SpeedLookup = Callable[[str, int], MeasuredSpeed | None]  # (method, threads) → what runs measured
DEFAULT_LORA_R = TextTrainSettings().lora_r  # the rank a run gets when nobody chose one


class PlanError(ValueError):
    """An override outside its allowed range, or a job that cannot fit; names the field and fix."""

    def __init__(self, field_name: str, message: str, hint: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Rule:
    """The allowed values of one overridable setting."""

    kind: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None

    def check(self, name: str, value: Any) -> Any:
        """Return the value converted to its type, or raise PlanError naming the range."""
        if self.choices is not None:
            if value not in self.choices:
                raise PlanError(
                    name,
                    f"must be one of {', '.join(self.choices)}; got {value!r}",
                    f"Set {name} to one of: {', '.join(self.choices)}.",
                )
            return value
        if self.kind is bool:
            if not isinstance(value, bool):
                raise PlanError(
                    name, f"must be true or false; got {value!r}", f"Set {name} to true or false."
                )
            return value
        try:
            converted = self.kind(value)
            if self.kind is int and converted != float(value):
                raise ValueError
        except (TypeError, ValueError):
            raise PlanError(
                name,
                f"must be a {self.kind.__name__}; got {value!r}",
                f"Set {name} to a number between {self.low} and {self.high}.",
            ) from None
        if (self.low is not None and converted < self.low) or (
            self.high is not None and converted > self.high
        ):
            raise PlanError(
                name,
                f"must be between {self.low} and {self.high}; got {value}",
                f"Choose a value of {name} from {self.low} to {self.high}.",
            )
        return converted


TEXT_RULES: dict[str, Rule] = {
    "max_length": Rule(int, 16, 8192),
    "batch_size": Rule(int, 1, 256),
    "grad_accum": Rule(int, 1, 256),
    "learning_rate": Rule(float, 1e-7, 1e-2),
    "epochs": Rule(float, 0.05, 100),
    "max_steps": Rule(int, 1, 1_000_000),
    "warmup_ratio": Rule(float, 0, 0.5),
    "weight_decay": Rule(float, 0, 0.5),
    "schedule": Rule(str, choices=("linear", "cosine", "constant")),
    "method": Rule(str, choices=("full", "lora")),
    "lora_r": Rule(int, 1, 256),
    "lora_alpha": Rule(int, 1, 512),
    "lora_dropout": Rule(float, 0, 0.5),
    "val_fraction": Rule(float, 0.02, 0.5),
    "eval_every_steps": Rule(int, 1, 100_000),
    "log_every_steps": Rule(int, 1, 10_000),
    "checkpoint_every_steps": Rule(int, 1, 100_000),
    "early_stopping_patience": Rule(int, 0, 100),
    "sample_every_steps": Rule(int, 1, 100_000),
    "sample_max_new_tokens": Rule(int, 1, 512),
    "precision": Rule(str, choices=("fp32", "bf16", "fp16")),
    "threads": Rule(int, 1, 512),
    "gradient_checkpointing": Rule(bool),
    "seed": Rule(int, 0, 2**31 - 1),
}


@dataclass
class PlannedSetting:
    name: str
    value: Any
    reason: str
    source: Literal["auto", "preset", "override"] = "auto"


@dataclass
class MemoryEstimate:
    """Peak bytes of one training process, by part (what the plan promises to stay under)."""

    weights: int
    gradients: int
    optimizer: int
    activations: int
    baseline: int
    budget: int
    free: int

    @property
    def peak(self) -> int:
        """The estimated peak resident memory."""
        return self.weights + self.gradients + self.optimizer + self.activations + self.baseline

    def as_dict(self) -> dict[str, int]:
        """JSON-ready, with the peak."""
        return {**asdict(self), "peak": self.peak}


@dataclass
class DataFigures:
    """What the plan needs from the dataset profile."""

    rows: int
    tokens_p50: float
    tokens_p95: float
    tokens_max: float
    over_model_limit: int = 0  # examples longer than the model's context
    classes: int = 0


@dataclass
class TextPlan:
    settings: TextTrainSettings
    items: list[PlannedSetting]
    memory: MemoryEstimate
    train_rows: int
    val_rows: int
    total_steps: int
    estimated_seconds: float
    truncation: str
    warnings: list[str] = field(default_factory=list)
    estimate_basis: str = ""  # where the duration comes from, in words
    tokens_per_step: float = 0.0  # what the estimate assumes a step processes (padding included)
    flops_per_token: float = 0.0  # training FLOPs per token for this model and method


def memory_estimate(
    spec: BaseModelSpec,
    batch: int,
    length: int,
    method: str,
    checkpointing: bool,
    hw: Hardware,
    budget_fraction: float,
    precision: str = "fp32",
    lora_r: int = DEFAULT_LORA_R,
) -> MemoryEstimate:
    """Estimate peak memory: weights, gradients, AdamW states, activations, process baseline."""
    params = spec.params_millions * 1e6
    weights = int(params * 4)  # weights stay fp32; autocast only changes activations
    trainable = params if method == "full" else _lora_params(spec, lora_r)
    act_bytes = 2 if precision in ("bf16", "fp16") else 4
    # per layer, per token: attention + MLP intermediates kept for backward (Korthikanti et al.)
    per_layer = length * batch * (spec.hidden * 17 + spec.intermediate * 2) * act_bytes
    attention_scores = batch * spec.heads * length * length * act_bytes * 2
    layer_total = per_layer + attention_scores
    stored_layers = math.sqrt(spec.layers) if checkpointing else spec.layers
    head = spec.vocab if spec.task == "causal_lm" else 8
    logits = batch * length * head * 4 * 3  # logits, log-softmax and their gradient, in fp32
    return MemoryEstimate(
        weights=weights,
        gradients=int(trainable * 4),
        optimizer=int(trainable * 8),
        activations=int(layer_total * stored_layers + logits),
        baseline=PROCESS_BASELINE_BYTES,
        budget=int(hw.free_memory_bytes * budget_fraction),
        free=hw.free_memory_bytes,
    )


def _lora_params(spec: BaseModelSpec, r: int) -> float:
    # adapters on the four attention projections of every layer, plus a classifier head
    return spec.layers * 4 * 2 * spec.hidden * r + spec.hidden * 8


def _round_up(value: float, multiple: int) -> int:
    return int(math.ceil(value / multiple) * multiple)


def _choose_max_length(
    data: DataFigures, spec: BaseModelSpec, hw: Hardware
) -> tuple[int, str, str]:
    cap = min(spec.context_length, MAX_LENGTH_CAP[hw.device])
    wanted = max(32, _round_up(data.tokens_p95, 32))
    length = min(wanted, cap)
    if wanted <= cap:
        reason = (
            f"Max length {length}: covers ~95% of your examples ({data.tokens_p95:.0f} tokens)."
        )
        share = "about 5%" if data.tokens_max > length else "none"
    else:
        reason = (
            f"Max length {length}: the longest this model/machine handles well "
            f"(95% of examples are under {data.tokens_p95:.0f} tokens)."
        )
        share = "more than 5%"
    truncation = f"{share} of examples are longer than {length} tokens and will be cut at the end"
    return length, reason, truncation


def _choose_precision(hw: Hardware) -> tuple[str, str]:
    if hw.device == "cuda" and hw.bf16:
        return "bf16", "bf16: this GPU supports it natively, about twice the speed of fp32."
    if hw.device == "cpu" and hw.bf16:
        return "fp32", (
            "fp32: this CPU has fast bf16 matmuls, but mixed precision on CPU is opt-in "
            "(set precision to bf16 to try it)."
        )
    return "fp32", "fp32: this hardware has no fast bf16, so full precision is also the fastest."


def _epochs_for(rows: int) -> tuple[float, str]:
    if rows < 200:
        return 5.0, f"5 epochs: with {rows} training examples the model needs several passes"
    if rows < 2000:
        return 3.0, f"3 epochs: a standard amount for {rows} examples"
    if rows < 20000:
        return 2.0, f"2 epochs: {rows} examples give plenty of steps already"
    return 1.0, f"1 epoch: {rows} examples are enough signal in a single pass"


def plan_text(
    *,
    task: Literal["causal_lm", "classifier"],
    spec: BaseModelSpec,
    data: DataFigures,
    hw: Hardware,
    preset_defaults: dict[str, Any],
    overrides: dict[str, Any],
    budget_fraction: float,
    sample_prompts: list[str] | None = None,
    speed: SpeedLookup | None = None,
) -> TextPlan:
    """Decide every TextTrainSettings field, each with a one-line reason."""
    for name in overrides:
        if name not in TEXT_RULES:
            raise PlanError(
                name,
                "is not a setting that can be changed",
                f"Use one of: {', '.join(sorted(TEXT_RULES))}.",
            )
    overrides = {k: TEXT_RULES[k].check(k, v) for k, v in overrides.items()}
    chosen: dict[str, PlannedSetting] = {}

    def decide(name: str, value: Any, reason: str) -> Any:
        if name in overrides:
            chosen[name] = PlannedSetting(name, overrides[name], f"You set {name}.", "override")
        elif name in preset_defaults:
            chosen[name] = PlannedSetting(
                name, preset_defaults[name], f"{reason} (preset)", "preset"
            )
        else:
            chosen[name] = PlannedSetting(name, value, reason)
        return chosen[name].value

    warnings: list[str] = []
    val_fraction = decide(
        "val_fraction",
        0.1 if data.rows >= 200 else 0.15,
        "Held-out share: enough examples to measure honestly, most left to learn from.",
    )
    val_rows = max(1, round(data.rows * val_fraction))
    train_rows = max(1, data.rows - val_rows)
    length, length_reason, truncation = _choose_max_length(data, spec, hw)
    max_length = decide("max_length", length, length_reason)
    if max_length > spec.context_length:
        raise PlanError(
            "max_length",
            f"must be at most {spec.context_length} for {spec.hub_id}; got {max_length}",
            f"Set max_length to {spec.context_length} or less.",
        )
    precision = decide("precision", *_choose_precision(hw))
    checkpointing = bool(overrides.get("gradient_checkpointing", False))
    default_method = (
        "lora" if task == "causal_lm" and preset_defaults.get("method") == "lora" else "full"
    )
    method = overrides.get("method", default_method)
    target = TARGET_EFFECTIVE_BATCH[task]
    # decided before the memory fit: the adapters' gradients and AdamW states grow with the rank
    lora_r = decide("lora_r", DEFAULT_LORA_R, "Standard default.")

    def fits(batch: int, m: str, ckpt: bool) -> MemoryEstimate:
        return memory_estimate(
            spec, batch, max_length, m, ckpt, hw, budget_fraction, precision, lora_r
        )

    batch = overrides.get("batch_size")
    if batch is None:
        candidates = [b for b in BATCH_CHOICES if b <= target]
        for m, ckpt in ((method, checkpointing), ("lora", checkpointing), ("lora", True)):
            if ("method" in overrides and m != method) or (
                "gradient_checkpointing" in overrides and ckpt != checkpointing
            ):
                continue
            found = next(
                (b for b in candidates if fits(b, m, ckpt).peak <= fits(b, m, ckpt).budget), None
            )
            if found is not None:
                batch, method, checkpointing = found, m, ckpt
                break
        if batch is None:
            need = fits(1, "lora", True)
            raise PlanError(
                "batch_size",
                f"even one example of {max_length} tokens needs about "
                f"{need.peak / GB:.1f} GB, more than the {need.budget / GB:.1f} GB budget",
                "Lower max_length, free memory, or raise MEMORY_BUDGET_FRACTION.",
            )
    memory = fits(batch, method, checkpointing)
    if memory.peak > memory.budget:
        warnings.append(
            f"Your settings need about {memory.peak / GB:.1f} GB but only "
            f"{memory.budget / GB:.1f} GB is budgeted: the run may be killed."
        )
    batch = decide(  # the value the run will use (a preset may set it): the steps count it
        "batch_size",
        batch,
        f"Batch size {batch}: fits in {memory.peak / GB:.1f} GB of the "
        f"{memory.free / GB:.1f} GB free (budget {memory.budget / GB:.1f} GB).",
    )
    accum = decide(
        "grad_accum",
        max(1, target // batch),
        f"Gradient accumulation {max(1, target // batch)}: an effective batch of "
        f"{max(1, target // batch) * batch} examples keeps updates stable.",
    )
    why_method = (
        "LoRA: trains small adapter matrices (fast, light, hard to break the model); "
        "merged into the saved model."
        if method == "lora"
        else "Full fine-tuning: the model is small enough to update every weight."
    )
    decide("method", method, why_method)
    decide(
        "gradient_checkpointing",
        checkpointing,
        "Gradient checkpointing on: recomputes activations to fit in memory."
        if checkpointing
        else "Gradient checkpointing off: not needed, it would only slow training.",
    )
    lora = method == "lora"
    base_lr = (
        (2e-4 if task == "causal_lm" else 5e-4) if lora else (5e-5 if task == "causal_lm" else 3e-5)
    )
    decide(
        "learning_rate",
        base_lr,
        f"Learning rate {base_lr:g}: the usual starting point for "
        f"{'LoRA adapters' if lora else 'full fine-tuning'} of a {task.replace('_', ' ')}.",
    )
    epochs, epochs_reason = _epochs_for(train_rows)
    epochs = decide("epochs", epochs, epochs_reason.capitalize() + ".")
    natural = optimizer_steps(train_rows, batch, accum, epochs, None)
    max_steps = decide(
        "max_steps",
        None,
        f"No step limit: {natural} steps ({epochs:g} epochs of "
        f"{micro_batches_per_epoch(train_rows, batch)} batches, {accum} batches per step).",
    )
    # the loop counts with the same function, so the plan, progress and loop agree
    total = optimizer_steps(train_rows, batch, accum, epochs, max_steps)
    decide(
        "warmup_ratio",
        0.06 if total > 50 else 0.0,
        "Warm-up over the first 6% of steps avoids early large updates."
        if total > 50
        else "No warm-up: too few steps for it to matter.",
    )
    decide(
        "weight_decay",
        0.01 if not lora else 0.0,
        "Weight decay 0.01: mild regularisation."
        if not lora
        else "No weight decay: LoRA adapters are already tiny.",
    )
    decide(
        "schedule",
        "linear" if total < 1000 else "cosine",
        "Linear decay: simple and robust for short runs."
        if total < 1000
        else "Cosine decay: smoother ending for long runs.",
    )
    every = max(10, min(200, _round_up(total / 8, 5)))
    decide(
        "eval_every_steps",
        every,
        f"Evaluate every {every} steps: about 8 points on the validation curve.",
    )
    decide(
        "checkpoint_every_steps",
        every,
        f"Checkpoint every {every} steps: a crash loses at most that much.",
    )
    decide("log_every_steps", max(1, total // 100), "Log often enough for a smooth live curve.")
    decide(
        "early_stopping_patience",
        3,
        "Stop after 3 evaluations without improvement (overfitting guard).",
    )
    decide(
        "sample_every_steps",
        every,
        "Sample generations at every evaluation so you can watch it change.",
    )
    decide("seed", 42, "Fixed seed 42: the same data and settings reproduce the same run.")
    for name in ("lora_alpha", "lora_dropout", "sample_max_new_tokens", "threads"):
        default = getattr(TextTrainSettings(), name)
        value = hw.cpu_cores if name == "threads" else default
        decide(
            name,
            value,
            "One torch thread per physical core." if name == "threads" else "Standard default.",
        )

    values = {name: item.value for name, item in chosen.items()}
    settings = TextTrainSettings(
        **{f.name: values[f.name] for f in fields(TextTrainSettings) if f.name in values}
    )
    settings.device = hw.device
    settings.sample_prompts = list(sample_prompts or [])
    tokens_per_step = planned_tokens_per_step(settings, data)
    flops_per_token = training_flops_per_token(spec, settings.method)
    threads = settings.threads or hw.cpu_cores
    measured = speed(settings.method, threads) if speed is not None else None
    seconds, basis = _estimate_seconds(
        task, total * tokens_per_step * flops_per_token, hw, measured
    )
    if data.over_model_limit:
        warnings.append(
            f"{data.over_model_limit} examples are longer than the model can read at all."
        )
    return TextPlan(
        settings=settings,
        items=list(chosen.values()),
        memory=memory,
        train_rows=train_rows,
        val_rows=val_rows,
        total_steps=total,
        estimated_seconds=seconds,
        truncation=truncation,
        warnings=warnings,
        estimate_basis=basis,
        tokens_per_step=tokens_per_step,
        flops_per_token=flops_per_token,
    )


def planned_tokens_per_step(s: TextTrainSettings, data: DataFigures) -> float:
    """Tokens one optimizer step processes: dynamic padding pads to the longest in a batch."""
    return s.batch_size * s.grad_accum * min(s.max_length, data.tokens_p50 * 1.3 + 8)


def training_flops_per_token(spec: BaseModelSpec, method: str) -> float:
    """Forward + backward FLOPs per token (LoRA skips the weight gradients of the base)."""
    return (4 if method == "lora" else 6) * spec.params_millions * 1e6


def _estimate_seconds(
    task: str, flops: float, hw: Hardware, measured: MeasuredSpeed | None
) -> tuple[float, str]:
    """Seconds for `flops` of training, from finished runs here when there are any."""
    if measured is not None:
        runs = f"{measured.runs} finished run{'s' if measured.runs != 1 else ''}"
        return (
            flops / measured.flops_per_s + measured.overhead_s,
            f"Measured from {runs} of this model on this computer.",
        )
    guess = CPU_MFU_GUESS.get(task, 0.26) if hw.device == "cpu" else GPU_MFU_GUESS
    rate = (hw.matmul_gflops or 50.0) * 1e9 * guess
    seconds = flops / rate * EVAL_OVERHEAD + FIRST_GUESS_OVERHEAD_S.get(task, 20.0)
    return seconds, (
        "A first guess from this computer's speed; it is measured after the first run."
    )


TABULAR_RULES: dict[str, Rule] = {
    "time_budget_s": Rule(float, 5, 3600),
    "test_size": Rule(float, 0.05, 0.5),
    "cv_folds": Rule(int, 2, 10),
    "seed": Rule(int, 0, 2**31 - 1),
}


@dataclass
class TabularPlan:
    settings: dict[str, Any]
    items: list[PlannedSetting]
    train_rows: int
    val_rows: int
    estimated_seconds: float


def plan_tabular(*, rows: int, hw: Hardware, overrides: dict[str, Any]) -> TabularPlan:
    """Decide the model-search budget, split and folds for a table of `rows` rows."""
    for name in overrides:
        if name not in TABULAR_RULES:
            raise PlanError(
                name,
                "is not a setting that can be changed",
                f"Use one of: {', '.join(sorted(TABULAR_RULES))}.",
            )
    checked = {k: TABULAR_RULES[k].check(k, v) for k, v in overrides.items()}
    budget = 20.0 if rows < 2_000 else 60.0 if rows < 50_000 else 180.0
    folds = 5 if rows < 50_000 else 3
    auto = {
        "time_budget_s": (
            budget,
            f"Search for up to {budget:.0f} s: enough to compare model "
            f"families on {rows} rows with {hw.cpu_cores} core(s).",
        ),
        "test_size": (0.2, "Hold back 20% of rows for a final, honest test."),
        "cv_folds": (
            folds,
            f"{folds}-fold cross-validation: every row is used for both "
            "training and scoring during the search.",
        ),
        "seed": (42, "Fixed seed 42: the same data gives the same model."),
    }
    items = [
        PlannedSetting(n, checked[n], f"You set {n}.", "override")
        if n in checked
        else PlannedSetting(n, value, reason)
        for n, (value, reason) in auto.items()
    ]
    values = {i.name: i.value for i in items}
    val_rows = max(1, round(rows * values["test_size"]))
    return TabularPlan(
        settings=values,
        items=items,
        train_rows=rows - val_rows,
        val_rows=val_rows,
        estimated_seconds=float(values["time_budget_s"]) * 1.2 + 5,
    )
