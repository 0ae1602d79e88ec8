"""Trained model folders for the serving tests: tiny models, a few steps, built once a session.

Each builder runs the real training workflow (so the folders are exactly what production
saves) and memoises the result, so the serving and the API tests share one copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.training.tabular.test_tabular import titanic
from tests.training.text.conftest import (
    Recorder,
    prompt_response_frame,
    quick_settings,
    reviews_frame,
)
from tunewright.base_models import ResolvedModel

_built: dict[str, Path] = {}


def _once(name: str, factory: pytest.TempPathFactory, build: Any) -> Path:
    if name not in _built:
        run_dir = factory.mktemp(f"serving-{name}")
        _built[name] = build(Recorder(run_dir))
    return _built[name]


def causal_lm_artifact(factory: pytest.TempPathFactory, base: ResolvedModel) -> Path:
    """A tiny Llama fine-tuned for 3 steps on question/answer pairs (chat template)."""
    from tunewright.training.causal_lm.workflow import train_causal_lm

    def build(recorder: Recorder) -> Path:
        settings = quick_settings(epochs=1, sample_prompts=[])
        return train_causal_lm(
            prompt_response_frame(),
            {"prompt": "q", "response": "a"},
            base,
            settings,
            recorder.context(),
            cache_dir=recorder.run_dir / "cache",
        ).artifact_dir

    return _once("causal", factory, build)


def classifier_artifact(factory: pytest.TempPathFactory, base: ResolvedModel) -> Path:
    """A tiny BERT classifier trained for a few steps on three-way sentiment."""
    from tunewright.training.classifier.workflow import train_classifier

    def build(recorder: Recorder) -> Path:
        return train_classifier(
            reviews_frame(),
            {"text": "review", "label": "sentiment"},
            base,
            quick_settings(epochs=1),
            recorder.context(),
            cache_dir=recorder.run_dir / "cache",
        ).artifact_dir

    return _once("classifier", factory, build)


def tabular_artifact(factory: pytest.TempPathFactory) -> Path:
    """A scikit-learn pipeline predicting survival on a Titanic-like table (1 s search)."""
    from tunewright.training.tabular.workflow import TabularSettings, train_tabular

    def build(recorder: Recorder) -> Path:
        recorder.run_dir.mkdir(parents=True, exist_ok=True)
        settings = TabularSettings(time_budget_s=1.5, cv_folds=3)
        return train_tabular(titanic(120), "Survived", recorder.context(), settings).artifact_dir

    return _once("tabular", factory, build)


def fallback_format_artifact(factory: pytest.TempPathFactory, causal: Path) -> Path:
    """The causal LM's folder with a tokenizer that has no chat template of its own."""

    def build(recorder: Recorder) -> Path:
        folder = recorder.run_dir / "model"
        shutil.copytree(causal, folder)
        for name in ("chat_template.jinja", "chat_template.json"):
            (folder / name).unlink(missing_ok=True)
        config = folder / "tokenizer_config.json"
        values = json.loads(config.read_text())
        values.pop("chat_template", None)
        config.write_text(json.dumps(values))
        return folder

    return _once("fallback", factory, build)
