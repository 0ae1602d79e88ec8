"""The one Settings object. Nothing else in Tunewright reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration read from the environment and `.env` (see `.env.example`)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(default=Path("data"), validation_alias="TUNEWRIGHT_DATA_DIR")
    database_url: str = ""  # empty → SQLite file inside data_dir
    host: str = "0.0.0.0"
    port: int = Field(default=5000, ge=1, le=65535)
    environment: Literal["development", "production"] = "development"
    max_upload_mb: int = Field(default=200, ge=1, le=100_000)
    # wider uploads are refused from their first lines, before parsing (memory grows with it)
    max_columns: int = Field(default=2000, ge=1, le=1_000_000)
    model_source: Literal["auto", "hub", "bundled"] = "auto"
    hub_timeout_s: float = Field(default=3.0, gt=0, le=60)  # auto: how long to wait for the hub
    hf_token: str | None = None
    # offline mirror: `save_pretrained` folders named like the hub id with / → -- (gpt2,
    # distilbert-base-uncased, huawei-noah--TinyBERT_General_4L_312D), checked before the hub
    models_dir: Path | None = Field(default=None, validation_alias="TUNEWRIGHT_MODELS_DIR")
    anthropic_api_key: str | None = None
    anthropic_model: str = "claude-sonnet-4-6"
    anthropic_base_url: str | None = None  # a proxy or gateway; None → the public API
    assistant_timeout_s: float = Field(default=15.0, gt=0, le=300)  # then the offline rules
    log_format: Literal["json", "console"] | None = None  # None → json in production
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    worker_concurrency: int = Field(default=1, ge=1, le=64)
    worker_lease_s: float = Field(default=30.0, ge=2, le=600)  # a lost worker is noticed after this
    memory_budget_fraction: float = Field(default=0.7, gt=0.05, le=0.95)
    # loaded models kept in the API process (least recently used evicted beyond this)
    serving_memory_mb: int = Field(default=4096, ge=64, le=1_048_576)
    # deployments: requests per minute per key, and how many recent requests each deployment
    # keeps (inputs and outputs) for drift monitoring; 0 keeps none
    rate_limit_per_minute: int = Field(default=600, ge=1, le=1_000_000)
    drift_sample_size: int = Field(default=500, ge=0, le=100_000)
    # shared across data dirs (tests, several installs): converted tokenizers and the like
    cache_dir_override: Path | None = Field(default=None, validation_alias="TUNEWRIGHT_CACHE_DIR")
    # the built SPA; defaults to frontend/dist of a source checkout
    frontend_dist: Path | None = Field(default=None, validation_alias="TUNEWRIGHT_FRONTEND_DIST")
    # serve starts and supervises a worker unless one runs elsewhere
    no_worker: bool = Field(default=False, validation_alias="TUNEWRIGHT_NO_WORKER")

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql+psycopg://")):
            raise ValueError(
                "DATABASE_URL must be sqlite:///path or postgresql+psycopg://user@host/db; "
                f"got {value.split('://', 1)[0]}://… (use the psycopg 3 driver for PostgreSQL)"
            )
        return value

    @model_validator(mode="after")
    def _default_log_format(self) -> Settings:
        if self.log_format is None:
            self.log_format = "json" if self.environment == "production" else "console"
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'tunewright.db'}"

    def as_env(self) -> dict[str, str]:
        """These settings as environment variables, for child processes (worker, runs)."""
        env: dict[str, str] = {}
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                continue
            alias = info.validation_alias if isinstance(info.validation_alias, str) else None
            env[alias or name.upper()] = str(int(value)) if isinstance(value, bool) else str(value)
        return env

    @property
    def spa_dir(self) -> Path:
        """Folder holding the built frontend (index.html and assets/)."""
        return self.frontend_dist or Path(__file__).resolve().parents[2] / "frontend" / "dist"

    @property
    def uploads_dir(self) -> Path:
        """Where original files and normalised copies of datasets live."""
        return self.data_dir / "datasets"

    @property
    def cache_dir(self) -> Path:
        """Reusable derived files (converted tokenizers, ...)."""
        return self.cache_dir_override or self.data_dir / "cache"

    @property
    def max_upload_bytes(self) -> int:
        """MAX_UPLOAD_MB in bytes."""
        return self.max_upload_mb * 1024 * 1024


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests clear the cache to change them)."""
    return Settings()
