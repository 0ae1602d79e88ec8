"""Fine-tune a causal language model on chat, prompt/response or raw text.

The saved model is always a complete transformers model: with `method="lora"` the adapters are
merged into the base weights (`merge_and_unload`) before saving, so it loads with a plain
`AutoModelForCausalLM.from_pretrained(folder)` and no peft; `metadata.json` records the base
model it was tuned from and that LoRA was merged.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import torch
from torch import nn

from tunewright.base_models import ResolvedModel, load_tokenizer
from tunewright.training import checkpoint as ckpt
from tunewright.training.causal_lm.evaluate import (
    default_prompts,
    generate,
    lm_metrics,
    lm_score,
    report,
    scores_from_lists,
    scores_to_lists,
)
from tunewright.training.loop import (
    add_lora,
    enable_checkpointing,
    merge_lora,
    resolve_device,
    score_examples,
    setup_process,
    train,
)
from tunewright.training.settings import TextTrainSettings
from tunewright.training.targets import apply_target
from tunewright.training.text_data import lm_examples, split_examples
from tunewright.training.types import RunContext, WorkflowResult


def load_causal_lm(model: ResolvedModel, tokenizer: Any) -> Any:
    """The pretrained model in fp32 (GGUF weights are dequantised), with a pad token id."""
    from transformers import AutoModelForCausalLM

    # fp32 master weights: hub checkpoints stored in bf16 would otherwise train in bf16
    lm = AutoModelForCausalLM.from_pretrained(
        model.path, dtype=torch.float32, **model.from_pretrained_kwargs()
    )
    lm.config.pad_token_id = tokenizer.pad_token_id
    if lm.generation_config is not None:
        lm.generation_config.pad_token_id = tokenizer.pad_token_id
    return lm


def train_causal_lm(
    df: pd.DataFrame,
    roles: dict[str, str],
    model: ResolvedModel,
    settings: TextTrainSettings,
    ctx: RunContext,
    *,
    cache_dir: Path,
) -> WorkflowResult:
    """Fine-tune, compare with the base model on held-out data, save a merged model."""
    # 1. seed and threads
    ctx.emit("phase", {"phase": "preparing"})
    setup_process(settings)
    device = resolve_device(settings)

    # 2. data: tokenized examples, held-out split
    tokenizer = load_tokenizer(model, cache_dir)
    if tokenizer.pad_token_id is None:  # GPT-2 style tokenizers have none; padding is masked
        tokenizer.pad_token = tokenizer.eos_token
    prepared = lm_examples(df, roles, tokenizer, settings.max_length)
    train_set, val_set, split = split_examples(
        prepared.examples, settings.val_fraction, settings.seed
    )
    split.update(prepared.summary(), max_length=settings.max_length)
    prompts = settings.sample_prompts or default_prompts([e.prompt for e in val_set])

    # 3. model
    lm = load_causal_lm(model, tokenizer).to(device)
    pad_id = int(tokenizer.pad_token_id)

    # 4. the base model's held-out loss and answers, measured once (a resume reads them back)
    resumed = ckpt.load_checkpoint(ctx.run_dir) if ctx.resume else None
    if ctx.resume and resumed is None:
        ctx.emit("log", {"message": "No checkpoint was found, so training starts from the top."})
    if resumed is not None:
        extra = resumed["extra"]
    else:
        base_scores = score_examples(lm, val_set, lm_score, settings, pad_id)
        base_outputs = generate(
            lm, tokenizer, prompts, prepared.shape, settings.sample_max_new_tokens
        )
        extra = {"base_scores": scores_to_lists(base_scores), "base_outputs": base_outputs}
    if settings.gradient_checkpointing:
        enable_checkpointing(lm)
    if settings.method == "lora":
        lm = add_lora(lm, settings, "CAUSAL_LM")

    # 5. train
    def sample(current: nn.Module, step: int) -> None:
        outputs = generate(
            current, tokenizer, prompts, prepared.shape, settings.sample_max_new_tokens
        )
        for prompt, output in zip(prompts, outputs, strict=True):
            ctx.emit("sample", {"step": step, "prompt": prompt, "output": output})

    result = train(
        lm,
        train_set,
        val_set,
        settings,
        ctx,
        score=lm_score,
        metrics=lm_metrics,
        pad_id=pad_id,
        sample=sample if prompts else None,
        resume_from=resumed,
        extra=extra,
    )

    # 6. evaluate the kept weights against the base model
    ctx.emit("phase", {"phase": "evaluating"})
    tuned_scores = score_examples(lm, val_set, lm_score, settings, pad_id)
    tuned_outputs = generate(lm, tokenizer, prompts, prepared.shape, settings.sample_max_new_tokens)
    samples = [
        {"prompt": p, "base": b, "fine_tuned": t}
        for p, b, t in zip(prompts, result.extra["base_outputs"], tuned_outputs, strict=True)
    ]
    metrics, verdict = report(
        scores_from_lists(result.extra["base_scores"]),
        tuned_scores,
        [e.words for e in val_set],
        result,
        prepared,
        len(train_set),
        settings.max_length,
        samples,
    )
    metrics.update(
        samples=samples,
        **result.summary(),
        train_size=len(train_set),
        val_size=len(val_set),
    )
    apply_target(verdict, metrics, ctx.success_target)

    # 7. save a complete model (LoRA merged in) that describes itself
    final = merge_lora(lm).to("cpu")
    if hasattr(final.config, "use_cache"):
        final.config.use_cache = True  # turned off for checkpointing; serving wants the cache
    record = {
        "task": "causal_lm",
        "base_model": model.as_dict(),
        "weights": "full model"
        + (" (LoRA adapters merged in)" if settings.method == "lora" else ""),
        "merged_lora": settings.method == "lora",
        "data_shape": prepared.shape,
        "prompt_format": prepared.prompt_format,
        "settings": settings.as_dict(),
        "metrics": metrics,
        "verdict": asdict(verdict),
        "split": split,
    }
    artifact = ckpt.write_artifact(ctx.run_dir / "model", final, tokenizer, record)
    ckpt.clear_checkpoints(ctx.run_dir)
    return WorkflowResult(
        metrics=metrics,
        verdict=verdict,
        artifact_dir=artifact,
        settings=settings.as_dict(),
        base_model=model.as_dict(),
        split=split,
    )
