"""Offline commands: each phrasing maps to the same REST action as the UI, a question or a reply."""

from __future__ import annotations

from typing import Any

import pytest

from tunewright.assistant.commands import compare_runs
from tunewright.assistant.contract import (
    Candidates,
    CommandContext,
    Curve,
    CurvePoint,
    DatasetRef,
    DeploymentRef,
    ModelRef,
    RunRef,
)
from tunewright.assistant.interpret import run_command

CANDIDATES = Candidates(
    datasets=[
        DatasetRef(
            id=4,
            name="support_tickets",
            filename="support_tickets.jsonl",
            rows=500,
            shape="prompt_response",
            template_id="customer-service-bot",
            columns=["question", "answer"],
        ),
        DatasetRef(
            id=3,
            name="titanic",
            filename="titanic.csv",
            rows=891,
            shape="tabular",
            template_id="tabular-predictor",
            columns=["Survived", "Pclass", "Sex", "Age", "Fare"],
            roles={"target": "Survived"},
        ),
        DatasetRef(id=2, name="reviews_clean", filename="reviews.csv", rows=98, shape="text_label"),
        DatasetRef(id=1, name="reviews", filename="reviews.csv", rows=100, shape="text_label"),
        DatasetRef(
            id=0, name="houses", filename="houses.csv", shape="tabular", columns=["rooms", "price"]
        ),
    ],
    models=[
        ModelRef(id=7, name="support bot", version=3, task="causal_lm"),
        ModelRef(id=6, name="support bot", version=2, task="causal_lm"),
        ModelRef(id=5, name="sentiment", version=1, task="classifier"),
        ModelRef(id=4, name="spam filter", version=1, task="classifier"),
    ],
    deployments=[
        DeploymentRef(
            id=2, slug="support-bot", name="support bot", model_version_id=6, can_roll_back=True
        ),
        DeploymentRef(id=1, slug="sentiment", name="sentiment", model_version_id=5),
    ],
    runs=[
        RunRef(id=8, status="running"),
        RunRef(
            id=5,
            status="succeeded",
            metrics={"val_loss": 1.05, "accuracy": 0.9, "model_version_id": 7},
            settings={"epochs": 3.0, "learning_rate": 3e-5},
        ),
        RunRef(id=4, status="cancelled"),
        RunRef(
            id=3,
            status="succeeded",
            metrics={"val_loss": 1.2, "accuracy": 0.85},
            settings={"epochs": 2.0, "learning_rate": 3e-5},
        ),
    ],
)
NONE = CommandContext()
RUN_POST = ("POST", "/api/runs")

