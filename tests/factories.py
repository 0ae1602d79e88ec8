"""Rows for tests that need a dataset or a run without going through an upload."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from tunewright.db.models import Dataset, Run
from tunewright.db.repositories import default_project


def make_dataset(session: Session, **values: Any) -> Dataset:
    """A dataset row with a plausible profile (no files behind it)."""
    fields: dict[str, Any] = {
        "project_id": default_project(session).id,
        "name": "reviews",
        "filename": "reviews.csv",
        "storage_key": uuid.uuid4().hex,
        "size_bytes": 100,
        "sha256": "0" * 64,
        "rows": 100,
        "format": "csv",
        "shape": "text_label",
        "detection": {},
        "profile": {"rows": 100, "roles": {"text": "text", "label": "label"}, "columns": []},
        "findings": [],
        **values,
    }
    dataset = Dataset(**fields)
    session.add(dataset)
    session.commit()
    return dataset


def make_run(session: Session, dataset: Dataset, **values: Any) -> Run:
    """A queued run of the text classifier on `dataset`."""
    run = Run(
        project_id=dataset.project_id,
        dataset_id=dataset.id,
        template_id="text-classifier",
        plan={"settings": {}},
        **values,
    )
    session.add(run)
    session.commit()
    return run
