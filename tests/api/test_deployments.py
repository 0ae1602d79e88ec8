"""Deployments end to end: deploy, call with a key, versions and rollback, keys, limits, usage,
metrics — on real trained tiny models, through the real app."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sklearn.datasets import load_iris
from sqlalchemy.orm import Session

from tests.factories import make_dataset
from tests.training.text.conftest import Recorder
from tunewright.db.models import ModelVersion
from tunewright.main import create_app
from tunewright.settings import Settings
from tunewright.training.tabular.workflow import TabularSettings, train_tabular


def _iris(names: dict[int, str]) -> Any:
    frame = load_iris(as_frame=True).frame
    frame["target"] = frame["target"].map(names)
    return frame


@pytest.fixture(scope="module")
def artifacts(
    tmp_path_factory: pytest.TempPathFactory, classifier_dir: Path, causal_dir: Path
) -> dict[str, Path]:
    """Trained tiny models: two tabular versions that answer differently, a classifier, an LM."""
    root = tmp_path_factory.mktemp("artifacts")
    budget = TabularSettings(time_budget_s=3, cv_folds=3)
    folders = {"classifier": classifier_dir, "causal_lm": causal_dir}
    for which, names in (
        ("tabular_v1", {0: "setosa", 1: "versicolor", 2: "virginica"}),
        ("tabular_v2", {0: "SETOSA", 1: "VERSICOLOR", 2: "VIRGINICA"}),
    ):
        result = train_tabular(_iris(names), "target", Recorder(root / which).context(), budget)
        folders[which] = result.artifact_dir
    return folders


TASKS = {"tabular_v1": "tabular", "tabular_v2": "tabular", "classifier": "classifier"}
TEMPLATES = {"tabular": "tabular-predictor", "classifier": "text-classifier"}


def register(session: Session, folder: Path, which: str, version: int = 1) -> int:
    """A model version row pointing at a trained artifact."""
    task = TASKS.get(which, "causal_lm")
    dataset = make_dataset(session)
    metadata = json.loads((folder / "metadata.json").read_text())
    row = ModelVersion(
        project_id=dataset.project_id,
        dataset_id=dataset.id,
        name="iris" if task == "tabular" else which,
        version=version,
        template_id=TEMPLATES.get(task, "customer-service-bot"),
        task=task,
        settings=metadata.get("settings", {}),
        metrics={},
        base_model=metadata.get("base_model", {}),
        artifact_path=str(folder),
    )
    session.add(row)
    session.commit()
    return row.id


ROW = {"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4,
       "petal width (cm)": 0.2}  # fmt: skip


def deploy(client: TestClient, model_version_id: int, **body: Any) -> dict[str, Any]:
    response = client.post("/api/deployments", json={"model_version_id": model_version_id, **body})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def call(
    client: TestClient, deployment: dict[str, Any], body: Any, key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key or deployment['api_key']}"}
    return client.post(f"/v1/endpoints/{deployment['slug']}/predict", json=body, headers=headers)


def test_deploy_then_call_with_the_key(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    version_id = register(session, artifacts["tabular_v1"], "tabular_v1")

    created = deploy(client, version_id, name="Iris species")

    assert created["slug"] == "iris-species"
    assert created["url"].endswith("/v1/endpoints/iris-species/predict")
    assert created["api_key"].startswith("tw_")
    assert created["keys"][0]["prefix"] == created["api_key"][:10]
    assert created["engine"] in ("sklearn", "onnxruntime")
    assert {"curl", "python", "javascript"} <= set(created["snippets"])
    assert created["api_key"] in created["snippets"]["curl"]
    assert set(created["example_body"]["rows"][0]) >= set(ROW)
    response = call(client, created, {"rows": [ROW]})
    assert response.status_code == 200, response.text
    assert response.json()["predictions"][0]["prediction"] == "setosa"
    assert response.headers["x-model-version"] == str(version_id)


def test_switch_version_then_rollback_keeps_the_url(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    v1 = register(session, artifacts["tabular_v1"], "tabular_v1", 1)
    v2 = register(session, artifacts["tabular_v2"], "tabular_v2", 2)
    created = deploy(client, v1)

    switched = client.put(
        f"/api/deployments/{created['id']}/version", json={"model_version_id": v2}
    )
    assert switched.status_code == 200, switched.text
    assert switched.json()["url"] == created["url"]
    newer = call(client, created, {"rows": [ROW]})
    assert newer.status_code == 200
    assert newer.json()["predictions"][0]["prediction"] == "SETOSA"

    rolled = client.post(f"/api/deployments/{created['id']}/rollback")
    assert rolled.status_code == 200, rolled.text
    assert rolled.json()["model_version_id"] == v1
    older = call(client, created, {"rows": [ROW]})
    assert older.status_code == 200
    assert older.json()["predictions"][0]["prediction"] == "setosa"
    assert [h["model_version_id"] for h in rolled.json()["history"]] == [v1, v2, v1]


def test_rollback_without_history_is_409(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["tabular_v1"], "tabular_v1"))

    response = client.post(f"/api/deployments/{created['id']}/rollback")

    assert response.status_code == 409
    assert response.json()["error"]["hint"]


def test_keys_missing_wrong_foreign_and_revoked_are_refused(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    version_id = register(session, artifacts["tabular_v1"], "tabular_v1")
    first, second = deploy(client, version_id, name="a"), deploy(client, version_id, name="b")

    missing = client.post(f"/v1/endpoints/{first['slug']}/predict", json={"rows": [ROW]})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["code"] == "missing_api_key"
    assert call(client, first, {"rows": [ROW]}, key="tw_not-a-key").status_code == 401
    foreign = call(client, first, {"rows": [ROW]}, key=second["api_key"])
    assert foreign.status_code == 403
    assert foreign.json()["error"]["code"] == "wrong_api_key"

    extra = client.post(f"/api/deployments/{first['id']}/keys", json={"name": "ci"})
    assert extra.status_code == 201, extra.text
    assert call(client, first, {"rows": [ROW]}, key=extra.json()["key"]).status_code == 200
    revoked = client.post(f"/api/deployments/{first['id']}/keys/{extra.json()['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    refused = call(client, first, {"rows": [ROW]}, key=extra.json()["key"])
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "revoked_api_key"
    assert call(client, first, {"rows": [ROW]}).status_code == 200  # the other key still works


def test_rate_limit_answers_429_with_retry_after(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(
        client, register(session, artifacts["tabular_v1"], "tabular_v1"), rate_limit_per_minute=3
    )

    statuses = [call(client, created, {"rows": [ROW]}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = call(client, created, {"rows": [ROW]})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["hint"]


def test_malformed_and_oversized_bodies_are_refused_with_reasons(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["classifier"], "classifier"))
    url = f"/v1/endpoints/{created['slug']}/predict"
    headers = {"Authorization": f"Bearer {created['api_key']}"}

    not_json = client.post(url, content=b"{texts:", headers=headers)
    assert not_json.status_code == 422
    assert not_json.json()["error"]["code"] == "malformed_json"
    wrong_shape = call(client, created, {"rows": [ROW]})
    assert wrong_shape.status_code == 422
    assert "texts" in wrong_shape.json()["error"]["message"]
    assert "classifier" in wrong_shape.json()["error"]["hint"]
    too_many = call(client, created, {"texts": ["hello"] * 65})
    assert too_many.status_code == 422
    assert "texts" in too_many.json()["error"]["message"]
    huge = client.post(url, content=b"x" * (2 * 1024 * 1024 + 1), headers=headers)
    assert huge.status_code == 413
    ok = call(client, created, {"texts": ["love it", "broke in a day"]})
    assert ok.status_code == 200, ok.text
    assert len(ok.json()["predictions"]) == 2


def test_causal_lm_deployment_generates_and_counts_tokens(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["causal_lm"], "causal_lm"))
    assert created["engine"] == "torch"
    assert "prompt" in created["example_body"]

    response = call(client, created, {"prompt": "Say hello.", "max_new_tokens": 5, "seed": 1})

    assert response.status_code == 200, response.text
    assert 1 <= response.json()["tokens"] <= 5
    usage = client.get(f"/api/deployments/{created['id']}/usage").json()
    assert usage["totals"]["tokens"] == response.json()["tokens"]


def test_usage_counts_requests_errors_latency_and_keeps_a_drift_sample(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["tabular_v1"], "tabular_v1"))
    for _ in range(5):
        assert call(client, created, {"rows": [ROW, ROW]}).status_code == 200
    assert call(client, created, {"rows": "nope"}).status_code == 422
    assert call(client, created, {"rows": [ROW]}, key="tw_wrong").status_code == 401

    response = client.get(f"/api/deployments/{created['id']}/usage")

    assert response.status_code == 200, response.text
    usage = response.json()
    totals = usage["totals"]
    assert totals["requests"] == 7 and totals["errors"] == 2
    assert 0 < totals["p50_ms"] <= totals["p95_ms"] <= totals["p99_ms"]
    assert sum(b["requests"] for b in usage["hourly"]) == 7
    assert usage["daily"][0]["requests"] == 7
    assert [r["status_code"] for r in usage["latest"]][:2] == [401, 422]
    assert {r["error_code"] for r in usage["latest"][:2]} == {"invalid_api_key", "invalid_input"}
    assert usage["drift_samples"] == 5
    assert usage["prediction_distribution"]["labels"] == {"setosa": 10}
    key = client.get(f"/api/deployments/{created['id']}").json()["keys"][0]
    assert key["last_used_at"] is not None


def test_undeploy_answers_404_and_model_delete_is_refused_while_deployed(
    client: TestClient, session: Session, artifacts: dict[str, Path], tmp_path: Path
) -> None:
    own = shutil.copytree(artifacts["tabular_v1"], tmp_path / "model")  # deleted at the end
    version_id = register(session, own, "tabular_v1")
    created = deploy(client, version_id)

    refused = client.delete(f"/api/models/{version_id}")
    assert refused.status_code == 409
    assert client.post(f"/api/deployments/{created['id']}/undeploy").status_code == 200
    gone = call(client, created, {"rows": [ROW]})
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "no_such_endpoint"

    still_referenced = client.delete(f"/api/models/{version_id}")
    assert still_referenced.status_code == 409
    assert still_referenced.json()["error"]["code"] == "model_referenced"
    assert client.delete(f"/api/deployments/{created['id']}").status_code == 204
    assert client.delete(f"/api/models/{version_id}").status_code == 204
    assert not own.exists()


def test_delete_live_deployment_is_refused(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["tabular_v1"], "tabular_v1"))

    response = client.delete(f"/api/deployments/{created['id']}")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "deployment_active"
    assert "undeploy" in response.json()["error"]["hint"]


def test_metrics_parse_as_prometheus_text(
    client: TestClient, session: Session, artifacts: dict[str, Path]
) -> None:
    created = deploy(client, register(session, artifacts["tabular_v1"], "tabular_v1"))
    assert call(client, created, {"rows": [ROW]}).status_code == 200

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    requests = families["tunewright_endpoint_requests"].samples
    assert any(
        s.labels == {"deployment": created["slug"], "status": "200"} and s.value == 1
        for s in requests
    )
    assert "tunewright_endpoint_latency_seconds" in families
    assert {s.labels["state"] for s in families["tunewright_runs"].samples} >= {"queued"}
    assert families["tunewright_models_loaded"].samples[0].value >= 1
    assert "tunewright_workers_up" in families


def test_deploy_unknown_model_is_404_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/deployments", json={"model_version_id": 999})

    assert response.status_code == 404
    assert response.json()["error"]["details"]["field"] == "model_version_id"


@pytest.fixture
def live_server(settings: Settings) -> Iterator[str]:
    """The real app over real HTTP on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.slow
def test_two_hundred_concurrent_requests_are_all_answered(
    live_server: str, session: Session, artifacts: dict[str, Path]
) -> None:
    version_id = register(session, artifacts["tabular_v1"], "tabular_v1")
    created = httpx.post(
        f"{live_server}/api/deployments",
        json={"model_version_id": version_id, "rate_limit_per_minute": 100_000},
        timeout=120,
    )
    assert created.status_code == 201, created.text
    endpoint, key = created.json()["url"], created.json()["api_key"]

    async def fire() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            headers = {"Authorization": f"Bearer {key}"}
            return await asyncio.gather(
                *(http.post(endpoint, json={"rows": [ROW]}, headers=headers) for _ in range(200))
            )

    responses = asyncio.run(fire())

    assert [r.status_code for r in responses] == [200] * 200
    assert {r.json()["predictions"][0]["prediction"] for r in responses} == {"setosa"}
    usage = httpx.get(f"{live_server}/api/deployments/{created.json()['id']}/usage").json()
    assert usage["totals"]["requests"] == 200
