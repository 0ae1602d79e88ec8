"""Template catalog routes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from tunewright.templates import Template, catalog

router = APIRouter(prefix="/templates", tags=["templates"])


class TemplatesPublic(BaseModel):
    data: list[Template]
    count: int


@router.get("", response_model=TemplatesPublic)
def list_templates() -> TemplatesPublic:
    """List the templates a project can start from."""
    templates = list(catalog().values())
    return TemplatesPublic(data=templates, count=len(templates))
