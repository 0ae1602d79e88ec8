"""Answers of the playground (`POST /api/models/{id}/predict`), one shape per model kind.

Requests are the serving contract's inputs (`tunewright.serving.types`): `GenerateInput` (plus
`"compare": true`), `ClassifyInput` or `TabularInput`, chosen by the model's task.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class GenerateOutput(BaseModel):
    """Generated text; finish_reason "stop" (end of answer or a stop sequence) or "length"."""

    text: str
    tokens: int  # tokens generated, the end-of-answer token included
    finish_reason: Literal["stop", "length"]


class CompareOutput(BaseModel):
    """The same request answered by the fine-tuned model and by the base model it came from."""

    tuned: GenerateOutput
    base: GenerateOutput


class Label(BaseModel):
    label: str
    probabilities: dict[str, float]


class Attention(BaseModel):
    """The last layer's attention from the token the classifier reads, averaged over heads."""

    tokens: list[str]
    weights: list[float]


class ClassifyOutput(BaseModel):
    predictions: list[Label]
    attention: list[Attention] | None = None


class RowPrediction(BaseModel):
    prediction: Any
    probabilities: dict[str, float] | None


class TabularOutput(BaseModel):
    predictions: list[RowPrediction]


PredictOutput = GenerateOutput | CompareOutput | ClassifyOutput | TabularOutput
