"""Assistant resource: a sentence to interpret as settings, a command to turn into an action.

The answers (`Interpretation`, `CommandReply`) are the assistant library's contract itself, so
the API, the offline rules and Claude's validation share one definition.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tunewright.assistant.contract import CommandContext, SettingsContext

MAX_CHARS = 1000


class InterpretRequest(BaseModel):
    """A sentence typed on the Training or Testing step, with what the step shows now."""

    model_config = ConfigDict(extra="forbid")

    sentence: str = Field(min_length=1, max_length=MAX_CHARS)
    context: SettingsContext


class CommandRequest(BaseModel):
    """A message typed in the command box, with what the screen shows (optional)."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=MAX_CHARS)
    context: CommandContext = Field(default_factory=CommandContext)
