"""Which columns train, and why: roles first, then the user's choices, then the checks' flags.

One function decides for the Data step (the dataset's own choices), the plan (a run's
include/exclude on top) and the trained model (its input columns), so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tunewright.data.types import (
    ColumnChoices,
    ColumnDecision,
    ColumnFlag,
    SelectionReason,
    SelectionRole,
    TaskKind,
)

# What each role column does, in the plan's words.
_ROLE_OF: dict[str, tuple[SelectionRole, SelectionReason, str]] = {
    "target": ("target", "target", "the answer the model learns to predict"),
    "label": ("label", "label", "the category the model learns to predict"),
    "text": ("text", "text", "the text the model learns from"),
    "prompt": ("text", "text", "the prompts the model learns to answer"),
    "input": ("text", "text", "extra input shown with each prompt"),
    "response": ("text", "text", "the replies the model learns to write"),
    "messages": ("text", "text", "the conversations the model learns from"),
}


def select_columns(
    columns: Sequence[str],
    roles: Mapping[str, str],
    task: TaskKind | None,
    flags: Iterable[ColumnFlag],
    choices: ColumnChoices | None = None,
) -> list[ColumnDecision]:
    """One decision per column: its role, or used as a feature, or left out with the reason."""
    choices = choices or ColumnChoices()
    check_choices(columns, roles, choices)
    by_column = {flag.column: flag for flag in flags}
    role_of = {column: role for role, column in roles.items()}
    decisions = []
    for column in columns:
        flag = by_column.get(column)
        if column in role_of:
            role, reason, what = _ROLE_OF[role_of[column]]
            explanation = what + (f". Careful: {flag.message}" if flag else "")
            decisions.append(ColumnDecision(column, role, reason, explanation, flag is not None))
        elif task != "tabular":
            decisions.append(
                ColumnDecision(
                    column, "left_out", "unused", "not read by this template", flag is not None
                )
            )
        else:
            decisions.append(_feature_decision(column, flag, choices, roles.get("target")))
    return decisions


def merge_choices(
    base: ColumnChoices, include: Iterable[str], exclude: Iterable[str]
) -> ColumnChoices:
    """The dataset's choices with a run's include/exclude on top (the run's word wins)."""
    include, exclude = list(include), list(exclude)
    return ColumnChoices(
        include=_unique([c for c in base.include if c not in exclude] + include),
        exclude=_unique([c for c in base.exclude if c not in include] + exclude),
        markers_off=dict(base.markers_off),
    )


def check_choices(columns: Sequence[str], roles: Mapping[str, str], choices: ColumnChoices) -> None:
    """Refuse unknown columns, a column both kept and left out, and leaving out a role."""
    known = set(columns)
    named = [*choices.include, *choices.exclude, *choices.markers_off]
    unknown = [c for c in named if c not in known]
    if unknown:
        shown = ", ".join(repr(c) for c in list(columns)[:12])
        raise ValueError(
            f"Unknown column(s) {', '.join(repr(c) for c in unknown)}; the columns are: {shown}."
        )
    both = sorted(set(choices.include) & set(choices.exclude))
    if both:
        raise ValueError(
            f"{', '.join(repr(c) for c in both)} cannot be both used and left out; pick one."
        )
    roles_left_out = [c for c in choices.exclude if c in roles.values()]
    if roles_left_out:
        raise ValueError(
            f"{', '.join(repr(c) for c in roles_left_out)} plays a role (what to predict or "
            "learn from) and cannot be left out; change the column roles first."
        )


def feature_columns(decisions: Iterable[ColumnDecision]) -> list[str]:
    """The columns a table model reads."""
    return [d.name for d in decisions if d.role == "feature"]


def left_out(decisions: Iterable[ColumnDecision]) -> list[ColumnDecision]:
    """The columns training never sees."""
    return [d for d in decisions if d.role == "left_out"]


def _feature_decision(
    column: str, flag: ColumnFlag | None, choices: ColumnChoices, target: str | None
) -> ColumnDecision:
    if column in choices.exclude:
        return ColumnDecision(
            column, "left_out", "user", "you chose to leave it out", flag is not None
        )
    predicted = f"used to predict {target!r}" if target else "used as an input"
    if flag is None:
        return ColumnDecision(column, "feature", "feature", predicted)
    if column in choices.include:
        return ColumnDecision(
            column, "feature", "kept", f"kept at your request, although: {flag.message}", True
        )
    return ColumnDecision(column, "left_out", flag.kind, f"left out: {flag.message}", True)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