# (message, context, (kind, method, path, body subset, needs_confirmation))
ACTIONS: list[tuple[str, CommandContext, tuple[str, str, str, dict[str, Any] | None, bool]]] = [
    (
        "train a classifier on reviews_clean",
        NONE,
        ("train", *RUN_POST, {"template_id": "text-classifier", "dataset_id": 2}, True),
    ),
    (
        "fine-tune a sentiment classifier on dataset #1",
        NONE,
        ("train", *RUN_POST, {"template_id": "text-classifier", "dataset_id": 1}, True),
    ),
    (
        "train a support bot on support_tickets for 5 epochs with lora",
        NONE,
        (
            "train",
            *RUN_POST,
            {
                "template_id": "customer-service-bot",
                "dataset_id": 4,
                "overrides": {"epochs": 5.0, "method": "lora"},
            },
            True,
        ),
    ),
    (
        "train a model on support_tickets",
        NONE,
        ("train", *RUN_POST, {"template_id": "customer-service-bot", "overrides": {}}, True),
    ),
    (
        "train on titanic",
        NONE,
        ("train", *RUN_POST, {"template_id": "tabular-predictor", "dataset_id": 3}, True),
    ),
    (
        "train a regression model on titanic to predict survived",
        NONE,
        ("train", *RUN_POST, {"template_id": "tabular-predictor", "dataset_id": 3}, True),
    ),
    (
        "train a regression model on titanic to predict fare",
        NONE,
        ("set_target", "PATCH", "/api/datasets/3", {"roles": {"target": "Fare"}}, True),
    ),
    (
        "train a classifier on it called my sentiment model",
        CommandContext(dataset_id=2),
        ("train", *RUN_POST, {"dataset_id": 2, "name": "my sentiment model"}, True),
    ),
    (
        "deploy the spam filter",
        NONE,
        ("deploy", "POST", "/api/deployments", {"model_version_id": 4}, True),
    ),
    (
        "deploy model #7 to endpoint #2",
        NONE,
        ("switch_version", "PUT", "/api/deployments/2/version", {"model_version_id": 7}, True),
    ),
    (
        "deploy model #7 as a new endpoint",
        NONE,
        ("deploy", "POST", "/api/deployments", {"model_version_id": 7}, True),
    ),
    (
        "roll back support-bot",
        NONE,
        ("rollback", "POST", "/api/deployments/2/rollback", None, True),
    ),
    (
        "revert the support bot endpoint",
        NONE,
        ("rollback", "POST", "/api/deployments/2/rollback", None, True),
    ),
    (
        "roll it back",
        CommandContext(deployment_id=2),
        ("rollback", "POST", "/api/deployments/2/rollback", None, True),
    ),
    ("undeploy sentiment", NONE, ("undeploy", "POST", "/api/deployments/1/undeploy", None, True)),
    (
        "take support-bot offline",
        NONE,
        ("undeploy", "POST", "/api/deployments/2/undeploy", None, True),
    ),
    ("how is support-bot doing?", NONE, ("usage", "GET", "/api/deployments/2/usage", None, False)),
    ("show usage of sentiment", NONE, ("usage", "GET", "/api/deployments/1/usage", None, False)),
    (
        "how's the endpoint doing",
        CommandContext(deployment_id=1),
        ("usage", "GET", "/api/deployments/1/usage", None, False),
    ),
    (
        "download support bot as onnx",
        NONE,
        ("download", "GET", "/api/models/7/download?format=onnx", None, False),
    ),
    (
        "export support bot v2 quantized",
        NONE,
        ("download", "GET", "/api/models/6/download?format=onnx-int8", None, False),
    ),
    (
        "download it in pytorch format",
        CommandContext(model_id=5),
        ("download", "GET", "/api/models/5/download?format=pytorch", None, False),
    ),
    ("cancel run 8", NONE, ("cancel_run", "POST", "/api/runs/8/cancel", None, True)),
    ("resume run 4", NONE, ("resume_run", "POST", "/api/runs/4/resume", None, True)),
]


@pytest.mark.parametrize(("message", "context", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_command_maps_to_rest_action(
    message: str, context: CommandContext, expected: tuple[Any, ...]
) -> None:
    kind, method, path, body, confirm = expected
    reply = run_command(message, context, CANDIDATES, None)
    assert reply.question is None, reply.reply
    assert reply.action is not None, reply.reply
    assert (reply.action.kind, reply.action.method, reply.action.path) == (kind, method, path)
    assert reply.action.needs_confirmation is confirm
    assert reply.interpreter == "offline"
    for key, value in (body or {}).items():
        assert reply.action.body is not None and reply.action.body[key] == value


def test_command_set_target_then_trains() -> None:
    reply = run_command(
        "train a regression model on titanic to predict fare", NONE, CANDIDATES, None
    )
    assert reply.action is not None and reply.action.then is not None
    assert reply.action.then.path == "/api/runs"
    assert reply.action.then.body == {
        "template_id": "tabular-predictor",
        "dataset_id": 3,
        "overrides": {},
    }
    assert "instead of Survived" in reply.action.summary


# (message, context, question text, option labels)
QUESTIONS: list[tuple[str, CommandContext, str, list[str]]] = [
    (
        "train a classifier on reviews",
        NONE,
        "Which dataset: reviews or reviews_clean?",
        ["reviews", "reviews_clean"],
    ),
    ("train a classifier on revews", NONE, "Did you mean", ["reviews_clean", "reviews"]),
    (
        "deploy the latest support bot",
        NONE,
        "support-bot serves support bot v2",
        ["Update support-bot to v3 (same URL)", "Create a new endpoint"],
    ),
    ("roll back", NONE, "Which endpoint: support-bot (support bot) or sentiment?", None),
    ("download sentiment", NONE, "Which format for sentiment v1?", None),
    (
        "train a model on houses",
        NONE,
        "Which column of houses should the model predict?",
        ["rooms", "price"],
    ),
]


@pytest.mark.parametrize(
    ("message", "context", "text", "labels"), QUESTIONS, ids=[q[0] for q in QUESTIONS]
)
def test_command_ambiguity_asks_a_question(
    message: str, context: CommandContext, text: str, labels: list[str] | None
) -> None:
    reply = run_command(message, context, CANDIDATES, None)
    assert reply.action is None
    assert reply.question is not None, reply.reply
    assert reply.question.text.startswith(text)
    if labels is not None:
        assert [o.label for o in reply.question.options][: len(labels)] == labels


def test_command_question_option_resolves_the_ambiguity() -> None:
    asked = run_command("train a classifier on reviews", NONE, CANDIDATES, None)
    assert asked.question is not None
    chosen = asked.question.options[1]
    assert chosen.message == "train a classifier on dataset #2"
    reply = run_command(chosen.message, NONE, CANDIDATES, None)
    assert reply.action is not None and reply.action.body is not None
    assert reply.action.body["dataset_id"] == 2


def test_command_deploy_option_messages_round_trip() -> None:
    asked = run_command("deploy the latest support bot", NONE, CANDIDATES, None)
    assert asked.question is not None
    update, new = (run_command(o.message, NONE, CANDIDATES, None) for o in asked.question.options)
    assert update.action is not None and update.action.kind == "switch_version"
    assert new.action is not None and new.action.kind == "deploy"


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (
            "train a classifier on foo",
            "There is no dataset called “foo”. You have: support_tickets",
        ),
        ("deploy banana", "There is no model called “banana”"),
        ("deploy support bot v9", "support bot has no version 9; it has v2, v3"),
        ("deploy support bot v2", "support bot v2 is already deployed at support-bot"),
        ("deploy sentiment", "sentiment v1 is already deployed at sentiment"),
        ("roll back sentiment", "nothing to roll back to"),
        ("resume run 5", "only interrupted, cancelled or failed runs resume"),
        ("cancel run 99", "Run 99 does not exist"),
        ("train a regression model on titanic to predict wings", "titanic has no column “wings”"),
        ("list my datasets", "Your datasets: support_tickets (#4, 500 rows)"),
        ("what models do I have", "Your models: support bot v3 (#7)"),
        ("what is perplexity?", "Perplexity is"),
        ("explain val loss", "Validation loss is"),
        ("explain the current curve", "Open a run"),
    ],
)
def test_command_replies_in_words(message: str, words: str) -> None:
    reply = run_command(message, NONE, CANDIDATES, None)
    assert words in reply.reply
    assert reply.action is None


