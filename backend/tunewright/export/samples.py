"""Inputs for parity checks: the model's own held-out data when the caller has it, else made up.

Texts and prompts come from the caller (rows of the training dataset), from what the model
recorded about its held-out data (`metadata.json`: sample prompts, an example row), and are
topped up with fixed texts of many lengths. Table rows are drawn from what the fitted pipeline
learned (medians and spreads, categories, vocabulary), so every branch of it is exercised:
blanks, unseen categories, numbers written as text, dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tunewright.training.tabular.transformers import MISSING

MAX_TEXTS = 32
MAX_PROMPTS = 4
MAX_ROWS = 64

# Lengths from one word to past a typical max_length, punctuation, digits, accents, emoji
FIXED_TEXTS = [
    "great product, love it",
    "terrible, it broke after a day",
    "The package arrived on Tuesday.",
    "ok",
    "Would you recommend this to a friend? I honestly am not sure yet.",
    "Le café était très bon, merci beaucoup !",
    "Order #12345 was refunded for $19.99 on 2024-03-01.",
    "I love it 😀😀 but the battery only lasts 3 hours",
    "worst customer service ever!!! never again",
    "It does what it says. Nothing more, nothing less.",
    " ".join(["the quick brown fox jumps over the lazy dog"] * 20),
    "Can I change the delivery address after ordering?",
    "delivered in a grey box with a manual",
    "Absolutely wonderful experience from start to finish.",
    "meh",
    "The app crashes every time I open the settings page on Android 14.",
]
FIXED_PROMPTS = ["Hello! Who are you?", "Write one sentence about the sea."]


def classifier_texts(given: Sequence[str] | None) -> tuple[list[str], str]:
    """Up to MAX_TEXTS texts: the caller's first, topped up with fixed ones; and their source."""
    texts = [t for t in (given or []) if isinstance(t, str) and t.strip()][:MAX_TEXTS]
    source = f"{len(texts)} texts from the model's dataset" if texts else ""
    extra = FIXED_TEXTS[: max(0, MAX_TEXTS - len(texts))]
    if len(texts) < len(FIXED_TEXTS):
        texts += extra
        source = (source + " and " if source else "") + f"{len(extra)} fixed sample texts"
    return texts, source


def lm_prompts(meta: dict[str, Any], given: Sequence[str] | None) -> tuple[list[str], str]:
    """Prompts for the generation check: the caller's, the run's held-out sample prompts, fixed."""
    recorded = [s.get("prompt", "") for s in meta.get("metrics", {}).get("samples", [])]
    recorded += meta.get("settings", {}).get("sample_prompts") or []
    prompts: list[str] = []
    for prompt in [*(given or []), *recorded, *FIXED_PROMPTS]:
        if isinstance(prompt, str) and prompt.strip() and prompt not in prompts:
            prompts.append(prompt[:2000])
    prompts = prompts[:MAX_PROMPTS]
    held_out = sum(1 for p in prompts if p in recorded or p in (given or []))
    source = (
        f"{held_out} held-out prompts recorded with the model"
        + (f" and {len(prompts) - held_out} fixed prompts" if len(prompts) > held_out else "")
        if held_out
        else f"{len(prompts)} fixed prompts"
    )
    return prompts, source


def tabular_rows(
    pipeline: Any, meta: dict[str, Any], given: pd.DataFrame | None, seed: int = 0
) -> tuple[pd.DataFrame, str]:
    """Up to MAX_ROWS rows: the caller's held-out rows, the recorded example, then drawn ones."""
    columns = list(meta.get("feature_columns") or [])
    parts: list[pd.DataFrame] = []
    sources: list[str] = []
    if given is not None and len(given):
        parts.append(given.head(MAX_ROWS).reset_index(drop=True))
        sources.append(f"{min(len(given), MAX_ROWS)} held-out rows")
    example = meta.get("example_input") or {}
    if example:
        parts.append(pd.DataFrame([example]))
        sources.append("the example row saved with the model")
    have = sum(len(p) for p in parts)
    if have < MAX_ROWS:
        drawn = draw_rows(pipeline, MAX_ROWS - have, seed)
        parts.append(drawn)
        sources.append(f"{len(drawn)} rows drawn from what the pipeline learned")
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for column in columns:
        if column not in rows.columns:
            rows[column] = None
    return rows, " + ".join(sources)


def draw_rows(pipeline: Any, count: int, seed: int = 0) -> pd.DataFrame:
    """Rows drawn from the fitted preprocessing: numbers around the median, known categories
    and a few unseen ones, words from the vocabulary, dates near the usual ones, some blanks."""
    rng = np.random.default_rng(seed)
    prepare = pipeline.named_steps["prepare"]
    columns: dict[str, list[Any]] = {}
    for step, transformer, selected in prepare.transformers_:
        if step == "remainder" or transformer == "drop":
            continue
        names = [selected] if isinstance(selected, str) else list(selected)
        for i, name in enumerate(names):
            columns[name] = _draw_column(step, transformer, i, count, rng)
    return pd.DataFrame(columns)


def _draw_column(
    step: str, transformer: Any, index: int, count: int, rng: np.random.Generator
) -> list[Any]:
    blank = rng.random(count) < 0.1
    if step in ("numeric", "numbers_from_text"):
        imputer, scaler = transformer.named_steps["impute"], transformer.named_steps["scale"]
        centre = float(np.nan_to_num(imputer.statistics_[index]))
        spread = float(scaler.scale_[index]) if index < len(scaler.scale_) else 1.0
        values: list[Any] = list(np.round(rng.normal(centre, spread, count), 3))
        if step == "numbers_from_text":  # how spreadsheets write them: "1,234.5"
            values = [f"{v:,.2f}" if j % 3 == 0 else v for j, v in enumerate(values)]
    elif step == "categorical":
        known = [
            c for c in transformer.named_steps["onehot"].categories_[index] if c != MISSING
        ] or ["a"]
        values = [str(rng.choice(known)) for _ in range(count)]
        values[:: max(1, count // 4)] = ["never seen before"] * len(values[:: max(1, count // 4)])
    elif step.startswith("text_"):
        vocabulary = sorted(transformer.named_steps["tfidf"].vocabulary_) or ["word"]
        values = [
            " ".join(rng.choice(vocabulary, int(rng.integers(1, 8)))).capitalize()
            for _ in range(count)
        ]
    elif step == "datetime":
        year = transformer.named_steps["impute"].statistics_[4 * index]
        base = pd.Timestamp(year=int(np.nan_to_num(year, nan=2020)), month=1, day=1)
        days = rng.integers(-800, 800, count)
        values = [(base + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d") for d in days]
    else:
        values = [None] * count
    return [None if b else v for b, v in zip(blank, values, strict=True)]
