"""Fine-tune a pretrained encoder (or decoder) into a text classifier.

A checkpoint without a classification head (e.g. the all-MiniLM-L6-v2 sentence encoder) gets
a freshly initialised one sized to the labels; that is expected and is what training learns.
With `method="lora"` the adapters (and the head, which always trains) are merged before saving,
so the folder loads with a plain `AutoModelForSequenceClassification.from_pretrained`.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from tunewright.base_models import ResolvedModel, load_tokenizer
from tunewright.training import checkpoint as ckpt
from tunewright.training.classifier.evaluate import classifier_metrics, classifier_score, report
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
from tunewright.training.text_data import classifier_examples, split_examples
from tunewright.training.types import RunContext, WorkflowResult


def load_classifier(model: ResolvedModel, tokenizer: Any, names: list[str]) -> Any:
    """The pretrained model with a classification head for `names`, in fp32."""
    from transformers import AutoModelForSequenceClassification

    classifier = AutoModelForSequenceClassification.from_pretrained(
        model.path,
        num_labels=len(names),
        id2label=dict(enumerate(names)),
        label2id={name: i for i, name in enumerate(names)},
        dtype=torch.float32,
        **model.from_pretrained_kwargs(),
    )
    # decoder classifiers read the last non-padding token: they must know which id pads
    classifier.config.pad_token_id = tokenizer.pad_token_id
    return classifier


def train_classifier(
    df: pd.DataFrame,
    roles: dict[str, str],
    model: ResolvedModel,
    settings: TextTrainSettings,
    ctx: RunContext,
    *,
    cache_dir: Path,
) -> WorkflowResult:
    """Fine-tune a classifier, compare it with the majority-class baseline, save it."""
    # 1. seed and threads
    ctx.emit("phase", {"phase": "preparing"})
    setup_process(settings)
    device = resolve_device(settings)

    # 2. data: tokenized examples, held-out split stratified by label
    tokenizer = load_tokenizer(model, cache_dir)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    prepared = classifier_examples(df, roles, tokenizer, settings.max_length)
    names = prepared.label_names
    train_set, val_set, split = split_examples(
        prepared.examples, settings.val_fraction, settings.seed, stratify=True
    )
    split.update(prepared.summary(), max_length=settings.max_length)

    # 3. model
    classifier = load_classifier(model, tokenizer, names).to(device)
    if settings.gradient_checkpointing:
        enable_checkpointing(classifier)
    if settings.method == "lora":
        classifier = add_lora(classifier, settings, "SEQ_CLS")
    resumed = ckpt.load_checkpoint(ctx.run_dir) if ctx.resume else None
    if ctx.resume and resumed is None:
        ctx.emit("log", {"message": "No checkpoint was found, so training starts from the top."})

    # 4. train
    pad_id = int(tokenizer.pad_token_id)
    result = train(
        classifier,
        train_set,
        val_set,
        settings,
        ctx,
        score=classifier_score,
        metrics=classifier_metrics(val_set),
        pad_id=pad_id,
        resume_from=resumed,
    )

    # 5. evaluate the kept weights
    ctx.emit("phase", {"phase": "evaluating"})
    scores = score_examples(classifier, val_set, classifier_score, settings, pad_id)
    metrics, verdict = report(
        scores, val_set, train_set, names, result, prepared, settings.max_length
    )
    metrics.update(
        **result.summary(),
        train_size=len(train_set),
        val_size=len(val_set),
    )
    apply_target(verdict, metrics, ctx.success_target)

    # 6. save a complete model that describes itself
    final = merge_lora(classifier).to("cpu")
    record = {
        "task": "classifier",
        "base_model": model.as_dict(),
        "weights": "full model"
        + (" (LoRA adapters merged in)" if settings.method == "lora" else ""),
        "merged_lora": settings.method == "lora",
        "labels": names,
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
