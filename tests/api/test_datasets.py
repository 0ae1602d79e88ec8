"""Dataset API: upload → analyse → preview → re-map → clean → delete, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tunewright.db.models import Dataset
from tunewright.settings import Settings

CLASSIFIER_CSV = (
    "text,label\n"
    + "".join(f"the delivery was late again number {i},complaint\n" for i in range(15))
    + "".join(f"thanks so much the product works great {i},praise\n" for i in range(15))
    + "thanks so much the product works great 0,praise\n"  # a duplicate
    + "write to me at jane.doe@example.com please,question\n"
)


def upload(client: TestClient, content: bytes, filename: str = "data.csv", **fields: str):  # type: ignore[no-untyped-def]
    return client.post("/api/datasets", files={"file": (filename, content)}, data=fields)


def stored_folders(settings: Settings) -> list[Path]:
    return [p for p in settings.uploads_dir.glob("*") if p.name != ".staging"] + list(
        settings.uploads_dir.glob(".staging/*")
    )


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dataset)) or 0


def test_upload_csv_returns_detection_profile_and_findings(client: TestClient) -> None:
    response = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["detection"]["format"] == "csv"
    assert body["template_id"] == "text-classifier"
    assert body["rows"] == 32
    assert body["profile"]["roles"] == {"text": "text", "label": "label"}
    assert body["profile"]["labels"]["praise"] == 16
    assert body["profile"]["lengths"]["tokens"] is not None  # the MiniLM tokenizer counted them
    codes = {f["code"] for f in body["findings"]}
    assert {"duplicates", "pii_email"} <= codes
    assert body["warnings"] >= 2


def test_upload_keeps_original_bytes_untouched(client: TestClient, settings: Settings) -> None:
    content = CLASSIFIER_CSV.encode("cp1252")
    body = upload(client, content, "weird name (1).CSV").json()
    folder = next(p for p in settings.uploads_dir.iterdir() if p.name != ".staging")
    assert (folder / "original.csv").read_bytes() == content
    assert (folder / "normalised.jsonl").exists()
    assert body["filename"] == "weird name (1).CSV"
    assert body["name"] == "weird name (1)"


def test_list_and_read_dataset(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    listing = client.get("/api/datasets")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert listing.json()["data"][0]["id"] == created["id"]
    one = client.get(f"/api/datasets/{created['id']}")
    assert one.status_code == 200
    assert one.json()["profile"]["rows"] == 32


def test_preview_pages_through_rows(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode()).json()
    page = client.get(f"/api/datasets/{created['id']}/preview", params={"offset": 30, "limit": 5})
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 32
    assert len(body["rows"]) == 2
    assert body["columns"] == ["text", "label"]
    assert body["rows"][1]["label"] == "question"


def test_patch_roles_reprofiles(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    response = client.patch(
        f"/api/datasets/{created['id']}", json={"roles": {"text": "label", "label": "text"}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["profile"]["roles"] == {"text": "label", "label": "text"}


def test_patch_roles_unknown_column_is_422(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    response = client.patch(f"/api/datasets/{created['id']}", json={"roles": {"text": "nope"}})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "nope" in error["message"]
    assert "text" in error["hint"]


def test_clean_creates_new_version_and_keeps_parent(client: TestClient, settings: Settings) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    response = client.post(f"/api/datasets/{created['id']}/clean", json={"ops": ["dedupe"]})
    assert response.status_code == 201, response.text
    child = response.json()
    assert child["parent_id"] == created["id"]
    assert child["version"] == 2
    assert child["rows"] == 31
    assert child["clean_ops"] == ["dedupe"]
    assert "duplicates" not in {f["code"] for f in child["findings"]}
    parent = client.get(f"/api/datasets/{created['id']}").json()
    assert parent["rows"] == 32


def test_clean_unknown_operation_is_422(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode()).json()
    response = client.post(f"/api/datasets/{created['id']}/clean", json={"ops": ["shred"]})
    assert response.status_code == 422
    assert "ops" in response.json()["error"]["message"]


def test_delete_removes_row_and_files(
    client: TestClient, settings: Settings, session: Session
) -> None:
    created = upload(client, CLASSIFIER_CSV.encode()).json()
    response = client.delete(f"/api/datasets/{created['id']}")
    assert response.status_code == 204
    assert stored_folders(settings) == []
    assert count_rows(session) == 0
    missing = client.get(f"/api/datasets/{created['id']}")
    assert missing.status_code == 404
    assert missing.json()["error"]["hint"]


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "empty.csv", "empty_file"),
        (b"   \n\n  \n", "blank.txt", "empty_file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "photo.csv", "binary_file"),
        (b'{"answer": 42}', "data.json", "json_not_list"),
        (b'[{"text": "a"}, {"text": ', "cut.json", "bad_json"),
    ],
)
def test_upload_unreadable_is_422_and_leaves_nothing(
    client: TestClient,
    settings: Settings,
    session: Session,
    content: bytes,
    filename: str,
    code: str,
) -> None:
    response = upload(client, content, filename)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["hint"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0


def test_upload_over_limit_is_413_and_leaves_nothing(
    client: TestClient, settings: Settings, session: Session
) -> None:
    settings.max_upload_mb = 1
    response = upload(client, b"text\n" + b"y" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "1 MB" in response.json()["error"]["message"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0


def test_upload_unknown_template_is_422_and_leaves_nothing(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = upload(client, CLASSIFIER_CSV.encode(), template_id="mind-reader")
    assert response.status_code == 422
    assert "text-classifier" in response.json()["error"]["hint"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0


def test_upload_without_file_is_422(client: TestClient) -> None:
    response = client.post("/api/datasets", data={"name": "x"}, files={"other": ("a", b"b")})
    assert response.status_code == 422
    assert response.json()["error"]["hint"]


@pytest.mark.slow
def test_upload_chat_counts_tokens_with_bundled_causal_tokenizer(client: TestClient) -> None:
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"How do I reset my password, attempt {i}?"},
                {"role": "assistant", "content": "Open Settings, then Security, then Reset."},
            ]
        }
        for i in range(25)
    ]
    content = "\n".join(json.dumps(r) for r in rows).encode()
    response = upload(client, content, "chats.jsonl", template_id="customer-service-bot")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["detection"]["shape"] == "chat"
    lengths = body["profile"]["lengths"]
    assert lengths["tokens"]["max"] > 10
    # counted with, and named after, the model this machine will train (offline: the bundled one)
    plan = client.post(
        "/api/runs/plan", json={"template_id": "customer-service-bot", "dataset_id": body["id"]}
    ).json()
    assert lengths["tokenizer"] == plan["base_model"]["name"]
