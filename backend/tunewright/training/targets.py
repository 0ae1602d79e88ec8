"""Success targets: the user's own bar ("accuracy ≥ 0.85", "RMSE ≤ 3000") as one more gate.

The product's gates say whether a model clearly beats guessing; a person usually knows what
"good enough" means for them. A target names a held-out metric, a direction and a number; it
is checked after training, beside the other gates, and a miss turns the verdict to not passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tunewright.training.types import Verdict

# metric → (key in the run's metrics, what the metric is called in words)
METRICS: dict[str, dict[str, str]] = {
    "classifier": {"accuracy": "accuracy", "macro_f1": "macro F1"},
    "tabular_classification": {
        "accuracy": "accuracy",
        "macro_f1": "macro F1",
        "roc_auc": "ROC AUC",
    },
    "tabular_regression": {"rmse": "RMSE", "mae": "MAE", "r2": "R²"},
    "causal_lm": {"perplexity": "held-out perplexity"},
}
ALIASES = {"f1": "macro_f1", "auc": "roc_auc", "r²": "r2", "ppl": "perplexity", "acc": "accuracy"}
_TARGET_RE = re.compile(r"^\s*([\w²]+)\s*(>=|≥|=>|<=|≤|=<|>|<)\s*([-+]?\d*\.?\d+)\s*(%?)\s*$")
# a strict "> 0.85" is read as "at least": on held-out scores the difference is noise
_OPS = {">=": ">=", "≥": ">=", "=>": ">=", ">": ">=", "<=": "<=", "≤": "<=", "=<": "<=", "<": "<="}


@dataclass(frozen=True)
class SuccessTarget:
    """A parsed target: metric, ">=" or "<=" (strict ones are read as these), the number."""

    metric: str
    op: str
    value: float

    @property
    def text(self) -> str:
        """As shown: 'accuracy ≥ 0.85'."""
        return f"{self.metric} {'≥' if self.op == '>=' else '≤'} {self.value:g}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the plan."""
        return {"metric": self.metric, "op": self.op, "value": self.value, "text": self.text}


def parse_target(text: str, kinds: list[str]) -> SuccessTarget:
    """Read 'accuracy >= 0.85' (or '≥ 85%'); ValueError naming the fix when it is not one."""
    known = {m for kind in kinds for m in METRICS[kind]}
    shown = ", ".join(sorted(known))
    match = _TARGET_RE.match(text or "")
    if match is None:
        raise ValueError(
            f"success_target must look like 'accuracy >= 0.85' (a metric, >= or <=, a number); "
            f"got {text!r}. Metrics for this template: {shown}."
        )
    name, op, number, percent = match.groups()
    metric = ALIASES.get(name.lower(), name.lower())
    if metric not in known:
        raise ValueError(f"success_target names {name!r}; this template measures: {shown}.")
    value = float(number) / (100 if percent else 1)
    return SuccessTarget(metric, _OPS[op], value)


def check_target(target: dict[str, Any], metrics: dict[str, Any]) -> dict[str, Any]:
    """The target as a gate: {name, passed, metric, value, threshold, op}."""
    measured = metrics.get(str(target["metric"]))
    value = float(measured) if isinstance(measured, int | float) else None
    threshold = float(target["value"])
    if value is None:
        passed = False
    elif target["op"] == ">=":
        passed = value >= threshold
    else:
        passed = value <= threshold
    return {
        "name": "success_target",
        "passed": passed,
        "metric": target["metric"],
        "value": value,
        "threshold": threshold,
        "op": target["op"],
    }


def apply_target(verdict: Verdict, metrics: dict[str, Any], target: dict[str, Any] | None) -> None:
    """Add the user's target to the verdict as a gate; a miss makes the verdict not passed."""
    if not target:
        return
    gate = check_target(target, metrics)
    verdict.gates.append(gate)
    text = str(target.get("text") or f"{target['metric']} {target['op']} {target['value']}")
    if gate["passed"]:
        verdict.insights.insert(0, f"Your target {text} is met ({gate['value']:.4g}).")
        return
    got = "was not measured" if gate["value"] is None else f"is {gate['value']:.4g}"
    if verdict.passed:
        verdict.headline = f"Not passed: your target {text} is not met ({target['metric']} {got})."
    else:
        verdict.insights.insert(
            0, f"Your target {text} is not met either ({target['metric']} {got})."
        )
    verdict.passed = False
