"""Text models to ONNX: classifiers (dynamic batch and sequence axes), causal LMs with a KV cache.

The graphs are traced with PyTorch's TorchScript-based exporter (`torch.onnx.export(...,
dynamo=False)`): it needs nothing beyond torch and handles the transformers models Tunewright
trains; the torch.export-based exporter would add onnxscript as a dependency.

A causal LM is exported as one graph that takes the cache and returns it grown, the layout
Hugging Face Optimum and onnxruntime-genai use:

    inputs   input_ids [batch, sequence], attention_mask [batch, past + sequence],
             position_ids [batch, sequence], past_key_values.<layer>.key|value
             [batch, kv_heads, past, head_dim] (past may be 0 on the first step)
    outputs  logits [batch, sequence, vocab], present.<layer>.key|value
             [batch, kv_heads, past + sequence, head_dim]

`greedy_generate` is the generation loop on top of it.
"""

from __future__ import annotations

import inspect
import json
import shutil
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from tunewright.export import parity
from tunewright.export.parity import Parity
from tunewright.export.runtime import TEXT_THREADS, ort_session

OPSET = 17  # LayerNormalization is native from 17; every ONNX Runtime since 1.14 runs it
EXPORTER = "torch.onnx.export (TorchScript tracer, dynamo=False)"
MODEL_FILE = "model.onnx"
# files beside the weights that a runtime needs: tokenizer, labels, generation defaults
TEXT_SIDE_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "tokenizer.model",
    "chat_template.jinja",
    "added_tokens.json",
)
LARGE_GRAPH = 1_800_000_000  # bytes; beyond ~2 GB weights must live beside the graph
UNDECIDED = 0.01  # a top-two probability gap below this: a flipped label says little
TRACE_PAST = 3  # past length in the traced example; any length, 0 included, runs afterwards
_TRACE_LOCK = threading.Lock()  # the TorchScript tracer keeps global state: one trace at a time


class ExportError(Exception):
    """An export that cannot be built, with what to do about it (shown to the user)."""

    def __init__(self, message: str, *, hint: str, code: str = "export_unsupported") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


@dataclass
class OnnxGraph:
    """What an ONNX export wrote and how to call it."""

    files: list[str]
    inputs: list[str]
    outputs: list[str]
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading the reference


def load_classifier(folder: Path) -> tuple[Any, Any]:
    """The saved classifier (fp32, eval mode) and its tokenizer."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(
        folder, dtype=torch.float32, attn_implementation="eager"
    )
    return model.eval(), AutoTokenizer.from_pretrained(folder)


def load_causal_lm(folder: Path) -> tuple[Any, Any]:
    """The saved causal LM (fp32, eval mode) and its tokenizer (left padding, a pad token)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(
        folder, dtype=torch.float32, attn_implementation="eager"
    )
    tokenizer = AutoTokenizer.from_pretrained(folder)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "left"  # generation continues at the right edge of every row
    return model.eval(), tokenizer


def copy_side_files(artifact_dir: Path, out: Path) -> list[str]:
    """Copy tokenizer, config and generation files next to the graph; returns their names."""
    copied = []
    for name in TEXT_SIDE_FILES:
        if (artifact_dir / name).is_file():
            shutil.copy2(artifact_dir / name, out / name)
            copied.append(name)
    return copied


def max_length(meta: dict[str, Any], tokenizer: Any, config: Any = None) -> int:
    """The token limit the model was trained with (inputs are cut there, as in training)."""
    trained = int(meta.get("settings", {}).get("max_length") or 512)
    limits = [trained, getattr(tokenizer, "model_max_length", trained) or trained]
    limits.append(getattr(config, "max_position_embeddings", None) or trained)
    return int(min(limits))


# ---------------------------------------------------------------- classifier


class _Logits(nn.Module):
    """Positional tensors in, logits out: the shape the tracer wants."""

    def __init__(self, model: nn.Module, names: list[str]) -> None:
        super().__init__()
        self.model = model
        self.names = names

    def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
        return self.model(**dict(zip(self.names, tensors, strict=True))).logits


