"""Trained model folders and loaded predictors shared by the serving tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from tunewright.serving.predictors import (
    SklearnTabular,
    TorchCausalLM,
    TorchClassifier,
    load_predictor,
)

torch.set_num_threads(1)  # two shared cores: more threads only fight each other


@pytest.fixture(scope="module")
def causal(causal_dir: Path) -> TorchCausalLM:
    predictor = load_predictor(causal_dir, "causal_lm")
    assert isinstance(predictor, TorchCausalLM)
    return predictor


@pytest.fixture(scope="module")
def classifier(classifier_dir: Path) -> TorchClassifier:
    predictor = load_predictor(classifier_dir, "classifier")
    assert isinstance(predictor, TorchClassifier)
    return predictor


@pytest.fixture(scope="module")
def tabular(tabular_dir: Path) -> SklearnTabular:
    predictor = load_predictor(tabular_dir, "tabular")
    assert isinstance(predictor, SklearnTabular)
    return predictor
