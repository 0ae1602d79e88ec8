"""Exports of registered model versions: where they live, which samples check them, who builds.

Composes the export library with the registry and storage: the model's files come from its
`artifact_path`, the card names it as the registry does, and the parity check reads the
model's own held-out data when the dataset is still there (a table model's test rows are
split off again exactly as in training; a classifier gets texts from its dataset).
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from tunewright.db.models import Dataset, ModelVersion
from tunewright.export import (
    ExportResult,
    archive_name,
    ensure_export,
    export_folder,
    list_exports,
)
from tunewright.settings import Settings

log = logging.getLogger("tunewright.exports")
SAMPLE_TEXTS = 32


def exports_root(settings: Settings) -> Path:
    """`<data_dir>/exports`: one folder per model version, one subfolder per format."""
    return settings.data_dir / "exports"


def export_of(
    session: Session, settings: Settings, version: ModelVersion, fmt: str
) -> ExportResult:
    """The version's export in `fmt`, built (and checked) on first request."""
    folder = export_folder(exports_root(settings), version.id, fmt)
    return ensure_export(
        Path(version.artifact_path),
        folder,
        fmt,
        archive=archive_name(version.id, version.name, version.version, fmt),
        about={
            "name": version.name,
            "version": version.version,
            "template_id": version.template_id,
        },
        given=lambda: held_out_samples(session, settings, version),
    )


def remove_exports(settings: Settings, model_id: int) -> None:
    """Delete every export of a model version (call it when the version is deleted)."""
    shutil.rmtree(exports_root(settings) / str(model_id), ignore_errors=True)


def exports_list(settings: Settings, version: ModelVersion) -> list[dict[str, Any]]:
    """export.json of every export built for this version, with its archive's size."""
    root = exports_root(settings) / str(version.id)
    records = []
    for record in list_exports(root):
        archive = root / record["format"] / record["archive"]
        records.append({**record, "size_bytes": archive.stat().st_size if archive.exists() else 0})
    return records


def held_out_samples(
    session: Session, settings: Settings, version: ModelVersion
) -> list[str] | pd.DataFrame | None:
    """Inputs for the parity check from the version's dataset, or None when unavailable."""
    if version.task == "causal_lm" or version.dataset_id is None:
        return None  # a causal LM's metadata already holds prompts from its held-out split
    dataset = session.get(Dataset, version.dataset_id)
    if dataset is None:
        return None
    try:
        from tunewright.services.datasets import load_frame

        frame = load_frame(dataset, settings)
        if version.task == "tabular":
            return _test_rows(frame, Path(version.artifact_path))
        column = (dataset.profile or {}).get("roles", {}).get("text")
        if column not in frame.columns:
            return None
        texts = frame[column].dropna().astype(str)
        picked = np.random.default_rng(0).permutation(len(texts))[:SAMPLE_TEXTS]
        return [texts.iloc[int(i)] for i in picked]
    except Exception as exc:  # a missing or changed dataset: fall back to generated samples
        log.info("parity samples from the dataset unavailable", extra={"reason": str(exc)})
        return None


def _test_rows(frame: pd.DataFrame, artifact_dir: Path) -> pd.DataFrame:
    """The rows the tabular workflow held out, split off again with its seed and share."""
    from tunewright.training.tabular.prepare import prepare_table

    meta = json.loads((artifact_dir / "metadata.json").read_text(encoding="utf-8"))
    split = meta.get("split") or {}
    table = prepare_table(
        frame, meta["target"], test_size=float(split["test_size"]), seed=int(split["seed"])
    )
    return table.x_test.reset_index(drop=True)
