"""Leaks, identifiers and constants: measured per column, left out by default, explained."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets
from tests.public_tables import passenger_frame

from tunewright.data.leakage import flag_columns, label_in_text
from tunewright.data.selection import feature_columns, merge_choices, select_columns
from tunewright.data.types import ColumnChoices


def planted(rows: int = 600, seed: int = 1) -> pd.DataFrame:
    """Honest signal in `income` and `region`, plus a leak, a missingness leak and ids."""
    rng = np.random.default_rng(seed)
    income = rng.normal(50, 15, rows)
    region = rng.choice(["north", "south", "east"], rows)
    churned = (income + 8 * (region == "south") + rng.normal(0, 12, rows) < 50).astype(int)
    flips = rng.random(rows) < 0.02
    return pd.DataFrame(
        {
            "customer_id": np.arange(1000, 1000 + rows),
            "account": [f"AC-{rng.integers(10**6, 10**7)}" for _ in range(rows)],
            "income": income.round(2),
            "region": region,
            "exit_survey": np.where(churned ^ flips, "done", "not sent"),  # after the outcome
            "refund_id": [  # only ever filled in for customers who left
                str(rng.integers(1, 10**5)) if c and rng.random() < 0.4 else None for c in churned
            ],
            "plan": "basic",
            "churned": churned,
        }
    )


def _kinds(frame: pd.DataFrame, target: str, problem: str = "classification") -> dict[str, str]:
    candidates = [c for c in frame.columns if c != target]
    return {f.column: f.kind for f in flag_columns(frame, target, problem, candidates)}  # type: ignore[arg-type]


def test_flag_columns_planted_leaks_and_identifiers() -> None:
    flags = _kinds(planted(), "churned")
    assert flags == {
        "customer_id": "identifier",
        "account": "identifier",
        "exit_survey": "target_copy",
        "refund_id": "missing_leak",
        "plan": "constant",
    }


def test_flag_columns_passenger_table_explains_in_words() -> None:
    frame = passenger_frame(800).replace("?", None)
    frame["age"] = pd.to_numeric(frame["age"])
    flags = {
        f.column: f
        for f in flag_columns(frame, "survived", "classification", list(frame.columns[2:]))
    }
    assert flags["boat"].kind == "leak"
    assert "'boat' alone predicts 'survived'" in flags["boat"].message
    assert "after the outcome" in flags["boat"].message
    assert flags["body"].kind == "missing_leak"
    assert {flags[c].kind for c in ("name", "ticket", "cabin")} == {"identifier"}
    assert not {"sex", "age", "fare", "embarked", "home.dest"} & set(flags)


@pytest.mark.parametrize(
    ("loader", "problem"),
    [
        (datasets.load_iris, "classification"),
        (datasets.load_wine, "classification"),
        (datasets.load_breast_cancer, "classification"),
        (datasets.load_diabetes, "regression"),
    ],
)
def test_flag_columns_public_tables_have_no_false_alarms(loader: object, problem: str) -> None:
    frame = loader(as_frame=True).frame  # type: ignore[operator]
    assert _kinds(frame, "target", problem) == {}


def test_flag_columns_regression_copy_and_missingness() -> None:
    rng = np.random.default_rng(3)
    size = rng.normal(100, 30, 500)
    price = size * 3 + rng.normal(0, 40, 500)
    frame = pd.DataFrame(
        {
            "size": size,
            "price_eur": price * 0.92 + rng.normal(0, 1, 500),  # the answer in another currency
            "sold_note": np.where(price > np.median(price), None, "listed"),
            "price": price,
        }
    )
    flags = _kinds(frame, "price", "regression")
    assert flags["price_eur"] in ("target_copy", "leak")
    assert flags["sold_note"] == "missing_leak"
    assert "size" not in flags


def test_label_in_text_is_a_leak() -> None:
    texts = [f"[{label}] message number {i}" for i, label in enumerate(["spam", "ham"] * 30)]
    frame = pd.DataFrame({"text": texts, "label": ["spam", "ham"] * 30})
    flag = label_in_text(frame, "text", "label")
    assert flag is not None and flag.kind == "leak"
    honest = frame.assign(text=[f"message number {i}" for i in range(60)])
    assert label_in_text(honest, "text", "label") is None


def test_select_columns_flags_leave_out_and_user_keeps() -> None:
    frame = planted()
    flags = flag_columns(frame, "churned", "classification", list(frame.columns[:-1]))
    roles = {"target": "churned"}
    decisions = select_columns(list(frame.columns), roles, "tabular", flags)
    assert feature_columns(decisions) == ["income", "region"]
    reasons = {d.name: d.reason for d in decisions}
    assert reasons["exit_survey"] == "target_copy"
    assert reasons["churned"] == "target"
    choices = merge_choices(ColumnChoices(exclude=["region"]), ["exit_survey"], [])
    kept = select_columns(list(frame.columns), roles, "tabular", flags, choices)
    by_name = {d.name: d for d in kept}
    assert by_name["exit_survey"].role == "feature" and by_name["exit_survey"].reason == "kept"
    assert by_name["region"].reason == "user"
    assert feature_columns(kept) == ["income", "exit_survey"]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (ColumnChoices(include=["nope"]), "Unknown column(s) 'nope'"),
        (ColumnChoices(include=["income"], exclude=["income"]), "both used and left out"),
        (ColumnChoices(exclude=["churned"]), "cannot be left out"),
    ],
)
def test_select_columns_bad_choices(choices: ColumnChoices, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        select_columns(["income", "churned"], {"target": "churned"}, "tabular", [], choices)
