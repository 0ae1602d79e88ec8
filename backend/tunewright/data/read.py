"""Parse a whole data file into a table, the way `sniff` decided to read it."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from tunewright.data.columns import find_chat_column, find_column, is_missing
from tunewright.data.types import Detection, Finding, ReadLimits, UnreadableDataError

# Only an empty field is missing at read time. Markers such as "?", "NA" or "-" stay as written:
# `data.markers` decides per column whether they mean "missing" (and the user can say they don't).
NA_VALUES = [""]
# The csv module's limit is process-wide and other threads may be parsing: raise it, never lower.
CSV_FIELD_LIMIT = 2**31 - 1  # fits a C long everywhere (sys.maxsize overflows on Windows)
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))

ROLE_ALIASES = {
    "system": "system",
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "gpt": "assistant",
    "bot": "assistant",
    "model": "assistant",
    "ai": "assistant",
    "chatgpt": "assistant",
}
_BLOCK_SPLIT_RE = re.compile(r"\n(?:[ \t]*\n)+")
_EDGE_BLANK_LINES_RE = re.compile(r"^(?:[ \t]*\n)+|(?:\n[ \t]*)+$")
_AUTO_COLUMN_RE = re.compile(r"^(Unnamed: \d+|column_\d+)$")
_DECIMAL_COMMA_RE = r"[-+]?[0-9]+(,[0-9]+)?"
# JSON nesting is measured on bytes: escaped quotes dropped, then everything but quotes and
# brackets; a bracket counts when an even number of quotes comes before it (outside strings).
_NOT_JSON_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
DEPTH_CHUNK = 1 << 24  # structural bytes scanned at once (bounds the scan's memory)
SHOWN_NAMES = 5  # column names quoted in a message


def unreadable(code: str, message: str, hint: str) -> UnreadableDataError:
    """An error for a file that cannot become rows, with what to do about it."""
    return UnreadableDataError(Finding(code=code, severity="error", message=message, hint=hint))


def read_rows(path: Path, detection: Detection, limits: ReadLimits | None = None) -> pd.DataFrame:
    """Parse the whole file into a table (chat data becomes one `messages` column)."""
    limits = limits or ReadLimits()
    if detection.format == "text":
        text = path.read_text(encoding=detection.encoding)
        return pd.DataFrame({"text": split_text(text, detection.text_layout or "lines")})
    if detection.format in ("csv", "tsv"):
        frame = read_delimited(
            path, detection.delimiter or ",", bool(detection.has_header), detection.encoding
        )
        return require_values(frame)
    if detection.format == "jsonl":
        values = load_jsonl(path, detection.encoding, limits.max_json_depth)
    else:
        document = load_json(path, detection.encoding, limits.max_json_depth)
        values, _, _ = json_records(document, detection.json_root_key)
    frame = require_values(frame_from_records(values, limits.max_columns))
    return to_messages(frame) if detection.shape == "chat" else frame


def split_text(text: str, layout: str) -> list[str]:
    """Plain text as examples: one per line, or one per blank-line-separated block."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if layout == "blocks":
        blocks = _BLOCK_SPLIT_RE.split(text)
        return [_EDGE_BLANK_LINES_RE.sub("", block) for block in blocks if block.strip()]
    return [line for line in text.split("\n") if line.strip()]


def read_delimited(
    source: Path | io.StringIO, delimiter: str, has_header: bool, encoding: str | None
) -> pd.DataFrame:
    """Read CSV/TSV with pandas, refusing rows that have more values than there are columns."""
    return read_delimited_renamed(source, delimiter, has_header, encoding)[0]


