"""Migrations go up and down on SQLite and PostgreSQL, and match the ORM models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from tunewright.db.engine import get_engine, session_factory
from tunewright.db.migrate import downgrade, upgrade
from tunewright.db.models import Base, Project

PRODUCT_TABLES = {
    "projects",
    "datasets",
    "runs",
    "run_events",
    "model_versions",
    "deployments",
    "api_keys",
    "usage",
    "prediction_samples",
}


def test_upgrade_creates_every_table_and_the_default_project(empty_url: str) -> None:
    upgrade(empty_url)
    tables = set(inspect(get_engine(empty_url)).get_table_names())
    assert tables >= PRODUCT_TABLES
    with session_factory(empty_url)() as session:
        assert session.scalars(select(Project.slug)).all() == ["default"]


def test_downgrade_base_removes_everything_and_upgrade_again_works(empty_url: str) -> None:
    upgrade(empty_url)
    downgrade(empty_url, "base")
    assert set(inspect(get_engine(empty_url)).get_table_names()) <= {"alembic_version"}
    upgrade(empty_url)
    assert set(inspect(get_engine(empty_url)).get_table_names()) >= PRODUCT_TABLES


def test_migrations_match_models_without_diffs(empty_url: str) -> None:
    upgrade(empty_url)
    with get_engine(empty_url).connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diffs == []
