"""`GET /metrics`: Prometheus text for scrapers (requests, latency, runs, workers, models)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from tunewright.api.deps import ServingDep

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response, summary="Prometheus metrics")
async def metrics(serving: ServingDep) -> Response:
    """Endpoint requests and latency per deployment, runs by state, workers up, models loaded."""
    body = await run_in_threadpool(serving.metrics.render)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
