"""validate: findings with plain-English messages, concrete hints and one-click fixes."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping

import pandas as pd
import pytest

from tunewright.data.profile import TokenCounter, profile_frame
from tunewright.data.types import DataRequirements, Finding
from tunewright.data.validate import validate


def _findings(
    df: pd.DataFrame,
    roles: Mapping[str, str],
    requirements: DataRequirements | None = None,
    count_tokens: TokenCounter | None = None,
) -> list[Finding]:
    return validate(df, profile_frame(df, roles, requirements, count_tokens), requirements)


def _only(findings: list[Finding], code: str) -> Finding:
    matches = [f for f in findings if f.code == code]
    assert len(matches) == 1, [f.code for f in findings]
    finding = matches[0]
    assert finding.message
    assert finding.hint
    assert len(finding.sample_rows) <= 10
    return finding


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def _texts(n: int) -> list[str]:
    return [f"Example sentence number {i} about topic {i % 7}" for i in range(n)]


@pytest.fixture
def reviews(reviews_csv: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(reviews_csv))


def test_validate_clean_data_has_no_findings(
    reviews: pd.DataFrame, requirements: Callable[..., DataRequirements]
) -> None:
    need = requirements("classifier", min_examples_per_class=3)
    assert _findings(reviews, {"text": "review", "label": "sentiment"}, need) == []


def test_validate_no_text_column(
    titanic: str, requirements: Callable[..., DataRequirements]
) -> None:
    df = pd.read_csv(io.StringIO(titanic))
    finding = _only(_findings(df, {}, requirements("causal_lm")), "no_text_column")
    assert finding.severity == "error"


def test_validate_no_label_column_for_a_classifier(
    reviews: pd.DataFrame, requirements: Callable[..., DataRequirements]
) -> None:
    finding = _only(
        _findings(reviews, {"text": "review"}, requirements("classifier")), "no_label_column"
    )
    assert finding.severity == "error"


def test_validate_single_class(requirements: Callable[..., DataRequirements]) -> None:
    df = pd.DataFrame({"text": _texts(10), "label": ["spam"] * 10})
    finding = _only(
        _findings(df, {"text": "text", "label": "label"}, requirements("classifier")),
        "single_class",
    )
    assert finding.severity == "error"
    assert "'spam'" in finding.message


def test_validate_rare_classes_are_named(requirements: Callable[..., DataRequirements]) -> None:
    df = pd.DataFrame({"text": _texts(24), "label": ["billing"] * 20 + ["refund"] * 3 + ["legal"]})
    findings = _findings(df, {"text": "text", "label": "label"}, requirements("classifier"))
    finding = _only(findings, "rare_classes")
    assert finding.severity == "warning"
    assert "'refund' (3)" in finding.message
    assert "'legal' (1)" in finding.message
    assert finding.affected == 4


def test_validate_too_few_examples(requirements: Callable[..., DataRequirements]) -> None:
    df = pd.DataFrame({"text": _texts(5)})
    finding = _only(
        _findings(df, {"text": "text"}, requirements(min_examples=20)), "too_few_examples"
    )
    assert finding.severity == "error"
    assert "Only 5 examples" in finding.message
    assert "20" in finding.message


def test_validate_few_examples(requirements: Callable[..., DataRequirements]) -> None:
    df = pd.DataFrame({"text": _texts(30)})
    need = requirements(min_examples=20, recommended_examples=200)
    finding = _only(_findings(df, {"text": "text"}, need), "few_examples")
    assert finding.severity == "warning"
    assert "200" in finding.message


def test_validate_too_long_says_how_many_and_truncated(
    requirements: Callable[..., DataRequirements], count_tokens: TokenCounter
) -> None:
    df = pd.DataFrame({"text": ["short text"] * 9 + ["word " * 100]})
    need = requirements(max_tokens=50)
    finding = _only(_findings(df, {"text": "text"}, need, count_tokens), "too_long")
    assert finding.severity == "warning"
    assert "1 example of 10 (10%)" in finding.message
    assert "truncated" in finding.message
    assert "gpt2" in finding.message


def test_validate_too_long_estimated_from_a_sample(
    requirements: Callable[..., DataRequirements], count_tokens: TokenCounter
) -> None:
    df = pd.DataFrame({"text": ["short text"] * 3000 + ["word " * 100] * 1000})
    need = requirements(max_tokens=50)
    finding = _only(_findings(df, {"text": "text"}, need, count_tokens), "too_long")
    assert "estimated from a sample of 2,000" in finding.message
    assert finding.message.startswith("About")


def test_validate_duplicates_offer_dedupe(reviews: pd.DataFrame) -> None:
    df = pd.concat([reviews, reviews.iloc[:2]], ignore_index=True)
    finding = _only(_findings(df, {"text": "review", "label": "sentiment"}), "duplicates")
    assert (finding.severity, finding.fix, finding.affected) == ("warning", "dedupe", 2)
    assert finding.sample_rows == [6, 7]
    assert "2 rows (25%)" in finding.message


def test_validate_empty_rows_offer_drop_empty() -> None:
    df = pd.DataFrame({"text": [*_texts(8), "", None]})
    finding = _only(_findings(df, {"text": "text"}), "empty_rows")
    assert (finding.fix, finding.affected, finding.sample_rows) == ("drop_empty", 2, [8, 9])


def test_validate_mixed_types(titanic: str, requirements: Callable[..., DataRequirements]) -> None:
    df = pd.read_csv(io.StringIO(titanic))
    findings = _findings(df, {"target": "Survived"}, requirements("tabular"))
    finding = _only(findings, "mixed_types")
    assert (finding.severity, finding.column, finding.affected) == ("warning", "Age", 2)
    assert "'unknown'" in finding.message


def test_validate_missing_target_offers_drop(
    titanic: str, requirements: Callable[..., DataRequirements]
) -> None:
    df = pd.read_csv(io.StringIO(titanic)).astype({"Survived": "float"})
    df.loc[[3, 5], "Survived"] = None
    finding = _only(
        _findings(df, {"target": "Survived"}, requirements("tabular")), "missing_target"
    )
    assert (finding.severity, finding.fix, finding.sample_rows) == (
        "warning",
        "drop_missing_target",
        [3, 5],
    )


def test_validate_missing_target_everywhere_is_an_error() -> None:
    df = pd.DataFrame({"x": [1, 2, 3], "y": [None, None, None]})
    finding = _only(_findings(df, {"target": "y"}), "missing_target")
    assert (finding.severity, finding.fix) == ("error", None)


def test_validate_html_noise_share_decides_severity() -> None:
    few = pd.DataFrame({"text": ["<p>Hello <b>there</b></p>", *_texts(9)]})
    many = pd.DataFrame({"text": ["Fish &amp; chips<br/>"] * 5 + _texts(5)})
    tip = _only(_findings(few, {"text": "text"}), "html_noise")
    warning = _only(_findings(many, {"text": "text"}), "html_noise")
    assert (tip.severity, tip.fix, tip.affected) == ("tip", "strip_html", 1)
    assert (warning.severity, warning.affected) == ("warning", 5)
    assert "50%" in warning.message


def test_validate_placeholders_are_not_html() -> None:
    df = pd.DataFrame({"text": ["Dear <name>, your order <id> shipped", "if a < b > c then"]})
    assert "html_noise" not in _codes(_findings(df, {"text": "text"}))


def test_validate_whitespace_tip() -> None:
    df = pd.DataFrame({"text": ["  padded", "two  spaces here", "fine text", "a\r\nb"]})
    finding = _only(_findings(df, {"text": "text"}), "whitespace")
    assert (finding.severity, finding.fix, finding.affected) == ("tip", "normalise_whitespace", 3)


def test_validate_pii_email_in_chat() -> None:
    chat = [
        [
            {"role": "user", "content": "Reach me at jane.doe@example.com"},
            {"role": "assistant", "content": "Sure"},
        ],
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
    ]
    finding = _only(
        _findings(pd.DataFrame({"messages": chat}), {"messages": "messages"}), "pii_email"
    )
    assert (finding.severity, finding.affected, finding.sample_rows) == ("warning", 1, [0])
    assert "memorise" in finding.message


def test_validate_pii_phone() -> None:
    df = pd.DataFrame(
        {
            "text": [
                "Call me on 555-123-4567 tomorrow",
                "Our office: +44 20 7946 0958.",
                "Ring (555) 123-4567 please",
                "Meeting on 2024-01-15 at 10:30",
                "It costs $1,299.99 or 15.01.2024 10 units",
                "Order 123456789 shipped",
            ]
        }
    )
    finding = _only(_findings(df, {"text": "text"}), "pii_phone")
    assert finding.sample_rows == [0, 1, 2]


def test_validate_no_response_in_chat() -> None:
    chat = [
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
        [{"role": "user", "content": "Anyone there?"}],
        [{"role": "user", "content": "Hey"}, {"role": "assistant", "content": "  "}],
    ]
    finding = _only(
        _findings(pd.DataFrame({"messages": chat}), {"messages": "messages"}), "no_response"
    )
    assert (finding.severity, finding.fix, finding.sample_rows) == ("warning", "drop_empty", [1, 2])
    assert "2 conversations" in finding.message


def test_validate_no_response_for_prompts() -> None:
    df = pd.DataFrame({"q": ["Where?", "Who?"], "a": ["Here.", None]})
    finding = _only(_findings(df, {"prompt": "q", "response": "a"}), "no_response")
    assert finding.affected == 1


def test_validate_orders_by_severity(requirements: Callable[..., DataRequirements]) -> None:
    df = pd.DataFrame({"text": ["  <b>hi</b>", "  <b>hi</b>", "x@y.com here"], "label": ["a"] * 3})
    findings = _findings(
        df, {"text": "text", "label": "label"}, requirements("classifier", min_examples=10)
    )
    ranks = {"error": 0, "warning": 1, "tip": 2}
    assert [ranks[f.severity] for f in findings] == sorted(ranks[f.severity] for f in findings)
    assert {"too_few_examples", "single_class", "duplicates", "pii_email", "whitespace"} <= set(
        _codes(findings)
    )


def test_validate_fast_on_100k_rows(count_tokens: TokenCounter) -> None:
    n = 100_000
    df = pd.DataFrame(
        {
            "prompt": [f"Question {i % 5000}: how do I do thing {i % 777}?" for i in range(n)],
            "response": [
                f"<p>Answer {i}</p> mail a{i}@x.com"
                if i % 10 == 0
                else f"Answer {i}, call 555-123-{i % 9000 + 1000}"
                for i in range(n)
            ],
        }
    )
    need = DataRequirements(
        task="causal_lm", min_examples=20, recommended_examples=200, max_tokens=1024
    )
    started = time.monotonic()
    findings = _findings(df, {"prompt": "prompt", "response": "response"}, need, count_tokens)
    assert time.monotonic() - started < 15  # ~2 s on a laptop core; generous for shared CI
    assert {"pii_email", "pii_phone", "html_noise"} <= set(_codes(findings))
