"""Sample datasets and training-time estimates: what a first-timer gets before owning a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tunewright import templates
from tunewright.settings import Settings
from tunewright.templates import catalog

TEMPLATE_IDS = list(catalog())


def stored_folders(settings: Settings) -> list[Path]:
    if not settings.uploads_dir.exists():
        return []
    return [p for p in settings.uploads_dir.rglob("*") if p.is_dir() and p.name != ".staging"]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_load_sample_gives_a_dataset_the_template_can_train(
    client: TestClient, template_id: str
) -> None:
    sample = catalog()[template_id].sample
    response = client.post("/api/datasets/samples", json={"template_id": template_id})
    assert response.status_code == 201, response.text
    dataset = response.json()
    assert dataset["name"] == sample.name
    assert dataset["filename"] == sample.file
    assert dataset["template_id"] == template_id
    assert dataset["rows"] >= catalog()[template_id].min_examples
    assert dataset["errors"] == 0, dataset["findings"]

    plan = client.post(
        "/api/runs/plan", json={"template_id": template_id, "dataset_id": dataset["id"]}
    )
    assert plan.status_code == 200, plan.text
    assert plan.json()["train_rows"] > 0


def test_load_sample_keeps_the_shipped_file_byte_for_byte(
    client: TestClient, settings: Settings
) -> None:
    response = client.post("/api/datasets/samples", json={"template_id": "text-classifier"})
    assert response.status_code == 201, response.text
    (folder,) = stored_folders(settings)
    original = catalog()["text-classifier"].sample.path.read_bytes()
    assert (folder / "original.csv").read_bytes() == original
    assert response.json()["size_bytes"] == len(original)


def test_load_sample_unknown_template_is_422_listing_the_ids(client: TestClient) -> None:
    response = client.post("/api/datasets/samples", json={"template_id": "poetry-bot"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_template"
    assert "text-classifier" in error["hint"]


def test_load_sample_missing_file_is_404_with_a_fix(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(templates, "SAMPLES_DIR", tmp_path / "nowhere")
    response = client.post("/api/datasets/samples", json={"template_id": "tabular-predictor"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "sample_missing"
    assert "upload a file" in error["hint"]


def test_load_sample_unreadable_leaves_nothing_behind(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "samples"
    broken.mkdir()
    (broken / catalog()["tabular-predictor"].sample.file).write_bytes(b"")
    monkeypatch.setattr(templates, "SAMPLES_DIR", broken)
    response = client.post("/api/datasets/samples", json={"template_id": "tabular-predictor"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["hint"]
    assert stored_folders(settings) == []
    assert list((settings.uploads_dir / ".staging").glob("*")) == []
    assert client.get("/api/datasets").json()["count"] == 0


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_estimate_is_the_beginner_plan_for_the_sample(client: TestClient, template_id: str) -> None:
    response = client.get(f"/api/templates/{template_id}/estimate")
    assert response.status_code == 200, response.text
    estimate = response.json()
    assert estimate["seconds"] > 0
    assert estimate["preset"] == "beginner"
    assert estimate["base_model"]

    dataset = client.post("/api/datasets/samples", json={"template_id": template_id}).json()
    assert estimate["examples"] == dataset["rows"]
    plan = client.post(
        "/api/runs/plan", json={"template_id": template_id, "dataset_id": dataset["id"]}
    ).json()
    assert estimate["seconds"] == pytest.approx(plan["estimated_seconds"], rel=0.05)
    assert estimate["base_model"] == plan["base_model"]["name"]
    hardware = plan["hardware"]  # "cpu" here, the accelerator's name on a GPU machine
    assert estimate["device"] == (hardware.get("accelerator") or hardware["device"])


def test_estimate_unknown_template_is_422(client: TestClient) -> None:
    response = client.get("/api/templates/poetry-bot/estimate")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_template"
