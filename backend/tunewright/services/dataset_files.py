"""Dataset versions as files to download: the rows as CSV, JSON Lines or Parquet, or the upload.

Rows come from `load_frame`, so a download holds what training reads (missing-value markers
blanked, cleaning applied). They are written to a private folder under the staging root, sent,
then removed; a folder left by a killed process is swept like any stale staging folder.
"""

from __future__ import annotations

import json
import mimetypes
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandas.api import types as ptypes
from sqlalchemy.orm import Session

from tunewright.data import write_normalised
from tunewright.db.models import Dataset
from tunewright.errors import NotFoundError
from tunewright.services.datasets import folder_of, get_dataset, load_frame, staging_root
from tunewright.settings import Settings

DownloadFormat = Literal["csv", "jsonl", "parquet", "original"]
MEDIA_TYPES: dict[DownloadFormat, str] = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
    "original": "application/octet-stream",  # when the upload's name says nothing better
}
ORIGINAL = "original"  # stored uploads are named original.<ext>
MAX_ANCESTORS = 10_000  # a parent_id chain longer than this is a loop, not a history
# Python codec → HTTP charset, so a text upload is labelled with the encoding it really has.
CHARSETS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16"}
CHARSETS |= {"cp1252": "windows-1252", "latin-1": "iso-8859-1"}


@dataclass(frozen=True)
class DatasetFile:
    """A file ready to send: where it is, the name to save it under, its media type."""

    path: Path
    filename: str
    media_type: str
    folder: Path | None = None  # a private folder to remove once sent (None: a stored file)

    def discard(self) -> None:
        """Remove the written copy (stored files are never touched)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def dataset_file(
    session: Session, settings: Settings, dataset_id: int, fmt: DownloadFormat
) -> DatasetFile:
    """The file for one download of a dataset version, in the format asked for."""
    dataset = get_dataset(session, dataset_id)
    if fmt == "original":
        return original_file(session, settings, dataset)
    # Writing a big table takes a while: give the connection back first (the row is loaded).
    session.close()
    return rows_file(dataset, settings, fmt)


def rows_file(dataset: Dataset, settings: Settings, fmt: DownloadFormat) -> DatasetFile:
    """The version's rows written as CSV, JSON Lines or Parquet into a private folder."""
    frame = load_frame(dataset, settings)
    folder = staging_root(settings) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / f"rows.{fmt}"
    try:
        if fmt == "csv":
            as_text_cells(frame).to_csv(path, index=False, encoding="utf-8")
        elif fmt == "jsonl":
            write_normalised(frame, path)
        else:
            pq.write_table(arrow_table(frame), path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return DatasetFile(path, download_name(dataset, fmt), MEDIA_TYPES[fmt], folder)


def original_file(session: Session, settings: Settings, dataset: Dataset) -> DatasetFile:
    """The file as uploaded; a cleaned version's comes from the version it was cleaned from."""
    root = root_version(session, dataset)
    stored = sorted(folder_of(root, settings).glob(f"{ORIGINAL}*"))
    if not stored:
        raise NotFoundError(
            f"Version {dataset.version} of '{dataset.name}' has no original upload to download: "
            "the version it was cleaned from has been deleted.",
            hint="Download its rows instead (format=csv, jsonl or parquet).",
            code="original_missing",
        )
    return DatasetFile(stored[0], root.filename, _original_media_type(root))


def root_version(session: Session, dataset: Dataset) -> Dataset:
    """The version a cleaned one descends from (itself for an upload), following parent_id."""
    current = dataset
    for _ in range(MAX_ANCESTORS):
        if current.parent_id is None:
            return current
        parent = session.get(Dataset, current.parent_id)
        if parent is None:
            return current
        current = parent
    return current


def download_name(dataset: Dataset, fmt: DownloadFormat) -> str:
    """`<name>-v<version>.<ext>`, the name made safe for every file system."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", dataset.name).strip("-._")[:80] or "dataset"
    return f"{slug}-v{dataset.version}.{fmt}"


def as_text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with lists and dicts (chat messages) written as JSON text, for CSV."""
    nested = {c: frame[c] for c in frame.columns if _has_nested(frame[c])}
    return frame.assign(**{str(c): s.map(_json_cell) for c, s in nested.items()})


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The table for Parquet; a column mixing kinds of value (numbers and words) becomes text."""
    arrays = []
    for column in frame.columns:
        values = frame[column]
        try:
            arrays.append(pa.array(values, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            arrays.append(pa.array(values.map(_text_cell), from_pandas=True, type=pa.string()))
    return pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns])


def _original_media_type(dataset: Dataset) -> str:
    """The upload's media type from its name, with the charset it was detected in."""
    media_type = mimetypes.guess_type(dataset.filename)[0] or MEDIA_TYPES["original"]
    charset = CHARSETS.get(str((dataset.detection or {}).get("encoding")))
    if charset and media_type.startswith("text/"):
        return f"{media_type}; charset={charset}"
    return media_type


def _has_nested(values: pd.Series) -> bool:
    if not ptypes.is_object_dtype(values.dtype):
        return False
    return bool(values.map(lambda v: isinstance(v, (list, dict))).any())


def _json_cell(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _text_cell(value: object) -> str | None:
    scalar: Any = value
    if scalar is None or (ptypes.is_scalar(scalar) and pd.isna(scalar)):
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
