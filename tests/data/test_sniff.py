"""sniff: format, encoding, layout and shape decided from a file's content."""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tunewright.data.read import read_rows
from tunewright.data.sniff import SAMPLE_BYTES, sniff
from tunewright.data.types import ReadLimits, UnreadableDataError


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


# --- hostile and odd shapes -----------------------------------------------------------------

SMS_OPENINGS = (
    "Go until jurong point, crazy.. Available only in bugis n great world la e buffet",
    "Ok lar... Joking wif u oni",
    "U dun say so early hor... U c already then say",
    "Nah I don't think he goes to usf, he lives around here though",
    'He said "see you at 8" but never came, typical',
    "I'm gonna be home soon and i don't want to talk about this stuff anymore tonight, k?",
    "Even my brother is not like to speak with me. They treat me like aids patent.",
    'Watching "the office" again, can\'t stop laughing',
)
SMS_SPAM = (
    "WINNER!! As a valued network customer you have been selected to receive a £900 prize",
    "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005, text FA to 87121",
    'URGENT! Your "mobile" number has won £2,000, call 09061701461 now',
)


def sms_spam_lines(count: int = 200) -> tuple[str, list[tuple[str, str]]]:
    """The public SMS-spam corpus shape: label, tab, quoted text; no header."""
    rows = []
    for i in range(count):
        spam = i % 7 == 3
        texts = SMS_SPAM if spam else SMS_OPENINGS
        rows.append(("spam" if spam else "ham", f"{texts[i % len(texts)]} ({i})"))
    content = "".join(f'{label}\t"{text.replace(chr(34), chr(34) * 2)}"\n' for label, text in rows)
    return content, rows


def test_sniff_sms_spam_tsv_named_csv_without_header(write: Callable[..., Path]) -> None:
    content, rows = sms_spam_lines()
    path = write("SMSSpamCollection.csv", content)
    detection = sniff(path)
    assert (detection.format, detection.delimiter, detection.has_header) == ("tsv", "\t", False)
    assert detection.shape == "text_label"
    assert any("without a header row" in note for note in detection.notes)
    df = read_rows(path, detection)
    assert list(df.columns) == ["column_1", "column_2"]
    assert list(zip(df["column_1"], df["column_2"], strict=True)) == rows


def test_sniff_repeated_header_names_are_still_a_header(write: Callable[..., Path]) -> None:
    detection = sniff(write("d.csv", "a,a,a\n1,2,3\n4,5,6\n7,8,9\n"))
    assert detection.has_header is True
    assert detection.renamed_columns == {"a_2": "a", "a_3": "a"}
    assert any("'a' → 'a_2'" in note and "renamed" in note for note in detection.notes)


def test_sniff_empty_header_name_is_renamed(write: Callable[..., Path]) -> None:
    detection = sniff(write("d.csv", "name,,city\nAnn,x,Oslo\nBob,y,Lima\n"))
    assert detection.has_header is True
    assert detection.renamed_columns == {"column_2": ""}
    assert any("an empty name → 'column_2'" in note for note in detection.notes)


def test_sniff_numbers_in_the_first_row_are_data_not_a_header(write: Callable[..., Path]) -> None:
    detection = sniff(write("d.csv", "5.1,3.5,1.4\n4.9,3.0,1.4\n4.7,3.2,1.3\n"))
    assert detection.has_header is False
    assert any("columns named column_1" in note for note in detection.notes)


def test_sniff_first_row_repeated_as_values_is_data_not_a_header(
    write: Callable[..., Path],
) -> None:
    rows = "".join(f"{['red', 'blue'][i % 2]},{['small', 'large'][i % 3 % 2]}\n" for i in range(9))
    detection = sniff(write("d.csv", rows))
    assert detection.has_header is False
    assert detection.renamed_columns == {}


def test_sniff_header_only_csv_is_empty_dataset(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("d.csv", "text,label\n"))
    _assert_unreadable(error, "empty_dataset")


def test_sniff_header_only_tsv_is_empty_dataset(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("d.tsv", "question\tanswer\tsource\n"))
    _assert_unreadable(error, "empty_dataset")


