"""Cleaning steps a user can apply with one click; each returns a new table and a count."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from tunewright.data.columns import blank_mask, hashable_frame
from tunewright.data.examples import empty_mask, no_response_mask, text_columns
from tunewright.data.roles import validate_roles
from tunewright.data.types import CLEAN_OPS, CleanOp, CleanReport

_TAG_NAMES = (
    "a|abbr|b|blockquote|body|br|button|caption|center|cite|code|col|colgroup|dd|del|div|dl|dt|"
    "em|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|"
    "label|li|link|main|mark|meta|nav|noscript|ol|option|p|picture|pre|q|s|script|section|"
    "select|small|source|span|strike|strong|style|sub|sup|svg|table|tbody|td|textarea|tfoot|th|"
    "thead|title|tr|tt|u|ul|video"
)
# Known tag names only, so "<name>" placeholders and "a < b > c" are left alone.
HTML_TAG = rf"</?(?:{_TAG_NAMES})(?:[ \t\n\r\f][^<>]{{0,1000}})?/?>"
HTML_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
# Detection patterns are strings pandas hands to pyarrow's RE2 (fast, linear); that needs
# explicit classes: \s, \S, \w and $ make pandas fall back to Python's re, 50x slower.
HTML_PATTERN = rf"(?i){HTML_TAG}|{HTML_ENTITY}|<!--"
_SPACE = "[ \t\n\r\f\v\u00a0]"
_NOT_SPACE = "[^ \t\n\r\f\v\u00a0]"
MESSY_WHITESPACE_PATTERN = (
    f"^{_SPACE}|{_SPACE}\\Z|{_NOT_SPACE}[ \t]{{2,}}{_NOT_SPACE}|[ \t]\n|\r|\u00a0|\u200b|\n{{3,}}"
)

_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAK_RE = re.compile(
    r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>", re.IGNORECASE
)
_TAG_RE = re.compile(HTML_TAG, re.IGNORECASE)
_INNER_SPACES_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def clean(
    df: pd.DataFrame, roles: Mapping[str, str], ops: Sequence[CleanOp]
) -> tuple[pd.DataFrame, CleanReport]:
    """Apply cleaning steps to a copy of the table and count what each one changed."""
    unknown = [op for op in ops if op not in CLEAN_OPS]
    if unknown:
        raise ValueError(
            f"Unknown cleaning step {unknown[0]!r}; choose from: {', '.join(CLEAN_OPS)}."
        )
    validate_roles(df, roles)
    # A fixed order: text is tidied before judging which rows are empty or duplicated.
    chosen = [op for op in CLEAN_OPS if op in ops]
    out = df.reset_index(drop=True).copy()
    changes: dict[str, int] = {}
    for op in chosen:
        out, changes[op] = STEPS[op](out, roles)
    report = CleanReport(rows_before=len(df), rows_after=len(out), changes=changes, ops=chosen)
    return out, report


def strip_html(text: str) -> str:
    """Text without HTML tags, comments and scripts, entities decoded (&amp; → &)."""
    if "<" not in text and "&" not in text:
        return text
    stripped = _SCRIPT_RE.sub("", text)
    stripped = _COMMENT_RE.sub("", stripped)
    stripped = _BREAK_RE.sub("\n", stripped)
    stripped = html.unescape(_TAG_RE.sub("", stripped))
    return stripped.strip() if stripped != text else text


def normalise_whitespace(text: str) -> str:
    """Text with single spaces between words, no trailing spaces, at most one blank line."""
    tidy = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    tidy = _INNER_SPACES_RE.sub(" ", tidy.replace("\u200b", ""))
    # Line by line, not a regex: `[ \t]+\n` is quadratic on a long run of spaces.
    tidy = "\n".join(line.rstrip(" \t") for line in tidy.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", tidy).strip()


def _map_text(
    df: pd.DataFrame, roles: Mapping[str, str], change: Callable[[str], str]
) -> tuple[pd.DataFrame, int]:
    """Apply `change` to every text cell and message; count the rows that changed."""
    changed = np.zeros(len(df), dtype=bool)
    for column in text_columns(df, roles):
        before = df[column].tolist()
        after = [change(v) if isinstance(v, str) else v for v in before]
        changed |= np.array([a is not b for a, b in zip(before, after, strict=True)], dtype=bool)
        df[column] = pd.Series(after, index=df.index, dtype=df[column].dtype)
    if "messages" in roles:
        column = roles["messages"]
        conversations = []
        for row, conversation in enumerate(df[column].tolist()):
            if isinstance(conversation, list):
                new = [_change_turn(turn, change) for turn in conversation]
                changed[row] |= any(a is not b for a, b in zip(conversation, new, strict=True))
                conversation = new
            conversations.append(conversation)
        df[column] = pd.Series(conversations, index=df.index, dtype="object")
    return df, int(changed.sum())


def _change_turn(turn: object, change: Callable[[str], str]) -> object:
    if not isinstance(turn, dict) or not isinstance(turn.get("content"), str):
        return turn
    content = change(turn["content"])
    # A new dict only when something changed: the input frame's lists are never touched.
    return turn if content == turn["content"] else {**turn, "content": content}


def _changed_or_same(change: Callable[[str], str]) -> Callable[[str], str]:
    """`change`, returning the very same object when the text is unchanged (cheap to count)."""

    def apply(text: str) -> str:
        new = change(text)
        return text if new == text else new

    return apply


def _strip_html(df: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.DataFrame, int]:
    return _map_text(df, roles, _changed_or_same(strip_html))


def _normalise_whitespace(df: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.DataFrame, int]:
    return _map_text(df, roles, _changed_or_same(normalise_whitespace))


def _drop_empty(df: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.DataFrame, int]:
    # Chats with no assistant reply and prompts with no response teach nothing either.
    return _drop(df, empty_mask(df, roles) | no_response_mask(df, roles))


def _dedupe(df: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.DataFrame, int]:
    if not len(df.columns):
        return df, 0
    return _drop(df, hashable_frame(df).duplicated())


def _drop_missing_target(df: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.DataFrame, int]:
    column = roles.get("label") or roles.get("target")
    if column is None:
        return df, 0  # nothing to predict, so no row is missing it
    return _drop(df, blank_mask(df[column]))


def _drop(df: pd.DataFrame, mask: pd.Series) -> tuple[pd.DataFrame, int]:
    return df[~mask.to_numpy(dtype=bool)].reset_index(drop=True), int(mask.sum())


STEPS: dict[CleanOp, Callable[[pd.DataFrame, Mapping[str, str]], tuple[pd.DataFrame, int]]] = {
    "strip_html": _strip_html,
    "normalise_whitespace": _normalise_whitespace,
    "drop_empty": _drop_empty,
    "dedupe": _dedupe,
    "drop_missing_target": _drop_missing_target,
}