def classifier_input_names(model: Any, tokenizer: Any) -> list[str]:
    """The tokenizer outputs the model takes (input_ids, attention_mask, maybe token_type_ids)."""
    encoded = tokenizer(["a b", "c"], padding=True, return_tensors="pt")
    accepted = set(inspect.signature(model.forward).parameters)
    return [name for name in encoded if name in accepted]


def export_classifier(artifact_dir: Path, out: Path) -> OnnxGraph:
    """Write model.onnx (dynamic batch and sequence) plus tokenizer and config into `out`."""
    model, tokenizer = load_classifier(artifact_dir)
    names = classifier_input_names(model, tokenizer)
    example = tokenizer(["an example to trace", "short"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    _trace(
        _Logits(model, names),
        tuple(example[n] for n in names),
        out / MODEL_FILE,
        names,
        ["logits"],
        {**axes, "logits": {0: "batch"}},
    )
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    return OnnxGraph(
        files=[MODEL_FILE, *copy_side_files(artifact_dir, out)],
        inputs=names,
        outputs=["logits"],
        info={"labels": labels, "opset": OPSET, "exporter": EXPORTER},
    )


def classifier_logits(session: Any, tokenizer: Any, texts: list[str], limit: int) -> np.ndarray:
    """Logits from an ONNX classifier session for `texts` (cut at `limit` tokens)."""
    names = [i.name for i in session.get_inputs()]
    encoded = tokenizer(texts, padding=True, truncation=True, max_length=limit, return_tensors="np")
    logits: np.ndarray = session.run(["logits"], {n: encoded[n].astype(np.int64) for n in names})[0]
    return logits


def check_classifier(
    artifact_dir: Path,
    onnx_path: Path,
    meta: dict[str, Any],
    texts: list[str],
    source: str,
    *,
    int8: bool,
) -> Parity:
    """Compare ONNX logits (fp32) or labels (int8) with PyTorch on `texts`, in batches of 8."""
    model, tokenizer = load_classifier(artifact_dir)
    limit = max_length(meta, tokenizer, model.config)
    session = ort_session(onnx_path, TEXT_THREADS)
    ours, theirs = [], []
    for start in range(0, len(texts), 8):  # several batch sizes and sequence lengths
        batch = texts[start : start + 8]
        ours.append(classifier_logits(session, tokenizer, batch, limit))
        encoded = tokenizer(
            batch, padding=True, truncation=True, max_length=limit, return_tensors="pt"
        )
        with torch.no_grad():
            theirs.append(model(**encoded).logits.numpy())
    onnx_logits, torch_logits = np.concatenate(ours), np.concatenate(theirs)
    diff = float(np.abs(onnx_logits - torch_logits).max())
    agreement = float((onnx_logits.argmax(-1) == torch_logits.argmax(-1)).mean())
    checks = (
        [
            parity.at_least(
                "label_agreement",
                agreement,
                parity.INT8_AGREEMENT,
                "share of samples labelled as PyTorch labels them",
            )
        ]
        if int8
        else [
            parity.at_most(
                "max_abs_diff", diff, parity.CLASSIFIER_ATOL, "largest logit difference"
            ),
            parity.at_least("label_agreement", agreement, 1.0, "share of identical labels"),
        ]
    )
    notes = [f"largest logit difference {diff:.3g}"] if int8 else []
    differing = onnx_logits.argmax(-1) != torch_logits.argmax(-1)
    if differing.any():
        probabilities = torch.softmax(torch.from_numpy(torch_logits), -1).numpy()
        top2 = np.sort(probabilities, axis=-1)[:, -2:]
        undecided = int((differing & (top2[:, 1] - top2[:, 0] < UNDECIDED)).sum())
        notes.append(
            f"{int(differing.sum())} labels differ; for {undecided} of them PyTorch's top two "
            f"probabilities are within {UNDECIDED:g} of each other (the model is undecided)"
        )
    return Parity(checks, len(texts), "transformers on PyTorch (fp32)", source, notes)


# ---------------------------------------------------------------- causal LM with KV cache


class _CachedStep(nn.Module):
    """A decoding step on flat cache tensors: (ids, mask, positions, *past) → (logits, *present)."""

    def __init__(self, model: nn.Module, layers: int) -> None:
        super().__init__()
        self.model = model
        self.layers = layers

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        position_ids: torch.Tensor,
        *past: torch.Tensor,
    ) -> tuple[torch.Tensor, ...]:
        from transformers.cache_utils import DynamicCache, DynamicLayer

        cache = DynamicCache()
        # filled directly: DynamicCache(ddp_cache_data=...) would trace a concat with an empty
        # 1-D tensor that ONNX cannot express
        cache.layers = []
        for i in range(self.layers):
            layer = DynamicLayer()
            layer.keys, layer.values = past[2 * i], past[2 * i + 1]
            layer.device = past[2 * i].device  # what lazy_initialization would have set
            layer.is_initialized = True
            cache.layers.append(layer)
        out = self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            past_key_values=cache,
            use_cache=True,
        )
        present: list[torch.Tensor] = []
        for layer in out.past_key_values.layers:
            present += [layer.keys, layer.values]
        return (out.logits, *present)


