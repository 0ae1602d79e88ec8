"""Hostile and odd upload shapes: no rows, repeated names, no header, too wide, too deep."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.test_datasets import count_rows, stored_folders, upload
from tests.data.test_sniff import sms_spam_lines
from tunewright.settings import Settings


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"text,label\n", "header.csv"),
        (b"text,label\r\n\r\n", "header-crlf.csv"),
        (b"question\tanswer\n", "header.tsv"),
        (b"text,label\n,\n,\n", "blank-rows.csv"),
        (b"[]", "empty.json"),
        (b"[{}, {}]", "no-fields.json"),
        (b'{"data": []}', "no-rows.json"),
        (b"{}\n{}\n", "no-fields.jsonl"),
    ],
)
def test_upload_without_data_rows_is_422_empty_dataset_and_leaves_nothing(
    client: TestClient, settings: Settings, session: Session, content: bytes, filename: str
) -> None:
    response = upload(client, content, filename)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "empty_dataset"
    assert error["message"] and error["hint"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0


def test_upload_repeated_header_names_are_renamed_and_said(client: TestClient) -> None:
    content = "score,score,,label\n" + "".join(
        f"{i},{i * 2},x{i},{'ab'[i % 2]}\n" for i in range(12)
    )
    response = upload(client, content.encode(), "scores.csv")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["detection"]["renamed_columns"] == {"score_2": "score", "column_3": ""}
    assert any("renamed" in note for note in body["detection"]["notes"])
    names = [column["name"] for column in body["profile"]["columns"]]
    assert names == ["score", "score_2", "column_3", "label"]
    page = client.get(f"/api/datasets/{body['id']}/preview", params={"limit": 1}).json()
    assert page["rows"][0] == {"score": 0, "score_2": 0, "column_3": "x0", "label": "a"}


def test_upload_sms_spam_tsv_named_csv_reads_two_columns(client: TestClient) -> None:
    content, rows = sms_spam_lines()
    response = upload(client, content.encode(), "SMSSpamCollection.csv")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["detection"]["format"], body["detection"]["delimiter"]) == ("tsv", "\t")
    assert body["detection"]["has_header"] is False
    assert body["rows"] == len(rows)
    assert [c["name"] for c in body["profile"]["columns"]] == ["column_1", "column_2"]
    page = client.get(f"/api/datasets/{body['id']}/preview", params={"limit": 500}).json()
    assert [(r["column_1"], r["column_2"]) for r in page["rows"]] == rows


def test_upload_wider_than_max_columns_is_422_and_leaves_nothing(
    client: TestClient, settings: Settings, session: Session
) -> None:
    settings.max_columns = 5
    content = "a,b,c,d,e,f\n" + "1,2,3,4,5,6\n" * 3
    response = upload(client, content.encode(), "wide.csv")
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "too_many_columns"
    assert "6 columns" in error["message"]
    assert "MAX_COLUMNS" in error["hint"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0


def test_upload_at_max_columns_is_accepted(client: TestClient, settings: Settings) -> None:
    settings.max_columns = 6
    content = "a,b,c,d,e,f\n" + "1,2,3,4,5,6\n" * 3
    response = upload(client, content.encode(), "wide.csv")
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        json.dumps([{"text": "fine"}])[:-1] + ", " + "[" * 3_000 + "]" * 3_000 + "]",
    ],
)
def test_upload_json_nested_too_deep_is_422_not_500(
    client: TestClient, settings: Settings, session: Session, content: str
) -> None:
    response = upload(client, content.encode(), "deep.json")
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "too_deeply_nested"
    assert error["message"] and error["hint"]
    assert stored_folders(settings) == []
    assert count_rows(session) == 0
