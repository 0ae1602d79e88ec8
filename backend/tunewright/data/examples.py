"""The text a model reads from each row, and which rows have nothing (or no reply) in them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.columns import blank_mask, cell_text, column_type, is_missing

TEXT_ROLES = ("text", "prompt", "input", "response")  # joined in this order


def example_texts(df: pd.DataFrame, roles: Mapping[str, str]) -> list[str] | None:
    """One string per row, the text the model reads (None for tabular data)."""
    examples = example_series(df, roles)
    return None if examples is None else examples.tolist()


def example_series(df: pd.DataFrame, roles: Mapping[str, str]) -> pd.Series | None:
    """`example_texts` as a Series aligned with the frame's index."""
    if "messages" in roles:
        return df[roles["messages"]].map(conversation_text).astype("str")
    columns = [roles[r] for r in TEXT_ROLES if r in roles]
    if not columns:
        return None
    parts = [_as_text(df[c]) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        # Join with a newline only when both sides have text (an empty Alpaca input is common).
        both = (joined != "") & (part != "")
        joined = (joined + "\n" + part).where(both, joined + part)
    return joined


def conversation_text(value: object) -> str:
    """The contents of a conversation's messages, one per line."""
    if not isinstance(value, list):
        return cell_text(value)
    contents = (cell_text(turn.get("content")) for turn in value if isinstance(turn, dict))
    return "\n".join(c for c in contents if c)


def text_columns(df: pd.DataFrame, roles: Mapping[str, str]) -> list[str]:
    """Columns holding text the model reads (the role columns; every text column of a table)."""
    named = [roles[r] for r in TEXT_ROLES if r in roles and roles[r] in df.columns]
    if named or "messages" in roles:
        return named
    return [str(c) for c in df.columns if column_type(df[c]) == "text"]


def text_cells(df: pd.DataFrame, roles: Mapping[str, str]) -> pd.Series:
    """Every non-empty text cell and message, indexed by its 0-based row number (repeats)."""
    rows: list[int] = []
    values: list[str] = []
    for column in text_columns(df, roles):
        for row, value in enumerate(df[column].tolist()):
            if isinstance(value, str) and value:
                rows.append(row)
                values.append(value)
    if "messages" in roles:
        for row, conversation in enumerate(df[roles["messages"]].tolist()):
            for turn in conversation if isinstance(conversation, list) else []:
                content = turn.get("content") if isinstance(turn, dict) else None
                if isinstance(content, str) and content:
                    rows.append(row)
                    values.append(content)
    return pd.Series(values, index=pd.Index(rows, dtype="int64"), dtype="str")


def empty_mask(df: pd.DataFrame, roles: Mapping[str, str]) -> pd.Series:
    """Rows with nothing to learn from: no text, or (tables) no values besides the target."""
    examples = example_series(df, roles)
    if examples is not None:
        return blank_mask(examples)
    target = roles.get("target") or roles.get("label")
    columns = [c for c in df.columns if c != target] or list(df.columns)
    if not columns:
        return pd.Series(False, index=df.index)
    blank = np.logical_and.reduce([blank_mask(df[c]).to_numpy(dtype=bool) for c in columns])
    return pd.Series(blank, index=df.index)


def no_response_mask(df: pd.DataFrame, roles: Mapping[str, str]) -> pd.Series:
    """Non-empty rows without a reply: chats with no assistant turn, prompts with no response."""
    if "messages" in roles:
        missing = df[roles["messages"]].map(lambda v: not _has_reply(v)).astype(bool)
    elif "response" in roles:
        missing = blank_mask(df[roles["response"]])
    else:
        return pd.Series(False, index=df.index)
    return missing & ~empty_mask(df, roles)


def _has_reply(conversation: object) -> bool:
    if not isinstance(conversation, list):
        return False
    return any(
        isinstance(turn, dict)
        and turn.get("role") == "assistant"
        and not is_missing(turn.get("content"))
        for turn in conversation
    )


def _as_text(s: pd.Series) -> pd.Series:
    if ptypes.is_string_dtype(s.dtype) and not ptypes.is_object_dtype(s.dtype):
        return s.fillna("")
    return s.map(cell_text).astype("str")
