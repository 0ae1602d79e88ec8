"""Export routes: download a model version as a zip, list what was built and how it checked."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from tunewright.api.deps import SessionDep, SettingsDep
from tunewright.api.models import get_model_version
from tunewright.errors import AppError, ConflictError, InvalidInputError
from tunewright.export import ExportError, ExportFormat, archive_name
from tunewright.logs import request_id_var
from tunewright.schemas.common import ERROR_RESPONSES, ErrorResponse
from tunewright.schemas.exports import ExportPublic, ExportsPublic
from tunewright.services.exports import export_of, exports_list

log = logging.getLogger("tunewright.exports")

router = APIRouter(
    prefix="/models",
    tags=["exports"],
    responses={**ERROR_RESPONSES, 500: {"model": ErrorResponse}},
)


@router.get(
    "/{model_id}/download",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "The export as a zip"}},
)
def download_model(
    model_id: int,
    session: SessionDep,
    settings: SettingsDep,
    fmt: ExportFormat = Query("pytorch", alias="format"),
) -> FileResponse:
    """Download a model version as a zip (built once; X-Tunewright-Parity says how it checked)."""
    version = get_model_version(session, model_id)
    try:
        result = export_of(session, settings, version, fmt)
    except ExportError as exc:
        error = ConflictError if exc.code == "artifact_missing" else InvalidInputError
        raise error(exc.message, hint=exc.hint, code=exc.code) from exc
    except Exception as exc:
        log.error("export failed", exc_info=exc, extra={"model_id": model_id, "format": fmt})
        raise AppError(
            f"Exporting {version.name} v{version.version} as {fmt} failed: "
            f"{type(exc).__name__}: {str(exc)[:300]}",
            hint="The model may use a layer this exporter does not support: download "
            f"format=pytorch instead, and see the server log (request {request_id_var.get()}).",
            code="export_failed",
            status_code=500,
        ) from exc
    return FileResponse(
        result.archive,
        media_type="application/zip",
        filename=archive_name(version.id, version.name, version.version, fmt),
        headers={
            "X-Tunewright-Parity": "passed" if result.parity_passed else "failed",
            "X-Tunewright-Export": "built" if result.built else "cached",
        },
    )


@router.get("/{model_id}/exports", response_model=ExportsPublic)
def list_model_exports(model_id: int, session: SessionDep, settings: SettingsDep) -> Any:
    """Exports built for a model version, with their parity checks."""
    version = get_model_version(session, model_id)
    data = [ExportPublic.from_record(version.id, r) for r in exports_list(settings, version)]
    return ExportsPublic(data=data, count=len(data))
