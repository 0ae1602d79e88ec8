"""The run queue behind an interface: the database today, Celery + Redis later.

A claim is one conditional UPDATE, so two workers can never take the same run: on PostgreSQL
the candidate row is locked with SKIP LOCKED, on SQLite writes are serialised and the
`status = 'queued'` guard makes the loser update nothing. A claimed run holds a lease that its
worker renews; a run whose lease expired belongs to a dead worker and is marked interrupted.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tunewright.db.models import Run, utcnow

ACTIVE_STATES = ("preparing", "training", "evaluating")
FINAL_STATES = ("succeeded", "failed", "cancelled", "interrupted")
LEASE_SECONDS = 30.0  # a dead worker's run is noticed within this plus one sweep


class RunQueue(Protocol):
    """What a worker needs from wherever runs are queued."""

    def claim(self, worker_id: str) -> int | None: ...

    def heartbeat(self, run_id: int, worker_id: str) -> bool: ...

    def recover_expired(self) -> list[int]: ...


class DatabaseQueue:
    """Runs queued in the `runs` table, claimed with a lease."""

    def __init__(self, sessions: sessionmaker[Session], lease_s: float = LEASE_SECONDS) -> None:
        self.sessions = sessions
        self.lease = timedelta(seconds=lease_s)

    def claim(self, worker_id: str) -> int | None:
        """Atomically take the oldest queued run, or None when there is none."""
        with self.sessions() as session:
            candidate = select(Run.id).where(Run.status == "queued").order_by(Run.id).limit(1)
            if session.get_bind().dialect.name == "postgresql":
                candidate = candidate.with_for_update(skip_locked=True)
            now = utcnow()
            claimed = session.scalar(
                update(Run)
                .where(Run.id == candidate.scalar_subquery(), Run.status == "queued")
                .values(
                    status="preparing",
                    worker_id=worker_id,
                    lease_expires_at=now + self.lease,
                    heartbeat_at=now,
                    attempt=Run.attempt + 1,
                    started_at=now,
                    finished_at=None,
                )
                .returning(Run.id)
            )
            session.commit()
            return claimed

    def heartbeat(self, run_id: int, worker_id: str) -> bool:
        """Renew the lease; False when the run is no longer this worker's."""
        with self.sessions() as session:
            now = utcnow()
            renewed = session.execute(
                update(Run)
                .where(Run.id == run_id, Run.worker_id == worker_id, Run.status.in_(ACTIVE_STATES))
                .values(lease_expires_at=now + self.lease, heartbeat_at=now)
            )
            session.commit()
            return bool(renewed.rowcount)  # type: ignore[attr-defined]

    def recover_expired(self, now: datetime | None = None) -> list[int]:
        """Mark runs whose worker stopped renewing the lease as interrupted (resumable)."""
        now = now or utcnow()
        with self.sessions() as session:
            expired = list(
                session.scalars(
                    update(Run)
                    .where(Run.status.in_(ACTIVE_STATES), Run.lease_expires_at < now)
                    .values(
                        status="interrupted",
                        finished_at=now,
                        error={
                            "code": "worker_lost",
                            "message": "The worker running this training stopped responding.",
                            "hint": "Press Resume to continue from the last checkpoint.",
                        },
                    )
                    .returning(Run.id)
                )
            )
            session.commit()
            return expired
