"""Model registry routes."""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import func, select

from tunewright.api.deps import ModelCacheDep, SessionDep, SettingsDep
from tunewright.db.models import Deployment, ModelVersion
from tunewright.errors import ConflictError, NotFoundError
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.schemas.runs import ModelVersionPublic, ModelVersionsPublic
from tunewright.services.exports import remove_exports
from tunewright.serving.cache import onnx_key, version_key

router = APIRouter(prefix="/models", tags=["models"], responses=ERROR_RESPONSES)


def get_model_version(session: SessionDep, model_id: int) -> ModelVersion:
    """The model version with this id, or a 404."""
    version = session.get(ModelVersion, model_id)
    if version is None:
        raise NotFoundError(f"Model {model_id} does not exist.", hint="Pick one from the list.")
    return version


@router.get("", response_model=ModelVersionsPublic)
def list_models(
    session: SessionDep, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=500)
) -> Any:
    """Model versions, newest first."""
    total = session.scalar(select(func.count()).select_from(ModelVersion)) or 0
    rows = session.scalars(
        select(ModelVersion).order_by(ModelVersion.id.desc()).offset(offset).limit(limit)
    )
    return ModelVersionsPublic(
        data=[ModelVersionPublic.model_validate(r) for r in rows], count=total
    )


@router.get("/{model_id}", response_model=ModelVersionPublic)
def read_model(model_id: int, session: SessionDep) -> Any:
    """One model version: settings, metrics, verdict, base model, library versions."""
    return get_model_version(session, model_id)


@router.delete("/{model_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_model(
    model_id: int, session: SessionDep, settings: SettingsDep, cache: ModelCacheDep
) -> Response:
    """Delete a model version and its files (refused while a deployment serves it)."""
    version = get_model_version(session, model_id)
    holder = session.scalars(
        select(Deployment).where(Deployment.model_version_id == version.id)
    ).first()
    if holder is not None and holder.status == "active":
        raise ConflictError(
            f"{version.name} v{version.version} is deployed at /v1/endpoints/{holder.slug}.",
            hint="Undeploy it or deploy another version to that endpoint first.",
            code="model_deployed",
        )
    if holder is not None:
        raise ConflictError(
            f"The undeployed endpoint {holder.slug!r} still points at "
            f"{version.name} v{version.version}.",
            hint=f"Delete that endpoint (DELETE /api/deployments/{holder.id}) or deploy another "
            "version to it first.",
            code="model_referenced",
        )
    path = version.artifact_path
    session.delete(version)
    session.commit()
    cache.evict(version_key(model_id))  # free its memory now rather than when it ages out
    cache.evict(onnx_key(model_id))
    shutil.rmtree(path, ignore_errors=True)
    remove_exports(settings, model_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