def read_delimited_renamed(
    source: Path | io.StringIO, delimiter: str, has_header: bool, encoding: str | None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table, and the repeated or empty header names it renamed (new name → name in file)."""
    names: list[str] | None = None
    renamed: dict[str, str] = {}
    if has_header:
        # Our own names: pandas would silently turn a repeated `a` into `a.1`.
        names, renamed = unique_names(_header_row(source, delimiter, encoding))
    options: dict[str, Any] = {
        "sep": delimiter,
        "header": 0 if has_header else None,
        "names": names,
        "encoding": encoding,
        "index_col": False,  # never turn the first column into the index
        "keep_default_na": False,
        "na_values": NA_VALUES,
        "low_memory": False,
        "engine": "c",  # no field size limit, fast on huge single lines
    }
    try:
        frame = _read_csv(source, options)
    except (pd.errors.ParserError, pd.errors.ParserWarning) as err:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if unclosed:
            raise _unclosed_quote(int(unclosed.group(1)) + 1) from err
        width, overlong = _overlong_rows(source, delimiter, encoding)
        if overlong:
            raise _too_many_fields(width, overlong, delimiter, has_header) from err
        # Only blank values past the last column (trailing separators): safe to ignore them.
        frame = _read_csv(source, {**options, "usecols": range(width)})
    except pd.errors.EmptyDataError as err:
        raise unreadable(
            "empty_file",
            "The file has no rows.",
            "Check you picked the right file, or export it again with its data.",
        ) from err
    if not has_header:
        frame.columns = [f"column_{i + 1}" for i in range(frame.shape[1])]
    if delimiter == ";":
        frame = _decimal_commas(frame)
    frame = _drop_empty_auto_columns(frame)
    return frame, {new: old for new, old in renamed.items() if new in frame.columns}


def unique_names(raw: list[str]) -> tuple[list[str], dict[str, str]]:
    """Header names made unique and non-empty (`a, a, ''` → `a, a_2, column_3`), and the renames.

    Names already in the header are never taken by a rename, so `a, a, a_2` gives
    `a, a_3, a_2`: every column keeps a name that points back to the file.
    """
    taken = {name for name in raw if name.strip()}
    seen: set[str] = set()
    names: list[str] = []
    renamed: dict[str, str] = {}
    for position, name in enumerate(raw, start=1):
        if name.strip() and name not in seen:
            seen.add(name)
            names.append(name)
            continue
        base = name if name.strip() else f"column_{position}"
        new, suffix = base, 2
        while new in taken:
            new, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(new)
        names.append(new)
        renamed[new] = name
    return names, renamed


def renamed_note(renamed: dict[str, str]) -> str | None:
    """A sentence listing the header names that were renamed, or None when none were."""
    if not renamed:
        return None
    shown = [
        f"'{old}' → '{new}'" if old.strip() else f"an empty name → '{new}'"
        for new, old in list(renamed.items())[:SHOWN_NAMES]
    ]
    more = f" and {len(renamed) - SHOWN_NAMES:,} more" if len(renamed) > SHOWN_NAMES else ""
    count = f"{len(renamed):,} column name{'s' if len(renamed) > 1 else ''}"
    return (
        f"{count} in the header {'were' if len(renamed) > 1 else 'was'} repeated or empty and "
        f"renamed so each column has its own name: {', '.join(shown)}{more}."
    )


def require_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The table, or `empty_dataset` when it has no rows, no columns or not a single value."""
    hint = (
        "Check you exported the data and not just the column names (a filter that hides every "
        "row exports only the header), then upload the file again."
    )
    names = ", ".join(f"'{c}'" for c in frame.columns[:SHOWN_NAMES])
    if len(frame.columns) > SHOWN_NAMES:
        names += f" and {len(frame.columns) - SHOWN_NAMES:,} more"
    if len(frame) == 0:
        message = f"The file names its columns ({names}) but has no rows of data under them."
        raise unreadable("empty_dataset", message, hint)
    if len(frame.columns) == 0:
        message = (
            f"The {len(frame):,} records have no fields, so there are no values to learn from."
        )
        raise unreadable("empty_dataset", message, 'Give each record fields, like {"text": ...}.')
    if not any(frame.iloc[:, i].notna().any() for i in range(frame.shape[1])):
        message = f"All {len(frame):,} rows are blank: the columns ({names}) hold no values."
        raise unreadable("empty_dataset", message, hint)
    return frame


def refuse_wide(columns: int, max_columns: int) -> None:
    """Refuse a table wider than MAX_COLUMNS before it is parsed into memory."""
    if columns <= max_columns:
        return
    raise unreadable(
        "too_many_columns",
        f"The table has {columns:,} columns; at most {max_columns:,} can be read.",
        "Keep the columns you need (drop the others in your spreadsheet app, or with "
        "csvcut / pandas), or raise MAX_COLUMNS in .env if this machine has the memory.",
    )


def record_keys(values: list[Any]) -> dict[str, None]:
    """Every field name used by some JSON record, in order of first use."""
    return dict.fromkeys(key for value in values if isinstance(value, dict) for key in value)


def json_depth(text: str) -> int:
    """How deeply [ and { nest in JSON text; brackets inside strings don't count."""
    data = text.encode("utf-8", "surrogatepass")
    if b"\\" in data:  # `\\` first, so the quote in `\\"` still ends its string
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = data.translate(None, _NOT_JSON_STRUCTURE)
    depth = deepest = 0
    inside = False  # within a string at the end of the previous chunk
    for start in range(0, len(structure), DEPTH_CHUNK):
        codes = np.frombuffer(structure[start : start + DEPTH_CHUNK], dtype=np.uint8)
        within = np.logical_xor.accumulate(codes == ord('"')) ^ inside
        opening = ~within & ((codes == ord("[")) | (codes == ord("{")))
        closing = ~within & ((codes == ord("]")) | (codes == ord("}")))
        running = np.cumsum(opening.astype(np.int64) - closing) + depth
        deepest = max(deepest, int(running.max()))
        depth, inside = int(running[-1]), bool(within[-1])
    return deepest


def check_json_depth(text: str, max_depth: int) -> None:
    """Refuse JSON nested deeper than `max_depth` before parsing it (parsing would recurse)."""
    if text.count("[") + text.count("{") <= max_depth:
        return  # too few brackets to nest that deep: skip the scan
    depth = json_depth(text)
    if depth > max_depth:
        raise too_deep(f"{depth:,} levels", max_depth)


def too_deep(depth: str, max_depth: int) -> UnreadableDataError:
    """The error for JSON nested deeper than can be read safely."""
    return unreadable(
        "too_deeply_nested",
        f"The JSON nests lists and objects {depth} deep; at most {max_depth} levels are read.",
        'Records should be flat objects ({"column": value, ...}), or hold a short list of '
        "messages; flatten the data, or export it as CSV or JSON Lines.",
    )


def load_json(path: Path, encoding: str, max_depth: int = ReadLimits.max_json_depth) -> Any:
    """The parsed JSON document, or `bad_json` saying where it breaks."""
    return parse_json(path.read_text(encoding=encoding), max_depth)


def parse_json(text: str, max_depth: int) -> Any:
    """A JSON document, refused (not recursed into) when nested deeper than `max_depth`."""
    check_json_depth(text, max_depth)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise bad_json(err) from err
    except RecursionError as err:  # the scan above should have refused it first
        raise too_deep(f"more than {max_depth}", max_depth) from err


def load_jsonl(path: Path, encoding: str, max_depth: int = ReadLimits.max_json_depth) -> list[Any]:
    """One parsed value per non-blank line, or `bad_json` naming the broken line."""
    values: list[Any] = []
    # Iterating a text file splits on newlines only; str.splitlines would also split on
    # U+2028, which is legal inside JSON strings.
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                values.append(parse_json_line(line, number, max_depth))
    return values


def parse_json_line(line: str, number: int, max_depth: int = ReadLimits.max_json_depth) -> Any:
    """One JSON Lines record, or `bad_json` naming its line."""
    check_json_depth(line, max_depth)
    try:
        return json.loads(line)
    except RecursionError as err:
        raise too_deep(f"more than {max_depth}", max_depth) from err
    except json.JSONDecodeError as err:
        raise unreadable(
            "bad_json",
            f"Line {number:,} is not valid JSON ({err.msg} at column {err.colno}).",
            f"Each line must be one complete JSON object; fix or remove line {number:,}, "
            "then upload again.",
        ) from err


def bad_json(err: json.JSONDecodeError) -> UnreadableDataError:
    """The error for a JSON document that does not parse, with its line and column."""
    where = f"line {err.lineno:,}, column {err.colno:,}"
    if err.pos >= len(err.doc.rstrip()):
        return unreadable(
            "bad_json",
            f"The JSON ends too early ({where}): the file looks cut off.",
            "Export or download the file again; if you edited it, check the closing ] and } "
            "at the end.",
        )
    return unreadable(
        "bad_json",
        f"The JSON is malformed at {where}: {err.msg}.",
        "Fix that spot (often a missing comma, quote or bracket; an editor with JSON checking "
        "points at it), then upload again.",
    )


def json_records(value: Any, root_key: str | None = None) -> tuple[list[Any], str | None, str]:
    """(records, key of the list they came from, a note) from a parsed JSON document."""
    if isinstance(value, list):
        return value, None, "JSON: a list of records"
    if isinstance(value, dict):
        if root_key is not None:
            return _records_under(value, root_key), root_key, f'JSON: rows under "{root_key}"'
        # A single conversation ({"messages": [...]}) is one record, not a list of messages.
        if find_chat_column(pd.DataFrame([value])):
            return [value], None, "JSON: a single conversation"
        lists = {k: v for k, v in value.items() if _is_record_list(v)}
        if lists:
            key = max(lists, key=lambda k: len(lists[k]))
            note = f'JSON object: rows read from the list under "{key}"'
            if len(lists) > 1:
                others = ", ".join(f'"{k}"' for k in lists if k != key)
                note += f" (the longest; also found {others})"
            return lists[key], key, note
        empty = [k for k, v in value.items() if v == []]
        if empty:
            raise unreadable(
                "empty_dataset",
                f'The JSON holds an empty list under "{empty[0]}": there are no rows.',
                "Check you picked the right file, or export it again with its data.",
            )
        keys = ", ".join(f'"{k}"' for k in list(value)[:5]) or "no keys"
        raise unreadable(
            "json_not_list",
            f"The JSON is an object ({keys}) but none of its values is a list of records.",
            'Put the rows in a list: [{"text": ...}, {"text": ...}], or JSON Lines with one '
            "object per line.",
        )
    raise unreadable(
        "json_not_list",
        f"The file is JSON, but it holds {_describe(value)}, not a list of records.",
        'Put the rows in a list: [{"text": ...}, {"text": ...}], or JSON Lines with one '
        "object per line.",
    )


def frame_from_records(values: list[Any], max_columns: int | None = None) -> pd.DataFrame:
    """A table from JSON records (objects → columns; plain strings → one `text` column).

    With `max_columns`, records naming more fields than that are refused before the table
    (records × fields) is built.
    """
    if not values:
        raise unreadable(
            "empty_dataset",
            "The JSON holds an empty list: there are no rows.",
            "Check you picked the right file, or export it again with its data.",
        )
    if all(isinstance(v, str) for v in values):
        return pd.DataFrame({"text": values})
    for number, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            raise unreadable(
                "json_not_list",
                f"Record {number:,} is {_describe(value)}, but every record must be an object "
                '({"column": value, ...}) or every record a piece of text.',
                f"Make record {number:,} an object like the others, or remove it.",
            )
    if max_columns is not None:
        refuse_wide(len(record_keys(values)), max_columns)
    return pd.DataFrame(values)


def to_messages(frame: pd.DataFrame) -> pd.DataFrame:
    """Chat records as one `messages` column of [{role, content}] with system/user/assistant."""
    found = find_chat_column(frame)
    if found is None:
        raise unreadable(
            "bad_chat",
            "No column holds chat conversations.",
            'Each record needs "messages": [{"role": "user", "content": ...}, ...] '
            '(or ShareGPT "conversations" with from/value).',
        )
    column, _ = found
    # Some ShareGPT exports keep the system prompt beside the conversation.
    system_column = find_column(frame, "system")
    systems = frame[system_column].tolist() if system_column else [None] * len(frame)
    messages = [
        _conversation(value, row, system)
        for row, (value, system) in enumerate(zip(frame[column].tolist(), systems, strict=True))
    ]
    return pd.DataFrame({"messages": messages})


def _conversation(value: object, row: int, system: object) -> list[dict[str, str]]:
    if is_missing(value):
        return []
    if not isinstance(value, list):
        raise _bad_turn(row, "is not a list of messages")
    turns: list[dict[str, str]] = []
    if isinstance(system, str) and system.strip():
        turns.append({"role": "system", "content": system})
    for number, turn in enumerate(value, start=1):
        if not isinstance(turn, dict):
            raise _bad_turn(row, f"has message {number} that is not an object")
        keys = {str(k).lower(): v for k, v in turn.items()}
        speaker = keys.get("role", keys.get("from"))
        role = ROLE_ALIASES.get(str(speaker).strip().lower())
        if role is None:
            raise unreadable(
                "bad_chat",
                f"Row {row + 1:,}, message {number}: unknown speaker {speaker!r}.",
                "Use the roles system, user and assistant (ShareGPT: system, human and gpt).",
            )
        turns.append({"role": role, "content": _content(keys.get("content", keys.get("value")))})
    return turns


def _content(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # OpenAI content parts: [{"type": "text", "text": ...}]
        parts = [p.get("text", "") for p in value if isinstance(p, dict)]
        return "\n".join(p for p in parts if isinstance(p, str))
    if is_missing(value):
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def _bad_turn(row: int, problem: str) -> UnreadableDataError:
    return unreadable(
        "bad_chat",
        f"Row {row + 1:,} {problem}.",
        'Each conversation must be a list like [{"role": "user", "content": "..."}, ...].',
    )


def _read_csv(source: Path | io.StringIO, options: dict[str, Any]) -> pd.DataFrame:
    if isinstance(source, io.StringIO):
        source.seek(0)
    with warnings.catch_warnings():
        # pandas only *warns* when a row has extra values it is about to drop; refuse instead.
        warnings.simplefilter("error", pd.errors.ParserWarning)
        return pd.read_csv(source, **options)


def _opened(
    source: Path | io.StringIO, encoding: str | None
) -> contextlib.AbstractContextManager[Any]:
    """The source as an open text handle from its start (a StringIO stays open for re-reading)."""
    if isinstance(source, io.StringIO):
        source.seek(0)
        return contextlib.nullcontext(source)
    return source.open(encoding=encoding, newline="")


def _header_row(source: Path | io.StringIO, delimiter: str, encoding: str | None) -> list[str]:
    """The first non-blank record, read the way pandas reads it (quotes, embedded newlines)."""
    with _opened(source, encoding) as handle:
        return next((row for row in csv.reader(handle, delimiter=delimiter) if row), [])


def _overlong_rows(
    source: Path | io.StringIO, delimiter: str, encoding: str | None
) -> tuple[int, list[tuple[int, int]]]:
    """Width of the first row, and (line, fields) of rows with extra non-blank values."""
    width = 0
    overlong: list[tuple[int, int]] = []
    with _opened(source, encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for row in reader:
            if not row:
                continue
            if not width:
                width = len(row)
            elif len(row) > width and any(cell.strip() for cell in row[width:]):
                overlong.append((reader.line_num, len(row)))
    return width, overlong


def _too_many_fields(
    width: int, overlong: list[tuple[int, int]], delimiter: str, has_header: bool
) -> UnreadableDataError:
    line, fields = overlong[0]
    first = "header" if has_header else "first row"
    more = f" ({len(overlong):,} rows like this)" if len(overlong) > 1 else ""
    shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
    return unreadable(
        "bad_csv",
        f"Line {line:,} has {fields} values but the {first} has {width}{more}; "
        "rows can't have more values than there are columns.",
        f"A value probably contains the separator ({shown}) without quotes around it. Quote "
        "such values, or export the file again from your spreadsheet app.",
    )


def _unclosed_quote(line: int) -> UnreadableDataError:
    return unreadable(
        "bad_csv",
        f'A quoted value starting near line {line:,} is never closed (a stray " character?).',
        "Make sure quotes come in pairs (write a quote inside a value as two quotes), or export "
        "the file again from your spreadsheet app.",
    )


def _decimal_commas(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers written 1,5 (semicolon files come from locales with a decimal comma)."""
    converted = {}
    for column in frame.columns:
        s = frame[column]
        if not ptypes.is_string_dtype(s.dtype):
            continue
        values = s.dropna()
        if values.empty or not values.map(lambda v: isinstance(v, str)).all():
            continue
        if values.str.fullmatch(_DECIMAL_COMMA_RE).all() and values.str.contains(",").any():
            converted[column] = pd.to_numeric(s.str.replace(",", ".", regex=False))
    return frame.assign(**converted) if converted else frame


def _drop_empty_auto_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns with no name and no values (trailing separators make 'Unnamed: 3')."""
    empty = [
        c for c in frame.columns if _AUTO_COLUMN_RE.match(str(c)) and frame[c].map(is_missing).all()
    ]
    return frame.drop(columns=empty) if empty else frame


def _records_under(value: dict[str, Any], key: str) -> list[Any]:
    records = value.get(key)
    if not isinstance(records, list):
        raise unreadable(
            "json_not_list",
            f'The JSON has no list of records under "{key}".',
            "Upload the file again so its rows can be detected.",
        )
    return records


def _is_record_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and (all(isinstance(v, dict) for v in value) or all(isinstance(v, str) for v in value))
    )


def _describe(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return f"just {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return f"a single number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:29] + "…"
        return f"a single piece of text ({shown!r})"
    if isinstance(value, list):
        return "a list"
    return "an object"
