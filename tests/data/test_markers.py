"""Missing-value markers: recognised among typed values, counted, switchable per column."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from pandas.api import types as ptypes

from tunewright.data import analyse_file
from tunewright.data.analyse import analyse_frame, prepared_frame
from tunewright.data.markers import MISSING_MARKERS, apply_markers, find_markers
from tunewright.data.types import ColumnChoices, DataRequirements

WriteFile = Callable[..., Path]


def _table(rows: int = 40) -> str:
    lines = ["age,joined,city,rating,outcome"]
    markers = ["?", "NA", "-", ".", "n/a", "#N/A", "None", "--", "NULL", "nan"]
    for i in range(rows):
        age = markers[i % len(markers)] if i % 4 == 0 else str(20 + i)
        joined = "N/A" if i % 5 == 0 else f"2024-01-{1 + i % 28:02d}"
        city = "?" if i % 8 == 0 else ("None" if i % 9 == 0 else ["Oslo", "Rome", "Lima"][i % 3])
        rating = " ?" if i % 10 == 0 else str(i % 5)
        lines.append(f"{age},{joined},{city},{rating},{i % 2}")
    return "\n".join(lines) + "\n"


def test_find_markers_among_numbers_dates_and_categories(write: WriteFile) -> None:
    path = write("people.csv", _table())
    df, analysis = analyse_file(
        path, "people.csv", DataRequirements("tabular", 10, 20, 0), task="tabular"
    )
    columns = {c.name: c for c in analysis.profile.columns}
    # every spelling among numbers counts, and the column is a number column again
    assert columns["age"].type == "numeric"
    assert sum((columns["age"].markers or {}).values()) == 10
    assert columns["age"].missing == 10
    assert columns["joined"].type == "datetime"
    assert columns["joined"].markers == {"N/A": 8}
    # among categories only unambiguous spellings count: "None" can be a real value there
    assert columns["city"].markers == {"?": 5}
    assert "None" in (columns["city"].top_values or {})
    assert columns["rating"].markers == {"?": 4}  # " ?" as spreadsheets export it
    assert columns["rating"].type == "numeric"
    codes = [(f.code, f.column) for f in analysis.findings if f.code == "missing_markers"]
    assert ("missing_markers", "age") in codes
    message = next(f.message for f in analysis.findings if f.column == "joined")
    assert message.startswith("'joined': 8 values were 'N/A' — treated as missing")
    # the file's rows keep what was written; training reads them blanked
    assert (df["age"] == "?").sum() == 2
    stored = json.loads(json.dumps(analysis.profile.columns[0].__dict__, default=str))
    ready = prepared_frame(df, {"columns": [stored]})
    assert ptypes.is_float_dtype(ready["age"].dtype)
    assert ready["age"].isna().sum() == 10


def test_find_markers_switched_off_stays_a_value(write: WriteFile) -> None:
    path = write("people.csv", _table())
    df, _ = analyse_file(path, "people.csv", None, task="tabular")
    detection = analyse_file(path, "people.csv", None, task="tabular")[1].detection
    choices = ColumnChoices(markers_off={"age": ["-"]})
    analysis = analyse_frame(df, detection, None, task="tabular", choices=choices)
    age = next(c for c in analysis.profile.columns if c.name == "age")
    assert "-" not in (age.markers or {})
    assert age.markers_off == {"-": 2}
    assert age.missing == 8
    assert age.type == "mixed"  # "-" is now a value among numbers, and the profile says so


def test_find_markers_in_json_lines_strings(write: WriteFile) -> None:
    records = [
        {"score": "?" if i % 3 == 0 else i * 1.5, "label": "a" if i % 2 else "b"} for i in range(30)
    ]
    path = write("scores.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    _, analysis = analyse_file(path, "scores.jsonl", None, task="tabular")
    score = next(c for c in analysis.profile.columns if c.name == "score")
    assert score.markers == {"?": 10}
    assert score.type == "numeric"


def test_find_markers_ignores_free_text_and_numbers() -> None:
    frame = pd.DataFrame(
        {
            "review": ["-", "great stuff, really", "not for me at all", "?"] * 5,
            "amount": [1.0, 2.0, None, 4.0] * 5,
        }
    )
    found = find_markers(frame)
    assert found == {"review": {"?": 5}}  # "-" in text may be meant
    assert "amount" not in found


def test_apply_markers_leaves_words_among_numbers_as_text() -> None:
    frame = pd.DataFrame({"x": ["1", "?", "two", "4"]})
    out = apply_markers(frame, {"x": ["?"]})
    assert [None if pd.isna(v) else v for v in out["x"].tolist()] == ["1", None, "two", "4"]
    assert set(MISSING_MARKERS) >= {"?", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL"}
    assert set(MISSING_MARKERS) >= {"None", "-", "--", ".", "#N/A"}
