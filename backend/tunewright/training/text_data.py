"""Rows → tokenized examples, a held-out split, a reproducible batch order and padded batches.

What each kind of data becomes (roles name the DataFrame columns):

- raw text `{"text"}`: plain language modelling on the text followed by the eos token; every
  token is a target.
- chat `{"messages"}` and prompt/response `{"prompt", "response"}` (Alpaca: plus `"input"`):
  rendered with the tokenizer's chat template. A prompt/response row is the conversation
  `[user: prompt (+ "\\n\\n" + input), assistant: response]`. The loss is on the assistant
  turns only (their text and end-of-turn token); every other label is -100, so the model learns
  to answer, not to write questions. A tokenizer without a chat template gets
  `FALLBACK_CHAT_TEMPLATE`, installed on the tokenizer so the saved model formats prompts the
  same way when it serves:

      ### Instructions:\\n{system}\\n\\n     (only when there is a system message)
      ### Question:\\n{user}\\n\\n
      ### Answer:\\n{assistant}{eos}\\n\\n

  and a generation prompt ends with `### Answer:\\n`.
- classifier `{"text", "label"}`: the text with the tokenizer's special tokens; the label is an
  index into the sorted label names.

Every example is cut at its end to `max_length` tokens (`Prepared.truncated` counts them); a
chat example whose answers were all cut off has nothing to learn from and is dropped
(`dropped`). The held-out split uses a fixed seed and is stratified by label for classifiers.
The batch order of an epoch is a permutation drawn from `(seed, epoch)` alone, so a position
(micro-batch number) fully determines every batch that follows: a checkpoint stores that
number and a resumed run sees exactly the batches the uninterrupted run would have.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import torch

IGNORE_INDEX = -100  # label value cross-entropy skips (prompt tokens, padding)
Shape = Literal["raw_text", "chat", "prompt_response", "text_label"]
ROLES_OF: dict[Shape, tuple[str, ...]] = {
    "raw_text": ("text",),
    "chat": ("messages",),
    "prompt_response": ("prompt", "response"),
    "text_label": ("text", "label"),
}
CHAT_ROLES = ("system", "user", "assistant")

FALLBACK_CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'system' -%}"
    "{{ '### Instructions:\\n' + message['content'] + '\\n\\n' }}"
    "{%- elif message['role'] == 'user' -%}"
    "{{ '### Question:\\n' + message['content'] + '\\n\\n' }}"
    "{%- else -%}"
    "{{ '### Answer:\\n' + message['content'] + eos_token + '\\n\\n' }}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '### Answer:\\n' }}{%- endif -%}"
)


@dataclass
class Example:
    """One tokenized row: ids, its targets and what evaluation slices it by."""

    input_ids: list[int]
    labels: list[int] | int  # per-token targets (-100 = no loss) or a class index
    words: int  # length of the input (question or text) in words, for insights by length
    prompt: str = ""  # the question (or the start of the text) for sample generations


@dataclass
class Prepared:
    """Examples of one dataset and what happened on the way."""

    examples: list[Example]
    shape: Shape
    rows: int
    truncated: int = 0  # examples cut at max_length
    dropped_empty: int = 0  # rows with no text
    dropped_no_target: int = 0  # chat rows with no assistant text left to learn from
    prompt_format: str = "raw_text"  # "chat_template", "fallback" or "raw_text"
    label_names: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-ready counts for the split record and metadata."""
        return {
            "shape": self.shape,
            "rows": self.rows,
            "examples": len(self.examples),
            "truncated": self.truncated,
            "dropped_empty": self.dropped_empty,
            "dropped_no_target": self.dropped_no_target,
            "prompt_format": self.prompt_format,
        }


@dataclass
class Batch:
    """Padded tensors of a few examples, with the counts the loop weighs losses by."""

    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    labels: torch.Tensor
    num_targets: int  # tokens (after the causal shift) or examples that carry loss
    num_tokens: int  # real (non-padding) tokens, for throughput

    def to(self, device: torch.device) -> Batch:
        """The same batch on `device`."""
        return Batch(
            self.input_ids.to(device),
            self.attention_mask.to(device),
            self.labels.to(device),
            self.num_targets,
            self.num_tokens,
        )


