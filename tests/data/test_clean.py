"""clean: one-click fixes on a copy of the table, with counts per step."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from tunewright.data.clean import MESSY_WHITESPACE_PATTERN, clean, normalise_whitespace, strip_html


@pytest.fixture
def messy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": [
                "<p>Fish &amp; chips</p>",
                "  two  spaces  ",
                "",
                "plain",
                "plain",
                "no label here",
            ],
            "label": ["food", "misc", "misc", "misc", "misc", None],
        }
    )


def test_clean_does_not_change_the_input(messy: pd.DataFrame) -> None:
    before = messy.copy(deep=True)
    out, _ = clean(
        messy,
        {"text": "text", "label": "label"},
        ["strip_html", "normalise_whitespace", "drop_empty", "dedupe", "drop_missing_target"],
    )
    pd.testing.assert_frame_equal(messy, before)
    assert out is not messy


def test_clean_strip_html(messy: pd.DataFrame) -> None:
    out, report = clean(messy, {"text": "text", "label": "label"}, ["strip_html"])
    assert out["text"][0] == "Fish & chips"
    assert report.changes == {"strip_html": 1}
    assert (report.rows_before, report.rows_after) == (6, 6)


def test_clean_strip_html_keeps_placeholders_and_comparisons() -> None:
    assert strip_html("Dear <name>, 3 < 4 and 5 > 2") == "Dear <name>, 3 < 4 and 5 > 2"
    assert strip_html("<script>alert(1)</script><div>Hi<br>there</div>") == "Hi\nthere"


def test_clean_normalise_whitespace(messy: pd.DataFrame) -> None:
    out, report = clean(messy, {"text": "text", "label": "label"}, ["normalise_whitespace"])
    assert out["text"][1] == "two spaces"
    assert report.changes == {"normalise_whitespace": 1}


def test_clean_normalise_whitespace_keeps_indentation_and_paragraphs() -> None:
    text = "def f():\n    return 1   \r\n\n\n\nNext\u00a0paragraph"
    assert normalise_whitespace(text) == "def f():\n    return 1\n\nNext paragraph"


@pytest.mark.parametrize(
    "text",
    [
        "fine",
        "  lead",
        "trail ",
        "a  b",
        "a\tb",
        "a\t\tb",
        "line \nnext",
        "a\r\nb",
        "a\n\n\nb",
        "a\u00a0b",
        "a\n    b",
    ],
)
def test_clean_whitespace_detection_matches_the_fix(text: str) -> None:
    """validate's pattern flags a text exactly when normalise_whitespace would change it."""
    flagged = bool(pd.Series([text], dtype="str").str.contains(MESSY_WHITESPACE_PATTERN).iloc[0])
    assert flagged == (normalise_whitespace(text) != text)


def test_clean_drop_empty(messy: pd.DataFrame) -> None:
    out, report = clean(messy, {"text": "text", "label": "label"}, ["drop_empty"])
    assert len(out) == 5
    assert report.changes == {"drop_empty": 1}
    assert out.index.tolist() == list(range(5))


def test_clean_drop_empty_removes_chats_without_reply() -> None:
    chats = pd.DataFrame(
        {
            "messages": [
                [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
                [{"role": "user", "content": "Anyone?"}],
                [],
            ]
        }
    )
    out, report = clean(chats, {"messages": "messages"}, ["drop_empty"])
    assert len(out) == 1
    assert report.changes == {"drop_empty": 2}


def test_clean_dedupe(messy: pd.DataFrame) -> None:
    out, report = clean(messy, {"text": "text", "label": "label"}, ["dedupe"])
    assert out["text"].tolist().count("plain") == 1
    assert report.changes == {"dedupe": 1}


def test_clean_drop_missing_target(messy: pd.DataFrame) -> None:
    out, report = clean(messy, {"text": "text", "label": "label"}, ["drop_missing_target"])
    assert out["label"].notna().all()
    assert report.changes == {"drop_missing_target": 1}


def test_clean_runs_steps_in_a_fixed_order(messy: pd.DataFrame) -> None:
    # Whitespace is tidied before duplicates are judged, whatever order was asked for.
    df = pd.DataFrame({"text": ["same  text", "same text"]})
    out, report = clean(df, {"text": "text"}, ["dedupe", "normalise_whitespace"])
    assert report.ops == ["normalise_whitespace", "dedupe"]
    assert out["text"].tolist() == ["same text"]


def test_clean_messages_without_touching_the_input() -> None:
    conversation = [
        {"role": "user", "content": "<b>Hi</b>  there"},
        {"role": "assistant", "content": "Hello"},
    ]
    df = pd.DataFrame({"messages": [conversation]})
    before = copy.deepcopy(conversation)
    out, report = clean(df, {"messages": "messages"}, ["strip_html", "normalise_whitespace"])
    assert out["messages"][0][0]["content"] == "Hi there"
    assert report.changes == {"strip_html": 1, "normalise_whitespace": 1}
    assert conversation == before
    assert df["messages"][0] is conversation


def test_clean_unknown_op_lists_the_allowed_ones(messy: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"'lowercase'.*strip_html, normalise_whitespace"):
        clean(messy, {"text": "text"}, ["lowercase"])  # type: ignore[list-item]
