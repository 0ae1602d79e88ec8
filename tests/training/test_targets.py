"""Success targets: parsed from a sentence-like form, checked as one more gate."""

from __future__ import annotations

import pytest

from tunewright.training.targets import apply_target, parse_target
from tunewright.training.types import Verdict


@pytest.mark.parametrize(
    ("text", "metric", "op", "value"),
    [
        ("accuracy >= 0.85", "accuracy", ">=", 0.85),
        ("Accuracy ≥ 85%", "accuracy", ">=", 0.85),
        ("f1 > 0.7", "macro_f1", ">=", 0.7),
        ("rmse <= 3000", "rmse", "<=", 3000.0),
        ("RMSE ≤ 3000", "rmse", "<=", 3000.0),
    ],
)
def test_parse_target_forms(text: str, metric: str, op: str, value: float) -> None:
    target = parse_target(text, ["tabular_classification", "tabular_regression"])
    assert (target.metric, target.op, target.value) == (metric, op, value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("accuracy is good", "must look like"), ("rmse <= 3000", "this template measures")],
)
def test_parse_target_refuses_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_target(text, ["classifier"])


def test_apply_target_fails_and_passes_the_verdict() -> None:
    target = parse_target("accuracy >= 0.85", ["classifier"]).as_dict()
    missed = Verdict(True, "Passed: right 81% of the time.")
    apply_target(missed, {"accuracy": 0.81}, target)
    assert missed.passed is False
    assert (
        missed.headline == "Not passed: your target accuracy ≥ 0.85 is not met (accuracy is 0.81)."
    )
    assert missed.gates[-1]["name"] == "success_target" and missed.gates[-1]["passed"] is False
    met = Verdict(True, "Passed.")
    apply_target(met, {"accuracy": 0.9}, target)
    assert met.passed is True and met.insights[0] == "Your target accuracy ≥ 0.85 is met (0.9)."
    lower = parse_target("rmse <= 3000", ["tabular_regression"]).as_dict()
    regression = Verdict(True, "Passed.")
    apply_target(regression, {"rmse": 2500.0}, lower)
    assert regression.passed is True
    apply_target(regression, {}, lower)  # not measured is not met
    assert regression.passed is False