def shape_of(roles: dict[str, str]) -> Shape:
    """Which kind of text data the roles describe (raises naming the roles that are missing)."""
    if "messages" in roles:
        return "chat"
    if "prompt" in roles or "response" in roles:
        if not ("prompt" in roles and "response" in roles):
            raise ValueError(
                "roles: prompt/response data needs both a 'prompt' and a 'response' column; "
                f"got {sorted(roles)}. Mark the question column as prompt and the answer as "
                "response."
            )
        return "prompt_response"
    if "label" in roles:
        return "text_label"
    if "text" in roles:
        return "raw_text"
    raise ValueError(
        f"roles: no text column was chosen (got {sorted(roles)}). Mark a column as 'text', "
        "'messages', or a 'prompt' and 'response' pair."
    )


def _check_columns(df: pd.DataFrame, roles: dict[str, str], needed: Sequence[str]) -> None:
    for role in needed:
        column = roles.get(role)
        if column is None or column not in df.columns:
            raise ValueError(
                f"roles: the {role!r} role points to column {column!r}, which is not in the data "
                f"(columns: {list(df.columns)[:10]}). Choose the {role} column again."
            )


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _messages(cell: Any) -> list[dict[str, str]]:
    """A chat cell as a list of {role, content}; accepts lists, arrays and JSON strings."""
    if isinstance(cell, str):
        cell = json.loads(cell)
    messages = []
    for message in list(cell):
        role, content = str(message.get("role", "")), message.get("content")
        if role not in CHAT_ROLES:
            raise ValueError(
                f"messages: unknown role {role!r}; each message needs a role of "
                f"{', '.join(CHAT_ROLES)}. Rename the role in your data."
            )
        messages.append({"role": role, "content": "" if content is None else str(content)})
    return messages


def ensure_chat_template(tokenizer: Any) -> str:
    """Give the tokenizer a chat template when it has none; returns which format is in use."""
    if getattr(tokenizer, "chat_template", None):
        return "chat_template"
    tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    return "fallback"


def _render(tokenizer: Any, messages: list[dict[str, str]], generation: bool = False) -> str:
    return str(
        tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation)
    )


def _assistant_spans(tokenizer: Any, messages: list[dict[str, str]]) -> tuple[str, list[range]]:
    """The rendered conversation and the character ranges of its assistant turns.

    A turn's range runs from the end of the generation prompt before it to the end of the
    conversation rendered up to it, so it includes the end-of-turn token the model must learn
    to emit. Templates that rewrite earlier turns break the prefix property; their turns are
    skipped rather than mislabelled.
    """
    full = _render(tokenizer, messages)
    spans = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = _render(tokenizer, messages[:i], generation=True) if i else ""
        through = _render(tokenizer, messages[: i + 1])
        if full.startswith(through) and through.startswith(before) and len(through) > len(before):
            spans.append(range(len(before), len(through)))
    return full, spans


def _last_user(messages: list[dict[str, str]]) -> str:
    users = [m["content"] for m in messages if m["role"] == "user"]
    return users[-1] if users else ""


def _conversations(df: pd.DataFrame, roles: dict[str, str], shape: Shape) -> list[Any]:
    """Each row as a conversation (None for a row with nothing in it)."""
    if shape == "chat":
        return [None if _blank(c) else _messages(c) for c in df[roles["messages"]]]
    inputs = df[roles["input"]] if "input" in roles else [None] * len(df)
    conversations: list[Any] = []
    for prompt, extra, response in zip(
        df[roles["prompt"]], inputs, df[roles["response"]], strict=True
    ):
        if _blank(prompt) or _blank(response):
            conversations.append(None)
            continue
        question = str(prompt) if _blank(extra) else f"{prompt}\n\n{extra}"
        conversations.append(
            [{"role": "user", "content": question}, {"role": "assistant", "content": str(response)}]
        )
    return conversations


