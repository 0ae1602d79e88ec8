"""A tabular run end to end: upload → plan → queue → worker child → evaluated model version."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest
from fastapi.testclient import TestClient
from sklearn.datasets import load_wine

from tests.worker.conftest import RunUntilDone


@pytest.mark.slow
def test_tabular_run_registers_a_model_that_beats_the_baseline(
    client: TestClient, run_until_done: RunUntilDone
) -> None:
    frame = load_wine(as_frame=True).frame.rename(columns={"target": "cultivar"})
    frame["cultivar"] = frame["cultivar"].map({0: "barolo", 1: "grignolino", 2: "barbera"})
    upload = client.post(
        "/api/datasets",
        files={"file": ("wine.csv", frame.to_csv(index=False).encode())},
        data={"template_id": "tabular-predictor"},
    )
    assert upload.status_code == 201, upload.text
    dataset = upload.json()
    assert dataset["profile"]["roles"]["target"] == "cultivar"

    created = client.post(
        "/api/runs",
        json={
            "template_id": "tabular-predictor",
            "dataset_id": dataset["id"],
            "overrides": {"time_budget_s": 8},
        },
    )
    assert created.status_code == 201, created.text
    run = run_until_done(created.json()["id"], 240.0)
    assert run.status == "succeeded", run.error

    body = client.get(f"/api/runs/{run.id}").json()
    model_id = body["model_version_id"]
    model = client.get(f"/api/models/{model_id}").json()
    assert model["task"] == "tabular"
    assert model["version"] == 1
    assert model["verdict"]["passed"] is True
    assert model["library_versions"]["scikit-learn"]

    events = client.get(f"/api/runs/{run.id}/events").json()["data"]
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))  # gap-free, ordered
    phases = [e["payload"]["phase"] for e in events if e["kind"] == "phase"]
    assert phases[0] == "preparing"
    assert "evaluating" in phases

    folder = Path(model["artifact_path"])
    metadata = json.loads((folder / "metadata.json").read_text())
    assert metadata["target"] == "cultivar"
    pipeline = joblib.load(folder / "pipeline.joblib")
    predictions = pipeline.predict(frame.drop(columns="cultivar").head(5))
    assert set(predictions) <= {"barolo", "grignolino", "barbera"}
