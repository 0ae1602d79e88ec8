"""Claude through the `anthropic` SDK: tool use whose schemas list only what may be changed.

The tools' JSON schemas enumerate the allowed settings with their ranges, and the allowed
command kinds, formats and templates; whatever comes back is still validated against the
contract by the caller. Any failure — time-out, HTTP error, unreadable reply, no tool call —
raises `ClaudeUnavailable` with a reason the user can read, and the caller falls back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, get_args

import anthropic

from tunewright.assistant.contract import (
    EXCLUSIVE_LOW,
    Candidates,
    CommandKind,
    ExportFormat,
    Listing,
    SettingsContext,
    current_values,
    describe_range,
    label,
    rules_for,
    template_ids,
)
from tunewright.settings import Settings
from tunewright.training.plan import TABULAR_RULES, TEXT_RULES, Rule

log = logging.getLogger(__name__)

MAX_TOKENS = 1024
LISTED = 50  # names of each kind shown to Claude (newest first)


@dataclass(frozen=True)
class ClaudeConfig:
    """How to reach Claude (from ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_BASE_URL)."""

    api_key: str
    model: str
    base_url: str | None = None
    timeout_s: float = 15.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ClaudeConfig | None:
        """The configuration, or None when no API key is set (the offline rules answer)."""
        if not settings.anthropic_api_key:
            return None
        return cls(
            api_key=settings.anthropic_api_key,
            model=settings.anthropic_model,
            base_url=settings.anthropic_base_url or None,
            timeout_s=settings.assistant_timeout_s,
        )


class ClaudeUnavailable(Exception):
    """Claude gave no usable answer; `reason` says why, in words for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@lru_cache(maxsize=8)
def _client(config: ClaudeConfig) -> anthropic.Anthropic:
    # no retries: a slow or failing Claude should fall back within one time-out, not three
    return anthropic.Anthropic(
        api_key=config.api_key,
        base_url=config.base_url,
        timeout=config.timeout_s,
        max_retries=0,
    )


def _create(config: ClaudeConfig, **request: Any) -> Any:
    try:
        return _client(config).messages.create(model=config.model, max_tokens=MAX_TOKENS, **request)
    except anthropic.APITimeoutError:
        raise ClaudeUnavailable(f"Claude did not answer in time ({config.timeout_s:g} s)") from None
    except anthropic.APIStatusError as exc:
        what = "is overloaded" if exc.status_code == 529 else "answered with an error"
        raise ClaudeUnavailable(f"Claude {what} (HTTP {exc.status_code})") from None
    except anthropic.APIConnectionError:
        raise ClaudeUnavailable("Claude could not be reached") from None
    except (anthropic.AnthropicError, ValueError) as exc:  # unreadable body: JSONDecodeError
        log.warning("unreadable reply from claude", extra={"error": str(exc)[:200]})
        raise ClaudeUnavailable("Claude's reply could not be read") from None


def use_tool(config: ClaudeConfig, *, system: str, prompt: str, tool: dict[str, Any]) -> Any:
    """Ask Claude to answer by calling `tool`; returns the tool's input (not yet validated)."""
    message = _create(
        config,
        system=system,
        messages=[{"role": "user", "content": prompt}],
        tools=[tool],
        tool_choice={"type": "tool", "name": tool["name"]},
    )
    for block in getattr(message, "content", None) or []:
        if (
            getattr(block, "type", None) == "tool_use"
            and getattr(block, "name", None) == tool["name"]
        ):
            return block.input
    raise ClaudeUnavailable("Claude's reply had no proposal in it")


def ask(config: ClaudeConfig, *, system: str, prompt: str) -> str:
    """A plain-text answer."""
    message = _create(config, system=system, messages=[{"role": "user", "content": prompt}])
    parts = [
        block.text
        for block in getattr(message, "content", None) or []
        if getattr(block, "type", None) == "text"
    ]
    text = "".join(parts).strip()
    if not text:
        raise ClaudeUnavailable("Claude's reply was empty")
    return text


# ---- tool schemas, built from the same rules the validation uses ----------------------------


def value_schema(rule: Rule, name: str = "") -> dict[str, Any]:
    """The JSON schema of one setting's allowed values."""
    if rule.choices is not None:
        return {"type": "string", "enum": list(rule.choices)}
    if rule.kind is bool:
        return {"type": "boolean"}
    schema: dict[str, Any] = {"type": "integer" if rule.kind is int else "number"}
    if rule.low is not None:
        schema["exclusiveMinimum" if name in EXCLUSIVE_LOW else "minimum"] = rule.low
    if rule.high is not None:
        schema["maximum"] = rule.high
    return schema


