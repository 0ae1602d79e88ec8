"""Claims are atomic on SQLite and PostgreSQL; dead workers' runs become interrupted."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy.orm import Session

from tests.factories import make_dataset, make_run
from tunewright.db.engine import session_factory
from tunewright.db.models import Run, utcnow
from tunewright.worker.queue import DatabaseQueue


def test_claim_takes_oldest_queued_run(session: Session, database_url: str) -> None:
    dataset = make_dataset(session)
    first, second = make_run(session, dataset), make_run(session, dataset)
    queue = DatabaseQueue(session_factory(database_url))
    assert queue.claim("w1") == first.id
    assert queue.claim("w1") == second.id
    assert queue.claim("w1") is None
    session.expire_all()
    claimed = session.get(Run, first.id)
    assert claimed is not None
    assert claimed.status == "preparing"
    assert claimed.worker_id == "w1"
    assert claimed.attempt == 1
    assert claimed.lease_expires_at is not None


def test_claim_with_competing_workers_gives_each_run_once(
    session: Session, database_url: str
) -> None:
    dataset = make_dataset(session)
    run_ids = {make_run(session, dataset).id for _ in range(24)}

    def drain(worker: str) -> list[int]:
        queue = DatabaseQueue(session_factory(database_url))
        taken = []
        while (run_id := queue.claim(worker)) is not None:
            taken.append(run_id)
        return taken

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(drain, ["a", "b", "c", "d"]))
    claimed = [run_id for taken in results for run_id in taken]
    assert sorted(claimed) == sorted(run_ids)  # every run once, none twice


def test_recover_expired_marks_interrupted(session: Session, database_url: str) -> None:
    dataset = make_dataset(session)
    run = make_run(session, dataset)
    queue = DatabaseQueue(session_factory(database_url), lease_s=30)
    assert queue.claim("dead-worker") == run.id
    assert queue.recover_expired() == []  # lease still valid
    assert queue.recover_expired(now=utcnow() + timedelta(seconds=31)) == [run.id]
    session.expire_all()
    recovered = session.get(Run, run.id)
    assert recovered is not None
    assert recovered.status == "interrupted"
    assert recovered.error is not None
    assert "Resume" in recovered.error["hint"]


def test_heartbeat_renews_only_own_active_run(session: Session, database_url: str) -> None:
    dataset = make_dataset(session)
    run = make_run(session, dataset)
    queue = DatabaseQueue(session_factory(database_url), lease_s=30)
    queue.claim("w1")
    assert queue.heartbeat(run.id, "w1") is True
    assert queue.heartbeat(run.id, "someone-else") is False
