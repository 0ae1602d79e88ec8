"""Run one claimed training run to its end (in a child process of the worker)."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tunewright.base_models import ResolvedModel
from tunewright.data.analyse import profile_markers
from tunewright.data.types import ColumnDecision
from tunewright.db.engine import session_factory
from tunewright.db.models import Dataset, ModelVersion, Run, utcnow
from tunewright.logs import JsonFormatter
from tunewright.services.datasets import load_frame
from tunewright.settings import Settings
from tunewright.templates import get_template
from tunewright.training.settings import TextTrainSettings
from tunewright.training.throughput import SpeedKey, record_run
from tunewright.training.types import Cancelled, RunContext, WorkflowResult
from tunewright.versions import library_versions
from tunewright.worker.events import RunEventWriter

log = logging.getLogger(__name__)

INTERRUPTED = {
    "code": "interrupted",
    "message": "Training was interrupted because the server or worker restarted.",
    "hint": "Press Resume to continue from the last checkpoint.",
}
RESTART_HINT = "Press Resume to start the run again from the beginning (no checkpoint was saved)."


def run_dir_for(settings: Settings, run_id: int) -> Path:
    """Where a run keeps its checkpoints, log file and artifacts while it trains."""
    return settings.data_dir / "runs" / str(run_id)


def checkpoint_kept(folder: Path) -> bool:
    """Whether the run in `folder` saved a checkpoint it can resume from."""
    # imported here: the checkpoint module loads torch, which a tabular run never needs
    from tunewright.training.checkpoint import has_checkpoint

    return has_checkpoint(folder)


def explain_failure(exc: BaseException) -> dict[str, str]:
    """A plain-English reason and a fix for an exception that ended a run."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, MemoryError) or "out of memory" in text.lower():
        return {
            "code": "out_of_memory",
            "message": "Training ran out of memory.",
            "hint": "Lower max_length or batch_size, or switch method to LoRA, then start again.",
        }
    if isinstance(exc, ValueError):
        return {
            "code": "bad_data_or_settings",
            "message": str(exc),
            "hint": "Fix the data or the setting named above (the Data step lists problems), "
            "then start again.",
        }
    return {
        "code": "training_error",
        "message": f"Training stopped with an unexpected error ({text[:300]}).",
        "hint": "Open the run log for details; Resume continues from the last checkpoint.",
    }


def _dispatch(
    task: str,
    frame: pd.DataFrame,
    roles: dict[str, str],
    plan: dict[str, Any],
    ctx: RunContext,
    settings: Settings,
    markers: dict[str, list[str]] | None = None,
) -> WorkflowResult:
    if task == "tabular":
        from tunewright.training.tabular.workflow import TabularSettings, train_tabular

        # runs planned before column choices existed have no "columns": every column is used
        columns = [ColumnDecision(**d) for d in plan.get("columns") or []]
        return train_tabular(
            frame,
            roles["target"],
            ctx,
            TabularSettings(**plan["settings"]),
            columns=columns or None,
            missing_markers=markers,
        )
    model = ResolvedModel(**plan["base_model"])
    text_settings = TextTrainSettings(**plan["settings"])
    if task == "causal_lm":
        from tunewright.training.causal_lm.workflow import train_causal_lm

        return train_causal_lm(
            frame, roles, model, text_settings, ctx, cache_dir=settings.cache_dir
        )
    from tunewright.training.classifier.workflow import train_classifier

    return train_classifier(frame, roles, model, text_settings, ctx, cache_dir=settings.cache_dir)


def _remember_speed(
    settings: Settings, plan: dict[str, Any], metrics: dict[str, Any], wall_s: float
) -> None:
    """Keep this run's training speed, so the next plan of this model estimates from it."""
    steps, seconds = metrics.get("steps"), metrics.get("train_seconds")
    per_step, flops = plan.get("tokens_per_step"), plan.get("flops_per_token")
    chosen = plan.get("settings", {})
    if not (steps and seconds and per_step and flops):
        return  # a plan from before speeds were measured, or a run that trained no step
    key = SpeedKey(
        model=str(plan.get("base_model", {}).get("name")),
        method=str(chosen.get("method")),
        device=str(chosen.get("device") or "cpu"),
        threads=int(chosen.get("threads") or os.cpu_count() or 1),
    )
    record_run(
        settings.cache_dir,
        key,
        flops_per_s=float(steps) * float(per_step) * float(flops) / float(seconds),
        overhead_s=max(0.0, wall_s - float(seconds)),
    )


