"""Deployment resource: create, versions, keys, usage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tunewright.schemas.common import UtcDateTime
from tunewright.schemas.runs import InputField


class DeploymentCreate(BaseModel):
    """Deploy a model version behind a new stable URL."""

    model_config = ConfigDict(extra="forbid")

    model_version_id: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)


class DeploymentVersionUpdate(BaseModel):
    """Serve another model version at the same URL (newer, or earlier to roll back)."""

    model_config = ConfigDict(extra="forbid")

    model_version_id: int


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="default", min_length=1, max_length=200)


class ApiKeyPublic(BaseModel):
    """A key as listed: its prefix identifies it; the key itself is never shown again."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: UtcDateTime
    last_used_at: UtcDateTime | None
    revoked_at: UtcDateTime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str  # shown once


class DeploymentPublic(BaseModel):
    id: int
    slug: str
    name: str
    status: str
    url: str
    model_version_id: int
    engine: str | None
    history: list[dict[str, Any]]
    rate_limit_per_minute: int
    created_at: UtcDateTime
    updated_at: UtcDateTime
    keys: list[ApiKeyPublic]


class DeploymentCreated(DeploymentPublic):
    """The new deployment with its first key (shown once) and ready-to-paste calls."""

    api_key: str
    snippets: dict[str, str]
    example_body: dict[str, Any]
    input_schema: list[InputField] | None  # the columns the endpoint reads (table models)


class DeploymentsPublic(BaseModel):
    data: list[DeploymentPublic]
    count: int


class UsageStats(BaseModel):
    requests: int
    errors: int
    error_rate: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    tokens: int


class UsageBucket(UsageStats):
    start: UtcDateTime


class UsageByVersion(UsageStats):
    model_version_id: int | None


class UsageRequest(BaseModel):
    ts: UtcDateTime
    status_code: int
    latency_ms: float
    request_bytes: int
    response_bytes: int
    tokens: int
    error_code: str | None
    model_version_id: int | None


class UsagePublic(BaseModel):
    """Requests, errors, latency percentiles and tokens per hour and day; latest requests."""

    deployment_id: int
    window_days: int
    totals: UsageStats
    all_time_requests: int
    hourly: list[UsageBucket]
    daily: list[UsageBucket]
    by_version: list[UsageByVersion]
    latest: list[UsageRequest]
    drift_samples: int
    prediction_distribution: dict[str, Any]
