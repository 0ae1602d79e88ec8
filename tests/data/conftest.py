"""Fixtures for the ingestion library: files written on the fly, a fake tokenizer, templates."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tunewright.data.types import DataRequirements, TaskKind

WriteFile = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write text (in an encoding) or raw bytes to a file in tmp_path and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
        return path

    return _write


def fake_count_tokens(texts: Sequence[str]) -> list[int]:
    """About 1.3 tokens per word, like a BPE tokenizer on English."""
    return [math.ceil(len(text.split()) * 1.3) for text in texts]


@pytest.fixture
def count_tokens() -> Callable[[Sequence[str]], list[int]]:
    return fake_count_tokens


@pytest.fixture
def requirements() -> Callable[..., DataRequirements]:
    """A template's needs, with small thresholds unless a test says otherwise."""

    def _requirements(task: TaskKind = "causal_lm", **overrides: int) -> DataRequirements:
        values = {"min_examples": 2, "recommended_examples": 3, "max_tokens": 1024, **overrides}
        return DataRequirements(task=task, tokenizer_name="gpt2", **values)

    return _requirements


def titanic_csv(rows: int = 60) -> str:
    """A Titanic-like table: ids, names, missing ages, an age written as a word, mixed tickets."""
    rng = random.Random(0)
    lines = ["PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Fare,Cabin,Embarked"]
    for i in range(1, rows + 1):
        age = "" if i % 7 == 0 else ("unknown" if i % 30 == 0 else str(rng.randint(1, 80)))
        name = f'"{rng.choice(["Braund", "Allen", "Moran"])}, Mr. Owen {chr(65 + i % 26)}{i}"'
        cabin = f"C{i}" if i % 3 == 0 else ""
        lines.append(
            f"{i},{i % 2},{rng.randint(1, 3)},{name},{rng.choice(['male', 'female'])},{age},"
            f"{rng.randint(0, 3)},{rng.uniform(5, 100):.2f},{cabin},{rng.choice('SCQ')}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def titanic() -> str:
    return titanic_csv()


REVIEWS = [
    ("I loved this film, the acting was superb", "positive"),
    ("Terrible plot and the pacing dragged on", "negative"),
    ("A warm and funny story for the whole family", "positive"),
    ("I walked out halfway through, very dull", "negative"),
    ("Beautiful photography and a moving score", "positive"),
    ("The dialogue felt wooden and forced", "negative"),
]


@pytest.fixture
def reviews_csv() -> str:
    return "review,sentiment\n" + "".join(f'"{t}",{label}\n' for t, label in REVIEWS)
