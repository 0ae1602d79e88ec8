"""Fine-tuning: our causal-LM and classifier workflows vs a plain transformers `Trainer` script.

Both sides fine-tune the same bundled pretrained weights (SmolLM2-135M-Instruct from its GGUF
file, all-MiniLM-L6-v2) on the same tokenized examples (our `lm_examples`/`classifier_examples`
and held-out split) with the same batch, sequence length, learning rate, schedule, steps, seed
and torch threads. Every workload runs in a fresh child process, so its peak RSS is its own.
Every example is longer than `--length` and is cut there, so every batch holds exactly
batch × length real tokens on both sides: no padding, and the token count is the same.

- tokens/s: batch × length ÷ the median wall-clock time between consecutive step ends, after
  the first `--warmup` steps. Loading, evaluation, generation and saving are outside the steps
  on both sides; what happens inside a step (batching, events, logging) is inside.
- MFU: achieved FLOP/s ÷ a measured fp32 1024² matmul rate with the same threads (the better
  of a measurement before and one after the runs: the machine is shared). FLOPs per token are
  6·N for full fine-tuning and 4·N + 6·N_lora for LoRA (frozen weights still pass gradients
  back), N being the weights of every Linear layer (the tied LM head included; embedding
  look-ups and attention scores, ~2% at these lengths, left out).
- Memory: the child's peak RSS (`ru_maxrss`) against `plan.memory_estimate(...).peak`.
- LoRA: our causal-LM workflow's median step time with `method="lora"` ÷ with `"full"`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import mean
from typing import Any, Literal

from bench.common import median, percentile, record

Task = Literal["causal_lm", "classifier"]
Side = Literal["tunewright", "trainer"]
Method = Literal["full", "lora"]
Clock = Literal["wall", "cpu"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "tunewright-bench-cache"  # the converted GGUF tokenizer
MARKER = "BENCH_RESULT "  # prefixes the child's one JSON line (Trainer prints to stdout too)
ROWS = 200  # examples; 20 steps of 4 stay inside the first epoch of the 180 training ones
VAL_FRACTION = 0.1  # our workflow holds these out; the Trainer gets the same other 90%
NEVER = 1_000_000  # eval/sample/checkpoint interval: only the one evaluation after the last step
LEARNING_RATE = {"full": 5e-5, "lora": 2e-4}  # the plan's defaults for a causal LM
CLASSIFIER_LEARNING_RATE = 3e-5
SPEED_TARGET = 1.0  # the targets: at least as fast as the Trainer,
LORA_TARGET = 0.85  # LoRA steps at most 0.85x as long as full ones,
MEMORY_TOLERANCE = 0.25  # peak RSS within ±25% of the plan's estimate
COMMON_WORDS = (  # generated text: every word is one or two tokens
    "the a of to and in that it was for on with as his they at be this from have or by one had "
    "not but what all were when we there can an your which their said if do will each about how "
    "up out them then she many some so these would other into has more her two like him see "
    "time could no make than first been its who now people my made over did down only way find "
    "use may water long little very after words called just where most know get through back "
    "much before go good new write our used me man too any day same right look think also "
    "around another came come work three word must because does part even place well such here "
    "take why things help put years different away again off went old number great tell men "
    "say small every found still between name should home big give air line set own under read "
    "last never us left end along while might next sound below saw something thought both few "
    "those always looked show large often together asked house world going want school important"
)
SENTIMENT = {
    "complaint": "broken late refund awful rude slow faulty disappointed worse missing",
    "praise": "great love excellent fast friendly perfect happy wonderful best recommend",
    "question": "how when where which whether could would please explain wondering",
}


@dataclass(frozen=True)
class Workload:
    """One measured fine-tune: which model, whose training code, which method."""

    task: Task
    side: Side
    method: Method

    @property
    def name(self) -> str:
        """A command-line name, e.g. causal_lm-tunewright-full."""
        return f"{self.task}-{self.side}-{self.method}"

    @property
    def label(self) -> str:
        """A table label, e.g. 'SmolLM2-135M full · tunewright'."""
        model = "SmolLM2-135M" if self.task == "causal_lm" else "MiniLM-L6 classifier"
        side = "tunewright" if self.side == "tunewright" else "HF Trainer"
        return f"{model} {self.method} · {side}"


WORKLOADS = (
    Workload("causal_lm", "tunewright", "full"),
    Workload("causal_lm", "trainer", "full"),
    Workload("causal_lm", "tunewright", "lora"),
    Workload("classifier", "tunewright", "full"),
    Workload("classifier", "trainer", "full"),
)


@dataclass(frozen=True)
class Config:
    """What both sides share."""

    steps: int = 20
    warmup: int = 2  # first steps left out of the medians (allocator and cache warm-up)
    batch: int = 4
    length: int = 64
    threads: int = 2
    seed: int = 42


# --- data ---------------------------------------------------------------------------------


def dataset(task: Task, seed: int) -> tuple[Any, dict[str, str]]:
    """A frame and its roles: long English-word lines, or long reviews with three labels."""
    import pandas as pd

    rng = random.Random(seed)
    words = COMMON_WORDS.split()
    if task == "causal_lm":
        lines = [" ".join(rng.choice(words) for _ in range(160)) for _ in range(ROWS)]
        return pd.DataFrame({"body": lines}), {"text": "body"}
    labels = [sorted(SENTIMENT)[i % len(SENTIMENT)] for i in range(ROWS)]
    texts = [
        " ".join(
            rng.choice(SENTIMENT[label].split() if rng.random() < 0.2 else words)
            for _ in range(160)
        )
        for label in labels
    ]
    return pd.DataFrame({"review": texts, "sentiment": labels}), {
        "text": "review",
        "label": "sentiment",
    }


def bundled_model(task: Task) -> Any:
    """The real bundled pretrained weights for `task`."""
    from tunewright import base_models

    return base_models.resolve(base_models.BUNDLED[task].hub_id, task, source="bundled")


def tokenizer_for(model: Any) -> Any:
    """The tokenizer exactly as our workflows prepare it (eos pads when there is no pad)."""
    from tunewright.base_models import load_tokenizer

    tokenizer = load_tokenizer(model, CACHE)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def training_examples(task: Task, tokenizer: Any, cfg: Config) -> tuple[list[Any], list[str]]:
    """Our tokenized training split (what our loop trains on) and the label names."""
    from tunewright.training.text_data import classifier_examples, lm_examples, split_examples

    frame, roles = dataset(task, cfg.seed)
    make = lm_examples if task == "causal_lm" else classifier_examples
    prepared = make(frame, roles, tokenizer, cfg.length)
    train, _, _ = split_examples(
        prepared.examples, VAL_FRACTION, cfg.seed, stratify=task == "classifier"
    )
    return train, prepared.label_names


# --- the two sides, each run in a child process -------------------------------------------


def clocks() -> tuple[float, float]:
    """(wall-clock, this process's CPU time) in seconds.

    On a shared machine another process's burst stretches a step's wall-clock time but not
    the CPU time the step itself needed, so both are kept.
    """
    return time.perf_counter(), time.process_time()


def settings_for(w: Workload, cfg: Config) -> Any:
    """Our settings: the shared knobs, a step event every step, no mid-run evaluation."""
    from tunewright.training.settings import TextTrainSettings

    rate = LEARNING_RATE[w.method] if w.task == "causal_lm" else CLASSIFIER_LEARNING_RATE
    return TextTrainSettings(
        max_length=cfg.length,
        batch_size=cfg.batch,
        grad_accum=1,
        learning_rate=rate,
        max_steps=cfg.steps,
        warmup_ratio=0.0,
        weight_decay=0.0,
        schedule="linear",
        method=w.method,
        val_fraction=VAL_FRACTION,
        log_every_steps=1,
        eval_every_steps=NEVER,
        checkpoint_every_steps=NEVER,
        sample_every_steps=NEVER,
        early_stopping_patience=0,
        sample_prompts=["Hello"],
        sample_max_new_tokens=1,
        threads=cfg.threads,
        seed=cfg.seed,
    )


def run_tunewright(w: Workload, cfg: Config) -> dict[str, Any]:
    """Our workflow end to end; step times are when its step events arrive."""
    from tunewright.training.causal_lm.workflow import train_causal_lm
    from tunewright.training.classifier.workflow import train_classifier
    from tunewright.training.types import RunContext

    frame, roles = dataset(w.task, cfg.seed)
    marks: list[tuple[str, dict[str, Any], tuple[float, float]]] = []
    train = train_causal_lm if w.task == "causal_lm" else train_classifier
    with tempfile.TemporaryDirectory() as folder:
        ctx = RunContext(
            run_dir=Path(folder) / "run",
            emit=lambda kind, payload: marks.append((kind, payload, clocks())),
            seed=cfg.seed,
        )
        train(frame, roles, bundled_model(w.task), settings_for(w, cfg), ctx, cache_dir=CACHE)
    start = next(t for kind, p, t in marks if kind == "phase" and p["phase"] == "training")
    steps = [(p, t) for kind, p, t in marks if kind == "step"]
    return {
        "train_start": start,
        "step_ends": [t for _, t in steps],
        "mean_loss": mean(p["loss"] for p, _ in steps),
        "loop_tokens_per_s": [p["tokens_per_s"] for p, _ in steps[cfg.warmup :]],
        "step_rss_mb": max(p["memory_mb"] for p, _ in steps),
    }


def run_trainer(w: Workload, cfg: Config) -> dict[str, Any]:
    """The peer: a plain `transformers.Trainer` script on the same examples and settings."""
    import psutil
    import torch
    from transformers import (
        AutoModelForCausalLM,
        AutoModelForSequenceClassification,
        DataCollatorForLanguageModeling,
        DataCollatorWithPadding,
        Trainer,
        TrainerCallback,
        TrainingArguments,
    )

    from tunewright.training.loop import LORA_TARGETS
    from tunewright.training.settings import TextTrainSettings

    torch.set_num_threads(cfg.threads)
    model = bundled_model(w.task)
    tokenizer = tokenizer_for(model)
    examples, names = training_examples(w.task, tokenizer, cfg)
    if w.task == "causal_lm":
        rows: list[dict[str, Any]] = [{"input_ids": e.input_ids} for e in examples]
        net = AutoModelForCausalLM.from_pretrained(
            model.path, dtype=torch.float32, **model.from_pretrained_kwargs()
        )
        collator: Any = DataCollatorForLanguageModeling(tokenizer, mlm=False)
    else:
        rows = [{"input_ids": e.input_ids, "labels": e.labels} for e in examples]
        net = AutoModelForSequenceClassification.from_pretrained(
            model.path, num_labels=len(names), dtype=torch.float32, **model.from_pretrained_kwargs()
        )
        collator = DataCollatorWithPadding(tokenizer)
    net.config.pad_token_id = tokenizer.pad_token_id

    class StepClock(TrainerCallback):
        """Both clocks when training starts and after every step, and the RSS then."""

        def __init__(self) -> None:
            self.start: tuple[float, float] = (0.0, 0.0)
            self.ends: list[tuple[float, float]] = []
            self.rss: list[float] = []

        def on_train_begin(self, *args: Any, **kwargs: Any) -> None:
            self.start = clocks()

        def on_step_end(self, *args: Any, **kwargs: Any) -> None:
            self.ends.append(clocks())
            self.rss.append(psutil.Process().memory_info().rss / 2**20)

    clock = StepClock()
    rate = LEARNING_RATE[w.method] if w.task == "causal_lm" else CLASSIFIER_LEARNING_RATE
    with tempfile.TemporaryDirectory() as folder:
        args = TrainingArguments(
            output_dir=folder,
            per_device_train_batch_size=cfg.batch,
            gradient_accumulation_steps=1,
            max_steps=cfg.steps,
            learning_rate=rate,
            weight_decay=0.0,
            warmup_steps=0,
            lr_scheduler_type="linear",
            logging_strategy="no",
            save_strategy="no",
            eval_strategy="no",
            report_to="none",
            use_cpu=True,
            dataloader_num_workers=0,
            disable_tqdm=True,
            seed=cfg.seed,
        )
        trainer = Trainer(
            model=net, args=args, train_dataset=rows, data_collator=collator, callbacks=[clock]
        )
        output = trainer.train()
    linears = [(n, m) for n, m in net.named_modules() if isinstance(m, torch.nn.Linear)]
    targets = LORA_TARGETS.get(str(net.config.model_type), [])
    rank = TextTrainSettings().lora_r
    return {
        "train_start": clock.start,
        "step_ends": clock.ends,
        "mean_loss": output.training_loss,
        "step_rss_mb": max(clock.rss),
        "optimizer": str(getattr(args.optim, "value", args.optim)),
        "matmul_params": sum(m.weight.numel() for _, m in linears),
        "lora_params": sum(
            rank * (m.in_features + m.out_features)
            for n, m in linears
            if n.rsplit(".", 1)[-1] in targets
        ),
    }


def child(name: str, cfg: Config) -> None:
    """Run one workload and print its figures as one marked JSON line."""
    import torch

    w = next(w for w in WORKLOADS if w.name == name)
    started = time.perf_counter()
    figures = run_tunewright(w, cfg) if w.side == "tunewright" else run_trainer(w, cfg)
    figures["wall_s"] = time.perf_counter() - started
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["torch_threads"] = torch.get_num_threads()  # neither side may have changed it
    print(MARKER + json.dumps(figures), flush=True)


# --- the parent: prepare, run the children, compare ---------------------------------------


def run_child(w: Workload, cfg: Config) -> dict[str, Any]:
    """One workload in a fresh process; its figures, or an error with the end of its log."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    command = [sys.executable, "-m", "bench.train", "--child", w.name, "--config"]
    done = subprocess.run(
        [*command, json.dumps(asdict(cfg))], cwd=ROOT, env=env, capture_output=True, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if done.returncode or not lines:
        raise RuntimeError(f"{w.name} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(lines[-1].removeprefix(MARKER))
    if figures["torch_threads"] != cfg.threads:
        raise RuntimeError(
            f"{w.name} trained on {figures['torch_threads']} threads, not {cfg.threads}"
        )
    if len(figures["step_ends"]) != cfg.steps:
        raise RuntimeError(f"{w.name} ran {len(figures['step_ends'])} steps, not {cfg.steps}")
    return figures


def step_seconds(figures: dict[str, Any], warmup: int, clock: Clock = "wall") -> list[float]:
    """Seconds of each step after the warm-up (end of one step to end of the next)."""
    index = 0 if clock == "wall" else 1
    ends = [figures["train_start"][index], *(t[index] for t in figures["step_ends"])]
    return [b - a for a, b in itertools.pairwise(ends)][warmup:]


def matmul_gflops(threads: int, size: int = 1024, repeats: int = 30) -> float:
    """The fp32 matmul rate with `threads` torch threads: median of `repeats` products."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(size, size), torch.randn(size, size)
    for _ in range(3):
        torch.matmul(a, b)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        torch.matmul(a, b)
        times.append(time.perf_counter() - started)
    return 2 * size**3 / median(times) / 1e9


def check_examples(cfg: Config) -> None:
    """Every training example must fill the length exactly (no padding, equal token counts)."""
    for task in ("causal_lm", "classifier"):
        examples, _ = training_examples(task, tokenizer_for(bundled_model(task)), cfg)
        lengths = {len(e.input_ids) for e in examples}
        if lengths != {cfg.length}:
            raise ValueError(
                f"{task}: examples are {sorted(lengths)[:5]} tokens long, not all {cfg.length}; "
                "lower --length or make the generated rows longer."
            )


def estimate_mb(w: Workload, cfg: Config) -> float:
    """The plan's estimated peak memory for this workload, in MB."""
    from tunewright.base_models import spec_for
    from tunewright.training.hardware import probe
    from tunewright.training.plan import memory_estimate

    spec = spec_for(bundled_model(w.task))
    found = memory_estimate(spec, cfg.batch, cfg.length, w.method, False, probe(False), 1.0)
    return found.peak / 2**20


def ratio(value: float) -> str:
    """A ratio as the tables show it."""
    return f"{value:.2f}×"


def yes(met: bool) -> str:
    """A target's verdict, a miss in bold."""
    return "yes" if met else "**no**"


@dataclass
class Measured:
    """Every workload's runs, reduced to the figures the tables show."""

    cfg: Config
    runs: dict[str, list[dict[str, Any]]]
    gflops: float

    def steps(self, name: str, clock: Clock = "wall") -> list[float]:
        """Post-warm-up step seconds of every run of a workload, pooled."""
        return [t for r in self.runs[name] for t in step_seconds(r, self.cfg.warmup, clock)]

    def step_s(self, name: str, clock: Clock = "wall") -> float:
        """Median over runs of each run's median step seconds."""
        return median([median(step_seconds(r, self.cfg.warmup, clock)) for r in self.runs[name]])

    def of(self, name: str, key: str) -> float:
        """Median over runs of one figure."""
        return median([r[key] for r in self.runs[name]])

    def flops_per_token(self, w: Workload) -> float:
        """6·N full, 4·N + 6·N_lora LoRA (counts from the Trainer child's loaded model)."""
        counts = self.runs[f"{w.task}-trainer-full"][0]
        n = counts["matmul_params"]
        return 6 * n if w.method == "full" else 4 * n + 6 * counts["lora_params"]


def throughput_table(m: Measured, workloads: list[Workload]) -> list[tuple[str, ...]]:
    """Step time, tokens/s and MFU per workload, by the wall clock and by CPU time."""
    tokens = m.cfg.batch * m.cfg.length
    rows: list[tuple[str, ...]] = [
        (
            "workload",
            "step s",
            "step s p10–p90",
            "tokens/s",
            "MFU",
            "CPU s per step",
            "tokens per CPU s",
            "loop-reported tokens/s",
            "mean loss",
            "process wall s",
        )
    ]
    for w in workloads:
        speed = tokens / m.step_s(w.name)
        steps = m.steps(w.name)
        own = [median(r["loop_tokens_per_s"]) for r in m.runs[w.name] if "loop_tokens_per_s" in r]
        rows.append(
            (
                w.label,
                f"{m.step_s(w.name):.3f}",
                f"{percentile(steps, 10):.2f}–{percentile(steps, 90):.2f}",
                f"{speed:.0f}",
                f"{speed * m.flops_per_token(w) / (m.gflops * 1e9):.1%}",
                f"{m.step_s(w.name, 'cpu'):.3f}",
                f"{tokens / m.step_s(w.name, 'cpu'):.0f}",
                f"{median(own):.0f}" if own else "—",
                f"{m.of(w.name, 'mean_loss'):.3f}",
                f"{m.of(w.name, 'wall_s'):.0f}",
            )
        )
    return rows


def memory_table(m: Measured, workloads: list[Workload]) -> list[tuple[str, ...]]:
    """Peak RSS per workload, ours against the plan's estimate."""
    rows: list[tuple[str, ...]] = [
        ("workload", "plan estimate MB", "peak RSS MB", "peak ÷ estimate", "RSS during steps MB")
    ]
    for w in workloads:
        peak = m.of(w.name, "peak_rss_mb")
        ours = w.side == "tunewright"
        rows.append(
            (
                w.label,
                f"{estimate_mb(w, m.cfg):.0f}" if ours else "—",
                f"{peak:.0f}",
                ratio(peak / estimate_mb(w, m.cfg)) if ours else "—",
                f"{m.of(w.name, 'step_rss_mb'):.0f}",
            )
        )
    return rows


def targets_table(m: Measured, workloads: list[Workload]) -> list[tuple[str, ...]]:
    """The issue's targets: each value by the wall clock and by CPU time, and whether it is met."""
    rows: list[tuple[str, ...]] = [
        ("figure", "wall clock", "CPU time", "target", "met (wall)", "met (CPU)")
    ]

    def speed(task: str, clock: Clock) -> float:
        return m.step_s(f"{task}-trainer-full", clock) / m.step_s(f"{task}-tunewright-full", clock)

    def lora(clock: Clock) -> float:
        full = m.step_s("causal_lm-tunewright-full", clock)
        return m.step_s("causal_lm-tunewright-lora", clock) / full

    for task in sorted({w.task for w in workloads}):
        wall, cpu = speed(task, "wall"), speed(task, "cpu")
        rows.append(
            (
                f"{task} full: tokens/s ours ÷ Trainer",
                ratio(wall),
                ratio(cpu),
                "≥ 1.00×",
                yes(wall >= SPEED_TARGET),
                yes(cpu >= SPEED_TARGET),
            )
        )
    if "causal_lm-tunewright-lora" in m.runs:
        wall, cpu = lora("wall"), lora("cpu")
        rows.append(
            (
                "causal_lm: LoRA ÷ full step time (ours)",
                ratio(wall),
                ratio(cpu),
                "≤ 0.85×",
                yes(wall <= LORA_TARGET),
                yes(cpu <= LORA_TARGET),
            )
        )
    for w in workloads:
        if w.side == "tunewright":
            value = m.of(w.name, "peak_rss_mb") / estimate_mb(w, m.cfg)
            met = yes(abs(value - 1) <= MEMORY_TOLERANCE)
            rows.append(
                (
                    f"{w.task} {w.method}: peak RSS ÷ plan estimate",
                    ratio(value),
                    "",
                    "0.75–1.25×",
                    met,
                    "",
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=Config.steps)
    parser.add_argument("--warmup", type=int, default=Config.warmup)
    parser.add_argument("--batch", type=int, default=Config.batch)
    parser.add_argument("--length", type=int, default=Config.length)
    parser.add_argument("--threads", type=int, default=None, help="default: physical cores")
    parser.add_argument("--repeats", type=int, default=1, help="fresh processes per workload")
    parser.add_argument("--only", choices=["causal_lm", "classifier"], default=None)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Config(**json.loads(args.config)))
        return

    import psutil

    threads = args.threads or psutil.cpu_count(logical=False) or 1
    cfg = Config(args.steps, args.warmup, args.batch, args.length, threads)
    if cfg.steps <= cfg.warmup:
        raise ValueError(f"--steps must be more than --warmup ({cfg.warmup}); got {cfg.steps}")
    workloads = [w for w in WORKLOADS if args.only in (None, w.task)]

    # 1. shared preparation: the GGUF tokenizer converted once, the data checked, the rate
    check_examples(cfg)
    before = matmul_gflops(threads)
    print(f"fp32 matmul: {before:.1f} GFLOP/s with {threads} threads", flush=True)

    # 2. every workload in its own process; the order flips each repeat so drift hits both
    runs: dict[str, list[dict[str, Any]]] = {w.name: [] for w in workloads}
    for repeat in range(args.repeats):
        for w in workloads if repeat % 2 == 0 else workloads[::-1]:
            print(f"repeat {repeat + 1}/{args.repeats}: {w.name}", flush=True)
            runs[w.name].append(run_child(w, cfg))
    # the machine is shared: the better of two measurements is nearer what it can do
    after = matmul_gflops(threads)
    gflops = max(before, after)
    measured = Measured(cfg, runs, gflops)

    # 3. the tables
    setup = (
        f"batch {cfg.batch} × {cfg.length} tokens, {cfg.steps} steps of which the first "
        f"{cfg.warmup} are left out, {threads} torch thread{'s' if threads > 1 else ''}, "
        f"fp32, {args.repeats} fresh process{'es' if args.repeats > 1 else ''} per workload."
    )
    counts = {w.task: measured.runs[f"{w.task}-trainer-full"][0] for w in workloads}
    optimizer = next(r[0]["optimizer"] for n, r in runs.items() if "trainer" in n)
    record(
        "Fine-tuning throughput: tunewright vs a plain HF Trainer",
        throughput_table(measured, workloads),
        notes=(
            f"{setup} tokens/s = {cfg.batch * cfg.length} real tokens per step ÷ the median "
            "wall-clock time between consecutive step ends. MFU against a measured fp32 1024² "
            f"matmul rate of {gflops:.1f} GFLOP/s (the better of {before:.1f} before and "
            f"{after:.1f} after the runs); FLOPs per token 6·N full, 4·N + 6·N_lora "
            "LoRA, N = Linear weights ("
            + ", ".join(f"{t} {c['matmul_params'] / 1e6:.1f} M" for t, c in counts.items())
            + "). CPU s per step is the process's CPU time over the same interval (all its "
            "threads): another process's burst stretches the wall clock but not this, so on a "
            "shared machine its ratios are the steadier ones. Loop-reported tokens/s is what "
            "our step events say (timed inside the loop). "
            f"The Trainer ran its default optimizer, {optimizer}. Process wall s: loading, our "
            "base-model evaluation, training, final evaluation and saving. A shared, noisy "
            "2-core machine (other test suites ran alongside): compare the ratios, measured "
            "in the same run, not the absolute figures."
        ),
    )
    record(
        "Fine-tuning peak memory vs the plan's estimate",
        memory_table(measured, workloads),
        notes=(
            f"{setup} Peak RSS is `ru_maxrss` of the child process running the whole "
            "fine-tune, loading included; RSS during steps is the largest resident size "
            "sampled after each training step."
        ),
    )
    record("Fine-tuning targets", targets_table(measured, workloads), notes=setup)


if __name__ == "__main__":
    main()
