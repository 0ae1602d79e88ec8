"""Run resource: plan requests and answers, runs, events; model versions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tunewright.schemas.common import UtcDateTime

Preset = Literal["beginner", "intermediate", "advanced"]


class PlanRequest(BaseModel):
    """What to train: a template on a dataset, at a preset, with optional overrides."""

    model_config = ConfigDict(extra="forbid")

    template_id: str
    dataset_id: int
    preset: Preset = "beginner"
    base_model: str | None = None  # the template's default or one of its alternatives
    overrides: dict[str, Any] = Field(default_factory=dict)


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
    train_rows: int
    val_rows: int
    total_steps: int | None
    truncation: str | None
    warnings: list[str]
    hardware: dict[str, Any]


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
    created_at: UtcDateTime


class ModelVersionsPublic(BaseModel):
    data: list[ModelVersionPublic]
    count: int
