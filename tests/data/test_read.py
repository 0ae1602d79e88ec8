"""read_rows: whole files into tables; write/read_normalised: the JSON Lines copy."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tunewright.data import normalise
from tunewright.data.normalise import read_normalised, write_normalised
from tunewright.data.read import json_depth, read_rows, unique_names
from tunewright.data.sniff import SAMPLE_BYTES, sniff
from tunewright.data.types import Detection, ReadLimits, UnreadableDataError


def _read(path: Path) -> pd.DataFrame:
    return read_rows(path, sniff(path))


def _unreadable(path: Path, code: str) -> str:
    with pytest.raises(UnreadableDataError) as error:
        _read(path)
    finding = error.value.finding
    assert (finding.code, finding.severity) == (code, "error")
    assert finding.message
    assert finding.hint
    return finding.message


# --- CSV / TSV ------------------------------------------------------------------------------


def test_read_csv_keeps_columns_and_types(write: Callable[..., Path], titanic: str) -> None:
    df = _read(write("titanic.csv", titanic))
    assert list(df.columns)[:4] == ["PassengerId", "Survived", "Pclass", "Name"]
    assert len(df) == 60
    assert df["PassengerId"].dtype.kind == "i"
    assert df["Age"].isna().sum() == 8  # the empty cells
    assert (df["Age"] == "unknown").sum() == 2  # a word in a number column stays as written


def test_read_csv_keeps_none_as_a_value(write: Callable[..., Path]) -> None:
    df = _read(write("labels.csv", "text,label\nno entities here,None\nBob lives here,PERSON\n"))
    assert df["label"].tolist() == ["None", "PERSON"]


def test_read_csv_drops_empty_unnamed_columns(write: Callable[..., Path]) -> None:
    df = _read(write("trailing.csv", "a,b,c,,\n1,2,3,,\n4,5,6,,\n"))
    assert list(df.columns) == ["a", "b", "c"]


def test_read_csv_ignores_a_trailing_separator_on_some_rows(write: Callable[..., Path]) -> None:
    df = _read(write("t.csv", "a,b,c\n1,2,3\n4,5,6,\n7,8,9\n"))
    assert df.values.tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_read_csv_row_with_too_many_values_names_the_line(write: Callable[..., Path]) -> None:
    # The first data rows are fine, so sniffing passes; reading finds the bad row.
    rows = "".join(f"{i},{i},{i}\n" for i in range(300))
    message = _unreadable(write("bad.csv", "a,b,c\n" + rows + "1,2,3,surprise\n"), "bad_csv")
    assert "Line 302" in message
    assert "4 values" in message


def test_read_csv_unclosed_quote(write: Callable[..., Path]) -> None:
    rows = "".join(f"{i},text {i}\n" for i in range(300))
    message = _unreadable(
        write("q.csv", "id,text\n" + rows + '300,"never closed\n301,x\n'), "bad_csv"
    )
    assert "quoted value" in message


def test_read_csv_without_header_names_columns(write: Callable[..., Path]) -> None:
    rows = "".join(f'"Review number {i} was rather long",{"ab"[i % 2]}\n' for i in range(8))
    df = _read(write("nohead.csv", rows))
    assert list(df.columns) == ["column_1", "column_2"]
    assert len(df) == 8


def test_read_csv_quoted_fields_with_newlines(write: Callable[..., Path]) -> None:
    content = 'prompt,response\n"line one\nline two","an answer"\n"q2","multi\nline"\n'
    df = _read(write("q.csv", content))
    assert df["prompt"].tolist() == ["line one\nline two", "q2"]
    assert df["response"].tolist() == ["an answer", "multi\nline"]


def test_read_semicolon_csv_with_decimal_commas(write: Callable[..., Path]) -> None:
    df = _read(write("prices.csv", "product;price\nTea;1,50\nCoffee;2,75\nCake;3\n"))
    assert df["price"].tolist() == [1.5, 2.75, 3.0]


def test_read_tsv(write: Callable[..., Path]) -> None:
    df = _read(write("qa.tsv", "question\tanswer\nWhere?\tHere, mostly.\nWho?\tMe.\n"))
    assert df.to_dict("records")[0] == {"question": "Where?", "answer": "Here, mostly."}


def test_read_cp1252(write: Callable[..., Path]) -> None:
    df = _read(write("menu.csv", "dish,price\ncafé au lait,3\n", encoding="cp1252"))
    assert df["dish"].tolist() == ["café au lait"]


def test_read_utf8_bom_header_is_clean(write: Callable[..., Path]) -> None:
    df = _read(write("bom.csv", "\ufeffname,city\nBob,Paris\n"))
    assert list(df.columns) == ["name", "city"]


def test_read_single_enormous_csv_field(write: Callable[..., Path]) -> None:
    content = 'text,label\n"' + "word " * 4_000_000 + '",long\n"short one",short\n'
    started = time.monotonic()
    df = _read(write("huge.csv", content))
    assert time.monotonic() - started < 15  # a hang or quadratic parse takes minutes
    assert len(df) == 2
    assert len(df["text"][0]) == 20_000_000


def test_read_csv_repeated_header_names_get_their_own_names(write: Callable[..., Path]) -> None:
    df = _read(write("d.csv", "a,a,b,a\n1,2,3,4\n5,6,7,8\n"))
    assert list(df.columns) == ["a", "a_2", "b", "a_3"]
    assert df["a_3"].tolist() == [4, 8]


def test_read_csv_empty_header_name_becomes_its_position(write: Callable[..., Path]) -> None:
    df = _read(write("d.csv", "name,,city\nAnn,x,Oslo\nBob,y,Lima\nCid,z,Pune\n"))
    assert list(df.columns) == ["name", "column_2", "city"]
    assert df["column_2"].tolist() == ["x", "y", "z"]


def test_unique_names_never_reuse_a_name_in_the_header() -> None:
    names, renamed = unique_names(["a", "a", "a_2", "", " "])
    assert names == ["a", "a_3", "a_2", "column_4", "column_5"]
    assert renamed == {"a_3": "a", "column_4": "", "column_5": " "}


def test_read_csv_header_only_is_empty_dataset(write: Callable[..., Path]) -> None:
    path = write("d.csv", "text,label\n")
    detection = Detection(
        format="csv",
        encoding="utf-8",
        shape="tabular",
        source_shape="table",
        delimiter=",",
        has_header=True,
    )
    with pytest.raises(UnreadableDataError) as error:
        read_rows(path, detection)
    assert error.value.finding.code == "empty_dataset"
    assert "'text', 'label'" in error.value.finding.message
    assert error.value.finding.hint


def test_read_csv_only_blank_rows_is_empty_dataset(write: Callable[..., Path]) -> None:
    message = _unreadable(write("d.csv", "text,label\n,\n,\n,\n"), "empty_dataset")
    assert "All 3 rows are blank" in message


def test_read_json_empty_list_is_empty_dataset(write: Callable[..., Path]) -> None:
    _unreadable(write("d.json", "[]"), "empty_dataset")


def test_read_json_records_without_fields_is_empty_dataset(write: Callable[..., Path]) -> None:
    message = _unreadable(write("d.json", "[{}, {}]"), "empty_dataset")
    assert "no fields" in message


def test_read_jsonl_empty_objects_is_empty_dataset(write: Callable[..., Path]) -> None:
    _unreadable(write("d.jsonl", "{}\n{}\n"), "empty_dataset")


def test_read_json_deep_nesting_beyond_the_sample_is_refused(write: Callable[..., Path]) -> None:
    records = [{"text": f"row {i} " + "x" * 100} for i in range(12_000)]
    deep = "[" * 5_000 + "]" * 5_000  # json.loads would recurse 5,000 levels
    content = json.dumps(records)[:-1] + ', {"text": ' + deep + "}]"
    assert content.index(deep) > SAMPLE_BYTES
    message = _unreadable(write("d.json", content), "too_deeply_nested")
    assert "5,002 levels" in message  # the list, the record, then 5,000 lists


def test_read_jsonl_deep_line_beyond_the_sample_is_refused(write: Callable[..., Path]) -> None:
    good = "".join(json.dumps({"text": f"row {i} " + "x" * 100}) + "\n" for i in range(12_000))
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    _unreadable(write("d.jsonl", good + deep + "\n"), "too_deeply_nested")


def test_json_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth('[{"a": "[[[{{{", "b": "\\"]]]\\\\"}, [1]]') == 2
    assert json_depth('{"a": [[["cut off ]]]') == 4  # a sample ending inside a string
    assert json_depth("") == 0


def test_read_json_fields_beyond_the_sample_count_against_the_column_limit(
    write: Callable[..., Path],
) -> None:
    first = [{"text": f"row {i} " + "x" * 100, "n": i} for i in range(12_000)]
    later = [{f"field_{k}": k} for k in range(10)]
    path = write("d.json", json.dumps(first + later))
    with pytest.raises(UnreadableDataError) as error:
        read_rows(path, sniff(path, limits=ReadLimits(max_columns=5)), ReadLimits(max_columns=5))
    assert error.value.finding.code == "too_many_columns"
    assert "12 columns" in error.value.finding.message
    assert "MAX_COLUMNS" in error.value.finding.hint


# --- plain text -----------------------------------------------------------------------------


def test_read_text_lines(write: Callable[..., Path]) -> None:
    df = _read(write("lines.txt", "First example\r\nSecond one\r\n\r\n   \nThird\n"))
    assert df["text"].tolist() == ["First example", "Second one", "Third"]


def test_read_text_blocks(write: Callable[..., Path]) -> None:
    content = "Title one\nBody one.\n\n\nTitle two\nBody two.\n  \nTitle three\nBody three.\n"
    df = _read(write("posts.txt", content))
    assert df["text"].tolist() == [
        "Title one\nBody one.",
        "Title two\nBody two.",
        "Title three\nBody three.",
    ]


def test_read_single_enormous_line(write: Callable[..., Path]) -> None:
    started = time.monotonic()
    df = _read(write("huge.txt", "word " * 4_000_000))
    assert time.monotonic() - started < 15
    assert len(df) == 1


# --- JSON, JSON Lines and chat ----------------------------------------------------------------


def test_read_json_object_holding_a_list(write: Callable[..., Path]) -> None:
    content = json.dumps(
        {"meta": {"v": 1}, "rows": [{"text": "a b c", "n": 1}, {"text": "d", "n": 2}]}
    )
    df = _read(write("d.json", content))
    assert df.to_dict("records") == [{"text": "a b c", "n": 1}, {"text": "d", "n": 2}]


def test_read_json_array_of_strings(write: Callable[..., Path]) -> None:
    df = _read(write("d.json", json.dumps(["one", "two"])))
    assert df["text"].tolist() == ["one", "two"]


def test_read_jsonl_bad_line_beyond_the_sample(write: Callable[..., Path]) -> None:
    good = "".join(json.dumps({"text": f"row {i} " + "x" * 100}) + "\n" for i in range(12_000))
    path = write("d.jsonl", good + "{broken\n")
    message = _unreadable(path, "bad_json")
    assert "Line 12,001" in message


def test_read_jsonl_mixed_records(write: Callable[..., Path]) -> None:
    message = _unreadable(
        write("d.jsonl", '{"text": "a"}\n{"text": "b"}\n[1, 2]\n'), "json_not_list"
    )
    assert "Record 3" in message


def test_read_openai_messages(write: Callable[..., Path]) -> None:
    record = {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            {"role": "assistant", "content": "Hello!"},
        ]
    }
    df = _read(write("chat.jsonl", json.dumps(record) + "\n"))
    assert list(df.columns) == ["messages"]
    assert df["messages"][0] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
    ]


def test_read_sharegpt_maps_roles(write: Callable[..., Path]) -> None:
    record = {
        "system": "You are kind.",
        "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hey"}],
    }
    df = _read(write("sg.json", json.dumps([record, record])))
    assert df["messages"][0] == [
        {"role": "system", "content": "You are kind."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hey"},
    ]


def test_read_chat_unknown_speaker(write: Callable[..., Path]) -> None:
    turns = [{"from": "human", "value": "Hi"}, {"from": "narrator", "value": "..."}]
    record = {"conversations": turns}
    message = _unreadable(write("sg.jsonl", (json.dumps(record) + "\n") * 2), "bad_chat")
    assert "narrator" in message


def test_read_alpaca_keeps_columns(write: Callable[..., Path]) -> None:
    records = [
        {"instruction": "Add", "input": "2, 3", "output": "5"},
        {"instruction": "Hi", "input": "", "output": "Hello"},
    ]
    df = _read(write("alpaca.json", json.dumps(records)))
    assert list(df.columns) == ["instruction", "input", "output"]


# --- the normalised copy ------------------------------------------------------------------


def test_write_normalised_round_trips(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "messages": [
                [{"role": "user", "content": "Ça va? 🙂"}],
                [{"role": "assistant", "content": "a/b"}],
            ],
            "score": [0.1234567890123456, math.nan],
            "count": [1, 2],
            "note": ["x", None],
        }
    )
    path = tmp_path / "out" / "normalised.jsonl"
    write_normalised(df, path)
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[1])["score"] is None
    back = read_normalised(path)
    assert back["messages"].tolist() == df["messages"].tolist()
    assert back["score"][0] == 0.1234567890123456
    assert math.isnan(back["score"][1])
    assert back["count"].tolist() == [1, 2]
    assert back["note"].isna().tolist() == [False, True]


def test_write_normalised_replaces_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "normalised.jsonl"
    write_normalised(pd.DataFrame({"text": ["old"]}), path)

    def explode(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(normalise.json, "dumps", explode)
    with pytest.raises(RuntimeError):
        write_normalised(pd.DataFrame({"text": ["new"]}), path)
    assert read_normalised(path)["text"].tolist() == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["normalised.jsonl"]  # no temp files left
