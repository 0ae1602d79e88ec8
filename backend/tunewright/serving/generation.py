"""Token-by-token generation: sampling settings, stop sequences and text that streams cleanly.

The decoding loop itself lives with the torch predictor; this module holds the parts that do not
depend on a model, so they are small and tested on their own:

- `sampling_processors`: transformers' own logits processors for repetition penalty,
  temperature, top-k and top-p (temperature 0 means greedy: only the penalty applies).
- `TextStream`: generated token ids → text pieces. It decodes the whole answer each step (so
  tokens that only make sense together, like the bytes of one emoji, come out whole), holds back
  the tail that could still become a stop sequence, and cuts the answer where one appears. The
  concatenated pieces are always exactly the final text.
- `advance` / `collect`: drive a predictor's `stream()` one piece at a time (the WebSocket runs
  each step in the threadpool) or to its end, and read the final `Prediction` it returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tunewright.serving.types import GenerateInput, Prediction

REPLACEMENT = "\ufffd"  # what decoding gives for the first bytes of a character split in tokens


def sampling_processors(data: GenerateInput) -> Any:
    """A `LogitsProcessorList` applying the request's penalty and sampling settings in order."""
    from transformers.generation.logits_process import (
        LogitsProcessorList,
        RepetitionPenaltyLogitsProcessor,
        TemperatureLogitsWarper,
        TopKLogitsWarper,
        TopPLogitsWarper,
    )

    processors = LogitsProcessorList()
    if data.repetition_penalty != 1.0:
        processors.append(RepetitionPenaltyLogitsProcessor(data.repetition_penalty))
    if data.temperature > 0:  # greedy decoding ignores the sampling warpers
        if data.temperature != 1.0:
            processors.append(TemperatureLogitsWarper(data.temperature))
        if data.top_k > 0:
            processors.append(TopKLogitsWarper(data.top_k))
        if data.top_p < 1.0:
            processors.append(TopPLogitsWarper(data.top_p))
    return processors


def held_back(text: str, stops: Sequence[str]) -> int:
    """How many trailing characters of `text` could be the start of a stop sequence."""
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:size]):
                longest = size
                break
    return longest


class TextStream:
    """Turns generated token ids into text pieces, honouring stop sequences."""

    def __init__(self, decode: Any, stops: Sequence[str]) -> None:
        self._decode = decode  # ids → text
        self._stops = [s for s in stops if s]
        self._ids: list[int] = []
        self._text = ""  # the whole answer decoded so far
        self._sent = 0  # characters of _text already handed out
        self.text = ""  # what was handed out: the answer, once finished
        self.stopped = False  # a stop sequence was found

    def push(self, token_id: int) -> str:
        """Add one generated token; returns the text that can be shown now (maybe "")."""
        self._ids.append(token_id)
        text = str(self._decode(self._ids))
        if text.endswith(REPLACEMENT):
            return ""  # wait for the rest of a character split across tokens
        self._text = text
        hits = [i for i in (text.find(s, self._sent) for s in self._stops) if i >= 0]
        if hits:
            self.stopped = True
            return self._hand_out(min(hits))
        return self._hand_out(len(text) - held_back(text, self._stops))

    def finish(self) -> str:
        """The text still held back when generation ends without a stop sequence."""
        return "" if self.stopped else self._hand_out(len(self._text))

    def _hand_out(self, end: int) -> str:
        piece = self._text[self._sent : max(end, self._sent)]
        self._sent += len(piece)
        self.text += piece
        return piece


def advance(stream: Iterator[str]) -> tuple[str | None, Prediction | None]:
    """The next text piece, or (None, the final Prediction when the stream returned one)."""
    try:
        return next(stream), None
    except StopIteration as end:
        return None, end.value if isinstance(end.value, Prediction) else None


def collect(stream: Iterator[str]) -> Prediction:
    """Run a stream to its end; its final Prediction (or one built from the pieces)."""
    pieces: list[str] = []
    while True:
        piece, final = advance(stream)
        if piece is None:
            break
        pieces.append(piece)
    if final is not None:
        return final
    text = "".join(pieces)
    return Prediction({"text": text, "tokens": len(pieces), "finish_reason": "stop"}, len(pieces))
