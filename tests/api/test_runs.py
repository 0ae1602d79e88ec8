"""Runs API without training: plans, validation of overrides, queueing, cancel and resume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_dataset
from tunewright.db.models import Deployment, ModelVersion

LENGTHS = {
    "words": {"min": 3, "p50": 20, "p95": 60, "max": 90, "mean": 25},
    "tokens": {"min": 5, "p50": 30, "p95": 90, "max": 130, "mean": 35},
    "tokenizer": "all-MiniLM-L6-v2",
    "max_tokens": 512,
    "over_limit": 0,
    "sampled": 100,
}


def classifier_dataset(session: Session, **profile: Any) -> int:
    dataset = make_dataset(
        session,
        profile={
            "rows": 300,
            "roles": {"text": "text", "label": "label"},
            "columns": [],
            "lengths": LENGTHS,
            "labels": {"a": 150, "b": 150},
            **profile,
        },
    )
    return dataset.id


def plan(client: TestClient, **body: Any):  # type: ignore[no-untyped-def]
    return client.post("/api/runs/plan", json=body)


def test_plan_returns_every_setting_with_a_reason(client: TestClient, session: Session) -> None:
    dataset_id = classifier_dataset(session)
    response = plan(client, template_id="text-classifier", dataset_id=dataset_id)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["task"] == "classifier"
    assert body["base_model"]["source"] == "bundled"
    assert (
        "not reachable" in body["base_model"]["reason"] or "bundled" in body["base_model"]["reason"]
    )
    names = {item["name"] for item in body["items"]}
    assert {"batch_size", "learning_rate", "epochs", "max_length", "method"} <= names
    assert all(item["reason"] for item in body["items"])
    assert body["memory"]["peak"] <= body["memory"]["budget"]
    assert body["estimated_seconds"] > 0
    assert body["settings"]["max_length"] >= 90


def test_plan_visible_settings_follow_preset(client: TestClient, session: Session) -> None:
    dataset_id = classifier_dataset(session)
    beginner = plan(client, template_id="text-classifier", dataset_id=dataset_id).json()
    advanced = plan(
        client, template_id="text-classifier", dataset_id=dataset_id, preset="advanced"
    ).json()
    assert not any(item["visible"] for item in beginner["items"])
    assert sum(item["visible"] for item in advanced["items"]) > 5


def test_plan_invalid_override_is_422_naming_field(client: TestClient, session: Session) -> None:
    dataset_id = classifier_dataset(session)
    response = plan(
        client,
        template_id="text-classifier",
        dataset_id=dataset_id,
        overrides={"learning_rate": 3},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert "learning_rate" in error["message"]
    assert "between" in error["message"]
    assert error["details"]["field"] == "learning_rate"


def test_plan_dataset_with_errors_is_422(client: TestClient, session: Session) -> None:
    dataset = make_dataset(
        session,
        findings=[
            {
                "code": "single_class",
                "severity": "error",
                "message": "Every row has the label 'a'.",
                "hint": "Add examples of at least one other label.",
            }
        ],
    )
    response = plan(client, template_id="text-classifier", dataset_id=dataset.id)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "dataset_has_errors"
    assert "other label" in response.json()["error"]["hint"]


def test_plan_missing_roles_is_422(client: TestClient, session: Session) -> None:
    dataset = make_dataset(
        session, profile={"rows": 50, "roles": {"target": "price"}, "columns": []}
    )
    response = plan(client, template_id="text-classifier", dataset_id=dataset.id)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "missing_roles"


def test_plan_tabular(client: TestClient, session: Session) -> None:
    columns = [{"name": "tenure"}, {"name": "churned"}]
    profile = {"rows": 400, "roles": {"target": "churned"}, "columns": columns}
    dataset = make_dataset(session, profile=profile)
    response = plan(client, template_id="tabular-predictor", dataset_id=dataset.id)
    assert response.status_code == 200, response.text
    assert response.json()["settings"]["cv_folds"] == 5
    assert [(c["name"], c["role"]) for c in response.json()["columns"]] == [
        ("tenure", "feature"),
        ("churned", "target"),
    ]


def test_plan_tabular_every_column_left_out_is_422(client: TestClient, session: Session) -> None:
    columns = [{"name": "tenure"}, {"name": "churned"}]
    profile = {"rows": 400, "roles": {"target": "churned"}, "columns": columns}
    dataset = make_dataset(session, profile=profile)
    response = plan(
        client,
        template_id="tabular-predictor",
        dataset_id=dataset.id,
        columns={"exclude": ["tenure"]},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_features"


def test_create_cancel_resume_queued_run(client: TestClient, session: Session) -> None:
    dataset_id = classifier_dataset(session)
    created = client.post(
        "/api/runs", json={"template_id": "text-classifier", "dataset_id": dataset_id}
    )
    assert created.status_code == 201, created.text
    run = created.json()
    assert run["status"] == "queued"
    assert run["plan"]["settings"]["batch_size"] >= 1
    assert client.get("/api/runs").json()["count"] == 1
    cancelled = client.post(f"/api/runs/{run['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(f"/api/runs/{run['id']}/cancel")
    assert again.status_code == 409
    resumed = client.post(f"/api/runs/{run['id']}/resume")
    assert resumed.status_code == 200
    assert resumed.json()["status"] == "queued"


def test_events_of_unknown_run_is_404(client: TestClient) -> None:
    response = client.get("/api/runs/999/events")
    assert response.status_code == 404
    assert response.json()["error"]["hint"]


def test_models_empty_and_unknown(client: TestClient) -> None:
    assert client.get("/api/models").json() == {"data": [], "count": 0}
    assert client.get("/api/models/5").status_code == 404


def _model_version(session: Session, folder: Path) -> ModelVersion:
    dataset = make_dataset(session)
    version = ModelVersion(
        project_id=dataset.project_id,
        dataset_id=dataset.id,
        name="reviews",
        version=1,
        template_id="text-classifier",
        task="classifier",
        settings={},
        base_model={"name": "tiny"},
        artifact_path=str(folder),
    )
    session.add(version)
    session.commit()
    return version


def test_delete_model_removes_its_files(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "metadata.json").write_text("{}")
    version = _model_version(session, folder)

    response = client.delete(f"/api/models/{version.id}")

    assert response.status_code == 204
    assert not folder.exists()
    assert client.get(f"/api/models/{version.id}").status_code == 404


def test_delete_deployed_model_is_409_with_hint(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    version = _model_version(session, folder)
    session.add(
        Deployment(
            project_id=version.project_id, model_version_id=version.id, slug="bot", name="bot"
        )
    )
    session.commit()

    response = client.delete(f"/api/models/{version.id}")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "model_deployed" and "/v1/endpoints/bot" in error["message"]
    assert error["hint"]
    assert folder.exists()


def test_run_log_before_the_worker_started_is_404_with_hint(
    client: TestClient, session: Session
) -> None:
    dataset_id = classifier_dataset(session)
    run = client.post(
        "/api/runs", json={"template_id": "text-classifier", "dataset_id": dataset_id}
    )
    assert run.status_code == 201, run.text

    response = client.get(f"/api/runs/{run.json()['id']}/log")

    assert response.status_code == 404
    assert response.json()["error"]["hint"]
