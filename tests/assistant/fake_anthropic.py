"""A local stand-in for the Anthropic Messages API: scripted answers on 127.0.0.1.

The real `anthropic` SDK talks to it through `base_url`, so the tests exercise the same client,
time-outs and error classes as production without leaving the machine.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    status: int
    body: bytes
    delay_s: float = 0.0


def message(*content: dict[str, Any]) -> dict[str, Any]:
    """A Messages API response body with these content blocks."""
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": list(content),
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 10},
    }


class FakeAnthropic:
    """Answers POST /v1/messages with the next scripted reply and records every request."""

    def __init__(self) -> None:
        self.script: deque[Scripted] = deque()
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                fake.requests.append({"path": self.path, **json.loads(self.rfile.read(length))})
                answer = fake.script.popleft() if fake.script else fake.error(500, "no script")
                fake.stopping.wait(answer.delay_s)
                try:
                    self.send_response(answer.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the time-out test)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def tool_use(self, name: str, tool_input: Any, delay_s: float = 0.0) -> None:
        """Queue a reply calling tool `name` with `tool_input`."""
        block = {"type": "tool_use", "id": "toolu_1", "name": name, "input": tool_input}
        self.raw(200, json.dumps(message(block)).encode(), delay_s)

    def text(self, text: str) -> None:
        """Queue a plain text reply."""
        self.raw(200, json.dumps(message({"type": "text", "text": text})).encode())

    def error(self, status: int, kind: str) -> Scripted:
        """Queue (and return) an API error response."""
        body = {"type": "error", "error": {"type": kind, "message": f"fake {kind}"}}
        answer = Scripted(status, json.dumps(body).encode())
        self.script.append(answer)
        return answer

    def raw(self, status: int, body: bytes, delay_s: float = 0.0) -> None:
        """Queue any response body, e.g. malformed JSON."""
        self.script.append(Scripted(status, body, delay_s))

    @contextmanager
    def running(self) -> Iterator[FakeAnthropic]:
        thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stopping.set()  # wake a reply that is still sleeping
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=5)
