"""The normalised copy of a dataset: JSON Lines, one object per row, written atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes


def write_normalised(df: pd.DataFrame, path: Path) -> None:
    """Write rows as JSON Lines; readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            columns = [str(c) for c in df.columns]
            for row in df.itertuples(index=False, name=None):
                record = {c: _plain(v) for c, v in zip(columns, row, strict=True)}
                out.write(json.dumps(record, ensure_ascii=False, default=_default) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def read_normalised(path: Path) -> pd.DataFrame:
    """Read a file written by `write_normalised` back into the same table."""
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return pd.DataFrame(records)


def _plain(value: Any) -> Any:
    """A cell as a JSON-ready value: NaN/NA/NaT → None, numpy scalars → Python ones."""
    if isinstance(value, (list, dict, str)):
        return value
    if isinstance(value, np.ndarray):
        return value.tolist()
    if ptypes.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _default(value: Any) -> Any:
    if isinstance(value, (pd.Timestamp, pd.Timedelta)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open directories, and there
    # os.replace is already as durable as it gets.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
