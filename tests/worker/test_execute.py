"""What a stopped run says about its checkpoint: kept only when a resumable file was saved."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import make_dataset, make_run
from tunewright.db.models import Run, RunEvent
from tunewright.settings import Settings
from tunewright.training import checkpoint as ckpt
from tunewright.training.types import Cancelled, RunContext
from tunewright.worker import execute

Saved = Callable[[Path], None]


def nothing(run_dir: Path) -> None:
    """Stopped before the first step: no checkpoint at all."""


def empty_folder(run_dir: Path) -> None:
    """A checkpoints folder with no file in it."""
    ckpt.checkpoint_dir(run_dir).mkdir(parents=True)


def best_only(run_dir: Path) -> None:
    """The best weights of an evaluation, but nothing to resume from."""
    ckpt.save_checkpoint(run_dir, {"step": 3, "val_loss": 1.0, "model": {}}, ckpt.BEST)


def last_checkpoint(run_dir: Path) -> None:
    """A resumable checkpoint, as the loop saves it on cancel."""
    ckpt.save_checkpoint(run_dir, {"step": 3})


@pytest.fixture
def restore_sigterm() -> Iterator[None]:
    """execute_run installs its own SIGTERM handler; put pytest's back afterwards."""
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def stop_run(
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    settings: Settings,
    saved: Saved,
    *,
    restart: bool,
) -> tuple[str, list[str], Run]:
    """Run execute_run with a workflow that saves `saved` and is then stopped."""

    def workflow(*args: Any, **kwargs: Any) -> Any:
        ctx: RunContext = args[4]
        saved(ctx.run_dir)
        if restart:  # the worker asks its children to stop when the server restarts
            signal.raise_signal(signal.SIGTERM)
        raise Cancelled("stopped")

    monkeypatch.setattr(execute, "load_frame", lambda dataset, settings: pd.DataFrame())
    monkeypatch.setattr(execute, "_dispatch", workflow)
    run = make_run(session, make_dataset(session), status="preparing", attempt=1)

    status = execute.execute_run(settings, run.id)

    session.expire_all()
    logs = session.scalars(
        select(RunEvent).where(RunEvent.run_id == run.id, RunEvent.kind == "log")
    )
    stored = session.get(Run, run.id)
    assert stored is not None
    return status, [str(e.payload.get("message", "")) for e in logs], stored


@pytest.mark.parametrize("saved", [nothing, empty_folder, best_only])
@pytest.mark.usefixtures("restore_sigterm")
def test_execute_run_cancel_without_checkpoint_says_none_was_kept(
    monkeypatch: pytest.MonkeyPatch, session: Session, settings: Settings, saved: Saved
) -> None:
    status, messages, run = stop_run(monkeypatch, session, settings, saved, restart=False)

    assert status == "cancelled" and run.status == "cancelled"
    assert messages == [
        "Cancelled before any checkpoint was saved; Resume starts this run again from the "
        "beginning."
    ]


@pytest.mark.usefixtures("restore_sigterm")
def test_execute_run_cancel_with_checkpoint_says_it_was_kept(
    monkeypatch: pytest.MonkeyPatch, session: Session, settings: Settings
) -> None:
    status, messages, _ = stop_run(monkeypatch, session, settings, last_checkpoint, restart=False)

    assert status == "cancelled"
    assert messages == ["Cancelled; a checkpoint was kept so the run can resume."]


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        (nothing, "Interrupted by a restart before any checkpoint was saved; Resume starts"),
        (best_only, "Interrupted by a restart before any checkpoint was saved; Resume starts"),
        (last_checkpoint, "Interrupted by a restart; a checkpoint was kept."),
    ],
)
@pytest.mark.usefixtures("restore_sigterm")
def test_execute_run_restart_says_a_checkpoint_was_kept_only_when_one_was(
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    settings: Settings,
    saved: Saved,
    message: str,
) -> None:
    status, messages, run = stop_run(monkeypatch, session, settings, saved, restart=True)

    assert status == "interrupted" and run.status == "interrupted"
    assert len(messages) == 1 and messages[0].startswith(message)
    assert run.error is not None
    kept = saved is last_checkpoint
    assert run.error["hint"] == (execute.INTERRUPTED["hint"] if kept else execute.RESTART_HINT)