def lm_examples(
    df: pd.DataFrame, roles: dict[str, str], tokenizer: Any, max_length: int
) -> Prepared:
    """Tokenize causal-LM rows: raw text, chat or prompt/response (see the module docstring)."""
    shape = shape_of(roles)
    if shape == "text_label":
        raise ValueError(
            "roles: a 'label' column makes this a classifier dataset; choose a text-generation "
            "template for chat or prompt/response data, or a classifier template."
        )
    _check_columns(df, roles, ROLES_OF[shape] + (("input",) if "input" in roles else ()))
    prepared = Prepared([], shape, rows=len(df))
    eos = tokenizer.eos_token_id
    if shape == "raw_text":
        texts = [None if _blank(t) else str(t) for t in df[roles["text"]]]
        kept = [t for t in texts if t is not None]
        prepared.dropped_empty = len(texts) - len(kept)
        encoded = tokenizer(kept, add_special_tokens=True)["input_ids"] if kept else []
        for text, ids in zip(kept, encoded, strict=True):
            ids = list(ids) + ([eos] if eos is not None else [])
            if len(ids) > max_length:
                prepared.truncated += 1
                ids = ids[:max_length]
            words = text.split()
            prepared.examples.append(Example(ids, list(ids), len(words), " ".join(words[:8])))
        return prepared

    prepared.prompt_format = ensure_chat_template(tokenizer)
    conversations = _conversations(df, roles, shape)
    rendered = []
    for messages in conversations:
        if messages is None:
            prepared.dropped_empty += 1
            continue
        full, spans = _assistant_spans(tokenizer, messages)
        rendered.append((messages, full, spans))
    if not rendered:
        return prepared
    encoded = tokenizer(
        [full for _, full, _ in rendered], add_special_tokens=False, return_offsets_mapping=True
    )
    for (messages, _, spans), ids, offsets in zip(
        rendered, encoded["input_ids"], encoded["offset_mapping"], strict=True
    ):
        labels = [
            token if any(start in span for span in spans) else IGNORE_INDEX
            for token, (start, _) in zip(ids, offsets, strict=True)
        ]
        if len(ids) > max_length:
            prepared.truncated += 1
            ids, labels = ids[:max_length], labels[:max_length]
        # position 0 is never predicted, so it cannot be the only target
        if all(label == IGNORE_INDEX for label in labels[1:]):
            prepared.dropped_no_target += 1
            continue
        question = _last_user(messages)
        prepared.examples.append(Example(list(ids), labels, len(question.split()), question))
    return prepared


def classifier_examples(
    df: pd.DataFrame, roles: dict[str, str], tokenizer: Any, max_length: int
) -> Prepared:
    """Tokenize text/label rows; labels become indices into the sorted label names."""
    _check_columns(df, roles, ("text", "label"))
    rows = [
        (str(text), str(label))
        for text, label in zip(df[roles["text"]], df[roles["label"]], strict=True)
        if not _blank(text) and not _blank(label)
    ]
    names = sorted({label for _, label in rows})
    if len(names) < 2:
        raise ValueError(
            f"label: a classifier needs at least two different labels; column "
            f"{roles['label']!r} has {len(names)} ({names[:3]}). Choose another label column "
            "or add examples of other classes."
        )
    prepared = Prepared(
        [], "text_label", rows=len(df), dropped_empty=len(df) - len(rows), label_names=names
    )
    index = {name: i for i, name in enumerate(names)}
    texts = [text for text, _ in rows]
    full_lengths = [len(ids) for ids in tokenizer(texts, add_special_tokens=True)["input_ids"]]
    encoded = tokenizer(texts, add_special_tokens=True, truncation=True, max_length=max_length)
    prepared.truncated = sum(length > max_length for length in full_lengths)
    for (text, label), ids in zip(rows, encoded["input_ids"], strict=True):
        prepared.examples.append(Example(list(ids), index[label], len(text.split())))
    return prepared


def split_examples(
    examples: list[Example], val_fraction: float, seed: int, *, stratify: bool = False
) -> tuple[list[Example], list[Example], dict[str, Any]]:
    """Hold out `val_fraction` of the examples with a fixed seed (per label when stratified)."""
    if len(examples) < 2:
        raise ValueError(
            f"data: {len(examples)} usable example(s); at least 2 are needed so one can be held "
            "out to measure the model. Add more rows."
        )
    rng = np.random.default_rng(seed)
    if stratify:
        groups: dict[int, list[int]] = {}
        for i, example in enumerate(examples):
            groups.setdefault(int(example.labels), []).append(i)  # type: ignore[arg-type]
        chosen: list[int] = []
        for _, members in sorted(groups.items()):
            order = rng.permutation(len(members))
            count = min(len(members) - 1, round(len(members) * val_fraction))
            chosen += [members[j] for j in order[:count]]
        if not chosen:  # every class is tiny: hold out one example of the largest
            largest = max(groups.values(), key=len)
            chosen = [largest[int(rng.integers(len(largest)))]]
    else:
        count = min(len(examples) - 1, max(1, round(len(examples) * val_fraction)))
        chosen = [int(i) for i in rng.permutation(len(examples))[:count]]
    held = set(chosen)
    train = [e for i, e in enumerate(examples) if i not in held]
    val = [e for i, e in enumerate(examples) if i in held]
    description = {
        "seed": seed,
        "val_fraction": val_fraction,
        "train_size": len(train),
        "val_size": len(val),
        "stratified": stratify,
    }
    return train, val, description