@pytest.mark.parametrize("content", ["[]", "[{}]", '{"rows": [{}, {}]}', '[{"text": null}]'])
def test_sniff_json_without_data_is_empty_dataset(write: Callable[..., Path], content: str) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("d.json", content))
    _assert_unreadable(error, "empty_dataset")


def test_sniff_too_many_columns_is_refused_from_the_first_lines(
    write: Callable[..., Path],
) -> None:
    header = ",".join(f"c{i}" for i in range(100_000))
    row = ",".join("1" for _ in range(100_000))
    path = write("wide.csv", f"{header}\n{row}\n{row}\n")
    started = time.monotonic()
    with pytest.raises(UnreadableDataError) as error:
        sniff(path)
    assert time.monotonic() - started < 10  # parsing and profiling it took minutes
    _assert_unreadable(error, "too_many_columns")
    assert "100,000 columns" in error.value.finding.message
    assert "MAX_COLUMNS" in error.value.finding.hint


def test_sniff_header_longer_than_the_sample_is_too_many_columns(
    write: Callable[..., Path],
) -> None:
    header = ",".join(f"a_rather_long_column_name_{i}" for i in range(60_000))
    assert len(header) > SAMPLE_BYTES
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("wide.csv", f"{header}\n" + "1," * 59_999 + "1\n"))
    _assert_unreadable(error, "too_many_columns")


def test_sniff_column_limit_is_a_setting(write: Callable[..., Path], titanic: str) -> None:
    path = write("titanic.csv", titanic)
    assert sniff(path, limits=ReadLimits(max_columns=10)).format == "csv"
    with pytest.raises(UnreadableDataError) as error:
        sniff(path, limits=ReadLimits(max_columns=9))
    _assert_unreadable(error, "too_many_columns")


def test_sniff_json_records_with_too_many_fields(write: Callable[..., Path]) -> None:
    records = [{f"f{k}": k for k in range(30)} for _ in range(3)]
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("d.json", json.dumps(records)), limits=ReadLimits(max_columns=20))
    _assert_unreadable(error, "too_many_columns")


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "[" + '{"a":' * 100_000 + "1" + "}" * 100_000 + "]",
    ],
)
def test_sniff_json_nested_deeper_than_the_limit_is_refused(
    write: Callable[..., Path], content: str
) -> None:
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("deep.json", content))
    _assert_unreadable(error, "too_deeply_nested")
    assert "100,00" in error.value.finding.message


def test_sniff_jsonl_line_nested_too_deep(write: Callable[..., Path]) -> None:
    content = '{"text": "fine"}\n' + '{"a":' * 3_000 + "1" + "}" * 3_000 + "\n"
    with pytest.raises(UnreadableDataError) as error:
        sniff(write("deep.jsonl", content))
    _assert_unreadable(error, "too_deeply_nested")


def test_sniff_json_nesting_within_the_limit_is_read(write: Callable[..., Path]) -> None:
    nested: object = "leaf"
    for _ in range(20):
        nested = {"child": nested}
    records = [{"text": f"row {i}", "tree": nested} for i in range(3)]
    detection = sniff(write("d.json", json.dumps(records)))
    assert detection.format == "json"


def test_sniff_wide_table_is_tabular(write: Callable[..., Path]) -> None:
    header = ",".join(f"f{i}" for i in range(150))
    rows = "".join(",".join(str((i * k) % 13) for k in range(150)) + "\n" for i in range(20))
    detection = sniff(write("wide.csv", f"{header}\n{rows}"))
    assert (detection.shape, detection.has_header) == ("tabular", True)
    assert "A table with 150 columns" in detection.notes


def test_sniff_empty_records_only_in_the_sample_are_not_empty_dataset(
    write: Callable[..., Path],
) -> None:
    path = write("d.jsonl", "{}\n" * 600 + '{"text": "finally some data"}\n')
    detection = sniff(path)
    assert detection.format == "jsonl"
    assert read_rows(path, detection)["text"].notna().sum() == 1
