"""One port: health, OpenAPI, the SPA with deep links, one error model, request ids."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from tunewright.main import create_app
from tunewright.settings import Settings


def test_health_reports_database_and_version(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["engine"] in {"sqlite", "postgresql"}
    assert body["version"]


def test_templates_lists_the_five(client: TestClient) -> None:
    response = client.get("/api/templates")
    assert response.status_code == 200
    ids = [t["id"] for t in response.json()["data"]]
    assert ids == [
        "customer-service-bot",
        "creative-writer",
        "code-assistant",
        "text-classifier",
        "tabular-predictor",
    ]


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/datasets" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200


def test_spa_served_at_root_and_deep_link(client: TestClient) -> None:
    for path in ("/", "/data/42", "/runs/7"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<div id=root>" in response.text
    asset = client.get("/assets/app.js")
    assert asset.status_code == 200
    assert "tunewright" in asset.text


def test_unknown_api_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["hint"]


def test_path_traversal_does_not_escape_spa(client: TestClient) -> None:
    response = client.get("/..%2f..%2fetc%2fpasswd")
    assert "root:" not in response.text


def test_request_id_header_is_returned(client: TestClient) -> None:
    response = client.get("/api/health", headers={"X-Request-ID": "abc123"})
    assert response.headers["x-request-id"] == "abc123"
    assert client.get("/api/health").headers["x-request-id"]


def test_start_sweeps_stale_leftovers_only(settings: Settings) -> None:
    staging = settings.uploads_dir / ".staging" / "dead-upload"
    orphan = settings.uploads_dir / ("0" * 32)
    fresh = settings.uploads_dir / ".staging" / "in-flight"
    for folder in (staging, orphan, fresh):
        folder.mkdir(parents=True)
        (folder / "original.csv").write_text("a,b\n")
    old = time.time() - 7200
    for path in (staging, staging / "original.csv", orphan, orphan / "original.csv"):
        os.utime(path, (old, old))
    with TestClient(create_app(settings)):
        pass
    assert not staging.exists()
    assert not orphan.exists()
    assert fresh.exists()


def test_spa_missing_build_explains_how_to_build(settings: Settings, tmp_path: Path) -> None:
    settings.frontend_dist = tmp_path / "nothing"
    with TestClient(create_app(settings)) as client:
        response = client.get("/")
    assert response.status_code == 503
    assert "make run" in response.text
