"""Templated explanations: glossary terms and what a training curve shows."""

from __future__ import annotations

from tunewright.assistant.contract import Curve, CurvePoint
from tunewright.assistant.explain import GLOSSARY, curve_facts, explain, templated


def curve(losses: list[float], vals: list[float], **extra: object) -> Curve:
    return Curve(
        run_id=1,
        status="succeeded",
        steps=[CurvePoint(step=(i + 1) * 10, loss=v) for i, v in enumerate(losses)],
        evals=[CurvePoint(step=(i + 1) * 20, val_loss=v) for i, v in enumerate(vals)],
        **extra,  # type: ignore[arg-type]
    )


def test_curve_facts_rising_validation_loss_reads_as_overfitting() -> None:
    facts = " ".join(curve_facts(curve([2.0, 1.6, 1.2, 0.9, 0.6, 0.4], [1.5, 1.3, 1.6])))
    assert "Training loss fell from" in facts
    assert "overfitting" in facts
    assert "best was 1.3 at step 40" in facts


def test_curve_facts_still_falling_suggests_training_longer() -> None:
    facts = " ".join(curve_facts(curve([2.0, 1.8, 1.6, 1.5], [1.9, 1.7, 1.55])))
    assert "training longer may help" in facts
    assert "overfitting" not in facts


def test_curve_facts_mentions_accuracy_and_early_stop() -> None:
    run = curve([1.0, 0.8], [0.9], stopped_early=True)
    run.evals[0] = CurvePoint(step=20, val_loss=0.9, accuracy=0.875)
    facts = " ".join(curve_facts(run))
    assert "87.5%" in facts
    assert "stopped early" in facts


def test_curve_facts_without_points_says_no_progress() -> None:
    assert curve_facts(Curve(run_id=3, status="queued")) == ["Run 3 has no progress yet (queued)."]


def test_templated_unknown_topic_lists_known_terms() -> None:
    text = templated("flux", None)
    assert text.startswith("I can explain these terms")
    assert "perplexity" in text


def test_explain_without_claude_is_the_glossary() -> None:
    found = explain("rmse", None, None)
    assert (found.text, found.by_claude, found.notice) == (GLOSSARY["rmse"], False, None)
