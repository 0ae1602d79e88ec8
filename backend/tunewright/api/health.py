"""Liveness and readiness."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy import select

from tunewright import __version__
from tunewright.api.deps import SettingsDep
from tunewright.db.engine import database_ok, session_factory
from tunewright.db.models import Worker, utcnow
from tunewright.settings import Settings

router = APIRouter(tags=["health"])


class DatabaseHealth(BaseModel):
    ok: bool
    engine: Literal["sqlite", "postgresql"]


class WorkerHealth(BaseModel):
    state: str
    detail: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: DatabaseHealth
    worker: WorkerHealth


WORKER_UNKNOWN = WorkerHealth(state="unknown", detail="the database is not reachable")


def worker_health(settings: Settings) -> WorkerHealth:
    """Whether a worker renewed its heartbeat recently (within three leases)."""
    cutoff = utcnow() - timedelta(seconds=3 * settings.worker_lease_s)
    with session_factory(settings.sqlalchemy_url)() as session:
        alive = list(session.scalars(select(Worker).where(Worker.heartbeat_at >= cutoff)))
    if alive:
        busy = sum(w.active_runs for w in alive)
        return WorkerHealth(state="up", detail=f"{len(alive)} worker(s), {busy} run(s) training")
    if settings.no_worker:
        return WorkerHealth(
            state="down", detail="no worker has checked in; start one with `tunewright worker`"
        )
    return WorkerHealth(state="starting", detail="the server starts a worker; it checks in soon")


@router.get("/health", response_model=Health)
async def health(settings: SettingsDep) -> Health:
    """Version, database reachability and worker state."""
    url = settings.sqlalchemy_url
    ok = await run_in_threadpool(database_ok, url)
    worker = (
        WorkerHealth(
            state="external", detail="TUNEWRIGHT_NO_WORKER is set: a worker runs elsewhere"
        )
        if settings.no_worker
        else WorkerHealth(state="idle", detail="no training worker is needed until a run starts")
    )
    return Health(
        status="ok" if ok else "degraded",
        version=__version__,
        database=DatabaseHealth(
            ok=ok, engine="sqlite" if url.startswith("sqlite") else "postgresql"
        ),
        worker=worker,
    )
