"""Assistant API: interpret sentences and commands over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.test_runs import LENGTHS
from tests.assistant.fake_anthropic import FakeAnthropic
from tests.factories import make_dataset, make_run
from tunewright.db.models import RunEvent
from tunewright.settings import Settings

TESTING = {
    "step": "testing",
    "task": "causal_lm",
    "settings": {"temperature": 0.7, "top_p": 0.9, "max_new_tokens": 128},
}


def classifier_profile(rows: int = 300) -> dict[str, object]:
    return {
        "rows": rows,
        "roles": {"text": "text", "label": "label"},
        "columns": [{"name": "text"}, {"name": "label"}],
        "lengths": LENGTHS,
        "labels": {"a": rows // 2, "b": rows - rows // 2},
    }


def test_interpret_returns_validated_changes(client: TestClient) -> None:
    response = client.post(
        "/api/assistant/interpret", json={"sentence": "more creative", "context": TESTING}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["interpreter"] == "offline"
    assert body["notice"] is None
    assert [(c["setting"], c["old"], c["new"]) for c in body["changes"]] == [
        ("temperature", 0.7, 1.0),
        ("top_p", 0.9, 0.95),
    ]
    assert all(c["reason"] for c in body["changes"])


def test_interpret_out_of_range_is_refused_with_the_range(client: TestClient) -> None:
    context = {"step": "training", "template_id": "text-classifier", "settings": {"epochs": 3}}
    response = client.post(
        "/api/assistant/interpret",
        json={"sentence": "set learning rate to 0.5", "context": context},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changes"] == []
    assert "between 1e-07 and 0.01" in body["message"]


def test_interpret_not_understood_gives_examples(client: TestClient) -> None:
    response = client.post(
        "/api/assistant/interpret", json={"sentence": "sing a song", "context": TESTING}
    )
    assert response.status_code == 200
    assert response.json()["examples"]


def test_interpret_unknown_step_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/assistant/interpret",
        json={"sentence": "more creative", "context": {"step": "deploying"}},
    )
    assert response.status_code == 422
    assert "context.step" in response.json()["error"]["message"]


def test_command_ambiguous_dataset_asks_which(client: TestClient, session: Session) -> None:
    first = make_dataset(session, name="reviews", filename="reviews.csv")
    second = make_dataset(session, name="reviews_clean", filename="reviews_clean.csv")
    response = client.post(
        "/api/assistant/command", json={"message": "train a classifier on reviews"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["action"] is None
    assert body["question"]["text"] == "Which dataset: reviews or reviews_clean?"
    assert [o["message"] for o in body["question"]["options"]] == [
        f"train a classifier on dataset #{first.id}",
        f"train a classifier on dataset #{second.id}",
    ]


def test_command_train_needs_confirmation_and_uses_the_runs_api(
    client: TestClient, session: Session
) -> None:
    dataset = make_dataset(session, name="tickets", profile=classifier_profile())
    response = client.post(
        "/api/assistant/command",
        json={"message": "train a sentiment classifier on tickets for 2 epochs"},
    )
    assert response.status_code == 200, response.text
    action = response.json()["action"]
    assert action["needs_confirmation"] is True
    assert (action["kind"], action["method"], action["path"]) == ("train", "POST", "/api/runs")
    assert action["body"] == {
        "template_id": "text-classifier",
        "dataset_id": dataset.id,
        "overrides": {"epochs": 2.0},
    }
    # what the UI does once the user confirms: the same call as its own Train button
    created = client.request(action["method"], action["path"], json=action["body"])
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "queued"
    assert created.json()["plan"]["settings"]["epochs"] == 2.0


def test_command_unknown_dataset_lists_what_exists(client: TestClient, session: Session) -> None:
    make_dataset(session, name="titanic")
    response = client.post("/api/assistant/command", json={"message": "train on houses"})
    assert response.status_code == 200
    assert response.json()["reply"] == "There is no dataset called “houses”. You have: titanic."


def test_command_compare_runs_reads_their_metrics(client: TestClient, session: Session) -> None:
    dataset = make_dataset(session)
    a = make_run(session, dataset, status="succeeded", metrics={"val_loss": 0.9, "accuracy": 0.8})
    b = make_run(session, dataset, status="succeeded", metrics={"val_loss": 0.7, "accuracy": 0.9})
    response = client.post(
        "/api/assistant/command", json={"message": f"compare runs {a.id} and {b.id}"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["action"] is None
    assert {m["name"]: m["better"] for m in body["data"]["metrics"]} == {
        "val_loss": b.id,
        "accuracy": b.id,
    }


def test_command_explains_the_open_run_curve(client: TestClient, session: Session) -> None:
    run = make_run(session, make_dataset(session), status="running")
    payloads = [
        ("step", {"step": 10, "loss": 2.0}),
        ("step", {"step": 20, "loss": 1.4}),
        ("eval", {"step": 20, "val_loss": 1.5, "stopping_early": False}),
    ]
    for seq, (kind, payload) in enumerate(payloads, start=1):
        session.add(RunEvent(run_id=run.id, seq=seq, kind=kind, payload=payload))
    session.commit()
    response = client.post(
        "/api/assistant/command",
        json={"message": "explain the current curve", "context": {"run_id": run.id}},
    )
    assert response.status_code == 200, response.text
    reply = response.json()["reply"]
    assert f"Run {run.id} is running." in reply
    assert "Training loss fell from 2 to 1.4" in reply


@pytest.fixture
def fake_claude() -> Iterator[FakeAnthropic]:
    with FakeAnthropic().running() as fake:
        yield fake


def test_command_uses_claude_when_configured(
    client: TestClient, settings: Settings, session: Session, fake_claude: FakeAnthropic
) -> None:
    settings.anthropic_api_key = "test-key"
    settings.anthropic_model = "claude-test"
    settings.anthropic_base_url = fake_claude.url
    settings.assistant_timeout_s = 2
    make_dataset(session, name="tickets", profile=classifier_profile())
    fake_claude.tool_use("run_command", {"kind": "list", "listing": "datasets"})
    response = client.post("/api/assistant/command", json={"message": "what data is there?"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["interpreter"] == "claude"
    assert body["reply"].startswith("Your datasets: tickets")
    assert "tickets" in fake_claude.requests[0]["system"]


def test_interpret_falls_back_when_claude_errors(
    client: TestClient, settings: Settings, fake_claude: FakeAnthropic
) -> None:
    settings.anthropic_api_key = "test-key"
    settings.anthropic_model = "claude-test"
    settings.anthropic_base_url = fake_claude.url
    fake_claude.error(529, "overloaded_error")
    response = client.post(
        "/api/assistant/interpret", json={"sentence": "shorter answers", "context": TESTING}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["interpreter"] == "offline"
    assert body["notice"] == "Claude is overloaded (HTTP 529); used the offline rules."
    assert [c["new"] for c in body["changes"]] == [64]
