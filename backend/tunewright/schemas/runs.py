"""Run resource: plan requests and answers, runs, events; model versions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tunewright.data.types import ColumnDecision
from tunewright.schemas.common import UtcDateTime

Preset = Literal["beginner", "intermediate", "advanced"]


class RunColumns(BaseModel):
    """Columns to use or leave out for this run, on top of the dataset's own choices."""

    model_config = ConfigDict(extra="forbid")

    include: list[str] = Field(default_factory=list)  # flagged columns to keep anyway
    exclude: list[str] = Field(default_factory=list)  # columns to leave out


class PlanRequest(BaseModel):
    """What to train: a template on a dataset, at a preset, with optional overrides."""

    model_config = ConfigDict(extra="forbid")

    template_id: str
    dataset_id: int
    preset: Preset = "beginner"
    base_model: str | None = None  # the template's default or one of its alternatives
    overrides: dict[str, Any] = Field(default_factory=dict)
    columns: RunColumns | None = None
    # the user's own bar, checked on held-out data as one more gate: "accuracy >= 0.85"
    success_target: str | None = Field(default=None, max_length=100)


class RunCreate(PlanRequest):
    name: str | None = Field(default=None, max_length=200)  # the model's name in the registry


class PlannedSettingPublic(BaseModel):
    name: str
    value: Any
    reason: str
    source: Literal["auto", "preset", "override"]
    visible: bool


class PlanPublic(BaseModel):
    """Every setting with a one-line reason, the memory estimate and an estimated duration."""

    template_id: str
    dataset_id: int
    preset: Preset
    task: str
    base_model: dict[str, Any]
    settings: dict[str, Any]
    items: list[PlannedSettingPublic]
    memory: dict[str, int] | None
    estimated_seconds: float
    estimate_basis: str | None = None  # measured from finished runs here, or a first guess
    train_rows: int
    val_rows: int
    total_steps: int | None
    truncation: str | None
    warnings: list[str]
    hardware: dict[str, Any]
    columns: list[ColumnDecision]  # every column: its role, used or left out, and why
    success_target: dict[str, Any] | None = None  # {metric, op, value, text}


class RunPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    dataset_id: int
    template_id: str
    preset: str
    status: str
    plan: dict[str, Any]
    base_model: dict[str, Any] | None
    metrics: dict[str, Any] | None
    error: dict[str, Any] | None
    step: int
    total_steps: int | None
    attempt: int
    cancel_requested: bool
    created_at: UtcDateTime
    started_at: UtcDateTime | None
    finished_at: UtcDateTime | None
    model_version_id: int | None = None


class RunsPublic(BaseModel):
    data: list[RunPublic]
    count: int


class RunEventPublic(BaseModel):
    seq: int
    kind: str
    payload: dict[str, Any]
    created_at: str


class RunEventsPublic(BaseModel):
    data: list[RunEventPublic]
    status: str


class InputField(BaseModel):
    """One column a table model reads: what it holds, its range or choices, a real example."""

    name: str
    kind: Literal["number", "choice", "text", "date", "boolean"]
    choices: list[str]  # most common first (choice and boolean columns)
    example: str | int | float | bool | None
    min: float | None
    max: float | None
    missing_markers: list[str]  # spellings read as "unknown" ('?'), as in training


class ModelVersionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    version: int
    run_id: int | None
    dataset_id: int | None
    template_id: str
    task: str
    settings: dict[str, Any]
    metrics: dict[str, Any]
    verdict: dict[str, Any] | None
    base_model: dict[str, Any]
    library_versions: dict[str, Any]
    artifact_path: str
    size_bytes: int
    # the columns a table model reads; null for text models and models trained before it existed
    input_schema: list[InputField] | None = None
    created_at: UtcDateTime


class ModelVersionsPublic(BaseModel):
    data: list[ModelVersionPublic]
    count: int
