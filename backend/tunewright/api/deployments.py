"""Deployment routes: deploy, switch version or roll back, undeploy, keys, usage."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select

from tunewright.api.deps import ServingDep, SessionDep, SettingsDep
from tunewright.db.models import Deployment, ModelVersion
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.schemas.deployments import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    DeploymentCreate,
    DeploymentCreated,
    DeploymentPublic,
    DeploymentsPublic,
    DeploymentVersionUpdate,
    UsagePublic,
)
from tunewright.services import deployments as service
from tunewright.services.usage import prediction_distribution, usage_summary

router = APIRouter(prefix="/deployments", tags=["deployments"], responses=ERROR_RESPONSES)


def _view(session: SessionDep, deployment: Deployment, request: Request) -> dict[str, Any]:
    keys = service.keys_of(session, deployment)
    return service.public_view(deployment, keys, str(request.base_url))


async def _warm(serving: ServingDep, session: SessionDep, deployment: Deployment) -> None:
    """Load the model now (not on the first call) and record which engine serves it."""
    version = session.get(ModelVersion, deployment.model_version_id)
    assert version is not None
    record = await run_in_threadpool(serving.warm, version.id, version.artifact_path, version.task)
    deployment.engine = record["engine"]
    deployment.history = [*deployment.history[:-1], {**deployment.history[-1], "engine": record}]
    session.commit()
    serving.auth.clear()


@router.post("", status_code=status.HTTP_201_CREATED, response_model=DeploymentCreated)
async def create_deployment(
    body: DeploymentCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    serving: ServingDep,
) -> Any:
    """Deploy a model version: a stable URL, an API key shown once, ready-to-paste calls."""
    deployment, key = service.create_deployment(
        session,
        model_version_id=body.model_version_id,
        name=body.name,
        rate_limit_per_minute=body.rate_limit_per_minute or settings.rate_limit_per_minute,
    )
    await _warm(serving, session, deployment)
    view = _view(session, deployment, request)
    version = session.get(ModelVersion, deployment.model_version_id)
    assert version is not None
    return {
        **view,
        "api_key": key,
        "snippets": service.snippets(view["url"], key),
        "example_body": service.example_body(version),
        "input_schema": version.input_schema,
    }


@router.get("", response_model=DeploymentsPublic)
def list_deployments(
    request: Request,
    session: SessionDep,
    offset: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
) -> Any:
    """Deployments, newest first."""
    total = session.scalar(select(func.count()).select_from(Deployment)) or 0
    rows = session.scalars(
        select(Deployment).order_by(Deployment.id.desc()).offset(offset).limit(limit)
    )
    return {"data": [_view(session, d, request) for d in rows], "count": total}


@router.get("/{deployment_id}", response_model=DeploymentPublic)
def read_deployment(deployment_id: int, request: Request, session: SessionDep) -> Any:
    """One deployment with its URL, version history and keys."""
    return _view(session, service.get_deployment(session, deployment_id), request)


@router.put("/{deployment_id}/version", response_model=DeploymentPublic)
async def switch_version(
    deployment_id: int,
    body: DeploymentVersionUpdate,
    request: Request,
    session: SessionDep,
    serving: ServingDep,
) -> Any:
    """Serve another model version at the same URL (deploy a newer one, or an earlier one)."""
    deployment = service.get_deployment(session, deployment_id)
    service.switch_version(session, deployment, body.model_version_id)
    await _warm(serving, session, deployment)
    return _view(session, deployment, request)


@router.post("/{deployment_id}/rollback", response_model=DeploymentPublic)
async def rollback(
    deployment_id: int, request: Request, session: SessionDep, serving: ServingDep
) -> Any:
    """Serve the version that was live before the current one, at the same URL."""
    deployment = service.get_deployment(session, deployment_id)
    service.rollback(session, deployment)
    await _warm(serving, session, deployment)
    return _view(session, deployment, request)


@router.post("/{deployment_id}/undeploy", response_model=DeploymentPublic)
def undeploy(deployment_id: int, request: Request, session: SessionDep, serving: ServingDep) -> Any:
    """Stop serving (the URL answers 404 until a version is deployed to it again)."""
    deployment = service.undeploy(session, service.get_deployment(session, deployment_id))
    serving.auth.clear()
    return _view(session, deployment, request)


@router.delete("/{deployment_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_deployment(deployment_id: int, session: SessionDep, serving: ServingDep) -> Response:
    """Delete an undeployed endpoint with its keys and usage (refused while it is live)."""
    service.delete_deployment(session, service.get_deployment(session, deployment_id))
    serving.auth.clear()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{deployment_id}/keys", status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated
)
def create_key(deployment_id: int, body: ApiKeyCreate, session: SessionDep) -> Any:
    """Another API key for this deployment (shown once)."""
    deployment = service.get_deployment(session, deployment_id)
    key, plain = service.add_key(session, deployment, body.name)
    session.commit()
    return {**ApiKeyPublic.model_validate(key).model_dump(), "key": plain}


@router.post("/{deployment_id}/keys/{key_id}/revoke", response_model=ApiKeyPublic)
def revoke_key(deployment_id: int, key_id: int, session: SessionDep, serving: ServingDep) -> Any:
    """Revoke a key: callers using it get 403 from now on."""
    key = service.revoke_key(session, service.get_deployment(session, deployment_id), key_id)
    serving.auth.clear()
    return key


@router.get("/{deployment_id}/usage", response_model=UsagePublic)
def read_usage(
    deployment_id: int,
    session: SessionDep,
    serving: ServingDep,
    days: int = Query(7, ge=1, le=90),
) -> Any:
    """Requests, errors, latency p50/p95/p99 and tokens per hour and per day; latest requests."""
    deployment = service.get_deployment(session, deployment_id)
    serving.usage.flush()
    summary = usage_summary(session, deployment.id, days=days)
    return {**summary, "prediction_distribution": prediction_distribution(session, deployment.id)}
