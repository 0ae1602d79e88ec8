"""Dataset routes: upload, list, inspect, preview, download, re-map roles, clean, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from sqlalchemy import func, select
from starlette.background import BackgroundTask

from tunewright.api.deps import SessionDep, SettingsDep
from tunewright.data.types import ColumnChoices
from tunewright.db.models import Dataset
from tunewright.errors import PayloadTooLargeError
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.schemas.datasets import (
    CleanRequest,
    DatasetPreview,
    DatasetPublic,
    DatasetsPublic,
    DatasetSummary,
    DatasetUpdate,
    SampleRequest,
)
from tunewright.services import datasets as service
from tunewright.services.dataset_files import MEDIA_TYPES, DownloadFormat, dataset_file
from tunewright.services.uploads import receive_upload

router = APIRouter(prefix="/datasets", tags=["datasets"], responses=ERROR_RESPONSES)

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "template_id": {"type": "string"},
                        "name": {"type": "string"},
                    },
                }
            }
        },
    }
}


def _summary_fields(dataset: Dataset) -> dict[str, Any]:
    return {
        **{c: getattr(dataset, c) for c in DatasetSummary.model_fields if hasattr(dataset, c)},
        **service.counts(dataset),
    }


def to_public(dataset: Dataset) -> DatasetPublic:
    """The full API view of a dataset."""
    return DatasetPublic.model_validate(
        {
            **_summary_fields(dataset),
            "detection": dataset.detection,
            "profile": dataset.profile,
            "findings": dataset.findings,
            "clean_ops": dataset.clean_ops,
            "column_choices": ColumnChoices.from_dict(dataset.column_choices),
        }
    )


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=DatasetPublic, openapi_extra=UPLOAD_BODY
)
async def upload_dataset(request: Request, session: SessionDep, settings: SettingsDep) -> Any:
    """Upload a data file (multipart field `file`; optional `template_id`, `name`)."""
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_upload_bytes + 64 * 1024:  # room for multipart framing
        raise PayloadTooLargeError(
            f"The file is larger than the {settings.max_upload_mb} MB upload limit.",
            hint=f"Upload a sample under {settings.max_upload_mb} MB, or raise MAX_UPLOAD_MB.",
        )
    staged = await receive_upload(
        request.stream(),
        request.headers.get("content-type"),
        service.staging_root(settings),
        settings.max_upload_bytes,
    )
    dataset = await run_in_threadpool(
        service.create_from_upload,
        session,
        settings,
        staged,
        template_id=staged.fields.get("template_id") or None,
        name=staged.fields.get("name") or None,
    )
    return to_public(dataset)


@router.post("/samples", status_code=status.HTTP_201_CREATED, response_model=DatasetPublic)
async def load_sample(body: SampleRequest, session: SessionDep, settings: SettingsDep) -> Any:
    """A new dataset from the sample data a template ships (try it without a file)."""
    dataset = await run_in_threadpool(
        service.create_from_sample, session, settings, body.template_id
    )
    return to_public(dataset)


@router.get("", response_model=DatasetsPublic)
def list_datasets(
    session: SessionDep,
    offset: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
) -> Any:
    """List datasets, newest first."""
    total = session.scalar(select(func.count()).select_from(Dataset)) or 0
    rows = session.scalars(
        select(Dataset)
        .order_by(Dataset.created_at.desc(), Dataset.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return DatasetsPublic(
        data=[DatasetSummary.model_validate(_summary_fields(d)) for d in rows], count=total
    )


@router.get("/{dataset_id}", response_model=DatasetPublic)
def read_dataset(dataset_id: int, session: SessionDep) -> Any:
    """A dataset with its detected format, profile and findings."""
    return to_public(service.get_dataset(session, dataset_id))


@router.get("/{dataset_id}/preview", response_model=DatasetPreview)
def preview_dataset(
    dataset_id: int,
    session: SessionDep,
    settings: SettingsDep,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> Any:
    """A page of the dataset's rows as training will read them."""
    return service.preview(service.get_dataset(session, dataset_id), settings, offset, limit)


@router.get(
    "/{dataset_id}/download",
    response_class=FileResponse,
    responses={
        200: {
            "content": {media_type: {} for media_type in MEDIA_TYPES.values()},
            "description": "The rows as CSV, JSON Lines or Parquet, or the file as uploaded",
        }
    },
)
def download_dataset(
    dataset_id: int,
    session: SessionDep,
    settings: SettingsDep,
    fmt: DownloadFormat = Query("csv", alias="format"),
) -> FileResponse:
    """Download a version's rows (csv, jsonl, parquet) or its original upload (original)."""
    file = dataset_file(session, settings, dataset_id, fmt)
    return FileResponse(
        file.path,
        media_type=file.media_type,
        filename=file.filename,
        background=BackgroundTask(file.discard),
    )


@router.patch("/{dataset_id}", response_model=DatasetPublic)
async def update_dataset(
    dataset_id: int, body: DatasetUpdate, session: SessionDep, settings: SettingsDep
) -> Any:
    """Rename, change roles, template or column choices; profile and findings are recomputed."""
    dataset = service.get_dataset(session, dataset_id)
    updated = await run_in_threadpool(
        service.reprofile,
        session,
        settings,
        dataset,
        roles={str(k): v for k, v in body.roles.items()} if body.roles is not None else None,
        template_id=body.template_id,
        name=body.name,
        column_choices=body.column_choices,
    )
    return to_public(updated)


@router.post(
    "/{dataset_id}/clean", status_code=status.HTTP_201_CREATED, response_model=DatasetPublic
)
async def clean_dataset(
    dataset_id: int, body: CleanRequest, session: SessionDep, settings: SettingsDep
) -> Any:
    """Apply cleaning steps; the result is a new dataset version (the original is kept)."""
    dataset = service.get_dataset(session, dataset_id)
    child = await run_in_threadpool(
        service.clean_into_version, session, settings, dataset, body.ops
    )
    return to_public(child)


@router.delete("/{dataset_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_dataset(dataset_id: int, session: SessionDep, settings: SettingsDep) -> Response:
    """Delete a dataset and its files."""
    service.delete_dataset(session, settings, service.get_dataset(session, dataset_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
