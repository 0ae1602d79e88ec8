"""Parity checks: does the exported model answer like the one the app serves?

Every export is compared with the reference runtime (transformers on PyTorch, or scikit-learn)
on sample inputs, and the result is recorded in `export.json` whether it passed or not. The
tolerances live here as module constants so the model card can state them and tests can
tighten them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# ONNX fp32 against PyTorch: the same arithmetic in another order, so only rounding differs
CLASSIFIER_ATOL = 1e-3  # max |logit difference| over every sample and label
LM_ATOL = 1e-2  # max |next-token logit difference| over every generated step
LM_GREEDY_TOKENS = 8  # greedy tokens generated per prompt; they must be identical
# int8 weights change the numbers on purpose: what must survive is the answer
INT8_AGREEMENT = 0.95  # share of samples whose label matches PyTorch's
LM_INT8_AGREEMENT = 0.90  # share of positions whose most likely next token matches PyTorch's
# scikit-learn pipelines run in float64 in both runtimes (trees compare in float32 in both)
TABULAR_PROBA_ATOL = 1e-4  # max |probability difference|; labels must be identical
TABULAR_RTOL = 1e-4  # regression: |difference| ≤ 1e-4 × the typical size of a prediction
RELOAD_ATOL = 1e-6  # a PyTorch/joblib bundle loaded back must answer exactly like the app


@dataclass(frozen=True)
class Check:
    """One measured figure against its tolerance."""

    name: str  # e.g. "max_abs_diff", "label_agreement"
    value: float
    tolerance: float
    at_least: bool  # True: value ≥ tolerance passes; False: value ≤ tolerance passes
    what: str  # the figure in words, for the model card

    @property
    def passed(self) -> bool:
        """Whether the value is on the right side of the tolerance."""
        return self.value >= self.tolerance if self.at_least else self.value <= self.tolerance

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "name": self.name,
            "value": _number(self.value),
            "tolerance": self.tolerance,
            "rule": "≥" if self.at_least else "≤",
            "passed": self.passed,
            "what": self.what,
        }

    def sentence(self) -> str:
        """`label agreement 0.98 ≥ 0.95: passed`."""
        rule = "≥" if self.at_least else "≤"
        verdict = "passed" if self.passed else "FAILED"
        return f"{self.what}: {_number(self.value):.4g} {rule} {self.tolerance:g} ({verdict})"


def at_most(name: str, value: float, tolerance: float, what: str) -> Check:
    """A check that passes when `value` ≤ `tolerance` (differences)."""
    return Check(name, float(value), tolerance, at_least=False, what=what)


def at_least(name: str, value: float, tolerance: float, what: str) -> Check:
    """A check that passes when `value` ≥ `tolerance` (agreement shares)."""
    return Check(name, float(value), tolerance, at_least=True, what=what)


@dataclass
class Parity:
    """The outcome of comparing an export with its reference on sample inputs."""

    checks: list[Check]
    samples: int
    reference: str  # what the export was compared with, in words
    sample_source: str  # where the inputs came from, in words
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        """The `parity` entry of export.json: the headline figure first, then every check."""
        main = self.checks[0]
        failed = [c.sentence() for c in self.checks if not c.passed]
        return {
            "passed": self.passed,
            "metric": main.name,
            main.name: _number(main.value),
            "tolerance": main.tolerance,
            "samples": self.samples,
            "reference": self.reference,
            "sample_source": self.sample_source,
            "checks": [c.as_dict() for c in self.checks],
            "why_failed": failed,
            "notes": self.notes,
        }


def _number(value: float) -> float:
    return float(f"{value:.6g}")
