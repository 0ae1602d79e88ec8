"""Queries more than one module needs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tunewright.db.models import DEFAULT_PROJECT_SLUG, Project


def default_project(session: Session) -> Project:
    """The project every resource belongs to until accounts arrive (created by migration 0001)."""
    project = session.scalar(select(Project).where(Project.slug == DEFAULT_PROJECT_SLUG))
    if project is None:
        raise RuntimeError("The default project is missing: run `tunewright db upgrade`.")
    return project
