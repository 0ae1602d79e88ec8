"""The model-free parts of generation: stop sequences, streamed text, sampling settings."""

from __future__ import annotations

from collections.abc import Generator

from tunewright.serving.generation import (
    TextStream,
    advance,
    collect,
    held_back,
    sampling_processors,
)
from tunewright.serving.types import GenerateInput, Prediction

WORDS = ["Hel", "lo", " wor", "ld", "!", " END", " more"]


def _decode(ids: list[int]) -> str:
    return "".join(WORDS[i] for i in ids)


def _push_all(stream: TextStream, count: int) -> list[str]:
    pieces = []
    for i in range(count):
        pieces.append(stream.push(i))
        if stream.stopped:
            break
    pieces.append(stream.finish())
    return pieces


def test_held_back_counts_a_possible_stop_start() -> None:
    assert held_back("Hello wor", ["world"]) == 3
    assert held_back("Hello w", ["world", "w!"]) == 1
    assert held_back("Hello", ["xyz"]) == 0
    assert held_back("ab", []) == 0


def test_stream_without_stops_hands_out_everything() -> None:
    stream = TextStream(_decode, [])

    pieces = _push_all(stream, len(WORDS))

    assert "".join(pieces) == stream.text == "".join(WORDS)
    assert not stream.stopped


def test_stream_cuts_at_a_stop_split_across_tokens() -> None:
    stream = TextStream(_decode, ["world!"])

    pieces = _push_all(stream, len(WORDS))

    assert stream.stopped
    assert stream.text == "Hello "
    assert "".join(pieces) == "Hello "
    assert all("wor" not in p for p in pieces)  # held back until it was known to be the stop


def test_stream_releases_held_text_that_was_not_a_stop() -> None:
    stream = TextStream(_decode, [" wonder"])

    pieces = _push_all(stream, 4)

    assert "".join(pieces) == stream.text == "Hello world"
    assert not stream.stopped


def test_stream_waits_for_the_rest_of_a_split_character() -> None:
    parts = ["caf", "\ufffd", "é!"]  # decoding half a character gives the replacement char
    stream = TextStream(lambda ids: "".join(parts[: len(ids)]).replace("\ufffdé", "é"), [])

    assert stream.push(0) == "caf"
    assert stream.push(1) == ""
    assert stream.push(2) == "é!"


def test_sampling_processors_greedy_keeps_only_the_penalty() -> None:
    greedy = sampling_processors(GenerateInput(prompt="x", temperature=0, repetition_penalty=1.2))
    sampled = sampling_processors(GenerateInput(prompt="x", temperature=0.7, top_k=5, top_p=0.8))
    plain = sampling_processors(
        GenerateInput(prompt="x", temperature=1.0, top_k=0, top_p=1.0, repetition_penalty=1.0)
    )

    assert [type(p).__name__ for p in greedy] == ["RepetitionPenaltyLogitsProcessor"]
    assert [type(p).__name__ for p in sampled] == [
        "RepetitionPenaltyLogitsProcessor",
        "TemperatureLogitsWarper",
        "TopKLogitsWarper",
        "TopPLogitsWarper",
    ]
    assert len(plain) == 0


def test_collect_reads_the_returned_prediction() -> None:
    def stream() -> Generator[str, None, Prediction]:
        yield "a"
        yield "b"
        return Prediction({"text": "ab", "tokens": 5, "finish_reason": "length"}, tokens=5)

    assert collect(stream()).body == {"text": "ab", "tokens": 5, "finish_reason": "length"}
    assert advance(iter([])) == (None, None)
    assert collect(iter(["x", "y"])).body["text"] == "xy"  # a plain iterator works too
