"""Dataset resource: summaries for lists, the full analysis for one, previews, updates."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tunewright.data.types import CleanOp, ColumnChoices, Detection, Finding, Profile, RoleName
from tunewright.schemas.common import UtcDateTime


class DatasetSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    filename: str
    size_bytes: int
    rows: int
    format: str
    shape: str
    version: int
    parent_id: int | None
    template_id: str | None
    created_at: UtcDateTime
    errors: int
    warnings: int


class DatasetPublic(DatasetSummary):
    """A dataset with what was detected, its profile and its findings."""

    detection: Detection
    profile: Profile
    findings: list[Finding]
    clean_ops: list[CleanOp] | None
    column_choices: ColumnChoices  # what the user decided: kept, left out, markers switched off


class DatasetsPublic(BaseModel):
    data: list[DatasetSummary]
    count: int


class DatasetUpdate(BaseModel):
    """Change column roles or the template the data is checked against (re-profiles)."""

    model_config = ConfigDict(extra="forbid")

    roles: dict[RoleName, str] | None = None
    template_id: str | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    # replaces the stored choices as a whole: flagged columns to keep, columns to leave out,
    # and per column the missing-value markers that are real values
    column_choices: ColumnChoices | None = None


class CleanRequest(BaseModel):
    """Cleaning steps to apply; the result is a new dataset version."""

    model_config = ConfigDict(extra="forbid")

    ops: list[CleanOp] = Field(min_length=1)


class DatasetPreview(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


class SampleRequest(BaseModel):
    """Load the sample dataset a template ships."""

    model_config = ConfigDict(extra="forbid")

    template_id: str = Field(min_length=1)