def fingerprint(examples: Sequence[Example]) -> str:
    """A short hash of the token ids and labels, to refuse resuming on different data."""
    digest = hashlib.sha1()
    for example in examples:
        digest.update(np.asarray(example.input_ids, dtype=np.int64).tobytes())
        digest.update(repr(example.labels).encode())
    return digest.hexdigest()[:16]


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The example order of one epoch, a function of (seed, epoch) only."""
    return np.random.default_rng([seed, epoch]).permutation(n)


def collate(examples: Sequence[Example], pad_id: int) -> Batch:
    """Pad a few examples to the longest of them (dynamic padding, on the right)."""
    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for row, example in enumerate(examples):
        ids[row, : len(example.input_ids)] = torch.tensor(example.input_ids)
        mask[row, : len(example.input_ids)] = 1
    if isinstance(examples[0].labels, list):
        labels = torch.full((len(examples), width), IGNORE_INDEX, dtype=torch.long)
        for row, example in enumerate(examples):
            assert isinstance(example.labels, list)
            labels[row, : len(example.labels)] = torch.tensor(example.labels)
        targets = int((labels[:, 1:] != IGNORE_INDEX).sum())
    else:
        labels = torch.tensor([int(e.labels) for e in examples], dtype=torch.long)  # type: ignore[arg-type]
        targets = len(examples)
    return Batch(ids, mask, labels, targets, int(mask.sum()))


def length_slices(words: Sequence[int], min_size: int = 3) -> list[tuple[str, np.ndarray]]:
    """Split examples into short / medium / long thirds by word count: (description, mask).

    Empty when the lengths are too alike or too few examples to compare honestly.
    """
    lengths = np.asarray(words)
    if len(lengths) < 2 * min_size:
        return []
    low, high = (int(v) for v in np.quantile(lengths, [1 / 3, 2 / 3]))
    candidates = [
        (f"under {low + 1} words", lengths <= low),
        (f"{low + 1}–{high} words", (lengths > low) & (lengths <= high)),
        (f"over {high} words", lengths > high),
    ]
    slices = [(name, mask) for name, mask in candidates if mask.sum() >= min_size]
    return slices if len(slices) >= 2 else []


def generation_prompt(tokenizer: Any, prompt: str, shape: Shape) -> str:
    """The text a sample prompt becomes before generation, in the training format."""
    if shape == "raw_text":
        return prompt
    return chat_prompt(tokenizer, [{"role": "user", "content": prompt}])


def chat_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    """A conversation rendered as in training, ending where the model's answer begins."""
    return _render(tokenizer, messages, generation=True)


def data_notes(prepared: Prepared, train_size: int, max_length: int) -> tuple[list[str], list[str]]:
    """Insights and suggestions about the data itself: truncation and size."""
    insights, suggestions = [], []
    if prepared.truncated:
        share = prepared.truncated / max(1, prepared.rows)
        insights.append(
            f"{prepared.truncated} examples ({share:.0%}) were longer than {max_length} tokens "
            "and were cut at the end."
        )
        if share > 0.05:
            suggestions.append(
                f"Raise max_length (now {max_length}): {share:.0%} of your examples were cut."
            )
    if prepared.dropped_no_target:
        insights.append(
            f"{prepared.dropped_no_target} conversations were skipped: after cutting at "
            f"{max_length} tokens no answer was left to learn from."
        )
    if train_size < 100:
        suggestions.append(
            f"Add more examples: {train_size} training examples is few; a few hundred give "
            "steadier results."
        )
    return insights, suggestions
