"""Template catalog routes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from tunewright.api.deps import SettingsDep
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.services import estimates
from tunewright.templates import Template, catalog

router = APIRouter(prefix="/templates", tags=["templates"], responses=ERROR_RESPONSES)


class TemplatesPublic(BaseModel):
    data: list[Template]
    count: int


class TemplateEstimate(BaseModel):
    """Expected training time on this machine, for the template's sample data."""

    template_id: str
    seconds: float
    examples: int  # rows in the sample the estimate is for
    preset: str
    base_model: str
    device: str  # "cpu", or the accelerator's name


@router.get("", response_model=TemplatesPublic)
def list_templates() -> TemplatesPublic:
    """List the templates a project can start from."""
    templates = list(catalog().values())
    return TemplatesPublic(data=templates, count=len(templates))


@router.get("/{template_id}/estimate", response_model=TemplateEstimate)
async def estimate_template(template_id: str, settings: SettingsDep) -> Any:
    """How long the template's sample data takes to train here with the Beginner plan."""
    return await run_in_threadpool(estimates.estimate, settings, template_id)
