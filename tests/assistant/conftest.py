"""Fixtures for the assistant: a fake Claude on 127.0.0.1 and a config pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.assistant.fake_anthropic import FakeAnthropic
from tunewright.assistant.claude import ClaudeConfig

TIMEOUT_S = 0.5  # the time-out test's server sleeps longer than this


@pytest.fixture
def fake_claude() -> Iterator[FakeAnthropic]:
    """A scripted Messages API server for one test."""
    with FakeAnthropic().running() as fake:
        yield fake


@pytest.fixture
def claude(fake_claude: FakeAnthropic) -> ClaudeConfig:
    """Claude settings that reach the fake server through the SDK's base_url."""
    return ClaudeConfig(
        api_key="test-key", model="claude-test", base_url=fake_claude.url, timeout_s=TIMEOUT_S
    )
