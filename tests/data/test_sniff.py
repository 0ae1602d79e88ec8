"""sniff: format, encoding, layout and shape decided from a file's content."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tunewright.data.sniff import SAMPLE_BYTES, sniff
from tunewright.data.types import UnreadableDataError


def _assert_unreadable(error: pytest.ExceptionInfo[UnreadableDataError], code: str) -> None:
    finding = error.value.finding
    assert finding.code == code
    assert finding.severity == "error"
    assert finding.message
    assert finding.hint


# --- CSV / TSV ------------------------------------------------------------------------------


def test_sniff_csv_comma_with_header(write: Callable[..., Path], reviews_csv: str) -> None:
    detection = sniff(write("reviews.csv", reviews_csv))
    assert detection.format == "csv"
    assert detection.delimiter == ","
    assert detection.has_header is True
    assert detection.encoding == "utf-8"
    assert "Comma-separated values with a header row" in detection.notes


def test_sniff_csv_semicolon(write: Callable[..., Path]) -> None:
    path = write("prices.csv", "product;price;stock\nTea;1,50;12\nCoffee;2,75;3\nCake;3,10;0\n")
    detection = sniff(path)
    assert (detection.format, detection.delimiter, detection.has_header) == ("csv", ";", True)


def test_sniff_tsv_by_content_not_extension(write: Callable[..., Path]) -> None:
    path = write("data.txt", "question\tanswer\nWhere is it?\tHere.\nWho?\tMe, of course.\n")
    detection = sniff(path)
    assert (detection.format, detection.delimiter) == ("tsv", "\t")
    assert detection.shape == "prompt_response"


def test_sniff_csv_pipe(write: Callable[..., Path]) -> None:
    detection = sniff(write("d.csv", "a|b|c\n1|2|3\n4|5|6\n7|8|9\n"))
    assert detection.delimiter == "|"


def test_sniff_csv_without_header(write: Callable[..., Path]) -> None:
    rows = "".join(
        f'"Review number {i} was rather long and wordy",{"ab"[i % 2]}\n' for i in range(8)
    )
    detection = sniff(write("nohead.csv", rows))
    assert detection.has_header is False
    assert any("without a header row" in note for note in detection.notes)
    assert detection.shape == "text_label"


def test_sniff_csv_quoted_fields_with_newlines(write: Callable[..., Path]) -> None:
    content = 'prompt,response\n"line one\nline two","an answer"\n"q2","multi\nline"\n"q3","a3"\n'
    detection = sniff(write("q.csv", content))
    assert (detection.format, detection.has_header, detection.shape) == (
        "csv",
        True,
        "prompt_response",
    )


def test_sniff_prose_with_commas_is_text(write: Callable[..., Path]) -> None:
    content = (
        "Once upon a time, there lived a princess in a tall tower.\n"
        "She waited for years, but nobody ever came to the door.\n"
        "One day, a fox walked by and asked her why she was sad.\n"
    )
    detection = sniff(write("story.txt", content))
    assert detection.format == "text"
    assert detection.text_layout == "lines"


# --- encodings -----------------------------------------------------------------------------


def test_sniff_utf8_with_bom(write: Callable[..., Path]) -> None:
    detection = sniff(write("bom.csv", codecs.BOM_UTF8 + b"name,city\nBob,Paris\nAnn,Rome\n"))
    assert detection.encoding == "utf-8-sig"
    assert detection.format == "csv"


def test_sniff_cp1252(write: Callable[..., Path]) -> None:
    path = write("menu.csv", "dish,price\ncafé au lait,3\ncrème brûlée,5\n", encoding="cp1252")
    detection = sniff(path)
    assert detection.encoding == "cp1252"
    assert "Encoding: Windows-1252 (not UTF-8)" in detection.notes


def test_sniff_cp1252_byte_after_the_sample(write: Callable[..., Path]) -> None:
    """An 'é' past the first MiB still decides the encoding (the whole file is checked)."""
    content = b"text,label\n" + b"plain ascii row,a\n" * (SAMPLE_BYTES // 17 + 10)
    detection = sniff(write("late.csv", content + "café,b\n".encode("cp1252")))
    assert detection.encoding == "cp1252"


def test_sniff_latin1_when_cp1252_cannot_decode(write: Callable[..., Path]) -> None:
    # 0x81 is undefined in Windows-1252.
    detection = sniff(write("odd.txt", b"caf\xe9 \x81 one\nsecond line\n"))
    assert detection.encoding == "latin-1"


def test_sniff_mixed_encodings_warns_in_notes(write: Callable[..., Path]) -> None:
    detection = sniff(write("mixed.txt", "naïve\n".encode() + "café\n".encode("cp1252")))
    assert detection.encoding == "cp1252"
    assert any("garbled" in note for note in detection.notes)


def test_sniff_utf16_with_bom(write: Callable[..., Path]) -> None:
    detection = sniff(write("excel.txt", "a\tb\n1\t2\n3\t4\n", encoding="utf-16"))
    assert detection.encoding == "utf-16"
    assert detection.format == "tsv"


# --- plain text -----------------------------------------------------------------------------


def test_sniff_text_lines(write: Callable[..., Path]) -> None:
    detection = sniff(write("lines.txt", "First example here\nSecond one\n\nThird\n"))
    assert (detection.format, detection.text_layout, detection.shape) == (
        "text",
        "lines",
        "raw_text",
    )


def test_sniff_text_blocks(write: Callable[..., Path]) -> None:
    content = "Title one\nBody of the first post.\n\nTitle two\nBody of the second.\nMore.\n"
    detection = sniff(write("posts.txt", content))
    assert detection.text_layout == "blocks"
    assert "Plain text, documents separated by blank lines" in detection.notes


# --- JSON and JSON Lines --------------------------------------------------------------------


def test_sniff_json_array_of_records(write: Callable[..., Path]) -> None:
    records = [{"prompt": f"Question {i}?", "completion": f"Answer {i}."} for i in range(3)]
    detection = sniff(write("d.json", json.dumps(records, indent=2)))
    assert (detection.format, detection.shape, detection.source_shape) == (
        "json",
        "prompt_response",
        "prompt_completion",
    )


def test_sniff_json_object_holding_a_list(write: Callable[..., Path]) -> None:
    content = json.dumps({"version": 2, "data": [{"text": "hello there friend"}] * 3})
    detection = sniff(write("d.json", content))
    assert detection.json_root_key == "data"
    assert any('"data"' in note for note in detection.notes)


def test_sniff_json_array_of_strings(write: Callable[..., Path]) -> None:
    detection = sniff(write("d.json", json.dumps(["one text", "another text", "a third"])))
    assert (detection.format, detection.shape) == ("json", "raw_text")


def test_sniff_jsonl(write: Callable[..., Path]) -> None:
    lines = "".join(
        json.dumps({"text": f"row {i} has words", "label": "ab"[i % 2]}) + "\n" for i in range(6)
    )
    detection = sniff(write("d.jsonl", lines))
    assert detection.format == "jsonl"
    assert detection.shape == "text_label"


def test_sniff_jsonl_named_csv_says_so(write: Callable[..., Path]) -> None:
    lines = "".join(json.dumps({"text": f"row {i}"}) + "\n" for i in range(3))
    detection = sniff(write("d.csv", lines))
    assert detection.format == "jsonl"
    assert any("named .csv" in note for note in detection.notes)


def test_sniff_json_array_larger_than_the_sample(write: Callable[..., Path]) -> None:
    records = [
        {"text": f"document {i} has a few words", "label": "ab"[i % 2]} for i in range(40_000)
    ]
    content = json.dumps(records)  # one line, well over 1 MiB
    assert len(content) > SAMPLE_BYTES
    detection = sniff(write("big.json", content))
    assert (detection.format, detection.shape) == ("json", "text_label")


# --- shapes ---------------------------------------------------------------------------------


def test_sniff_openai_messages(write: Callable[..., Path]) -> None:
    record = {
        "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]
    }
    detection = sniff(write("chat.jsonl", (json.dumps(record) + "\n") * 2))
    assert (detection.shape, detection.source_shape) == ("chat", "openai_messages")


def test_sniff_sharegpt(write: Callable[..., Path]) -> None:
    record = {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Yo"}]}
    detection = sniff(write("chat.json", json.dumps([record, record])))
    assert (detection.shape, detection.source_shape) == ("chat", "sharegpt")
    assert any("ShareGPT conversations (from/value)" in note for note in detection.notes)


def test_sniff_alpaca(write: Callable[..., Path]) -> None:
    records = [{"instruction": "Add the numbers", "input": "2, 3", "output": "5"}] * 2
    detection = sniff(write("alpaca.json", json.dumps(records)))
    assert (detection.shape, detection.source_shape) == ("instruction", "alpaca")


@pytest.mark.parametrize(
    ("header", "source_shape"),
    [
        ("prompt,response", "prompt_response"),
        ("Question,Answer", "question_answer"),
        ("input,output", "input_output"),
        ("query,answer", "query_answer"),
        ("instruction,response", "instruction_response"),
    ],
)
def test_sniff_prompt_response_pairs(
    write: Callable[..., Path], header: str, source_shape: str
) -> None:
    content = header + "\n" + "".join(f'"Ask number {i}?","Reply number {i}."\n' for i in range(4))
    detection = sniff(write("pairs.csv", content))
    assert (detection.shape, detection.source_shape) == ("prompt_response", source_shape)


def test_sniff_text_label(write: Callable[..., Path], reviews_csv: str) -> None:
    detection = sniff(write("reviews.csv", reviews_csv))
    assert detection.shape == "text_label"


def test_sniff_tabular(write: Callable[..., Path], titanic: str) -> None:
    detection = sniff(write("titanic.csv", titanic))
    assert (detection.shape, detection.has_header) == ("tabular", True)


# --- files that cannot be read --------------------------------------------------------------


def test_sniff_empty_file(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("empty.csv", b""))
    _assert_unreadable(error, "empty_file")


def test_sniff_whitespace_only_file(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("blank.txt", "  \n\t\n   \n"))
    _assert_unreadable(error, "empty_file")
    assert "blank space" in error.value.finding.message


def test_sniff_binary_png(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"))
    _assert_unreadable(error, "binary_file")
    assert "PNG" in error.value.finding.message


def test_sniff_binary_excel_workbook_suggests_csv(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("sheet.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256))))
    _assert_unreadable(error, "binary_file")
    assert "CSV" in error.value.finding.hint


def test_sniff_binary_control_bytes(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("blob.dat", bytes(range(1, 32)) * 50))
    _assert_unreadable(error, "binary_file")


def test_sniff_json_not_a_list(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("n.json", "42"))
    _assert_unreadable(error, "json_not_list")


def test_sniff_json_object_without_a_list(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("o.json", json.dumps({"name": "x", "settings": {"a": 1}}, indent=2)))
    _assert_unreadable(error, "json_not_list")


def test_sniff_truncated_json_says_cut_off(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("t.json", '[{"text": "a"},\n {"text": "b"'))
    _assert_unreadable(error, "bad_json")
    assert "cut off" in error.value.finding.message
    assert "line 2" in error.value.finding.message


def test_sniff_malformed_json_names_line_and_column(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("m.json", '[\n  {"text": "a"}\n  {"text": "b"}\n]'))
    _assert_unreadable(error, "bad_json")
    assert "line 3, column 3" in error.value.finding.message


def test_sniff_jsonl_bad_line_is_named(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("b.jsonl", '{"text": "a"}\n{"text": "b"}\n{"text": oops}\n'))
    _assert_unreadable(error, "bad_json")
    assert "Line 3" in error.value.finding.message


def test_sniff_ragged_csv(write: Callable[..., Path]) -> None:
    content = "a,b\n1,2\n3,4,5,6\n7,8,9\n10,11,12,13,14\n"
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("r.csv", content))
    _assert_unreadable(error, "bad_csv")
    assert "line 3" in error.value.finding.message


def test_sniff_input_target_with_repeated_targets_is_text_label(write: Callable[..., Path]) -> None:
    rows = "".join(
        f'"Message number {i} from a customer",{["billing", "refund"][i % 2]}\n' for i in range(30)
    )
    detection = sniff(write("intents.csv", "input,target\n" + rows))
    assert detection.shape == "text_label"


def test_sniff_single_object_is_not_a_list(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("data.json", '{"answer": 42}'))
    _assert_unreadable(error, "json_not_list")


def test_sniff_single_line_jsonl_is_one_record(write: Callable[..., Path]) -> None:
    detection = sniff(write("data.jsonl", '{"answer": 42}\n'))
    assert detection.format == "jsonl"


def test_sniff_single_conversation_object(write: Callable[..., Path]) -> None:
    record = {
        "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]
    }
    detection = sniff(write("one.json", json.dumps(record, indent=2)))
    assert (detection.format, detection.shape) == ("json", "chat")


def test_sniff_jsonl_with_a_first_record_bigger_than_the_sample(write: Callable[..., Path]) -> None:
    big = json.dumps({"text": "word " * (SAMPLE_BYTES // 4)})
    detection = sniff(write("big.jsonl", big + "\n" + json.dumps({"text": "small"}) + "\n"))
    assert (detection.format, detection.shape) == ("jsonl", "raw_text")