def settings_tool(context: SettingsContext) -> dict[str, Any]:
    """`propose_changes`: only this step's settings, each with its own range."""
    rules = rules_for(context)
    branches = [
        {
            "type": "object",
            "properties": {
                "setting": {"type": "string", "enum": [name]},
                "value": value_schema(rule, name),
                "reason": {"type": "string", "description": "One plain sentence: why."},
            },
            "required": ["setting", "value", "reason"],
            "additionalProperties": False,
        }
        for name, rule in rules.items()
    ]
    return {
        "name": "propose_changes",
        "description": "Propose setting changes for the user to confirm. Propose nothing when "
        "the request is not about these settings, and say so in the message.",
        "input_schema": {
            "type": "object",
            "properties": {
                "changes": {"type": "array", "items": {"anyOf": branches}, "maxItems": 8},
                "message": {"type": "string", "description": "One or two sentences for the user."},
            },
            "required": ["changes", "message"],
            "additionalProperties": False,
        },
    }


def settings_prompt(context: SettingsContext) -> str:
    """The system prompt: the step, the current values and the allowed ranges."""
    rules = rules_for(context)
    values = current_values(context)
    lines = [
        f"- {name} ({label(name)}): now {json.dumps(values.get(name))}; allowed "
        f"{describe_range(rule, name)}"
        for name, rule in rules.items()
    ]
    return (
        f"You help a user of a fine-tuning app adjust {context.step} settings"
        f"{f' of a {context.task} model' if context.task else ''}. Turn their sentence into "
        "changes with the propose_changes tool: only the settings below, only values in the "
        "allowed range, relative requests moved by a sensible step from the current value.\n"
        + "\n".join(lines)
    )


def command_tool(topics: Sequence[str]) -> dict[str, Any]:
    """`run_command`: the request's kind and the names in it; the app looks the names up."""
    rules = {**TEXT_RULES, **TABULAR_RULES}
    overrides = {name: value_schema(rule, name) for name, rule in rules.items()}
    text = {"type": "string"}
    return {
        "name": "run_command",
        "description": "Say what the user asks the app to do. Use names exactly as the user or "
        "the lists wrote them (or 'dataset #ID', 'model #ID', 'endpoint #ID'). Never invent ids.",
        "input_schema": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": list(get_args(CommandKind))},
                "dataset": {**text, "description": "train: the dataset's name"},
                "model": {**text, "description": "deploy/download: the model's name"},
                "version": {"type": "integer", "minimum": 1},
                "latest": {"type": "boolean", "description": "the newest version/model"},
                "deployment": {**text, "description": "an endpoint's slug or name"},
                "new_endpoint": {"type": "boolean"},
                "runs": {"type": "array", "items": {"type": "integer"}, "maxItems": 2},
                "latest_runs": {"type": "boolean", "description": "compare the last two runs"},
                "format": {"type": "string", "enum": list(get_args(ExportFormat))},
                "template_id": {"type": "string", "enum": template_ids()},
                "target": {**text, "description": "tabular: the column to predict"},
                "overrides": {
                    "type": "object",
                    "properties": overrides,
                    "additionalProperties": False,
                    "description": "training settings the user named with a value",
                },
                "name": {**text, "description": "train: a name for the model"},
                "topic": {"type": "string", "enum": list(topics)},
                "listing": {"type": "string", "enum": list(get_args(Listing))},
                "reply": {**text, "description": "help: a short answer"},
            },
            "required": ["kind"],
            "additionalProperties": False,
        },
    }


def command_prompt(candidates: Candidates, context: dict[str, Any]) -> str:
    """The system prompt: what exists (names and ids) and what the screen shows."""
    datasets = [
        f"#{d.id} {d.name} ({d.rows} rows, {d.shape}; columns: {', '.join(d.columns[:20])})"
        for d in candidates.datasets[:LISTED]
    ]
    models = [f"#{m.id} {m.name} v{m.version} ({m.task})" for m in candidates.models[:LISTED]]
    deployments = [
        f"#{d.id} {d.slug} ({d.status}, serving model #{d.model_version_id})"
        for d in candidates.deployments[:LISTED]
    ]
    runs = [f"#{r.id} {r.status} {r.template_id}" for r in candidates.runs[:LISTED]]
    return (
        "You turn a message to a fine-tuning app into one call of the run_command tool. "
        "Training a model on a table predicting a column uses template tabular-predictor.\n"
        f"Datasets: {'; '.join(datasets) or 'none'}\nModels: {'; '.join(models) or 'none'}\n"
        f"Endpoints: {'; '.join(deployments) or 'none'}\nRuns: {'; '.join(runs) or 'none'}\n"
        f"The screen shows: {json.dumps(context)}"
    )
