"""How good a fine-tuned language model is: held-out loss against the base model, generations
side by side, where it helps most by input length, and a verdict in plain English.

The gate is held-out perplexity: the fine-tune passes when it is at least
`MIN_PERPLEXITY_DROP` below the base model's. The headline says both perplexities and the
per-token likelihood ratio exp(base_loss − tuned_loss): "answers became 38% more likely" means
the fine-tuned model gives each held-out answer token 1.38× the probability the base model gave
it (geometric mean over tokens).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from tunewright.training.loop import LoopResult, Scored, Scores, overfitting_gate
from tunewright.training.text_data import (
    IGNORE_INDEX,
    Batch,
    Prepared,
    Shape,
    data_notes,
    generation_prompt,
    length_slices,
)
from tunewright.training.types import Verdict

MAX_LOG_PERPLEXITY = 50.0  # exp(50) is already meaningless; keeps the JSON finite
# A pass needs held-out perplexity at least 5% below the base model's: smaller drops are within
# the noise of a few dozen held-out examples and change no answer anyone would notice.
MIN_PERPLEXITY_DROP = 0.05
SAMPLES_IN_VERDICT = 2  # side-by-side answers quoted in the verdict (all are in the metrics)
ANSWER_CHARS = 120  # an answer quoted in the verdict is cut here


def lm_score(model: nn.Module, batch: Batch) -> Scored:
    """Next-token cross-entropy per example (fp32), summed over its target tokens."""
    logits = model(input_ids=batch.input_ids, attention_mask=batch.attention_mask).logits
    targets = batch.labels[:, 1:]
    per_token = F.cross_entropy(
        logits[:, :-1].float().reshape(-1, logits.size(-1)),
        targets.reshape(-1),
        ignore_index=IGNORE_INDEX,
        reduction="none",
    ).view(targets.shape)
    return Scored(per_token.sum(dim=1), (targets != IGNORE_INDEX).sum(dim=1))


def perplexity(loss: float) -> float:
    """exp(loss), capped so it stays a finite number."""
    return math.exp(min(loss, MAX_LOG_PERPLEXITY))


def lm_metrics(scores: Scores) -> dict[str, float]:
    """Validation loss (per target token) and perplexity."""
    return {"val_loss": scores.loss, "perplexity": perplexity(scores.loss)}


@torch.no_grad()
def generate(
    model: Any, tokenizer: Any, prompts: list[str], shape: Shape, max_new_tokens: int
) -> list[str]:
    """Greedy continuations of each prompt, formatted as in training (deterministic)."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    outputs = []
    for prompt in prompts:
        text = generation_prompt(tokenizer, prompt, shape)
        encoded = tokenizer(text, return_tensors="pt", add_special_tokens=shape == "raw_text")
        ids = model.generate(
            input_ids=encoded["input_ids"].to(device),
            attention_mask=encoded["attention_mask"].to(device),
            max_new_tokens=max_new_tokens,
            do_sample=False,
            pad_token_id=tokenizer.pad_token_id,
        )
        new = ids[0, encoded["input_ids"].shape[1] :]
        outputs.append(str(tokenizer.decode(new, skip_special_tokens=True)).strip())
    model.train(was_training)
    return outputs


def _percent(share: float) -> str:
    """38%, or 0.4% where a whole percent would round a small change to a misleading 0%."""
    return f"{share:.1%}" if 0 < abs(share) < 0.01 else f"{share:.0%}"


def _drop_percent(share: float) -> str:
    """|share| for the headline: 4.9% is cut, not rounded, so a miss never reads "5%"."""
    tenths = math.floor(abs(share) * 1000 + 1e-6) / 10  # 1e-6: 4.5% stored as 4.4999…
    return f"{tenths:.1f}%" if tenths < 10 else f"{tenths:.0f}%"


def _gain(base_loss: float, tuned_loss: float) -> float:
    """How much more likely held-out targets became per token (0.38 = 38% more likely)."""
    return math.exp(max(-50.0, min(50.0, base_loss - tuned_loss))) - 1.0


def perplexity_drop(base_loss: float, tuned_loss: float) -> float:
    """How much lower the tuned perplexity is than the base one (0.29 = 29% lower; < 0 higher)."""
    return 1.0 - math.exp(max(-50.0, min(50.0, tuned_loss - base_loss)))


def perplexity_gate(base_loss: float, tuned_loss: float) -> dict[str, Any]:
    """Gate: held-out perplexity at least MIN_PERPLEXITY_DROP below the base model's."""
    base = perplexity(base_loss)
    return {
        "name": "val_loss_improved",
        "metric": "perplexity",
        # the tolerance keeps exactly the minimum (5.000% computed as 4.9999…%) a pass
        "passed": bool(perplexity_drop(base_loss, tuned_loss) >= MIN_PERPLEXITY_DROP - 1e-9),
        "value": round(perplexity(tuned_loss), 4),
        "threshold": round(base * (1 - MIN_PERPLEXITY_DROP), 4),
    }


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:ANSWER_CHARS]}…”" if len(text) > ANSWER_CHARS else f"“{text or '(nothing)'}”"


def sample_insights(samples: list[dict[str, str]]) -> list[str]:
    """The first sample prompts with the base and the fine-tuned answer, side by side."""
    return [
        f"Asked {_quote(s['prompt'])}: the base model answered {_quote(s['base'])}; "
        f"the fine-tuned model answers {_quote(s['fine_tuned'])}."
        for s in samples[:SAMPLES_IN_VERDICT]
    ]


