"""One call for the Data step: sniff → read → roles → profile → validate."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from tunewright.data.profile import TokenCounter, profile_frame
from tunewright.data.read import read_rows
from tunewright.data.roles import detect_roles
from tunewright.data.sniff import sniff
from tunewright.data.types import Analysis, DataRequirements, Detection, TaskKind
from tunewright.data.validate import validate


def analyse_file(
    path: Path,
    filename: str | None,
    requirements: DataRequirements | None,
    count_tokens: TokenCounter | None = None,
    roles: Mapping[str, str] | None = None,
    task: TaskKind | None = None,
) -> tuple[pd.DataFrame, Analysis]:
    """Read an uploaded file and analyse it; raises UnreadableDataError if it has no rows."""
    detection = sniff(path, filename)
    df = read_rows(path, detection)
    return df, analyse_frame(df, detection, requirements, count_tokens, roles, task)


def analyse_frame(
    df: pd.DataFrame,
    detection: Detection,
    requirements: DataRequirements | None,
    count_tokens: TokenCounter | None = None,
    roles: Mapping[str, str] | None = None,
    task: TaskKind | None = None,
) -> Analysis:
    """Profile and check a table already read (after cleaning, or when roles change)."""
    task = task or (requirements.task if requirements else None)
    chosen = detect_roles(df, detection.shape, task) if roles is None else dict(roles)
    profile = profile_frame(df, chosen, requirements, count_tokens)  # refuses bad roles
    return Analysis(
        detection=detection, profile=profile, findings=validate(df, profile, requirements)
    )
