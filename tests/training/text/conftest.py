"""Small datasets and a recording run context for the text fine-tuning tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import torch

from tunewright.training.settings import TextTrainSettings
from tunewright.training.types import RunContext

torch.set_num_threads(1)  # two shared cores: more threads only fight each other

QUESTIONS = [
    ("What colour is the sky?", "Blue."),
    ("What colour is grass?", "Green."),
    ("How many legs does a cat have?", "Four."),
    ("What is two plus two?", "Four."),
    ("Say hello.", "Hello!"),
    ("What do bees make?", "Honey."),
    ("Which animal barks?", "A dog."),
    ("What is frozen water called?", "Ice."),
    ("What do you call a baby cat? Please answer with one word only.", "Kitten."),
    ("What is the opposite of hot?", "Cold."),
    ("Where do fish live?", "In water."),
    ("What colour is snow?", "White."),
]
LINES = [
    "the cat sat on the mat and looked at the dog",
    "the dog sat on the rug and looked at the cat",
    "a bird sang in the tree every single morning",
    "the sun rose over the hills and warmed the town",
] * 4
REVIEWS = {
    "positive": [
        "great product, love it",
        "wonderful and works well",
        "excellent, very happy",
        "love this, great value",
        "really great, would buy again",
        "happy with it, excellent",
        "works great, wonderful",
        "best purchase, love it",
    ],
    "negative": [
        "terrible, broke in a day",
        "awful quality, hate it",
        "bad, very disappointed",
        "broke quickly, terrible",
        "hate it, awful",
        "worst purchase, bad quality",
        "disappointed, it broke",
        "awful and terrible",
    ],
    "neutral": [
        "it arrived on tuesday",
        "the box is blue",
        "it is a phone case",
        "delivered in a box",
        "the colour is grey",
        "it came with a manual",
        "arrived as described on monday",
        "it is made of plastic",
    ],
}


def raw_text_frame() -> pd.DataFrame:
    """Sixteen short lines for plain language modelling."""
    return pd.DataFrame({"body": LINES})


def prompt_response_frame() -> pd.DataFrame:
    """Question/answer pairs."""
    return pd.DataFrame({"q": [q for q, _ in QUESTIONS], "a": [a for _, a in QUESTIONS]})


def chat_frame() -> pd.DataFrame:
    """Two-turn conversations with a system message."""
    return pd.DataFrame(
        {
            "conversation": [
                [
                    {"role": "system", "content": "Answer briefly."},
                    {"role": "user", "content": q},
                    {"role": "assistant", "content": a},
                    {"role": "user", "content": "Thanks!"},
                    {"role": "assistant", "content": "You are welcome."},
                ]
                for q, a in QUESTIONS
            ]
        }
    )


def reviews_frame() -> pd.DataFrame:
    """Eight reviews for each of three labels."""
    rows = [(text, label) for label, texts in REVIEWS.items() for text in texts]
    return pd.DataFrame({"review": [t for t, _ in rows], "sentiment": [s for _, s in rows]})


def quick_settings(**changes: Any) -> TextTrainSettings:
    """Settings for a tiny model: a few quick steps, everything reported."""
    base = TextTrainSettings(
        max_length=64,
        batch_size=4,
        learning_rate=3e-3,
        epochs=2,
        warmup_ratio=0.0,
        weight_decay=0.0,
        val_fraction=0.25,
        log_every_steps=1,
        eval_every_steps=4,
        checkpoint_every_steps=100,
        sample_every_steps=100,
        sample_prompts=["What colour is the sky?"],
        sample_max_new_tokens=4,
        threads=1,
        seed=7,
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@dataclass
class Recorder:
    """A RunContext whose events are kept in a list and whose stop button is a function."""

    run_dir: Path
    stop_when: Callable[[list[tuple[str, dict[str, Any]]]], bool] = lambda events: False
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def context(self, resume: bool = False) -> RunContext:
        """A fresh context on the same run folder and event list."""
        return RunContext(
            run_dir=self.run_dir,
            emit=lambda kind, payload: self.events.append((kind, payload)),
            should_stop=lambda: self.stop_when(self.events),
            resume=resume,
        )

    def of(self, kind: str) -> list[dict[str, Any]]:
        """Payloads of one event kind, in order."""
        return [payload for k, payload in self.events if k == kind]


@pytest.fixture
def recorder(tmp_path: Path) -> Recorder:
    """A recording context on a fresh run folder."""
    return Recorder(tmp_path / "run")
