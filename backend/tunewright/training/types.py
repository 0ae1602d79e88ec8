"""The contract between a training workflow and whoever runs it (worker, CLI, notebook)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Phase = Literal["preparing", "training", "evaluating"]
EventKind = Literal["phase", "step", "eval", "sample", "log"]


class Cancelled(Exception):
    """Raised inside a workflow when the run was asked to stop (checkpointed if a step ran)."""


@dataclass
class RunContext:
    """What a workflow may use from its runner: a folder, a way to report, a way to be stopped."""

    run_dir: Path  # checkpoints, artifacts and the run log live here
    emit: Callable[[EventKind, dict[str, Any]], None]  # flat dicts, persisted before shown
    should_stop: Callable[[], bool] = lambda: False  # polled between steps
    seed: int = 42
    resume: bool = False  # continue from the last checkpoint in run_dir
    success_target: dict[str, Any] | None = None  # the user's own bar (training.targets)


@dataclass
class Verdict:
    """Quality gates in words first: passed or not, why, what we noticed, what to do next."""

    passed: bool
    headline: (
        str  # "Passed: on rows it has never seen, it is right 91% of the time (baseline 62%)."
    )
    insights: list[str] = field(default_factory=list)  # "Works well for passengers under 40."
    suggestions: list[str] = field(default_factory=list)  # "Add more examples of 'refund'."
    gates: list[dict[str, Any]] = field(default_factory=list)  # {name, passed, value, threshold}


@dataclass
class WorkflowResult:
    """What a finished workflow hands back for the model registry."""

    metrics: dict[str, Any]
    verdict: Verdict
    artifact_dir: Path  # self-describing: weights/pipeline + metadata.json
    settings: dict[str, Any]  # the resolved settings actually used
    base_model: dict[str, Any]  # what was started from and why
    split: dict[str, Any] = field(default_factory=dict)  # held-out split: seed, sizes, stratified
    input_schema: list[dict[str, Any]] | None = None  # the columns a table model reads
