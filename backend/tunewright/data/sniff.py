"""Decide how to read a data file from its content: encoding, format, layout and shape.

Structure is judged on the first MiB; the encoding is checked on the whole file (streamed in
chunks) so an 'é' on line 90,000 cannot break reading after a clean-looking start.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tunewright.data.columns import (
    column_type,
    find_chat_column,
    find_column,
    find_pair,
    reads_as_number,
    text_label_columns,
)
from tunewright.data.read import (
    bad_json,
    check_json_depth,
    frame_from_records,
    json_records,
    load_jsonl,
    parse_json,
    parse_json_line,
    read_delimited_renamed,
    refuse_wide,
    renamed_note,
    require_values,
    split_text,
    too_deep,
    unreadable,
)
from tunewright.data.types import Detection, FileFormat, ReadLimits, Shape, UnreadableDataError

SAMPLE_BYTES = 1 << 20  # structure is sniffed from the first MiB
CHUNK_BYTES = 1 << 20  # the encoding check streams the file in chunks this size
CSV_SAMPLE_CHARS = 64 * 1024  # csv.Sniffer is slow on big samples
CSV_SAMPLE_ROWS = 200
JSON_SAMPLE_RECORDS = 500
# Wider than this is a table: text + label needs every other column to be an id or empty, so
# typing thousands of columns (a few ms each) could not change the answer in practice.
SHAPE_MAX_COLUMNS = 100
BINARY_CONTROL_SHARE = 0.05  # more control bytes than this is not text

DELIMITERS = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "Comma", "\t": "Tab", ";": "Semicolon", "|": "Pipe"}
JSON_EXTENSIONS = frozenset({".json"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".jsonlines"})
CSV_EXTENSIONS = frozenset({".csv"})
TSV_EXTENSIONS = frozenset({".tsv", ".tab"})
FORMAT_NAMES: dict[FileFormat, str] = {
    "text": "plain text",
    "csv": "CSV",
    "tsv": "TSV",
    "json": "JSON",
    "jsonl": "JSON Lines",
}
EXTENSION_FORMATS: dict[str, FileFormat] = {
    **dict.fromkeys(JSON_EXTENSIONS, "json"),
    **dict.fromkeys(JSONL_EXTENSIONS, "jsonl"),
    **dict.fromkeys(CSV_EXTENSIONS, "csv"),
    **dict.fromkeys(TSV_EXTENSIONS, "tsv"),
    ".txt": "text",
}
ENCODING_NOTES = {
    "utf-8": "Encoding: UTF-8",
    "utf-8-sig": "Encoding: UTF-8 with a byte-order mark",
    "utf-16": "Encoding: UTF-16 (not UTF-8)",
    "cp1252": "Encoding: Windows-1252 (not UTF-8)",
    "latin-1": "Encoding: Latin-1 (not UTF-8)",
}
SHEET_HINT = (
    "If it's a spreadsheet, open it and choose File → Save As → CSV UTF-8, then upload the CSV."
)
TEXT_HINT = "Upload a text file: CSV, TSV, JSON, JSON Lines or plain text (.txt)."
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "a PNG image", TEXT_HINT),
    (b"\xff\xd8\xff", "a JPEG image", TEXT_HINT),
    (b"GIF8", "a GIF image", TEXT_HINT),
    (b"%PDF", "a PDF document", "Copy the text out of the PDF into a .txt file and upload that."),
    (b"PK\x03\x04", "a ZIP archive (Excel and Word files are ZIP archives)", SHEET_HINT),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.xls or .doc)", SHEET_HINT),
    (b"\x1f\x8b", "a gzip-compressed file", "Decompress it first and upload the file inside."),
    (b"PAR1", "a Parquet file", "Export it to CSV or JSON Lines first."),
    (b"SQLite format 3\x00", "an SQLite database", "Export the table you need to CSV first."),
)
# Control bytes other than tab, newline, form feed and carriage return.
_CONTROL = bytes([*range(0, 9), 11, *range(14, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_JSON_START_RE = re.compile(r'\s*(\[\s*[\[{"\]]|\{\s*["}])')


@dataclass
class _Table:
    format: FileFormat
    frame: pd.DataFrame | None  # a sample of the rows, None for plain text
    notes: list[str] = field(default_factory=list)
    delimiter: str | None = None
    has_header: bool | None = None
    text_layout: Literal["lines", "blocks"] | None = None
    json_root_key: str | None = None
    strings: bool = False  # JSON holding plain strings
    renamed_columns: dict[str, str] = field(default_factory=dict)
    whole: bool = True  # the sample is the whole file (so an empty sample means no data)


def sniff(
    path: Path, filename: str | None = None, *, limits: ReadLimits | None = None
) -> Detection:
    """Detect format, encoding, layout and shape of a data file from its content.

    Shapes that would exhaust memory (too many columns, JSON nested too deep) are refused from
    the sample, before anything parses the whole file.
    """
    limits = limits or ReadLimits()
    ext = Path(filename or path.name).suffix.lower()
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    truncated = size > len(head)
    if not head.strip() and not truncated:
        raise _empty(size)
    encoding, notes = _detect_encoding(path, head, ext)
    text = codecs.getincrementaldecoder(encoding)().decode(head, final=not truncated)
    if not text.strip() and not _has_content(path, encoding):
        raise _empty(size)
    try:
        table = _read_structure(path, encoding, text, truncated, ext, limits)
    except RecursionError as err:  # nesting the depth scan did not catch
        raise too_deep(f"more than {limits.max_json_depth}", limits.max_json_depth) from err
    if table.frame is not None:
        refuse_wide(table.frame.shape[1], limits.max_columns)
        if table.whole:
            require_values(table.frame)
    shape, source_shape, shape_note = _detect_shape(table)
    expected = EXTENSION_FORMATS.get(ext)
    if expected and expected != table.format:
        found = FORMAT_NAMES[table.format]
        table.notes.append(f"The file is named {ext} but holds {found}; it was read as {found}.")
    return Detection(
        format=table.format,
        encoding=encoding,
        shape=shape,
        source_shape=source_shape,
        delimiter=table.delimiter,
        has_header=table.has_header,
        text_layout=table.text_layout,
        json_root_key=table.json_root_key,
        notes=[*table.notes, *notes, shape_note],
        renamed_columns=table.renamed_columns,
    )


# --- bytes: empty, binary, encoding ------------------------------------------------------


def _empty(size: int) -> UnreadableDataError:
    what = "is empty (0 bytes)" if size == 0 else "only contains blank space"
    return unreadable(
        "empty_file",
        f"The file {what}: there is nothing to read.",
        "Check you picked the right file; if it came from an export, export it again and "
        "make sure it has rows.",
    )


def _detect_encoding(path: Path, head: bytes, ext: str) -> tuple[str, list[str]]:
    """The encoding the whole file decodes with, and a note saying so."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _decodes(path, "utf-16"):
        return "utf-16", [ENCODING_NOTES["utf-16"]]
    _refuse_binary(head, ext)
    if head.startswith(codecs.BOM_UTF8) and _decodes(path, "utf-8-sig"):
        return "utf-8-sig", [ENCODING_NOTES["utf-8-sig"]]
    if _decodes(path, "utf-8"):
        return "utf-8", [ENCODING_NOTES["utf-8"]]
    notes: list[str] = []
    if _UTF8_MULTIBYTE_RE.search(head):
        notes.append(
            "Parts of the file look like UTF-8 and others don't, so some characters may show "
            "garbled (like Ã©); re-save the file as UTF-8 to fix that."
        )
    encoding = "cp1252" if _decodes(path, "cp1252") else "latin-1"
    return encoding, [ENCODING_NOTES[encoding], *notes]


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _has_content(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            if decoder.decode(chunk).strip():
                return True
    return False


def _refuse_binary(head: bytes, ext: str) -> None:
    for magic, what, hint in MAGIC:
        if head.startswith(magic):
            if magic == b"PK\x03\x04" and ext in (".xlsx", ".xlsm"):
                what = "an Excel workbook"
            raise unreadable("binary_file", f"This is {what}, not a text data file.", hint)
    controls = len(head.translate(None, _NOT_CONTROL))
    if b"\x00" not in head and controls <= BINARY_CONTROL_SHARE * len(head):
        return
    # Text saved as UTF-16 without a byte-order mark has a NUL in every other byte.
    if head[1::2].count(0) > 0.4 * len(head) / 2 or head[0::2].count(0) > 0.4 * len(head) / 2:
        hint = "It may be text saved as UTF-16 ('Unicode'); save it again as UTF-8."
    else:
        hint = TEXT_HINT
    raise unreadable(
        "binary_file",
        "This file is binary (it contains bytes that never appear in text), so it can't be "
        "read as data.",
        hint,
    )


# --- structure: JSON, JSON Lines, CSV/TSV, plain text -------------------------------------


def _read_structure(
    path: Path, encoding: str, text: str, truncated: bool, ext: str, limits: ReadLimits
) -> _Table:
    jsonish = ext in JSON_EXTENSIONS | JSONL_EXTENSIONS
    if text.lstrip()[:1] in ("[", "{"):
        check_json_depth(text, limits.max_json_depth)
        table = _sniff_json(path, encoding, text, truncated, ext, limits)
        if table is not None:
            return table
    elif jsonish and not truncated:
        json_records(parse_json(text, limits.max_json_depth))  # json_not_list: a bare value
    table = _sniff_delimited(text, truncated, ext, limits.max_columns)
    if table is not None:
        return table
    layout = _text_layout(text if not truncated else text[: text.rfind("\n") + 1] or text)
    note = (
        "Plain text, documents separated by blank lines"
        if layout == "blocks"
        else "Plain text, one example per line"
    )
    return _Table(format="text", frame=None, notes=[note], text_layout=layout)


def _sniff_json(
    path: Path, encoding: str, text: str, truncated: bool, ext: str, limits: ReadLimits
) -> _Table | None:
    """JSON or JSON Lines read from the sample; None when it isn't JSON after all."""
    jsonish = ext in JSON_EXTENSIONS | JSONL_EXTENSIONS or bool(_JSON_START_RE.match(text))
    lines = _complete_lines(text, truncated)
    whole_lines = not truncated and len(lines) <= JSON_SAMPLE_RECORDS
    if not truncated:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            if _parses_as_object(lines[0][1]):  # bad_json names a broken line
                return _jsonl_table(_parse_lines(lines, limits), whole_lines, limits)
            if jsonish:
                raise bad_json(err) from err
            return None
        if isinstance(value, dict) and len(lines) == 1 and ext in JSONL_EXTENSIONS:
            # a JSON Lines file with one record
            return _jsonl_table(_parse_lines(lines, limits), whole_lines, limits)
        return _json_table(value, limits)
    if lines and _parses_as_object(lines[0][1]):
        return _jsonl_table(_parse_lines(lines, limits), False, limits)
    if text.lstrip().startswith("["):
        records = _leading_elements(text)
        if records:
            return _json_table(records, limits, whole=False)
    # An object root, or a first record bigger than the sample: parse the whole file.
    whole = path.read_text(encoding=encoding)
    check_json_depth(whole, limits.max_json_depth)
    try:
        return _json_table(json.loads(whole), limits)
    except json.JSONDecodeError as err:
        if err.msg != "Extra data":
            raise bad_json(err) from err
    # Several documents one after another: JSON Lines whose first record is huge.
    values = load_jsonl(path, encoding, limits.max_json_depth)
    return _jsonl_table(values[:JSON_SAMPLE_RECORDS], len(values) <= JSON_SAMPLE_RECORDS, limits)


def _json_table(value: Any, limits: ReadLimits, whole: bool = True) -> _Table:
    records, root_key, note = json_records(value)
    sample = records[:JSON_SAMPLE_RECORDS]
    frame = frame_from_records(sample, limits.max_columns)
    strings = all(isinstance(v, str) for v in sample)
    if strings:
        note = "JSON: a list of texts"
    return _Table(
        format="json",
        frame=frame,
        notes=[note],
        json_root_key=root_key,
        strings=strings,
        whole=whole and len(records) <= JSON_SAMPLE_RECORDS,
    )


def _parse_lines(lines: list[tuple[int, str]], limits: ReadLimits) -> list[Any]:
    return [
        parse_json_line(line, number, limits.max_json_depth)
        for number, line in lines[:JSON_SAMPLE_RECORDS]
    ]


def _jsonl_table(values: list[Any], whole: bool, limits: ReadLimits) -> _Table:
    frame = frame_from_records(values, limits.max_columns)
    strings = all(isinstance(v, str) for v in values)
    note = "JSON Lines: one text per line" if strings else "JSON Lines: one record per line"
    return _Table(format="jsonl", frame=frame, notes=[note], strings=strings, whole=whole)


def _complete_lines(text: str, truncated: bool) -> list[tuple[int, str]]:
    """(line number, line) for non-blank lines, without a last line cut off by the sample."""
    lines = text.split("\n")
    if truncated:
        lines = lines[:-1]
    return [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]


def _parses_as_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _leading_elements(text: str) -> list[Any]:
    """The complete elements at the start of a JSON array too big for the sample."""
    decoder = json.JSONDecoder()
    skip = re.compile(r"[\s,]*")
    position = text.index("[") + 1
    items: list[Any] = []
    while len(items) < JSON_SAMPLE_RECORDS:
        position = skip.match(text, position).end()  # type: ignore[union-attr]
        if position >= len(text) or text[position] == "]":
            break
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            break
        items.append(item)
    return items


def _sniff_delimited(text: str, truncated: bool, ext: str, max_columns: int) -> _Table | None:
    """CSV/TSV when one delimiter splits the rows consistently; None for plain text."""
    sample, cut = _csv_sample(text, truncated)
    preferred = "\t" if ext in TSV_EXTENSIONS else "," if ext in CSV_EXTENSIONS else None
    if not sample.strip():
        if preferred and text.strip():
            # A first line longer than the sample: a header too wide to be read whole.
            refuse_wide(text.count(preferred) + 1, max_columns)
        return None
    rows = {d: _csv_rows(sample, d, cut) for d in DELIMITERS}
    order = [d for d in (_sniffer_delimiter(sample[:CSV_SAMPLE_CHARS]), preferred) if d]
    order += DELIMITERS
    delimiter = _consistent_delimiter(rows, list(dict.fromkeys(order)))
    if delimiter is not None and preferred is None and _reads_like_prose(rows[delimiter]):
        delimiter = None
    if delimiter is None:
        if preferred is None:
            return None
        delimiter = preferred
        _refuse_ragged(rows[delimiter], delimiter)
    table_rows = [row for _, row in rows[delimiter]]
    refuse_wide(max(len(_trim(row)) for row in table_rows), max_columns)
    has_header = _has_header(table_rows)
    if cut:
        # The sample may end inside a quoted value: keep only the records read whole.
        last_line = rows[delimiter][-1][0]
        sample = "".join(io.StringIO(sample).readlines()[:last_line])
    frame, renamed = read_delimited_renamed(io.StringIO(sample), delimiter, has_header, None)
    file_format: FileFormat = "tsv" if delimiter == "\t" else "csv"
    kind = "Tab-separated" if delimiter == "\t" else f"{DELIMITER_NAMES[delimiter]}-separated"
    header = (
        "with a header row"
        if has_header
        else "without a header row (columns named column_1, column_2, …)"
    )
    note = renamed_note(renamed)
    return _Table(
        format=file_format,
        frame=frame,
        notes=[f"{kind} values {header}", *([note] if note else [])],
        delimiter=delimiter,
        has_header=has_header,
        renamed_columns=renamed,
        whole=not cut,
    )


def _csv_sample(text: str, truncated: bool) -> tuple[str, bool]:
    """A prefix of the text ending at a line break, and whether anything was cut off."""
    if not truncated and len(text) <= CSV_SAMPLE_CHARS:
        return text, False
    end = text.rfind("\n", 0, CSV_SAMPLE_CHARS)
    if end < 0:
        end = text.rfind("\n")
    return text[: end + 1], True


def _csv_rows(sample: str, delimiter: str, cut: bool) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows = [(reader.line_num, row) for row in islice(reader, CSV_SAMPLE_ROWS + 1) if row]
    return rows[:-1] if cut and len(rows) > 1 else rows


def _sniffer_delimiter(sample: str) -> str | None:
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


def _consistent_delimiter(
    rows: dict[str, list[tuple[int, list[str]]]], order: list[str]
) -> str | None:
    """The first delimiter (in order of preference) that splits most rows into ≥2 equal parts."""
    best: tuple[float, str] | None = None
    for delimiter in order:
        widths = [len(row) for _, row in rows[delimiter]]
        if len(widths) < 2:
            continue
        width, count = Counter(widths).most_common(1)[0]
        share = count / len(widths)
        if width < 2 or share < 0.8:
            continue
        if share >= 0.9:
            return delimiter
        if best is None or share > best[0]:
            best = (share, delimiter)
    return best[1] if best else None


def _reads_like_prose(rows: list[tuple[int, list[str]]]) -> bool:
    """Sentences with commas ('I went home, and slept.') rather than data values."""
    later = [cell for _, row in rows[1:] for cell in row[1:]]
    if not later or sum(c.startswith(" ") for c in later) < 0.5 * len(later):
        return False
    cells = [cell for _, row in rows for cell in row]
    return sum(len(c.split()) for c in cells) >= 2.5 * len(cells)


def _refuse_ragged(rows: list[tuple[int, list[str]]], delimiter: str) -> None:
    """A .csv/.tsv whose rows carry more values than the first row cannot be repaired."""
    if not rows:
        return
    width = len(rows[0][1])
    bad = [(line, len(row)) for line, row in rows[1:] if len(_trim(row)) > width]
    if not bad:
        return
    line, fields = bad[0]
    shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
    more = f" ({len(bad):,} of the first {len(rows):,} rows are too long)" if len(bad) > 1 else ""
    raise unreadable(
        "bad_csv",
        f"The rows don't line up: the first row has {width} values but line {line:,} has "
        f"{fields}{more}.",
        f"Values that contain the separator ({shown}) need quotes around them. Export the "
        "file again from your spreadsheet app, or fix those lines.",
    )


def _trim(row: list[str]) -> list[str]:
    while row and not row[-1].strip():
        row = row[:-1]
    return row


def _has_header(rows: list[list[str]]) -> bool:
    """The first row names the columns: short, not numbers, not repeated as data below.

    When nothing rules it out, assume a header: most exported files have one. Repeated and
    a few empty names are still names (they are renamed when read); most must be there.
    """
    if not rows:
        return False
    # Empty names happen first (pandas writes its index column that way), last (trailing
    # separators) and here and there in spreadsheet exports.
    names = _trim([cell.strip() for cell in rows[0]])
    if sum(bool(name) for name in names) < len(names) / 2:
        return False
    if any(len(name) > 100 or reads_as_number(name) for name in names):
        return False
    columns = [{row[i].strip() for row in rows[1:] if i < len(row)} for i in range(len(names))]
    return not any(name and name in values for name, values in zip(names, columns, strict=True))


def _text_layout(text: str) -> Literal["lines", "blocks"]:
    """Blocks when blank lines separate pieces that mostly span several lines."""
    blocks = split_text(text, "blocks")
    if len(blocks) < 2:
        return "lines"
    spans = sorted(block.count("\n") + 1 for block in blocks)
    return "blocks" if spans[(len(spans) - 1) // 2] >= 2 else "lines"


# --- shape: what the rows mean --------------------------------------------------------------


def _detect_shape(table: _Table) -> tuple[Shape, str, str]:
    """(shape, finer source shape, a sentence for the UI) from a sample of the rows."""
    frame = table.frame
    if frame is None or table.strings:
        return "raw_text", "plain_text", "Each example is a piece of text"
    chat = find_chat_column(frame)
    if chat is not None:
        column, style = chat
        if style == "sharegpt":
            return "chat", style, f"ShareGPT conversations (from/value) in '{column}'"
        return "chat", style, f"OpenAI-style chat messages (role/content) in '{column}'"
    instruction, output = find_column(frame, "instruction"), find_column(frame, "output")
    if instruction and output:
        return "instruction", "alpaca", "Alpaca instructions (instruction / input / output)"
    pair = find_pair(frame)
    if pair is not None:
        prompt, response, source = pair
        return "prompt_response", source, f"Pairs of '{prompt}' → '{response}'"
    if frame.shape[1] > SHAPE_MAX_COLUMNS:
        return "tabular", "table", f"A table with {frame.shape[1]:,} columns"
    text, label, others = text_label_columns(frame)
    if text and label and not others:
        return "text_label", "text_label", f"Text in '{text}' with a label in '{label}'"
    # A generator: stops at the first column that is not text (wide tables have thousands).
    kinds = (column_type(frame[c]) for c in frame.columns)
    if text and all(kind == "text" for kind in kinds if kind not in ("id", "empty")):
        return "raw_text", "text_column", f"Free text in '{text}'"
    return "tabular", "table", f"A table with {frame.shape[1]} columns"
