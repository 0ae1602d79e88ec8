"""The playground: POST /api/models/{id}/predict (JSON and CSV) and WS /api/models/{id}/generate,
on tiny trained models, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from tests.training.tabular.test_tabular import titanic
from tunewright.base_models import ResolvedModel
from tunewright.db.models import ModelVersion
from tunewright.db.repositories import default_project
from tunewright.serving.cache import version_key

SAMPLED = {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "seed": 3, "max_new_tokens": 12}


def add_version(
    session: Session, task: str, folder: Path, base_model: dict[str, Any] | None = None
) -> int:
    """A registry row for a model folder."""
    version = ModelVersion(
        project_id=default_project(session).id,
        name=f"model-{uuid.uuid4().hex[:8]}",
        version=1,
        template_id={"causal_lm": "chatbot", "classifier": "text-classifier"}.get(task, "tabular"),
        task=task,
        settings={},
        base_model=base_model or {"name": "tiny"},
        artifact_path=str(folder),
    )
    session.add(version)
    session.commit()
    return version.id


@pytest.fixture
def causal_id(session: Session, causal_dir: Path, tiny_llama: ResolvedModel) -> int:
    return add_version(session, "causal_lm", causal_dir, tiny_llama.as_dict())


@pytest.fixture
def classifier_id(session: Session, classifier_dir: Path) -> int:
    return add_version(session, "classifier", classifier_dir)


@pytest.fixture
def tabular_id(session: Session, tabular_dir: Path) -> int:
    return add_version(session, "tabular", tabular_dir)


def example_row(tabular_dir: Path) -> dict[str, Any]:
    return dict(json.loads((tabular_dir / "metadata.json").read_text())["example_input"])


def receive_all(ws: Any) -> list[dict[str, Any]]:
    """Every message until the server closes the socket."""
    messages = []
    try:
        while True:
            messages.append(ws.receive_json())
    except WebSocketDisconnect:
        return messages


# --- POST /predict -----------------------------------------------------------------------


def test_predict_causal_lm_returns_text(client: TestClient, causal_id: int) -> None:
    response = client.post(f"/api/models/{causal_id}/predict", json={"prompt": "Hi", **SAMPLED})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"text", "tokens", "finish_reason"}
    assert body["tokens"] == 12 and body["finish_reason"] == "length" and body["text"]


def test_predict_causal_lm_temperature_zero_repeats(client: TestClient, causal_id: int) -> None:
    request = {"messages": [{"role": "user", "content": "Hi"}], "temperature": 0}

    first = client.post(f"/api/models/{causal_id}/predict", json=request)
    second = client.post(f"/api/models/{causal_id}/predict", json=request)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


def test_predict_causal_lm_stop_sequence_ends_the_answer(
    client: TestClient, causal_id: int
) -> None:
    full = client.post(f"/api/models/{causal_id}/predict", json={"prompt": "Hi", **SAMPLED})
    text = full.json()["text"]
    stop = text[len(text) // 2 : len(text) // 2 + 2]

    response = client.post(
        f"/api/models/{causal_id}/predict", json={"prompt": "Hi", "stop": [stop], **SAMPLED}
    )

    assert response.status_code == 200
    assert response.json()["text"] == text[: text.find(stop)]
    assert response.json()["finish_reason"] == "stop"


def test_predict_compare_returns_tuned_and_base(client: TestClient, causal_id: int) -> None:
    response = client.post(
        f"/api/models/{causal_id}/predict", json={"prompt": "Hi", "compare": True, **SAMPLED}
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tuned", "base"}
    assert body["tuned"]["tokens"] == body["base"]["tokens"] == 12
    cached = [m["key"] for m in client.app.state.models.loaded()]  # type: ignore[attr-defined]
    assert version_key(causal_id) in cached and any(k.startswith("base:") for k in cached)


def test_predict_compare_without_a_recorded_base_is_409(
    client: TestClient, session: Session, causal_dir: Path
) -> None:
    model_id = add_version(session, "causal_lm", causal_dir, {"name": "tiny"})

    response = client.post(
        f"/api/models/{model_id}/predict", json={"prompt": "Hi", "compare": True}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "model_unavailable"


def test_predict_classifier_labels_with_attention(client: TestClient, classifier_id: int) -> None:
    response = client.post(
        f"/api/models/{classifier_id}/predict",
        json={"texts": ["great value", "it is grey"], "attention": True},
    )

    assert response.status_code == 200
    body = response.json()
    assert [set(p["probabilities"]) for p in body["predictions"]] == [
        {"negative", "neutral", "positive"}
    ] * 2
    assert [len(a["weights"]) for a in body["attention"]] == [
        len(a["tokens"]) for a in body["attention"]
    ]


def test_predict_classifier_65_texts_is_422(client: TestClient, classifier_id: int) -> None:
    response = client.post(f"/api/models/{classifier_id}/predict", json={"texts": ["x"] * 65})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["message"].startswith("texts: ") and "64" in error["message"]


def test_predict_malformed_body_names_the_field(client: TestClient, classifier_id: int) -> None:
    wrong_type = client.post(f"/api/models/{classifier_id}/predict", json={"texts": "one"})
    extra = client.post(f"/api/models/{classifier_id}/predict", json={"texts": ["a"], "x": 1})
    not_json = client.post(f"/api/models/{classifier_id}/predict", content=b"{oops")

    assert wrong_type.status_code == extra.status_code == not_json.status_code == 422
    assert wrong_type.json()["error"]["message"].startswith("texts: ")
    assert extra.json()["error"]["message"].startswith("x: Extra inputs")
    assert extra.json()["error"]["hint"]


def test_predict_compare_on_a_classifier_is_422(client: TestClient, classifier_id: int) -> None:
    response = client.post(
        f"/api/models/{classifier_id}/predict", json={"texts": ["a"], "compare": True}
    )

    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("compare: ")


def test_predict_tabular_batch(client: TestClient, tabular_id: int, tabular_dir: Path) -> None:
    row = example_row(tabular_dir)

    response = client.post(
        f"/api/models/{tabular_id}/predict", json={"rows": [row, {**row, "Sex": "female"}]}
    )

    assert response.status_code == 200
    predictions = response.json()["predictions"]
    assert len(predictions) == 2
    assert all(
        p["prediction"] in (0, 1) and set(p["probabilities"]) == {"0", "1"} for p in predictions
    )


def test_predict_tabular_missing_column_is_422_with_hint(
    client: TestClient, tabular_id: int, tabular_dir: Path
) -> None:
    row = example_row(tabular_dir)
    del row["Fare"]

    response = client.post(f"/api/models/{tabular_id}/predict", json={"rows": [row]})

    assert response.status_code == 422
    error = response.json()["error"]
    assert "missing 'Fare'" in error["message"]
    assert "example row" in error["hint"]


def test_predict_unknown_model_is_404(client: TestClient) -> None:
    response = client.post("/api/models/999/predict", json={"texts": ["a"]})

    assert response.status_code == 404
    assert response.json()["error"]["hint"]


def test_predict_missing_files_is_409(client: TestClient, session: Session, tmp_path: Path) -> None:
    model_id = add_version(session, "classifier", tmp_path / "gone")

    response = client.post(f"/api/models/{model_id}/predict", json={"texts": ["a"]})

    assert response.status_code == 409
    assert "files are missing" in response.json()["error"]["message"]


def test_delete_model_unloads_it(
    client: TestClient, session: Session, classifier_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(classifier_dir, folder)
    model_id = add_version(session, "classifier", folder)
    assert client.post(f"/api/models/{model_id}/predict", json={"texts": ["a"]}).status_code == 200
    cache = client.app.state.models  # type: ignore[attr-defined]
    assert cache.peek(version_key(model_id)) is not None

    response = client.delete(f"/api/models/{model_id}")

    assert response.status_code == 204
    assert cache.peek(version_key(model_id)) is None and not folder.exists()


# --- POST /predict/csv -------------------------------------------------------------------


def test_predict_csv_downloads_rows_with_predictions(client: TestClient, tabular_id: int) -> None:
    rows = titanic(30, seed=5).drop(columns=["Survived"])
    upload = rows.to_csv(index=False).encode()

    response = client.post(
        f"/api/models/{tabular_id}/predict/csv",
        files={"file": ("passengers.csv", upload, "text/csv")},
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="passengers-predictions.csv"' in response.headers["content-disposition"]
    result = pd.read_csv(io.StringIO(response.text))
    assert list(result.columns) == [*rows.columns, "prediction", "probability_0", "probability_1"]
    assert len(result) == 30
    assert set(result["prediction"]) <= {0, 1}
    assert result["PassengerId"].tolist() == rows["PassengerId"].tolist()


def test_predict_csv_missing_column_is_422(client: TestClient, tabular_id: int) -> None:
    rows = titanic(12).drop(columns=["Survived", "Age"])

    response = client.post(
        f"/api/models/{tabular_id}/predict/csv",
        files={"file": ("rows.csv", rows.to_csv(index=False).encode(), "text/csv")},
    )

    assert response.status_code == 422
    assert "missing 'Age'" in response.json()["error"]["message"]


def test_predict_csv_on_a_classifier_is_422(client: TestClient, classifier_id: int) -> None:
    response = client.post(
        f"/api/models/{classifier_id}/predict/csv",
        files={"file": ("rows.csv", b"text\nhello\n", "text/csv")},
    )

    assert response.status_code == 422
    assert "table models" in response.json()["error"]["message"]


# --- WS /generate ------------------------------------------------------------------------


def test_generate_streams_tokens_then_done(client: TestClient, causal_id: int) -> None:
    with client.websocket_connect(f"/api/models/{causal_id}/generate") as ws:
        ws.send_json({"prompt": "Hi", **SAMPLED})
        messages = receive_all(ws)

    *tokens, done = messages
    assert len(tokens) > 1 and {m["type"] for m in tokens} == {"token"}
    assert {m["source"] for m in messages} == {"tuned"}
    assert done["type"] == "done" and done["finish_reason"] == "length" and done["tokens"] == 12
    assert "".join(m["text"] for m in tokens) == done["text"]
    direct = client.post(f"/api/models/{causal_id}/predict", json={"prompt": "Hi", **SAMPLED})
    assert direct.json()["text"] == done["text"]  # the same seed gives the same answer


def test_generate_compare_streams_tuned_then_base(client: TestClient, causal_id: int) -> None:
    with client.websocket_connect(f"/api/models/{causal_id}/generate") as ws:
        ws.send_json({"prompt": "Hi", "compare": True, **SAMPLED})
        messages = receive_all(ws)

    sources = [m["source"] for m in messages]
    assert sources == sorted(sources, key=lambda s: s != "tuned")  # all tuned, then all base
    dones = [m for m in messages if m["type"] == "done"]
    assert [d["source"] for d in dones] == ["tuned", "base"]
    for done in dones:
        pieces = [
            m["text"] for m in messages if m["type"] == "token" and m["source"] == done["source"]
        ]
        assert "".join(pieces) == done["text"]


def test_generate_invalid_request_sends_an_error(client: TestClient, causal_id: int) -> None:
    with client.websocket_connect(f"/api/models/{causal_id}/generate") as ws:
        ws.send_json({"prompt": "Hi", "temperature": 5})
        messages = receive_all(ws)

    [error] = messages
    assert error["type"] == "error" and error["error"]["code"] == "invalid_input"
    assert error["error"]["message"].startswith("temperature: ")


def test_generate_with_a_classifier_sends_an_error(client: TestClient, classifier_id: int) -> None:
    with client.websocket_connect(f"/api/models/{classifier_id}/generate") as ws:
        ws.send_json({"prompt": "Hi"})
        [error] = receive_all(ws)

    assert error["type"] == "error"
    assert "text-generation models" in error["error"]["message"]


def test_generate_unknown_model_sends_not_found(client: TestClient) -> None:
    with client.websocket_connect("/api/models/999/generate") as ws:
        ws.send_json({"prompt": "Hi"})
        [error] = receive_all(ws)

    assert error["error"]["code"] == "not_found"


# --- concurrency -------------------------------------------------------------------------


def test_predict_long_generation_leaves_other_models_answering(
    client: TestClient,
    causal_id: int,
    causal_dir: Path,
    classifier_id: int,
    tabular_id: int,
    tabular_dir: Path,
) -> None:
    cache = client.app.state.models  # type: ignore[attr-defined]
    causal = cache.get(version_key(causal_id), causal_dir, "causal_lm")
    inside, release = threading.Event(), threading.Event()

    def slow_forward(*_: Any) -> None:
        inside.set()
        release.wait(timeout=60)  # the generation stays inside a forward pass until released

    hook = causal.model.register_forward_pre_hook(slow_forward)
    answers: dict[str, Any] = {}
    generation = threading.Thread(
        target=lambda: answers.update(
            causal=client.post(f"/api/models/{causal_id}/predict", json={"prompt": "Hi"})
        )
    )
    try:
        generation.start()
        assert inside.wait(timeout=30)

        labelled = client.post(f"/api/models/{classifier_id}/predict", json={"texts": ["great"]})
        predicted = client.post(
            f"/api/models/{tabular_id}/predict", json={"rows": [example_row(tabular_dir)]}
        )

        assert generation.is_alive()  # both answered while the generation was still running
        assert labelled.status_code == 200 and predicted.status_code == 200
    finally:
        hook.remove()
        release.set()
        generation.join(timeout=60)
    assert answers["causal"].status_code == 200