def _register(
    session: Session, settings: Settings, run: Run, dataset: Dataset, result: WorkflowResult
) -> ModelVersion:
    name = str(run.plan.get("model_name") or dataset.name)
    latest = session.scalar(
        select(func.max(ModelVersion.version)).where(
            ModelVersion.project_id == run.project_id, ModelVersion.name == name
        )
    )
    destination = settings.data_dir / "models" / uuid.uuid4().hex
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(result.artifact_dir), destination)
    size = sum(p.stat().st_size for p in destination.rglob("*") if p.is_file())
    version = ModelVersion(
        project_id=run.project_id,
        run_id=run.id,
        dataset_id=dataset.id,
        name=name,
        version=(latest or 0) + 1,
        template_id=run.template_id,
        task=get_template(run.template_id).task,
        settings=result.settings,
        metrics=result.metrics,
        verdict=_verdict_dict(result),
        base_model=result.base_model,
        library_versions=library_versions(),
        artifact_path=str(destination),
        size_bytes=size,
        input_schema=result.input_schema,
    )
    session.add(version)
    return version


def _verdict_dict(result: WorkflowResult) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(result.verdict)


def _finish(sessions: sessionmaker[Session], run_id: int, **values: Any) -> None:
    with sessions() as session:
        session.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(finished_at=utcnow(), lease_expires_at=None, **values)
        )
        session.commit()


def _log_to_file(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    return handler


def execute_run(settings: Settings, run_id: int) -> str:
    """Train a claimed run; record success, cancellation or a failure with its fix."""
    sessions = session_factory(settings.sqlalchemy_url)
    with sessions() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise ValueError(f"run {run_id} does not exist")
        dataset = session.get(Dataset, run.dataset_id)
        if dataset is None:
            raise ValueError(f"run {run_id}: its dataset {run.dataset_id} was deleted")
        task = get_template(run.template_id).task
        plan, attempt = dict(run.plan), run.attempt
    folder = run_dir_for(settings, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    handler = _log_to_file(folder / "run.log")
    writer = RunEventWriter(sessions, run_id)
    parent = os.getppid()
    shutdown = threading.Event()  # the worker is stopping (server restart): checkpoint and go
    signal.signal(signal.SIGTERM, lambda *_: shutdown.set())

    def should_stop() -> bool:
        # a child whose worker died stops at the next step instead of training unsupervised
        return shutdown.is_set() or os.getppid() != parent or writer.should_stop()

    ctx = RunContext(
        run_dir=folder,
        emit=writer.emit,
        should_stop=should_stop,
        seed=int(plan.get("settings", {}).get("seed", 42)),
        success_target=plan.get("success_target"),
        resume=attempt > 1 and checkpoint_kept(folder),
    )
    with sessions() as session:
        session.execute(update(Run).where(Run.id == run_id).values(run_dir=str(folder), error=None))
        session.commit()
    log.info("run started", extra={"run_id": run_id, "task": task, "resume": ctx.resume})
    try:
        frame = load_frame(dataset, settings)
        roles = dict(dataset.profile.get("roles", {}))
        markers = profile_markers(dataset.profile)
        started = time.perf_counter()
        result = _dispatch(task, frame, roles, plan, ctx, settings, markers)
        if task != "tabular" and not ctx.resume:  # a resumed run's wall time is partial
            _remember_speed(settings, plan, result.metrics, time.perf_counter() - started)
    except Cancelled:
        # said only when a checkpoint file exists: none before the first step, none for tabular
        kept = checkpoint_kept(folder)
        if shutdown.is_set() or os.getppid() != parent:
            writer.emit(
                "log",
                {
                    "message": "Interrupted by a restart; a checkpoint was kept."
                    if kept
                    else "Interrupted by a restart before any checkpoint was saved; Resume "
                    "starts this run again from the beginning."
                },
            )
            error = INTERRUPTED if kept else {**INTERRUPTED, "hint": RESTART_HINT}
            _finish(sessions, run_id, status="interrupted", error=error)
            return "interrupted"
        writer.emit(
            "log",
            {
                "message": "Cancelled; a checkpoint was kept so the run can resume."
                if kept
                else "Cancelled before any checkpoint was saved; Resume starts this run again "
                "from the beginning."
            },
        )
        _finish(sessions, run_id, status="cancelled")
        return "cancelled"
    except BaseException as exc:
        log.exception("run failed", extra={"run_id": run_id})
        error = explain_failure(exc)
        writer.emit("log", {"message": error["message"], "hint": error["hint"]})
        _finish(sessions, run_id, status="failed", error=error)
        if not isinstance(exc, Exception):
            raise
        return "failed"
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    with sessions() as session:
        run = session.get(Run, run_id)
        assert run is not None
        version = _register(session, settings, run, dataset, result)
        session.flush()
        run.metrics = {**result.metrics, "model_version_id": version.id}
        run.status = "succeeded"
        run.finished_at = utcnow()
        run.lease_expires_at = None
        session.commit()
    writer.emit("log", {"message": "Model saved.", "model_version_id": version.id})
    return "succeeded"


def main() -> int:
    """Entry point of the child process: `python -m tunewright.worker.execute RUN_ID`."""
    from tunewright.logs import configure_logging
    from tunewright.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_format or "console", settings.log_level)
    status = execute_run(settings, int(sys.argv[1]))
    return 0 if status in ("succeeded", "cancelled", "failed", "interrupted") else 1


if __name__ == "__main__":
    raise SystemExit(main())
