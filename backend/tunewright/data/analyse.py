"""One call for the Data step: sniff → read → markers → roles → profile → flags → validate."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from tunewright.data.leakage import flag_columns, label_in_text
from tunewright.data.markers import active_markers, apply_markers, find_markers
from tunewright.data.profile import TokenCounter, profile_frame
from tunewright.data.read import read_rows
from tunewright.data.roles import detect_roles
from tunewright.data.selection import check_choices, select_columns
from tunewright.data.sniff import sniff
from tunewright.data.types import (
    Analysis,
    ColumnChoices,
    ColumnFlag,
    DataRequirements,
    Detection,
    Profile,
    ReadLimits,
    TaskKind,
)
from tunewright.data.validate import SEVERITY_RANK, detection_findings, validate


def analyse_file(
    path: Path,
    filename: str | None,
    requirements: DataRequirements | None,
    count_tokens: TokenCounter | None = None,
    roles: Mapping[str, str] | None = None,
    task: TaskKind | None = None,
    limits: ReadLimits | None = None,
) -> tuple[pd.DataFrame, Analysis]:
    """Read an uploaded file and analyse it; raises UnreadableDataError if it has no rows.

    The table comes back as read (markers still written out), so a marker the user later
    says is a real value can be switched back on; `prepared_frame` applies the decisions.
    """
    detection = sniff(path, filename, limits=limits)
    df = read_rows(path, detection, limits)
    return df, analyse_frame(df, detection, requirements, count_tokens, roles, task)


def analyse_frame(
    df: pd.DataFrame,
    detection: Detection,
    requirements: DataRequirements | None,
    count_tokens: TokenCounter | None = None,
    roles: Mapping[str, str] | None = None,
    task: TaskKind | None = None,
    choices: ColumnChoices | None = None,
) -> Analysis:
    """Profile and check a table as read (after cleaning, or when roles or choices change).

    Raises ValueError when roles or choices name columns that are not there.
    """
    task = task or (requirements.task if requirements else None)
    choices = choices or ColumnChoices()
    check_choices([str(c) for c in df.columns], roles or {}, choices)
    found = find_markers(df)
    active = active_markers(found, choices.markers_off)
    frame = apply_markers(df, active)
    chosen = detect_roles(frame, detection.shape, task) if roles is None else dict(roles)
    profile = profile_frame(frame, chosen, requirements, count_tokens)  # refuses bad roles
    profile.columns = [
        dataclasses.replace(
            column,
            markers=active.get(column.name),
            markers_off=_switched_off(found.get(column.name, {}), active.get(column.name, {})),
        )
        for column in profile.columns
    ]
    profile.flags = column_flags(frame, profile, task)
    profile.selection = select_columns(
        [str(c) for c in frame.columns], chosen, task, profile.flags, choices
    )
    findings = validate(frame, profile, requirements) + detection_findings(detection)
    return Analysis(
        detection=detection,
        profile=profile,
        findings=sorted(findings, key=lambda f: SEVERITY_RANK[f.severity]),
    )


def prepared_frame(df: pd.DataFrame, profile: Mapping[str, object]) -> pd.DataFrame:
    """The table as training sees it: each column's active markers blanked (stored profile)."""
    return apply_markers(df, profile_markers(profile))


def profile_markers(profile: Mapping[str, object]) -> dict[str, list[str]]:
    """Column → markers counted as missing, read from a stored profile (JSON form)."""
    columns = profile.get("columns") or []
    assert isinstance(columns, list)
    return {
        str(c["name"]): list(c["markers"])
        for c in columns
        if isinstance(c, dict) and c.get("markers")
    }


def column_flags(frame: pd.DataFrame, profile: Profile, task: TaskKind | None) -> list[ColumnFlag]:
    """Leaks, identifiers and constants among the columns a model of this task would read."""
    roles = profile.roles
    if task == "tabular" and "target" in roles:
        target = roles["target"]
        candidates = [str(c) for c in frame.columns if c not in roles.values()]
        kinds = {c.name: c.type for c in profile.columns}
        problem = profile.target_kind or "classification"
        return flag_columns(frame, target, problem, candidates, kinds)
    if task == "classifier" and "text" in roles and "label" in roles:
        flag = label_in_text(frame, roles["text"], roles["label"])
        return [flag] if flag else []
    return []


def _switched_off(found: Mapping[str, int], active: Mapping[str, int]) -> dict[str, int] | None:
    off = {m: n for m, n in found.items() if m not in active}
    return off or None