def length_breakdown(base: Scores, tuned: Scores, words: list[int]) -> list[dict[str, Any]]:
    """Held-out loss of base and tuned model in short / medium / long input slices."""
    rows = []
    for name, mask in length_slices(words):
        base_loss = float(base.loss_sum[mask].sum() / max(1, base.count[mask].sum()))
        tuned_loss = float(tuned.loss_sum[mask].sum() / max(1, tuned.count[mask].sum()))
        rows.append(
            {
                "slice": name,
                "size": int(mask.sum()),
                "base_loss": round(base_loss, 4),
                "val_loss": round(tuned_loss, 4),
                "gain": round(_gain(base_loss, tuned_loss), 4),
            }
        )
    return rows


def report(
    base: Scores,
    tuned: Scores,
    words: list[int],
    result: LoopResult,
    prepared: Prepared,
    train_size: int,
    max_length: int,
    samples: list[dict[str, str]] | None = None,
) -> tuple[dict[str, Any], Verdict]:
    """Metrics and the verdict of a causal-LM fine-tune, compared with its base model."""
    gain = _gain(base.loss, tuned.loss)
    drop = perplexity_drop(base.loss, tuned.loss)
    base_ppl, tuned_ppl = perplexity(base.loss), perplexity(tuned.loss)
    chat = prepared.shape != "raw_text"
    noun = "questions" if chat else "text"
    slices = length_breakdown(base, tuned, words)
    metrics: dict[str, Any] = {
        "val_loss": round(tuned.loss, 6),
        "perplexity": round(perplexity(tuned.loss), 4),
        "base_val_loss": round(base.loss, 6),
        "base_perplexity": round(perplexity(base.loss), 4),
        "likelihood_gain": round(gain, 4),
        "perplexity_drop": round(drop, 4),
        "length_slices": slices,
    }
    improved = perplexity_gate(base.loss, tuned.loss)
    overfit = overfitting_gate(result)
    gates = [improved, overfit]
    passed = all(g["passed"] for g in gates)

    change = f"{_percent(gain)} more likely" if gain >= 0 else f"{_percent(-gain)} less likely"
    what = "your bot's answers" if chat else "the real wording"
    lower = f"{_drop_percent(drop)} {'lower' if drop >= 0 else 'higher'}"
    numbers = f"perplexity {base_ppl:.1f} → {tuned_ppl:.1f} ({lower} than the base model)"
    if passed:
        headline = f"Passed: on {noun} it has never seen, {numbers}; {what} became {change}."
    elif not improved["passed"]:
        headline = (
            f"Not passed: on {noun} it has never seen, {numbers}; a pass needs at least "
            f"{MIN_PERPLEXITY_DROP:.0%} lower."
        )
    else:
        rise = result.last_val_loss / result.best_val_loss - 1
        headline = (
            f"Not passed: {numbers}, but the model started to overfit "
            f"(held-out loss ended {rise:.0%} above its best)."
        )

    insights = [
        f"Perplexity on held-out {noun}: {base_ppl:.1f} before, {tuned_ppl:.1f} after (lower "
        f"is better; it must fall at least {MIN_PERPLEXITY_DROP:.0%} to pass).",
        *sample_insights(samples or []),
    ]
    suggestions: list[str] = []
    if slices:
        best = max(slices, key=lambda s: s["gain"])
        worst = min(slices, key=lambda s: s["gain"])
        insights.append(
            f"Works best on {noun} {best['slice']}: {what} became "
            f"{_percent(best['gain'])} more likely."
        )
        if best["gain"] - worst["gain"] > 0.1:
            insights.append(f"Improves least on {noun} {worst['slice']} ({worst['gain']:+.0%}).")
            suggestions.append(f"Add more examples of {noun} {worst['slice']}.")
    if result.stopped_early:
        insights.append(
            f"Training stopped early at step {result.steps}: held-out loss had stopped improving."
        )
    if result.best_step and result.best_step != result.steps:
        insights.append(f"Kept the weights of step {result.best_step}, the best on held-out data.")
    data_insights, data_suggestions = data_notes(prepared, train_size, max_length)
    insights += data_insights
    if not improved["passed"]:
        suggestions.append(
            "Train longer (raise epochs) or raise the learning rate, and check that the answers "
            "in your data are consistent with each other."
        )
    if not overfit["passed"]:
        suggestions.append(
            "Lower epochs or add more examples: the model began memorising its training data."
        )
    suggestions += data_suggestions
    return metrics, Verdict(passed, headline, insights, suggestions, gates)


def default_prompts(examples_prompts: list[str], count: int = 3) -> list[str]:
    """Sample prompts when none were given: the first few held-out questions (or text starts)."""
    seen: list[str] = []
    for prompt in examples_prompts:
        if prompt and prompt not in seen:
            seen.append(prompt)
        if len(seen) == count:
            break
    return seen


def scores_to_lists(scores: Scores) -> dict[str, list[float]]:
    """Scores as plain lists (for the checkpoint's `extra`)."""
    return {"loss_sum": scores.loss_sum.tolist(), "count": scores.count.tolist()}


def scores_from_lists(state: dict[str, list[float]]) -> Scores:
    """The inverse of `scores_to_lists`."""
    return Scores(np.asarray(state["loss_sum"]), np.asarray(state["count"]))
