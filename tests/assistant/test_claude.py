"""The Claude path against a local fake Messages API: valid answers are used, everything else is
validated away or falls back to the offline rules with a notice."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.assistant.fake_anthropic import FakeAnthropic
from tests.assistant.test_offline_commands import CANDIDATES
from tests.assistant.test_offline_settings import CLASSIFIER, GENERATION
from tunewright.assistant.claude import ClaudeConfig
from tunewright.assistant.contract import GENERATION_SETTINGS, CommandContext, Curve, CurvePoint
from tunewright.assistant.explain import explain
from tunewright.assistant.interpret import interpret_settings, run_command
from tunewright.settings import Settings

NONE = CommandContext()


def changes(*items: tuple[str, Any]) -> dict[str, Any]:
    return {
        "changes": [{"setting": s, "value": v, "reason": f"why {s}"} for s, v in items],
        "message": "Done.",
    }


def test_claude_valid_tool_use_is_applied(claude: ClaudeConfig, fake_claude: FakeAnthropic) -> None:
    fake_claude.tool_use("propose_changes", changes(("temperature", 1.1), ("top_p", 0.95)))
    result = interpret_settings("make it more creative", GENERATION, claude)
    assert result.interpreter == "claude"
    assert result.notice is None
    assert [(c.setting, c.old, c.new) for c in result.changes] == [
        ("temperature", 0.7, 1.1),
        ("top_p", 0.9, 0.95),
    ]
    assert result.message == "Done."
    request = fake_claude.requests[0]
    assert request["path"] == "/v1/messages"
    assert request["model"] == "claude-test"
    assert request["tool_choice"] == {"type": "tool", "name": "propose_changes"}
    branches = request["tools"][0]["input_schema"]["properties"]["changes"]["items"]["anyOf"]
    by_name = {b["properties"]["setting"]["enum"][0]: b["properties"]["value"] for b in branches}
    assert set(by_name) == set(GENERATION_SETTINGS)
    assert by_name["temperature"] == {"type": "number", "minimum": 0.0, "maximum": 2.0}
    assert by_name["top_p"]["exclusiveMinimum"] == 0.0


def test_claude_training_tool_lists_only_training_settings(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("epochs", 2)))
    result = interpret_settings("it overfits", CLASSIFIER, claude)
    assert [(c.setting, c.new) for c in result.changes] == [("epochs", 2.0)]
    tool = fake_claude.requests[0]["tools"][0]
    names = {
        b["properties"]["setting"]["enum"][0]
        for b in tool["input_schema"]["properties"]["changes"]["items"]["anyOf"]
    }
    assert "temperature" not in names
    assert {"epochs", "learning_rate", "method", "base_model"} <= names


def test_claude_malformed_json_falls_back(claude: ClaudeConfig, fake_claude: FakeAnthropic) -> None:
    fake_claude.raw(200, b'{"id": "msg", "content": [{"type": "tool_use",')
    result = interpret_settings("make it more creative", GENERATION, claude)
    assert result.interpreter == "offline"
    assert result.notice == "Claude's reply could not be read; used the offline rules."
    assert {c.setting for c in result.changes} == {"temperature", "top_p"}


def test_claude_unknown_setting_is_dropped_with_notice(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("flux_capacitor", 3), ("temperature", 1.0)))
    result = interpret_settings("more creative", GENERATION, claude)
    assert result.interpreter == "claude"
    assert [c.setting for c in result.changes] == ["temperature"]
    assert result.notice is not None and "'flux_capacitor' is not a setting" in result.notice


def test_claude_only_unknown_settings_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("learning_rate", 1e-4)))
    result = interpret_settings("shorter answers", GENERATION, claude)
    assert result.interpreter == "offline"
    assert result.notice is not None
    assert "learning rate cannot be changed here" in result.notice
    assert [(c.setting, c.new) for c in result.changes] == [("max_new_tokens", 64)]


def test_claude_out_of_range_value_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("temperature", 5.0), ("top_p", 0)))
    result = interpret_settings("much more creative", GENERATION, claude)
    assert result.interpreter == "offline"
    assert result.notice is not None
    assert "temperature must be between 0.0 and 2.0; got 5.0" in result.notice
    assert "top-p" in result.notice
    assert all(c.new <= 2.0 for c in result.changes)


def test_claude_out_of_range_beside_valid_keeps_the_valid(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("max_new_tokens", 4096), ("temperature", 0.3)))
    result = interpret_settings("short and focused", GENERATION, claude)
    assert result.interpreter == "claude"
    assert [(c.setting, c.new) for c in result.changes] == [("temperature", 0.3)]
    assert result.notice is not None and "max new tokens" in result.notice


@pytest.mark.parametrize(
    "tool_input",
    [
        {"changes": "temperature up", "message": "x"},
        {"message": "no changes key"},
        {"changes": [{"value": 1.0}]},
        ["not", "an", "object"],
    ],
)
def test_claude_input_outside_the_contract_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic, tool_input: Any
) -> None:
    fake_claude.tool_use("propose_changes", tool_input)
    result = interpret_settings("less repetitive", GENERATION, claude)
    assert result.interpreter == "offline"
    assert result.notice == "Claude's answer was not in the expected form; used the offline rules."
    assert [c.setting for c in result.changes] == ["repetition_penalty"]


def test_claude_text_without_tool_call_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.text("Sure! I'd raise the temperature.")
    result = interpret_settings("more creative", GENERATION, claude)
    assert result.interpreter == "offline"
    assert result.notice == "Claude's reply had no proposal in it; used the offline rules."


@pytest.mark.parametrize(
    ("status", "kind", "notice"),
    [
        (500, "api_error", "Claude answered with an error (HTTP 500); used the offline rules."),
        (529, "overloaded_error", "Claude is overloaded (HTTP 529); used the offline rules."),
        (401, "authentication_error", "Claude answered with an error (HTTP 401)"),
    ],
)
def test_claude_http_error_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic, status: int, kind: str, notice: str
) -> None:
    fake_claude.error(status, kind)
    result = interpret_settings("train longer", CLASSIFIER, claude)
    assert result.interpreter == "offline"
    assert result.notice is not None and result.notice.startswith(notice)
    assert [(c.setting, c.new) for c in result.changes] == [("epochs", 6.0)]
    assert len(fake_claude.requests) == 1  # no retries


def test_claude_timeout_falls_back_within_the_limit(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("propose_changes", changes(("temperature", 1.0)), delay_s=3.0)
    started = time.perf_counter()
    result = interpret_settings("more creative", GENERATION, claude)
    assert time.perf_counter() - started < 2.5
    assert result.interpreter == "offline"
    assert result.notice == "Claude did not answer in time (0.5 s); used the offline rules."
    assert {c.setting for c in result.changes} == {"temperature", "top_p"}


def test_claude_unreachable_falls_back() -> None:
    closed = ClaudeConfig(api_key="k", model="m", base_url="http://127.0.0.1:9", timeout_s=1)
    result = interpret_settings("shorter answers", GENERATION, closed)
    assert result.interpreter == "offline"
    assert result.notice is not None and "used the offline rules" in result.notice


def test_claude_command_slots_become_the_rest_action(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use(
        "run_command",
        {
            "kind": "train",
            "dataset": "reviews_clean",
            "template_id": "text-classifier",
            "overrides": {"epochs": 4},
        },
    )
    reply = run_command("teach a sentiment model with the clean reviews", NONE, CANDIDATES, claude)
    assert reply.interpreter == "claude"
    assert reply.action is not None
    assert (reply.action.method, reply.action.path) == ("POST", "/api/runs")
    assert reply.action.body == {
        "template_id": "text-classifier",
        "dataset_id": 2,
        "overrides": {"epochs": 4.0},
    }
    assert reply.action.needs_confirmation is True
    tool = fake_claude.requests[0]["tools"][0]
    assert "train" in tool["input_schema"]["properties"]["kind"]["enum"]
    assert "reviews_clean" in fake_claude.requests[0]["system"]


def test_claude_command_names_are_still_looked_up(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("run_command", {"kind": "rollback", "deployment": "made-up-endpoint"})
    reply = run_command("roll back the thing", NONE, CANDIDATES, claude)
    assert reply.interpreter == "claude"
    assert reply.action is None
    assert "There is no endpoint called “made-up-endpoint”" in reply.reply


def test_claude_command_out_of_range_override_is_left_out(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use(
        "run_command",
        {
            "kind": "train",
            "dataset": "dataset #2",
            "template_id": "text-classifier",
            "overrides": {"learning_rate": 3, "epochs": 2},
        },
    )
    reply = run_command("train on the clean reviews, lr 3", NONE, CANDIDATES, claude)
    assert reply.action is not None and reply.action.body is not None
    assert reply.action.body["overrides"] == {"epochs": 2.0}
    assert "Left out learning_rate" in reply.reply


def test_claude_command_outside_contract_falls_back(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.tool_use("run_command", {"kind": "delete_everything", "sudo": True})
    reply = run_command("roll back support-bot", NONE, CANDIDATES, claude)
    assert reply.interpreter == "offline"
    assert reply.notice == "Claude's answer was not in the expected form; used the offline rules."
    assert reply.action is not None and reply.action.path == "/api/deployments/2/rollback"


def test_claude_command_error_falls_back(claude: ClaudeConfig, fake_claude: FakeAnthropic) -> None:
    fake_claude.error(529, "overloaded_error")
    reply = run_command("how is support-bot doing?", NONE, CANDIDATES, claude)
    assert reply.interpreter == "offline"
    assert reply.notice == "Claude is overloaded (HTTP 529); used the offline rules."
    assert reply.action is not None and reply.action.needs_confirmation is False


CURVE = Curve(
    run_id=5,
    status="running",
    steps=[CurvePoint(step=10, loss=2.0), CurvePoint(step=20, loss=1.5)],
    evals=[CurvePoint(step=20, val_loss=1.6)],
)


def test_claude_explains_from_the_templated_facts(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.text("Your model is learning: the loss fell from 2.0 to 1.5.")
    found = explain("curve", CURVE, claude)
    assert found.by_claude and found.text.startswith("Your model is learning")
    prompt = fake_claude.requests[0]["messages"][0]["content"]
    assert "Training loss fell from 2 to 1.5" in prompt


def test_claude_explanation_error_uses_the_template(
    claude: ClaudeConfig, fake_claude: FakeAnthropic
) -> None:
    fake_claude.error(500, "api_error")
    found = explain("perplexity", None, claude)
    assert not found.by_claude
    assert found.text.startswith("Perplexity is")
    assert (
        found.notice
        == "Claude answered with an error (HTTP 500); showing the standard explanation."
    )


def test_claude_config_needs_an_api_key(tmp_path: Any) -> None:
    assert ClaudeConfig.from_settings(Settings(data_dir=tmp_path)) is None
    settings = Settings(
        data_dir=tmp_path,
        anthropic_api_key="sk-test",
        anthropic_base_url="",
        assistant_timeout_s=3,
    )
    config = ClaudeConfig.from_settings(settings)
    assert config is not None
    assert (config.base_url, config.timeout_s, config.model) == (None, 3, settings.anthropic_model)
