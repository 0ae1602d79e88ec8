"""What a column holds: chat, ids, labels, free text... (shared by sniff, roles and profile).

Every heuristic about columns lives here once, so the shape `sniff` reports, the roles
`detect_roles` picks and the types `profile_frame` shows can never disagree.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.types import ColumnType

ChatStyle = Literal["openai_messages", "sharegpt"]

TYPE_SAMPLE = 1000  # values looked at to decide a column's type (counts use the full column)
MAX_CATEGORIES = 50  # more distinct values than this is not a label column
MAX_LABEL_CLASSES = 20  # integer columns with at most this many values can be labels

CHAT_COLUMN_NAMES = ("messages", "conversations", "conversation", "dialogue", "dialog", "chat")
# (prompt column, response column, source_shape), most specific first.
NAME_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("prompt", "response", "prompt_response"),
    ("prompt", "completion", "prompt_completion"),
    ("prompt", "answer", "prompt_answer"),
    ("question", "answer", "question_answer"),
    ("question", "response", "question_response"),
    ("query", "answer", "query_answer"),
    ("query", "response", "query_response"),
    ("instruction", "response", "instruction_response"),
    ("input", "output", "input_output"),
    ("input", "response", "input_response"),
    ("input", "target", "input_target"),
    ("source", "target", "source_target"),
    ("context", "response", "context_response"),
    ("user", "assistant", "user_assistant"),
    ("human", "assistant", "human_assistant"),
    ("text", "summary", "text_summary"),
    ("article", "summary", "article_summary"),
    ("document", "summary", "document_summary"),
)
LABEL_NAMES = frozenset(
    {"label", "labels", "class", "category", "sentiment", "intent", "tag", "topic", "target"}
    | {"y", "emotion", "label_text", "class_name", "polarity", "stance", "is_spam", "spam"}
)
TARGET_NAMES = LABEL_NAMES | frozenset(
    {"outcome", "survived", "price", "saleprice", "sale_price", "churn", "churned", "exited"}
    | {"default", "fraud", "is_fraud", "species", "quality", "diagnosis", "result", "approved"}
)
TEXT_NAMES = ("text", "content", "body", "document", "review", "sentence", "message", "comment")

_NUMBER_RE = re.compile(r"^\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_DATE_RE = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?)\s*$"
)
_BOOL_SETS = (
    {"true", "false"},
    {"yes", "no"},
    {"y", "n"},
    {"t", "f"},
)
_ID_NAME_RE = re.compile(r"(^|_)(id|uuid|guid|key|index|idx)$|^unnamed:_?0$")
_CAMEL_ID_RE = re.compile(r"[a-z](Id|ID)$")
# One token containing a digit: A-1023, cust_0042, 9f3c2a...
_CODE_RE = re.compile(r"^(?=[^\d]*\d)[A-Za-z0-9_\-]{3,64}$")
_PERSON_RE = re.compile(r"^[A-Z][\w'.\-]*,?( [A-Z(\"][\w'.()\-\"]*,?){1,6}$")


def normalise_name(name: object) -> str:
    """A column name compared case-insensitively: 'Question Text' → 'question_text'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def find_column(df: pd.DataFrame, name: str) -> str | None:
    """The column whose normalised name is `name`, if any."""
    for column in df.columns:
        if normalise_name(column) == name:
            return str(column)
    return None


def is_missing(value: object) -> bool:
    """True for None, NaN, NA, blank strings and empty lists (a cell with nothing in it)."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0
    scalar: Any = value
    return bool(scalar is None or (ptypes.is_scalar(scalar) and pd.isna(scalar)))


def blank_mask(s: pd.Series) -> pd.Series:
    """Which cells are missing or blank (vectorised for plain string and numeric columns)."""
    if ptypes.is_string_dtype(s.dtype) and not ptypes.is_object_dtype(s.dtype):
        return s.isna() | s.str.strip().eq("").fillna(False).astype(bool)
    if not ptypes.is_object_dtype(s.dtype):
        return s.isna()
    return s.map(is_missing).astype(bool)


def hashable(s: pd.Series) -> pd.Series:
    """The column with lists/dicts turned into JSON text so it can be counted and compared."""
    if not ptypes.is_object_dtype(s.dtype):
        return s
    nested = s.map(lambda v: isinstance(v, (list, dict)))
    if not nested.any():
        return s
    return s.map(
        lambda v: (
            json.dumps(v, sort_keys=True, ensure_ascii=False, default=str)
            if isinstance(v, (list, dict))
            else v
        )
    )


def hashable_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column comparable (used for duplicates in profile and clean)."""
    return pd.DataFrame({column: hashable(df[column]) for column in df.columns}, index=df.index)


