"""profile_frame and example_texts: column types, lengths, tokens, labels, duplicates."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from dataclasses import asdict

import pandas as pd
import pytest

from tunewright.data.examples import example_texts
from tunewright.data.profile import (
    EXAMPLE_CHARS,
    EXAMPLE_SCAN,
    TOKEN_SAMPLE,
    WIDE_TABLE,
    WIDE_TOP_VALUES,
    TokenCounter,
    profile_frame,
    summarise,
)
from tunewright.data.types import ColumnProfile, DataRequirements, Profile


def _titanic_frame(titanic: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(titanic))


def _columns(profile: Profile) -> dict[str, ColumnProfile]:
    return {column.name: column for column in profile.columns}


def test_profile_titanic_column_types(titanic: str) -> None:
    profile = profile_frame(_titanic_frame(titanic), {"target": "Survived"})
    types = {name: column.type for name, column in _columns(profile).items()}
    assert types == {
        "PassengerId": "id",
        "Survived": "boolean",
        "Pclass": "numeric",
        "Name": "id",
        "Sex": "categorical",
        "Age": "mixed",
        "SibSp": "numeric",
        "Fare": "numeric",
        "Cabin": "categorical",
        "Embarked": "categorical",
    }


def test_profile_column_counts_and_summaries(titanic: str) -> None:
    columns = _columns(profile_frame(_titanic_frame(titanic), {"target": "Survived"}))
    assert columns["Age"].missing == 8
    assert columns["Age"].mixed_types is True
    assert columns["Cabin"].missing == 40
    assert columns["Sex"].unique == 2
    assert set(columns["Sex"].top_values or {}) == {"male", "female"}
    assert columns["Fare"].numbers is not None
    assert 5 <= columns["Fare"].numbers.min <= columns["Fare"].numbers.max <= 100
    assert len(columns["Name"].examples) == 3


def test_profile_text_column_words(reviews_frame: pd.DataFrame) -> None:
    column = _columns(profile_frame(reviews_frame, {"text": "review", "label": "sentiment"}))[
        "review"
    ]
    assert column.type == "text"
    assert column.words is not None
    assert column.words.min == 6
    assert column.words.max == 9


def test_profile_datetime_empty_and_messages_columns() -> None:
    df = pd.DataFrame(
        {
            "when": ["2024-01-02", "2024-02-03 10:00", "2024-03-04"],
            "nothing": [None, None, None],
            "messages": [[{"role": "user", "content": "hi"}]] * 3,
        }
    )
    types = {c.name: c.type for c in profile_frame(df, {"messages": "messages"}).columns}
    assert types == {"when": "datetime", "nothing": "empty", "messages": "messages"}


def test_profile_labels_and_classification(reviews_frame: pd.DataFrame) -> None:
    profile = profile_frame(reviews_frame, {"text": "review", "label": "sentiment"})
    assert profile.labels == {"positive": 3, "negative": 3}
    assert profile.target_kind == "classification"


def test_profile_numeric_target_with_many_values_is_regression() -> None:
    df = pd.DataFrame({"size": range(100), "price": [i * 1.37 for i in range(100)]})
    profile = profile_frame(df, {"target": "price"})
    assert profile.target_kind == "regression"
    assert profile.labels is None


def test_profile_lengths_in_words_for_all_rows(
    reviews_frame: pd.DataFrame,
    requirements: Callable[..., DataRequirements],
    count_tokens: TokenCounter,
) -> None:
    profile = profile_frame(
        reviews_frame, {"text": "review", "label": "sentiment"}, requirements(), count_tokens
    )
    lengths = profile.lengths
    assert lengths is not None
    assert (lengths.words.min, lengths.words.max) == (6, 9)
    assert lengths.tokens is not None
    assert lengths.sampled == 6
    assert (lengths.tokenizer, lengths.max_tokens, lengths.over_limit) == ("gpt2", 1024, 0)


def test_profile_tokens_on_a_seeded_sample_with_extrapolated_over_limit(
    requirements: Callable[..., DataRequirements], count_tokens: TokenCounter
) -> None:
    texts = ["short text here"] * 3000 + ["word " * 100] * 1000  # a quarter are too long
    df = pd.DataFrame({"text": texts})
    first = profile_frame(df, {"text": "text"}, requirements(max_tokens=50), count_tokens)
    again = profile_frame(df, {"text": "text"}, requirements(max_tokens=50), count_tokens)
    assert first.lengths is not None
    assert first.lengths.sampled == TOKEN_SAMPLE
    assert first.lengths == again.lengths  # deterministic
    assert 900 <= first.lengths.over_limit <= 1100  # ~1,000 estimated from the sample


def test_profile_without_tokenizer_counts_words_over_the_limit(
    requirements: Callable[..., DataRequirements],
) -> None:
    df = pd.DataFrame({"text": ["a b c", "word " * 60]})
    lengths = profile_frame(df, {"text": "text"}, requirements(max_tokens=50)).lengths
    assert lengths is not None
    assert lengths.tokens is None
    assert lengths.over_limit == 1


def test_profile_count_tokens_must_return_one_count_per_text() -> None:
    df = pd.DataFrame({"text": ["a", "b"]})
    with pytest.raises(ValueError, match="one count per text"):
        profile_frame(df, {"text": "text"}, count_tokens=lambda texts: [1])


def test_profile_duplicates_compare_messages() -> None:
    chat = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    df = pd.DataFrame({"messages": [chat, list(chat), [chat[0]]]})
    assert profile_frame(df, {"messages": "messages"}).duplicates == 1


def test_profile_empty_rows() -> None:
    df = pd.DataFrame({"text": ["fine", "", "   ", None], "label": ["a", "b", "a", "b"]})
    assert profile_frame(df, {"text": "text", "label": "label"}).empty_rows == 3


def test_profile_refuses_roles_for_missing_columns() -> None:
    with pytest.raises(ValueError, match="'body'"):
        profile_frame(pd.DataFrame({"text": ["a"]}), {"text": "body"})


def test_example_texts_join_prompt_input_response() -> None:
    df = pd.DataFrame({"i": ["Add", "Greet"], "x": ["2, 3", None], "o": ["5", "Hello"]})
    texts = example_texts(df, {"prompt": "i", "input": "x", "response": "o"})
    assert texts == ["Add\n2, 3\n5", "Greet\nHello"]


def test_example_texts_join_message_contents() -> None:
    chat = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]
    assert example_texts(pd.DataFrame({"messages": [chat]}), {"messages": "messages"}) == [
        "Hi\nHello!"
    ]


def test_example_texts_none_for_tabular(titanic: str) -> None:
    assert example_texts(_titanic_frame(titanic), {"target": "Survived"}) is None


@pytest.fixture
def reviews_frame(reviews_csv: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(reviews_csv))


# --- wide and long tables -------------------------------------------------------------------


def _categories(columns: int, rows: int = 40, distinct: int = 8) -> pd.DataFrame:
    return pd.DataFrame(
        {f"c{k}": [f"value {(i + k) % distinct}" for i in range(rows)] for k in range(columns)}
    )


def test_profile_narrow_table_keeps_top_values() -> None:
    profile = profile_frame(_categories(WIDE_TABLE), {})
    assert {len(column.top_values or {}) for column in profile.columns} == {8}


def test_profile_wide_table_keeps_fewer_top_values() -> None:
    profile = profile_frame(_categories(WIDE_TABLE + 1), {})
    assert {len(column.top_values or {}) for column in profile.columns} == {WIDE_TOP_VALUES}


def test_profile_wide_table_json_stays_small() -> None:
    long_words = " ".join(["supercalifragilistic"] * 5)  # 6 words in all: still categorical
    frame = pd.DataFrame(
        {
            f"column {k} " + "x" * 40: [f"{i % 9} {long_words}" for i in range(60)]
            for k in range(400)
        }
    )
    profile = profile_frame(frame, {})
    assert profile.columns[0].type == "categorical"
    size = len(json.dumps(asdict(profile)))
    assert size < 400 * 1_200  # every column's summary is bounded, whatever its values
    shown = profile.columns[0].top_values or {}
    assert len(shown) == WIDE_TOP_VALUES
    assert all(len(key) <= EXAMPLE_CHARS and key.endswith("…") for key in shown)


def test_profile_labels_count_equal_values_once() -> None:
    df = pd.DataFrame({"text": ["a b c"] * 4, "label": [1, 1.0, "1", 2]})
    profile = profile_frame(df, {"text": "text", "label": "label"})
    assert profile.labels == {"1": 3, "2": 1}


def test_profile_examples_are_the_first_distinct_values() -> None:
    values = ["same"] * (EXAMPLE_SCAN + 500) + ["second", "third", "same", "fourth"]
    column = _columns(profile_frame(pd.DataFrame({"word": values}), {}))["word"]
    assert column.examples == ["same", "second", "third"]


def test_summarise_matches_pandas_quantiles() -> None:
    values = pd.Series([float(i * i) for i in range(101)] + [math.nan])
    summary = summarise(values)
    assert summary is not None
    assert summary.p50 == round(values.quantile(0.5), 3)
    assert summary.p95 == round(values.quantile(0.95), 3)
    assert (summary.min, summary.max, summary.mean) == (0.0, 10_000.0, round(values.mean(), 3))
    assert summarise([math.nan]) is None
