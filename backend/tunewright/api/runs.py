"""Run routes: plan, start, follow live, cancel, resume."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from sqlalchemy import func, select

from tunewright.api.deps import SessionDep, SettingsDep
from tunewright.db.engine import session_factory
from tunewright.db.models import Run
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.schemas.runs import (
    PlanPublic,
    PlanRequest,
    RunCreate,
    RunEventsPublic,
    RunPublic,
    RunsPublic,
)
from tunewright.services import runs as service
from tunewright.worker.events import event_dict, events_after
from tunewright.worker.queue import FINAL_STATES

router = APIRouter(prefix="/runs", tags=["runs"], responses=ERROR_RESPONSES)

STREAM_POLL_S = 0.25  # events reach the browser within a second of the step


def to_public(run: Run) -> RunPublic:
    """The API view of a run, with the model version it produced."""
    public = RunPublic.model_validate(run)
    if run.metrics and "model_version_id" in run.metrics:
        public.model_version_id = int(run.metrics["model_version_id"])
    return public


@router.post("/plan", response_model=PlanPublic)
async def plan_run(body: PlanRequest, session: SessionDep, settings: SettingsDep) -> Any:
    """The automatic plan for a template on a dataset, without starting anything."""
    return await run_in_threadpool(
        service.build_plan,
        session,
        settings,
        template_id=body.template_id,
        dataset_id=body.dataset_id,
        preset=body.preset,
        overrides=body.overrides,
        base_model=body.base_model,
        columns=body.columns.model_dump() if body.columns else None,
        success_target=body.success_target,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RunPublic)
async def create_run(body: RunCreate, session: SessionDep, settings: SettingsDep) -> Any:
    """Plan and queue a training run; the worker starts it within a second or two."""
    run = await run_in_threadpool(
        service.create_run,
        session,
        settings,
        template_id=body.template_id,
        dataset_id=body.dataset_id,
        preset=body.preset,
        overrides=body.overrides,
        base_model=body.base_model,
        columns=body.columns.model_dump() if body.columns else None,
        success_target=body.success_target,
        name=body.name,
    )
    return to_public(run)


@router.get("", response_model=RunsPublic)
def list_runs(
    session: SessionDep, offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)
) -> Any:
    """Runs, newest first."""
    total = session.scalar(select(func.count()).select_from(Run)) or 0
    rows = session.scalars(select(Run).order_by(Run.id.desc()).offset(offset).limit(limit))
    return RunsPublic(data=[to_public(r) for r in rows], count=total)


@router.get("/{run_id}", response_model=RunPublic)
def read_run(run_id: int, session: SessionDep) -> Any:
    """One run with its plan, progress, metrics or error."""
    return to_public(service.get_run(session, run_id))


@router.post("/{run_id}/cancel", response_model=RunPublic)
def cancel_run(run_id: int, session: SessionDep) -> Any:
    """Stop at the next step, keeping a checkpoint."""
    return to_public(service.cancel_run(session, service.get_run(session, run_id)))


@router.post("/{run_id}/resume", response_model=RunPublic)
def resume_run(run_id: int, session: SessionDep) -> Any:
    """Continue an interrupted, cancelled or failed run from its last checkpoint."""
    return to_public(service.resume_run(session, service.get_run(session, run_id)))


@router.get(
    "/{run_id}/log",
    response_class=FileResponse,
    responses={200: {"content": {"text/plain": {}}, "description": "The run's log file"}},
)
def read_log(run_id: int, session: SessionDep) -> Any:
    """The full log file of a run (JSON lines), for when the events do not say enough."""
    path = service.log_path(service.get_run(session, run_id))
    return FileResponse(path, media_type="text/plain; charset=utf-8", filename=f"run-{run_id}.log")


@router.get("/{run_id}/events", response_model=RunEventsPublic)
def list_events(
    run_id: int,
    session: SessionDep,
    after: int = Query(0, ge=0),
    limit: int = Query(1000, ge=1, le=5000),
) -> Any:
    """Progress events with seq greater than `after`, in order."""
    run = service.get_run(session, run_id)
    events = [event_dict(e) for e in events_after(session, run_id, after, limit)]
    return {"data": events, "status": run.status}


@router.websocket("/{run_id}/stream")
async def stream_events(websocket: WebSocket, run_id: int, after: int = 0) -> None:
    """The backlog after `after`, then live events; ends with {"type": "end"} when the run does."""
    await websocket.accept()
    sessions = session_factory(websocket.app.state.settings.sqlalchemy_url)

    def poll(last: int) -> tuple[str | None, list[dict[str, Any]]]:
        with sessions() as session:
            run = session.get(Run, run_id)
            if run is None:
                return None, []
            return run.status, [event_dict(e) for e in events_after(session, run_id, last)]

    last, last_state = after, ""
    try:
        while True:
            state, events = await run_in_threadpool(poll, last)
            if state is None:
                await websocket.send_json(
                    {"type": "error", "message": f"Run {run_id} does not exist."}
                )
                break
            for event in events:
                await websocket.send_json({"type": "event", **event})
                last = event["seq"]
            if state != last_state:
                await websocket.send_json({"type": "status", "status": state, "seq": last})
                last_state = state
            if state in FINAL_STATES and not events:
                await websocket.send_json({"type": "end", "status": state, "seq": last})
                break
            await asyncio.sleep(STREAM_POLL_S)
        await websocket.close()
    except WebSocketDisconnect:
        return
