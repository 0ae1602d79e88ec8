"""Progress as data: each event is committed to `run_events` before anyone can see it."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tunewright.db.models import Run, RunEvent, utcnow
from tunewright.training.types import EventKind

PHASE_STATES = {"preparing": "preparing", "training": "training", "evaluating": "evaluating"}
CANCEL_POLL_S = 1.0  # how stale the cancel flag may be; polling every step would hammer the DB


class RunEventWriter:
    """Numbers events per run (gap-free `seq`) and mirrors progress onto the run row."""

    def __init__(self, sessions: sessionmaker[Session], run_id: int) -> None:
        self.sessions = sessions
        self.run_id = run_id
        with sessions() as session:
            last = session.scalar(select(func.max(RunEvent.seq)).where(RunEvent.run_id == run_id))
        self.seq = last or 0
        self._cancel_checked = 0.0
        self._cancelled = False

    def emit(self, kind: EventKind | str, payload: dict[str, Any]) -> None:
        """Persist one event and update the run's status/step from it."""
        self.seq += 1
        row_update: dict[str, Any] = {}
        if kind == "phase" and payload.get("phase") in PHASE_STATES:
            row_update["status"] = PHASE_STATES[payload["phase"]]
        if kind == "step":
            row_update["step"] = int(payload.get("step", 0))
            if payload.get("total_steps"):
                row_update["total_steps"] = int(payload["total_steps"])
        with self.sessions() as session:
            session.add(RunEvent(run_id=self.run_id, seq=self.seq, kind=kind, payload=payload))
            if row_update:
                session.execute(update(Run).where(Run.id == self.run_id).values(**row_update))
            session.commit()

    def should_stop(self) -> bool:
        """Whether cancel was requested (checked at most once a second)."""
        now = time.monotonic()
        if not self._cancelled and now - self._cancel_checked >= CANCEL_POLL_S:
            self._cancel_checked = now
            with self.sessions() as session:
                self._cancelled = bool(
                    session.scalar(select(Run.cancel_requested).where(Run.id == self.run_id))
                )
        return self._cancelled


def events_after(session: Session, run_id: int, after: int, limit: int = 1000) -> list[RunEvent]:
    """Events of a run with seq > after, in order."""
    return list(
        session.scalars(
            select(RunEvent)
            .where(RunEvent.run_id == run_id, RunEvent.seq > after)
            .order_by(RunEvent.seq)
            .limit(limit)
        )
    )


def event_dict(event: RunEvent) -> dict[str, Any]:
    """The wire form of an event."""
    return {
        "seq": event.seq,
        "kind": event.kind,
        "payload": event.payload,
        "created_at": (event.created_at or utcnow()).isoformat(),
    }