def test_command_compare_runs_computes_a_summary() -> None:
    reply = run_command("compare runs 3 and 5", NONE, CANDIDATES, None)
    assert reply.action is None
    assert reply.data is not None
    assert {m["name"]: m["better"] for m in reply.data["metrics"]} == {
        "val_loss": 5,
        "accuracy": 5,
    }
    assert "run 5 better" in reply.reply
    assert "epochs 2 → 3" in reply.reply


def test_command_compare_last_two_finished_runs() -> None:
    reply = run_command("compare the last two runs", NONE, CANDIDATES, None)
    assert reply.data is not None and reply.data["runs"] == [5, 3]


def test_compare_runs_lower_loss_is_better() -> None:
    a = RunRef(id=1, status="succeeded", metrics={"rmse": 2.0, "r2": 0.5})
    b = RunRef(id=2, status="succeeded", metrics={"rmse": 3.0, "r2": 0.7})
    rows = {m["name"]: m["better"] for m in compare_runs(a, b)["metrics"]}
    assert rows == {"rmse": 1, "r2": 2}


def test_command_explain_curve_of_the_open_run() -> None:
    curve = Curve(
        run_id=5,
        status="succeeded",
        steps=[CurvePoint(step=s, loss=2.0 - s / 100) for s in range(10, 110, 10)],
        evals=[
            CurvePoint(step=20, val_loss=1.5),
            CurvePoint(step=60, val_loss=1.2),
            CurvePoint(step=100, val_loss=1.4),
        ],
    )
    reply = run_command(
        "explain this curve", CommandContext(run_id=5), CANDIDATES, None, lambda run_id: curve
    )
    assert "overfitting" in reply.reply
    assert "best was 1.2 at step 60" in reply.reply


def test_command_not_understood_offers_examples() -> None:
    reply = run_command("make me a sandwich", NONE, CANDIDATES, None)
    assert reply.reply.startswith("I didn't understand")
    assert reply.examples and "deploy the latest support bot" in reply.examples


def test_command_help_lists_examples() -> None:
    reply = run_command("help", NONE, CANDIDATES, None)
    assert reply.examples


def test_command_table_has_enough_phrasings() -> None:
    assert len(ACTIONS) + len(QUESTIONS) >= 25
