"""Choose the interpreter, validate what it says, and fall back to the offline rules.

Claude answers when an API key is configured; whatever it proposes is validated against the same
contract as the offline rules. Changes outside the rules are dropped with a visible notice; when
nothing valid remains — or Claude times out, errors or answers in a form that cannot be read — the
offline rules answer instead, with a notice saying why.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from tunewright.assistant import claude as claude_api
from tunewright.assistant import offline
from tunewright.assistant.claude import ClaudeConfig, ClaudeUnavailable
from tunewright.assistant.commands import (
    CurveLoader,
    build_reply,
    not_understood,
    with_interpreter,
)
from tunewright.assistant.contract import (
    Candidates,
    Change,
    ChangeRefused,
    CommandContext,
    CommandReply,
    CommandSlots,
    Interpretation,
    SettingsContext,
    check_change,
    current_values,
    format_value,
    label,
    rules_for,
)
from tunewright.assistant.explain import TOPICS

log = logging.getLogger(__name__)

FALLBACK = "used the offline rules"


class ProposedChange(BaseModel):
    """One change as Claude sends it, before the rules have seen it."""

    model_config = ConfigDict(extra="ignore")

    setting: str
    value: Any
    reason: str = ""


class ProposedChanges(BaseModel):
    """The input of Claude's propose_changes call."""

    model_config = ConfigDict(extra="ignore")

    changes: list[ProposedChange]
    message: str = ""


def _offline_settings(sentence: str, context: SettingsContext, notice: str) -> Interpretation:
    log.warning("assistant fell back to offline rules", extra={"reason": notice})
    result = offline.interpret_settings(sentence, context)
    result.notice = notice
    return result


def validate_changes(
    proposed: list[ProposedChange], context: SettingsContext
) -> tuple[list[Change], list[str]]:
    """The changes the rules allow, and a description of each one they refused."""
    values = current_values(context)
    changes: list[Change] = []
    dropped: list[str] = []
    for item in proposed:
        if any(c.setting == item.setting for c in changes):
            continue
        try:
            new = check_change(context, item.setting, item.value)
        except ChangeRefused as exc:
            dropped.append(str(exc))
            continue
        old = values.get(item.setting)
        if new != old:
            reason = item.reason.strip() or f"Claude suggested {label(item.setting)} {new}."
            changes.append(Change(setting=item.setting, old=old, new=new, reason=reason))
    return changes, dropped


def interpret_settings(
    sentence: str, context: SettingsContext, claude: ClaudeConfig | None
) -> Interpretation:
    """Proposed changes for a sentence: Claude's when configured and valid, else the rules'."""
    if claude is None or not rules_for(context):
        return offline.interpret_settings(sentence, context)
    try:
        raw = claude_api.use_tool(
            claude,
            system=claude_api.settings_prompt(context),
            prompt=sentence,
            tool=claude_api.settings_tool(context),
        )
    except ClaudeUnavailable as exc:
        return _offline_settings(sentence, context, f"{exc.reason}; {FALLBACK}.")
    try:
        proposal = ProposedChanges.model_validate(raw)
    except ValidationError:
        return _offline_settings(
            sentence, context, f"Claude's answer was not in the expected form; {FALLBACK}."
        )
    changes, dropped = validate_changes(proposal.changes, context)
    if dropped and not changes:
        return _offline_settings(
            sentence,
            context,
            f"Claude proposed only changes the rules do not allow ({'; '.join(dropped)}); "
            f"{FALLBACK}.",
        )
    notice = f"Left out what the rules do not allow: {'; '.join(dropped)}." if dropped else None
    if changes:
        listed = "; ".join(
            f"{label(c.setting)} {format_value(c.old)} → {format_value(c.new)}" for c in changes
        )
        message = proposal.message.strip() or f"Proposed: {listed}."
        return Interpretation(interpreter="claude", notice=notice, changes=changes, message=message)
    return Interpretation(
        interpreter="claude",
        notice=notice,
        changes=[],
        message=proposal.message.strip() or "Nothing to change.",
        examples=offline.examples_for(context),
    )


def _claude_slots(
    message: str, context: CommandContext, candidates: Candidates, claude: ClaudeConfig
) -> CommandSlots:
    raw = claude_api.use_tool(
        claude,
        system=claude_api.command_prompt(candidates, context.model_dump(exclude_none=True)),
        prompt=message,
        tool=claude_api.command_tool(TOPICS),
    )
    try:
        slots = CommandSlots.model_validate(raw)
    except ValidationError:
        raise ClaudeUnavailable("Claude's answer was not in the expected form") from None
    if slots.topic is not None and slots.topic not in TOPICS:
        slots.topic = None
    return slots


def run_command(
    message: str,
    context: CommandContext,
    candidates: Candidates,
    claude: ClaudeConfig | None,
    load_curve: CurveLoader | None = None,
) -> CommandReply:
    """The reply to a command: the REST action to confirm or open, a question, or an answer."""
    notice = None
    if claude is not None:
        try:
            slots = _claude_slots(message, context, candidates, claude)
            reply = build_reply(slots, message, context, candidates, claude, load_curve)
            return with_interpreter(reply, "claude", None)
        except ClaudeUnavailable as exc:
            notice = f"{exc.reason}; {FALLBACK}."
            log.warning("assistant fell back to offline rules", extra={"reason": notice})
    found = offline.parse_command(message, candidates)
    if found is None:
        return with_interpreter(not_understood(message), "offline", notice)
    reply = build_reply(found, message, context, candidates, None, load_curve)
    return with_interpreter(reply, "offline", notice)
