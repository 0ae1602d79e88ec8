"""Which column plays which part: the text to learn from, the label, the prompt and response..."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tunewright.data.columns import (
    column_type,
    find_chat_column,
    find_column,
    find_pair,
    longest_text_column,
    target_column,
    text_label_columns,
)
from tunewright.data.types import ROLE_NAMES, Shape, TaskKind


def detect_roles(df: pd.DataFrame, shape: Shape, task: TaskKind | None = None) -> dict[str, str]:
    """Guess role → column for a table of this shape (and for the task, once one is chosen)."""
    if shape == "chat":
        chat = find_chat_column(df)
        return {"messages": chat[0]} if chat else {}
    if task == "classifier":
        text, label, _ = text_label_columns(df)
        return _present(text=text, label=label)
    if task == "tabular":
        return _present(target=target_column(df))
    if task == "causal_lm" and shape in ("text_label", "tabular"):
        return _present(text=longest_text_column(df))
    if shape == "instruction":
        return _present(
            prompt=find_column(df, "instruction"),
            input=find_column(df, "input"),
            response=find_column(df, "output"),
        )
    if shape == "prompt_response":
        pair = find_pair(df)
        return _present(prompt=pair[0], response=pair[1]) if pair else {}
    if shape == "raw_text":
        return _present(text=find_column(df, "text") or longest_text_column(df) or _first(df))
    if shape == "text_label":
        text, label, _ = text_label_columns(df)
        return _present(text=text, label=label)
    return _present(target=target_column(df))


def validate_roles(df: pd.DataFrame, roles: Mapping[str, str]) -> None:
    """Refuse roles that name unknown roles or missing columns, saying how to fix them."""
    columns = [str(c) for c in df.columns]
    shown = ", ".join(repr(c) for c in columns[:12]) + (", …" if len(columns) > 12 else "")
    used: dict[str, str] = {}
    for role, column in roles.items():
        if role not in ROLE_NAMES:
            raise ValueError(f"Unknown role {role!r}; roles are: {', '.join(ROLE_NAMES)}.")
        if column not in columns:
            raise ValueError(
                f"Role {role!r} points to column {column!r}, which is not in the data; "
                f"choose one of: {shown or 'no columns'}."
            )
        if column in used:
            raise ValueError(
                f"Column {column!r} is used for both {used[column]!r} and {role!r}; "
                "give each role its own column."
            )
        used[column] = role
    messages = roles.get("messages")
    if messages is not None and column_type(df[messages]) not in ("messages", "empty"):
        raise ValueError(
            f"Role 'messages' needs a column of chat conversations "
            f"([{{'role': ..., 'content': ...}}, ...]); {messages!r} holds "
            f"{column_type(df[messages])} values. Use 'text' for plain text instead."
        )


def _present(**roles: str | None) -> dict[str, str]:
    return {role: column for role, column in roles.items() if column}


def _first(df: pd.DataFrame) -> str | None:
    return str(df.columns[0]) if len(df.columns) else None