def cache_shape(config: Any) -> tuple[int, int, int]:
    """(layers, key/value heads, head size) of a decoder's attention cache."""
    text = config.get_text_config(decoder=True) if hasattr(config, "get_text_config") else config
    layers = int(text.num_hidden_layers)
    heads = int(text.num_attention_heads)
    kv_heads = int(getattr(text, "num_key_value_heads", None) or heads)
    head_dim = int(getattr(text, "head_dim", None) or text.hidden_size // heads)
    return layers, kv_heads, head_dim


def past_names(layers: int, prefix: str = "past_key_values") -> list[str]:
    """`past_key_values.0.key, past_key_values.0.value, ...` (or `present.*`)."""
    return [f"{prefix}.{i}.{kv}" for i in range(layers) for kv in ("key", "value")]


def export_causal_lm(artifact_dir: Path, out: Path) -> OnnxGraph:
    """Write model.onnx taking and returning the KV cache, plus tokenizer and configs."""
    model, _ = load_causal_lm(artifact_dir)
    if any(t != "full_attention" for t in getattr(model.config, "layer_types", None) or []):
        raise ExportError(
            f"{type(model).__name__} mixes sliding-window and full attention layers, whose "
            "cache this exporter does not lay out yet.",
            hint="Download format=pytorch and run it with transformers.",
        )
    layers, kv_heads, head_dim = cache_shape(model.config)
    batch, sequence = 2, 3
    ids = torch.randint(0, int(model.config.vocab_size), (batch, sequence))
    mask = torch.ones(batch, TRACE_PAST + sequence, dtype=torch.long)
    positions = torch.arange(TRACE_PAST, TRACE_PAST + sequence).expand(batch, sequence)
    past = [torch.randn(batch, kv_heads, TRACE_PAST, head_dim) for _ in range(2 * layers)]
    inputs = ["input_ids", "attention_mask", "position_ids", *past_names(layers)]
    outputs = ["logits", *past_names(layers, "present")]
    axes: dict[str, dict[int, str]] = {
        "input_ids": {0: "batch", 1: "sequence"},
        "attention_mask": {0: "batch", 1: "total_sequence"},
        "position_ids": {0: "batch", 1: "sequence"},
        "logits": {0: "batch", 1: "sequence"},
        **{n: {0: "batch", 2: "past_sequence"} for n in past_names(layers)},
        **{n: {0: "batch", 2: "total_sequence"} for n in past_names(layers, "present")},
    }
    _trace(
        _CachedStep(model, layers),
        (ids, mask, positions, *past),
        out / MODEL_FILE,
        inputs,
        outputs,
        axes,
    )
    return OnnxGraph(
        files=[MODEL_FILE, *copy_side_files(artifact_dir, out)],
        inputs=inputs,
        outputs=outputs,
        info={
            "kv_cache": True,
            "num_layers": layers,
            "num_key_value_heads": kv_heads,
            "head_dim": head_dim,
            "opset": OPSET,
            "exporter": EXPORTER,
        },
    )


@dataclass
class Generated:
    """Greedy continuations (new token ids per row, cut at EOS) and each step's logits."""

    tokens: list[list[int]]
    step_logits: list[np.ndarray]  # [batch, vocab] per step


def greedy_generate(
    session: Any,
    input_ids: np.ndarray,
    attention_mask: np.ndarray,
    max_new_tokens: int,
    eos_token_ids: set[int],
) -> Generated:
    """Greedy decoding with the KV cache in ONNX Runtime (rows left-padded, like transformers)."""
    names = [i.name for i in session.get_inputs()]
    past = [n for n in names if n.startswith("past_key_values.")]
    shapes = {i.name: i.shape for i in session.get_inputs()}
    batch = input_ids.shape[0]
    feed_past = {
        n: np.zeros((batch, int(shapes[n][1]), 0, int(shapes[n][3])), np.float32) for n in past
    }
    mask = attention_mask.astype(np.int64)
    current = input_ids.astype(np.int64)
    tokens: list[list[int]] = [[] for _ in range(batch)]
    done = np.zeros(batch, dtype=bool)
    step_logits = []
    for _ in range(max_new_tokens):
        # positions count real tokens only, so left padding does not shift them (as generate)
        positions = np.cumsum(mask, axis=1) - 1
        positions = np.where(mask == 0, 1, positions)[:, -current.shape[1] :]
        outputs = session.run(
            None,
            {
                "input_ids": current,
                "attention_mask": mask,
                "position_ids": positions.astype(np.int64),
                **feed_past,
            },
        )
        logits = outputs[0][:, -1, :]
        step_logits.append(logits)
        chosen = logits.argmax(-1)
        for row, token in enumerate(chosen):
            if not done[row]:
                tokens[row].append(int(token))
                done[row] = int(token) in eos_token_ids
        if done.all():
            break
        feed_past = dict(zip(past, outputs[1:], strict=True))
        current = chosen[:, None].astype(np.int64)
        mask = np.concatenate([mask, np.ones((batch, 1), np.int64)], axis=1)
    return Generated(tokens, step_logits)


def eos_ids(model: Any, tokenizer: Any) -> set[int]:
    """Every token id that ends generation for this model."""
    found: set[int] = set()
    for source in (getattr(model, "generation_config", None), model.config, tokenizer):
        value = getattr(source, "eos_token_id", None)
        found.update(value if isinstance(value, list) else [value] if value is not None else [])
    return {int(v) for v in found}


def check_causal_lm(
    artifact_dir: Path,
    onnx_path: Path,
    meta: dict[str, Any],
    prompts: list[str],
    source: str,
    *,
    int8: bool,
) -> Parity:
    """fp32: greedy tokens and step logits against `generate`; int8: next-token agreement."""
    from tunewright.training.text_data import generation_prompt

    model, tokenizer = load_causal_lm(artifact_dir)
    shape = meta.get("data_shape", "raw_text")
    texts = [generation_prompt(tokenizer, p, shape) for p in prompts]
    special = shape == "raw_text"  # chat templates add their own special tokens
    session = ort_session(onnx_path, TEXT_THREADS)
    stops = eos_ids(model, tokenizer)
    n = parity.LM_GREEDY_TOKENS
    expected, expected_logits = [], []
    for text in texts:
        encoded = tokenizer(text, return_tensors="pt", add_special_tokens=special)
        with torch.no_grad():
            result = model.generate(
                **encoded,
                max_new_tokens=n,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                output_logits=True,
                return_dict_in_generate=True,
            )
        expected.append(result.sequences[0, encoded["input_ids"].shape[1] :].tolist())
        expected_logits.append([s[0].numpy() for s in result.logits])
    if int8:
        agreement, diff = _teacher_forced(
            session, tokenizer, texts, expected, expected_logits, special
        )
        checks = [
            parity.at_least(
                "next_token_agreement",
                agreement,
                parity.LM_INT8_AGREEMENT,
                "share of positions whose most likely next token matches PyTorch's",
            )
        ]
        notes = [f"largest next-token logit difference {diff:.3g}"]
        return Parity(checks, len(texts), "transformers generate() on PyTorch", source, notes)

    encoded = tokenizer(texts, return_tensors="np", padding=True, add_special_tokens=special)
    got = greedy_generate(session, encoded["input_ids"], encoded["attention_mask"], n, stops)
    diff, identical = 0.0, 0
    for row, want in enumerate(expected):
        have = got.tokens[row]
        identical += have == want
        for step in range(min(len(have), len(want), len(got.step_logits))):
            delta = np.abs(got.step_logits[step][row] - expected_logits[row][step]).max()
            diff = max(diff, float(delta))
            if have[step] != want[step]:
                break  # later steps continue different texts: nothing to compare
    checks = [
        parity.at_most("max_abs_diff", diff, parity.LM_ATOL, "largest next-token logit difference"),
        parity.at_least(
            "greedy_identical",
            identical / max(1, len(texts)),
            1.0,
            f"share of prompts whose {n} greedy tokens are identical",
        ),
    ]
    notes = [
        "ONNX Runtime generated with its KV cache, the prompts left-padded in one batch; "
        "PyTorch generated each prompt alone."
    ]
    return Parity(checks, len(texts), "transformers generate() on PyTorch", source, notes)


def _teacher_forced(
    session: Any,
    tokenizer: Any,
    texts: list[str],
    continuations: list[list[int]],
    step_logits: list[list[np.ndarray]],
    special: bool,
) -> tuple[float, float]:
    # the whole prompt + PyTorch's continuation in one pass (empty cache): does the int8 graph
    # pick the same next token at every position PyTorch generated?
    shapes = {i.name: i.shape for i in session.get_inputs()}
    past = [n for n in shapes if n.startswith("past_key_values.")]
    matches, total, diff = 0, 0, 0.0
    for text, continuation, expected in zip(texts, continuations, step_logits, strict=True):
        prompt = tokenizer(text, add_special_tokens=special)["input_ids"]
        ids = np.array([prompt + continuation], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "position_ids": np.arange(ids.shape[1], dtype=np.int64)[None, :],
            **{n: np.zeros((1, int(shapes[n][1]), 0, int(shapes[n][3])), np.float32) for n in past},
        }
        logits = session.run(["logits"], feed)[0][0]
        predicted = logits[len(prompt) - 1 : len(prompt) - 1 + len(continuation)]
        chosen = predicted.argmax(-1)
        diff = max(diff, float(np.abs(predicted - np.stack(expected)).max()))
        matches += int((chosen == np.array(continuation)).sum())
        total += len(continuation)
    return matches / max(1, total), diff


# ---------------------------------------------------------------- shared


def quantize_int8(source: Path, target: Path, op_types: list[str] | None = None) -> None:
    """Dynamic int8 quantisation of MatMul (and Gather) weights, per output channel; activations
    are quantised on the fly. Per channel halves the error of per tensor. `op_types=["MatMul"]`
    keeps embedding lookups exact, which decoders need more than the smaller file."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "consider pre-processing" is advice for static quantisation
    large = sum(p.stat().st_size for p in source.parent.iterdir() if p.is_file()) > LARGE_GRAPH
    try:
        quantize_dynamic(
            source,
            target,
            op_types_to_quantize=op_types,
            weight_type=QuantType.QInt8,
            per_channel=True,
            use_external_data_format=large,  # protobuf cannot hold a graph over 2 GB
        )
    finally:
        quiet.setLevel(level)


def _trace(
    module: nn.Module,
    args: tuple[torch.Tensor, ...],
    path: Path,
    inputs: list[str],
    outputs: list[str],
    axes: dict[str, dict[int, str]],
) -> None:
    module.eval()  # the tracer records dropout as it finds it: a wrapper starts in train mode
    with _TRACE_LOCK, warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer and deprecation warnings, one per op
        torch.onnx.export(
            module,
            args,
            str(path),
            dynamo=False,
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
        )


def labels_of(folder: Path) -> list[str]:
    """The label names of an exported classifier, in logit order (from its config.json)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    id2label = config.get("id2label") or {}
    return [str(id2label[k]) for k in sorted(id2label, key=int)]
