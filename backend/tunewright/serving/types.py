"""The serving contract: validated inputs per model kind, and what a predictor gives back.

The playground (`/api/models/{id}/predict`) and the public endpoints
(`/v1/endpoints/{slug}/predict`) both validate a request into one of these inputs, hand it to a
`Predictor` from the model cache, and answer with `Prediction.body`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunewright.errors import AppError, InvalidInputError

MAX_TEXTS = 64  # texts per classifier request
MAX_ROWS = 1000  # rows per tabular request
MAX_NEW_TOKENS = 512  # generated tokens per causal-LM request
MAX_PROMPT_CHARS = 20_000

Engine = Literal["torch", "onnxruntime", "sklearn"]


class InputError(InvalidInputError, ValueError):
    """A request the model cannot answer as sent (a missing column, a prompt too long): 422.

    A ValueError with `hint` saying how to fix it; also an `AppError`, so the API renders it as
    `{"error": {"code", "message", "hint"}}` without translating it.
    """

    def __init__(self, message: str, hint: str, *, code: str | None = None) -> None:
        super().__init__(message, hint=hint, code=code)


class ModelUnavailableError(AppError):
    """The model version cannot be loaded (files gone, base model unreachable): 409."""

    status_code = 409
    default_code = "model_unavailable"


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str = Field(max_length=MAX_PROMPT_CHARS)


class GenerateInput(BaseModel):
    """A prompt or chat messages, and how to sample the answer."""

    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(default=None, max_length=MAX_PROMPT_CHARS)
    messages: list[ChatMessage] | None = Field(default=None, max_length=100)
    max_new_tokens: int = Field(default=64, ge=1, le=MAX_NEW_TOKENS)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)  # 0 → greedy
    top_p: float = Field(default=0.9, gt=0.0, le=1.0)
    top_k: int = Field(default=50, ge=0, le=1000)  # 0 → off
    repetition_penalty: float = Field(default=1.1, ge=1.0, le=2.0)
    stop: list[str] = Field(default_factory=list, max_length=8)
    seed: int | None = None  # fixed seed → the same sample every time

    @model_validator(mode="after")
    def _one_of_prompt_or_messages(self) -> GenerateInput:
        if (self.prompt is None) == (self.messages is None):
            raise ValueError("send either 'prompt' (a string) or 'messages' (a chat), not both")
        return self


class ClassifyInput(BaseModel):
    """One or many texts to label."""

    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(min_length=1, max_length=MAX_TEXTS)
    attention: bool = False  # also return the last layer's attention per token (averaged heads)


class TabularInput(BaseModel):
    """One or many rows as {column: value}."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_ROWS)


PredictInput = GenerateInput | ClassifyInput | TabularInput
INPUT_FOR_TASK: dict[str, type[BaseModel]] = {
    "causal_lm": GenerateInput,
    "classifier": ClassifyInput,
    "tabular": TabularInput,
}


@dataclass
class Prediction:
    """A JSON-ready answer and what it cost (for usage analytics)."""

    body: dict[str, Any]
    tokens: int = 0  # tokens generated (causal LM); 0 otherwise


class Predictor(Protocol):
    """A loaded model version, safe to call from several threads."""

    task: str
    engine: Engine

    def predict(self, data: Any) -> Prediction:
        """Answer one validated input (GenerateInput, ClassifyInput or TabularInput)."""
        ...

    def stream(self, data: GenerateInput) -> Iterator[str]:
        """Causal LM only: the answer's text pieces as they are generated.

        The torch predictor's stream is a generator that *returns* the final `Prediction`
        (the `StopIteration.value`), so a streaming caller also learns the finish reason and
        token count; `serving.generation.advance` reads it.
        """
        ...

    def memory_bytes(self) -> int:
        """Resident size, for the cache's memory budget."""
        ...
