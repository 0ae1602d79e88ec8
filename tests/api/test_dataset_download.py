"""Dataset downloads: rows as CSV / JSON Lines / Parquet, the original upload, bad requests."""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.api.test_datasets import CLASSIFIER_CSV, stored_folders, upload
from tunewright.settings import Settings

TABLE_CSV = (
    "name,age,city,note\n"
    + "".join(
        f'Person {i},{20 + i if i % 4 else ""},{["Oslo", "Lima"][i % 2]},"said ""hi"", then {i}"\n'
        for i in range(12)
    )
).encode()


def _download(client: TestClient, dataset_id: int, fmt: str) -> Any:
    return client.get(f"/api/datasets/{dataset_id}/download", params={"format": fmt})


def _rows(client: TestClient, dataset_id: int) -> pd.DataFrame:
    page = client.get(f"/api/datasets/{dataset_id}/preview", params={"limit": 500}).json()
    return pd.DataFrame(page["rows"], columns=page["columns"])


def _read_back(fmt: str, content: bytes) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(content), keep_default_na=False, na_values=[""])
    if fmt == "jsonl":
        return pd.read_json(io.BytesIO(content), lines=True)
    return pd.read_parquet(io.BytesIO(content))


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("csv", "text/csv"),
        ("jsonl", "application/x-ndjson"),
        ("parquet", "application/vnd.apache.parquet"),
    ],
)
def test_download_rows_round_trip(client: TestClient, fmt: str, media_type: str) -> None:
    created = upload(client, TABLE_CSV, "people.csv").json()
    response = _download(client, created["id"], fmt)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="people-v1.{fmt}"'
    back = _read_back(fmt, response.content)
    pd.testing.assert_frame_equal(back, _rows(client, created["id"]), check_dtype=False)
    assert back["note"][1] == 'said "hi", then 1'


def test_download_removes_its_written_copy(client: TestClient, settings: Settings) -> None:
    created = upload(client, TABLE_CSV, "people.csv").json()
    folders = stored_folders(settings)
    assert _download(client, created["id"], "parquet").status_code == 200
    assert stored_folders(settings) == folders  # no staging folder left behind


def test_download_original_returns_the_uploaded_bytes(client: TestClient) -> None:
    content = (CLASSIFIER_CSV + "the café au lait was cold,complaint\n").encode("cp1252")
    created = upload(client, content, "feedback (1).csv").json()
    response = _download(client, created["id"], "original")
    assert response.status_code == 200, response.text
    assert response.content == content
    assert response.headers["content-type"] == "text/csv; charset=windows-1252"
    assert "filename*=utf-8''feedback%20%281%29.csv" in response.headers["content-disposition"]


def test_download_cleaned_version_holds_its_rows(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    child = client.post(f"/api/datasets/{created['id']}/clean", json={"ops": ["dedupe"]}).json()
    response = _download(client, child["id"], "csv")
    assert response.status_code == 200, response.text
    assert 'filename="data-v2.csv"' in response.headers["content-disposition"]
    back = _read_back("csv", response.content)
    assert len(back) == child["rows"] == created["rows"] - 1
    pd.testing.assert_frame_equal(back, _rows(client, child["id"]), check_dtype=False)


def test_download_original_of_a_cleaned_version_is_the_upload(client: TestClient) -> None:
    content = CLASSIFIER_CSV.encode()
    created = upload(client, content, template_id="text-classifier").json()
    child = client.post(f"/api/datasets/{created['id']}/clean", json={"ops": ["dedupe"]}).json()
    grandchild = client.post(
        f"/api/datasets/{child['id']}/clean", json={"ops": ["normalise_whitespace"]}
    ).json()
    response = _download(client, grandchild["id"], "original")
    assert response.status_code == 200, response.text
    assert response.content == content


def test_download_original_after_its_upload_was_deleted_is_404(client: TestClient) -> None:
    created = upload(client, CLASSIFIER_CSV.encode(), template_id="text-classifier").json()
    child = client.post(f"/api/datasets/{created['id']}/clean", json={"ops": ["dedupe"]}).json()
    assert client.delete(f"/api/datasets/{created['id']}").status_code == 204
    response = _download(client, child["id"], "original")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "original_missing"
    assert "format=csv" in error["hint"]
    assert _download(client, child["id"], "csv").status_code == 200


def test_download_chat_rows_keep_conversations(client: TestClient) -> None:
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"Question {i}, with a comma?"},
                {"role": "assistant", "content": f'Answer "{i}".'},
            ]
        }
        for i in range(12)
    ]
    content = "\n".join(json.dumps(r) for r in rows).encode()
    created = upload(client, content, "chats.jsonl").json()
    as_csv = _read_back("csv", _download(client, created["id"], "csv").content)
    assert [json.loads(cell) for cell in as_csv["messages"]] == [r["messages"] for r in rows]
    as_jsonl = _read_back("jsonl", _download(client, created["id"], "jsonl").content)
    assert as_jsonl["messages"].tolist() == [r["messages"] for r in rows]
    as_parquet = _read_back("parquet", _download(client, created["id"], "parquet").content)
    assert [list(map(dict, m)) for m in as_parquet["messages"]] == [r["messages"] for r in rows]


def test_download_mixed_column_as_parquet_becomes_text(client: TestClient) -> None:
    content = "\n".join(
        json.dumps({"text": f"row {i}", "value": i if i % 2 else f"word {i}"}) for i in range(12)
    )
    created = upload(client, content.encode(), "mixed.jsonl").json()
    response = _download(client, created["id"], "parquet")
    assert response.status_code == 200, response.text
    back = _read_back("parquet", response.content)
    assert back["value"].tolist()[:3] == ["word 0", "1", "word 2"]


def test_download_unknown_dataset_is_404(client: TestClient) -> None:
    response = _download(client, 999_999, "csv")
    assert response.status_code == 404
    assert response.json()["error"]["hint"]


def test_download_unknown_format_is_422(client: TestClient) -> None:
    created = upload(client, TABLE_CSV, "people.csv").json()
    response = _download(client, created["id"], "xlsx")
    assert response.status_code == 422
    error = response.json()["error"]
    assert "format" in error["message"]
    assert error["hint"]