def cell_text(value: object) -> str:
    """A cell as the text a model would read ('' for missing)."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def word_counts(texts: pd.Series) -> pd.Series:
    """Whitespace-separated words per cell (0 for missing)."""
    # A list comprehension over str.split beats pandas' .str.split().str.len() by ~5x here.
    counts = [len(v.split()) if isinstance(v, str) else 0 for v in texts.tolist()]
    return pd.Series(counts, index=texts.index, dtype="int64")


def chat_style(value: object) -> ChatStyle | None:
    """'openai_messages' for [{role, content}], 'sharegpt' for [{from, value}], else None."""
    if not isinstance(value, list) or not value or not isinstance(value[0], dict):
        return None
    keys = {str(k).lower() for k in value[0]}
    if {"role", "content"} <= keys:
        return "openai_messages"
    if {"from", "value"} <= keys:
        return "sharegpt"
    return None


def find_chat_column(df: pd.DataFrame) -> tuple[str, ChatStyle] | None:
    """The column holding chat conversations and their style, if there is one."""
    candidates = sorted(
        (c for c in df.columns if ptypes.is_object_dtype(df[c].dtype)),
        key=lambda c: normalise_name(c) not in CHAT_COLUMN_NAMES,
    )
    for column in candidates:
        values = [v for v in df[column].head(50).tolist() if not is_missing(v)]
        styles = [chat_style(v) for v in values]
        found = [s for s in styles if s is not None]
        if values and len(found) >= 0.8 * len(values):
            return str(column), max(set(found), key=found.count)
    return None


def is_stringish(s: pd.Series) -> bool:
    """Most non-missing values are strings (not numbers, lists or booleans)."""
    values = _sample(s[~blank_mask(s)])
    if values.empty:
        return False
    return sum(isinstance(v, str) for v in values.tolist()) >= 0.9 * len(values)


def find_pair(df: pd.DataFrame) -> tuple[str, str, str] | None:
    """A (prompt column, response column, source_shape) pair named like question/answer."""
    for prompt_name, response_name, source in NAME_PAIRS:
        prompt = find_column(df, prompt_name)
        response = find_column(df, response_name)
        if prompt and response and is_stringish(df[prompt]) and is_stringish(df[response]):
            if _repeats_like_a_label(df[response]):
                continue  # e.g. input/target where the target is a category: text + label
            return prompt, response, source
    return None


def _repeats_like_a_label(s: pd.Series) -> bool:
    values = s[~blank_mask(s)]
    # Tiny samples repeat by chance; only judge once there are enough rows.
    return len(values) >= 20 and is_low_cardinality(int(hashable(values).nunique()), len(values))


def column_type(s: pd.Series) -> ColumnType:
    """What a column holds: text, categorical, numeric, boolean, datetime, id, messages, ..."""
    values = s[~blank_mask(s)]
    if values.empty:
        return "empty"
    if ptypes.is_bool_dtype(s.dtype):
        return "boolean"
    if ptypes.is_datetime64_any_dtype(s.dtype):
        return "datetime"
    if ptypes.is_numeric_dtype(s.dtype):
        return _numeric_type(s.name, values)
    sample = _sample(values).tolist()
    nested = [v for v in sample if isinstance(v, (list, dict))]
    if nested:
        chat = sum(chat_style(v) is not None for v in nested)
        return "messages" if chat >= 0.8 * len(sample) else "mixed"
    share = numeric_share(sample)
    if share == 1.0:
        return _numeric_type(s.name, pd.to_numeric(values.map(_as_number), errors="coerce"))
    if share >= 0.8:
        return "mixed"
    # Judging the type from the first 10k characters keeps a 20 MB cell from costing seconds.
    texts = [cell_text(v)[:10_000] for v in sample]
    lowered = {t.strip().lower() for t in texts}
    if len(lowered) <= 2 and any(lowered <= pair for pair in _BOOL_SETS):
        return "boolean"
    if sum(bool(_DATE_RE.match(t)) for t in texts) >= 0.9 * len(texts):
        return "datetime"
    unique = int(hashable(values).nunique())
    if unique == len(values) and _looks_like_id(s.name, texts):
        return "id"
    words = float(np.mean([len(t.split()) for t in texts]))
    chars = float(np.mean([len(t) for t in texts]))
    if is_low_cardinality(unique, len(values)) and words <= 6:
        return "categorical"
    if words >= 3 or chars >= 30:
        return "text"
    return "categorical"


def reads_as_number(text: str) -> bool:
    """True for text Python reads as a number ("1,234", "3.5", "1e3", "nan" too)."""
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def numeric_share(values: list[Any]) -> float:
    """Share of values that are numbers or strings that read as numbers."""
    if not values:
        return 0.0
    hits = sum(
        (isinstance(v, (int, float, np.number)) and not isinstance(v, bool))
        or (isinstance(v, str) and bool(_NUMBER_RE.match(v)))
        for v in values
    )
    return hits / len(values)


def non_numbers(s: pd.Series) -> pd.Series:
    """The non-missing values of a column that are not numbers (for 'mixed types' findings)."""
    values = s[~blank_mask(s)]
    return values[pd.to_numeric(values.map(_as_number), errors="coerce").isna()]


def is_low_cardinality(unique: int, count: int) -> bool:
    """Few enough distinct values to be categories (at most 50, at most half the rows, repeats)."""
    return unique <= MAX_CATEGORIES and unique <= max(2, count // 2) and unique < count


def text_label_columns(df: pd.DataFrame) -> tuple[str | None, str | None, list[str]]:
    """(longest free-text column, best label column, other non-id columns) of a table."""
    types = {str(c): column_type(df[c]) for c in df.columns}
    texts = [c for c, t in types.items() if t == "text"]
    labels = [c for c, t in types.items() if _is_label_candidate(df[c], t)]
    text = longest_text_column(df, texts)
    label = _best_label(df, labels)
    used = {*texts, *labels}
    others = [c for c, t in types.items() if c not in used and t not in ("id", "empty")]
    return text, label, others


def longest_text_column(df: pd.DataFrame, columns: list[str] | None = None) -> str | None:
    """The column with the longest text on average (among `columns`, default all text ones)."""
    if columns is None:
        columns = [str(c) for c in df.columns if column_type(df[c]) == "text"]
    if not columns:
        return None
    named = [c for c in columns if normalise_name(c) in TEXT_NAMES]
    if named:
        return named[0]

    def mean_words(column: str) -> float:
        return float(word_counts(_sample(df[column]).map(cell_text)).mean())

    return max(columns, key=mean_words)


def target_column(df: pd.DataFrame) -> str | None:
    """The most plausible column to predict: a well-known name, else the last non-id column."""
    for column in df.columns:
        name = normalise_name(column)
        if name in TARGET_NAMES or name.endswith(("_target", "_label")):
            return str(column)
    # From the end: the answer is usually the last column, so one type check instead of one
    # per column (a 2,000-column table spent ~10 s here).
    for column in reversed(df.columns):
        if column_type(df[column]) not in ("id", "empty"):
            return str(column)
    return None


def target_kind(s: pd.Series) -> Literal["classification", "regression"]:
    """Regression for numbers with many distinct values, classification otherwise."""
    kind = column_type(s)
    if kind not in ("numeric", "mixed"):
        return "classification"
    numbers = pd.to_numeric(s.map(_as_number), errors="coerce").dropna()
    unique = numbers.nunique()
    fractional = bool((numbers % 1 != 0).any())
    if unique > MAX_LABEL_CLASSES or (fractional and unique > 10):
        return "regression"
    return "classification"


def label_key(value: object) -> str:
    """A label value as the text used in distributions ('1' rather than '1.0')."""
    return cell_text(value)


def _sample(s: pd.Series) -> pd.Series:
    # A seeded random sample: data is often sorted, so the first rows are not representative.
    return s if len(s) <= TYPE_SAMPLE else s.sample(n=TYPE_SAMPLE, random_state=0)


def _as_number(value: object) -> object:
    if isinstance(value, str):
        return value.replace(",", "").strip()
    return value


def _numeric_type(name: object, values: pd.Series) -> ColumnType:
    numbers = values.dropna()
    if numbers.empty:
        return "empty"
    distinct = numbers.unique()  # once: a wide table has thousands of these columns
    if len(distinct) <= 2 and set(distinct.tolist()) <= {0, 1}:
        return "boolean"
    integral = bool((numbers % 1 == 0).all())
    if integral and len(distinct) == len(numbers) and len(numbers) >= 3:
        named = _is_id_name(name)
        consecutive = len(numbers) >= 10 and numbers.max() - numbers.min() + 1 == len(numbers)
        if named or consecutive:
            return "id"
    return "numeric"


def _is_id_name(name: object) -> bool:
    return bool(_ID_NAME_RE.search(normalise_name(name)) or _CAMEL_ID_RE.search(str(name)))


def _looks_like_id(name: object, texts: list[str]) -> bool:
    """Unique values that are codes, uuids or people's names rather than text to learn from."""
    if len(texts) < 3:
        return False
    if _is_id_name(name):
        return True
    if sum(bool(_CODE_RE.match(t)) for t in texts) >= 0.9 * len(texts):
        return True
    short = np.mean([len(t.split()) for t in texts]) <= 6
    named = "name" in normalise_name(name)
    people = sum(bool(_PERSON_RE.match(t)) for t in texts) >= 0.9 * len(texts)
    return bool(short and (named or people))


def _is_label_candidate(s: pd.Series, kind: ColumnType) -> bool:
    if kind in ("categorical", "boolean"):
        return int(hashable(s.dropna()).nunique()) <= MAX_CATEGORIES
    if kind == "numeric":
        numbers = pd.to_numeric(s, errors="coerce").dropna()
        return bool((numbers % 1 == 0).all()) and numbers.nunique() <= MAX_LABEL_CLASSES
    return False


def _best_label(df: pd.DataFrame, labels: list[str]) -> str | None:
    if not labels:
        return None
    named = [c for c in labels if normalise_name(c) in LABEL_NAMES]
    if named:
        return named[0]

    def distinct(column: str) -> float:
        unique = int(df[column].nunique())
        return math.inf if unique < 2 else unique

    return min(reversed(labels), key=distinct)
