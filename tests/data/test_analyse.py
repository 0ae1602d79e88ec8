"""analyse_file / analyse_frame end to end, and the roles they pick."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tunewright.data import analyse_file, analyse_frame, clean, detect_roles, validate_roles
from tunewright.data.profile import TokenCounter
from tunewright.data.types import DataRequirements, UnreadableDataError


def test_analyse_file_text_label(
    write: Callable[..., Path],
    reviews_csv: str,
    requirements: Callable[..., DataRequirements],
    count_tokens: TokenCounter,
) -> None:
    path = write("reviews.csv", reviews_csv)
    need = requirements("classifier", min_examples_per_class=3)
    df, analysis = analyse_file(path, "reviews.csv", need, count_tokens)
    assert len(df) == 6
    assert analysis.detection.shape == "text_label"
    assert analysis.profile.roles == {"text": "review", "label": "sentiment"}
    assert analysis.profile.lengths is not None
    assert analysis.findings == []


def test_analyse_file_chat(
    write: Callable[..., Path], requirements: Callable[..., DataRequirements]
) -> None:
    good = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}
    bad = {"messages": [{"role": "user", "content": "Mail me: me@example.com"}]}
    path = write("chat.jsonl", "".join(json.dumps(r) + "\n" for r in [good, good, bad]))
    df, analysis = analyse_file(path, None, requirements())
    assert list(df.columns) == ["messages"]
    assert analysis.profile.roles == {"messages": "messages"}
    codes = [f.code for f in analysis.findings]
    assert codes[:2] == ["no_response", "duplicates"]  # warnings, before nothing else
    assert "pii_email" in codes


def test_analyse_file_tabular(
    write: Callable[..., Path], titanic: str, requirements: Callable[..., DataRequirements]
) -> None:
    _, analysis = analyse_file(
        write("titanic.csv", titanic), "titanic.csv", requirements("tabular")
    )
    assert analysis.profile.roles == {"target": "Survived"}
    assert analysis.profile.target_kind == "classification"
    codes = [(f.code, f.column) for f in analysis.findings]
    assert codes[0] == ("mixed_types", "Age")
    # the passenger number, the names and the cabin codes identify rows: left out by default
    assert sorted(codes[1:]) == [
        ("identifier", "Cabin"),
        ("identifier", "Name"),
        ("identifier", "PassengerId"),
    ]


def test_analyse_file_unreadable(write: Callable[..., Path]) -> None:
    with pytest.raises(UnreadableDataError) as error:
        analyse_file(write("empty.csv", b""), "empty.csv", None)
    assert error.value.finding.code == "empty_file"


def test_analyse_frame_with_user_roles_and_after_cleaning(
    write: Callable[..., Path], requirements: Callable[..., DataRequirements]
) -> None:
    content = "body,topic\n" + "".join(
        f'"<p>Post {i} about things</p>",t{i % 2}\n' for i in range(6)
    )
    df, analysis = analyse_file(
        write("posts.csv", content), "posts.csv", requirements("classifier")
    )
    assert "html_noise" in [f.code for f in analysis.findings]
    cleaned, _ = clean(df, analysis.profile.roles, ["strip_html"])
    again = analyse_frame(
        cleaned,
        analysis.detection,
        requirements("classifier"),
        roles={"text": "body", "label": "topic"},
    )
    assert "html_noise" not in [f.code for f in again.findings]


def test_analyse_frame_refuses_bad_roles(write: Callable[..., Path], reviews_csv: str) -> None:
    df, analysis = analyse_file(write("r.csv", reviews_csv), "r.csv", None)
    with pytest.raises(ValueError, match="'text' points to column 'body'"):
        analyse_frame(df, analysis.detection, None, roles={"text": "body"})


# --- roles ----------------------------------------------------------------------------------


def test_detect_roles_per_shape() -> None:
    qa = pd.DataFrame({"Question": ["Where?"], "Answer": ["Here."]})
    alpaca = pd.DataFrame({"instruction": ["Add"], "input": ["1, 2"], "output": ["3"]})
    text = pd.DataFrame({"id": [1, 2], "text": ["some words here", "more words there"]})
    chat = pd.DataFrame({"messages": [[{"role": "user", "content": "hi"}]]})
    assert detect_roles(qa, "prompt_response", None) == {"prompt": "Question", "response": "Answer"}
    assert detect_roles(alpaca, "instruction", None) == {
        "prompt": "instruction",
        "input": "input",
        "response": "output",
    }
    assert detect_roles(text, "raw_text", None) == {"text": "text"}
    assert detect_roles(chat, "chat", "causal_lm") == {"messages": "messages"}


def test_detect_roles_tabular_target_by_name_or_last_column(titanic: str) -> None:
    df = pd.read_csv(io.StringIO(titanic))
    assert detect_roles(df, "tabular", None) == {"target": "Survived"}
    plain = pd.DataFrame({"id": range(20), "width": range(20), "colour": ["red", "blue"] * 10})
    assert detect_roles(plain, "tabular", None) == {"target": "colour"}


def test_detect_roles_for_a_classifier_on_a_table(reviews_csv: str) -> None:
    df = pd.read_csv(io.StringIO(reviews_csv)).assign(stars=[5, 1, 4, 2, 5, 1])
    assert detect_roles(df, "tabular", "classifier") == {"text": "review", "label": "sentiment"}


def test_detect_roles_for_a_language_model_takes_the_longest_text(reviews_csv: str) -> None:
    df = pd.read_csv(io.StringIO(reviews_csv)).assign(
        title=["Great", "Bad", "Fun", "Dull", "Nice", "Meh"]
    )
    assert detect_roles(df, "text_label", "causal_lm") == {"text": "review"}


def test_validate_roles_explains_the_fix() -> None:
    df = pd.DataFrame({"text": ["a"], "label": ["b"]})
    with pytest.raises(ValueError, match="Unknown role 'answer'"):
        validate_roles(df, {"answer": "text"})
    with pytest.raises(ValueError, match="choose one of: 'text', 'label'"):
        validate_roles(df, {"text": "body"})
    with pytest.raises(ValueError, match="used for both 'text' and 'label'"):
        validate_roles(df, {"text": "text", "label": "text"})
    with pytest.raises(ValueError, match="Role 'messages' needs a column of chat"):
        validate_roles(df, {"messages": "text"})


def test_library_never_imports_the_api_or_the_database() -> None:
    code = (
        "import sys, tunewright.data; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('fastapi', 'sqlalchemy') "
        "or m.startswith(('starlette', 'tunewright.api', 'tunewright.db'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_analyse_file_renamed_and_headerless_are_findings(write: Callable[..., Path]) -> None:
    rows = "".join(f"{i},{i * 2},{i % 3}\n" for i in range(30))
    _, renamed = analyse_file(write("dup.csv", "a,a,\n" + rows), "dup.csv", None)
    finding = next(f for f in renamed.findings if f.code == "renamed_columns")
    assert "'a' → 'a_2'" in finding.message and finding.severity == "warning"
    _, headerless = analyse_file(write("nohead.csv", rows), "nohead.csv", None)
    assert [c.name for c in headerless.profile.columns] == ["column_1", "column_2", "column_3"]
    assert "header_as_data" in {f.code for f in headerless.findings}
