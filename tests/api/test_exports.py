"""Export API: streamed zips per format, parity headers, the export list, errors, one build."""

from __future__ import annotations

import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_dataset
from tests.training.tabular.test_tabular import titanic
from tests.training.text.conftest import reviews_frame
from tunewright.data.normalise import write_normalised
from tunewright.db.models import ModelVersion
from tunewright.export import bundle, onnx_text, parity
from tunewright.services.datasets import NORMALISED
from tunewright.settings import Settings


def register(
    session: Session,
    settings: Settings,
    folder: Path,
    task: str,
    rows: Any = None,
    roles: dict[str, str] | None = None,
) -> int:
    """A model version row pointing at `folder`, its dataset's rows stored when given."""
    dataset = make_dataset(session, profile={"rows": 0, "roles": roles or {}, "columns": []})
    if rows is not None:
        write_normalised(rows, settings.uploads_dir / dataset.storage_key / NORMALISED)
    version = ModelVersion(
        project_id=dataset.project_id,
        dataset_id=dataset.id,
        name="my model",
        version=3,
        template_id={"classifier": "text-classifier", "causal_lm": "customer-service-bot"}.get(
            task, "tabular-predictor"
        ),
        task=task,
        settings={},
        base_model={"name": "tiny"},
        artifact_path=str(folder),
    )
    session.add(version)
    session.commit()
    return version.id


def unzip(content: bytes) -> dict[str, bytes]:
    """The files of a zip by their path inside its top folder."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "weights"),
    [("pytorch", "model.safetensors"), ("onnx", "model.onnx"), ("onnx-int8", "model.onnx")],
)
def test_download_classifier_streams_zip_per_format(
    client: TestClient,
    session: Session,
    settings: Settings,
    classifier_dir: Path,
    fmt: str,
    weights: str,
) -> None:
    model_id = register(
        session, settings, classifier_dir, "classifier", reviews_frame(), {"text": "review"}
    )

    response = client.get(f"/api/models/{model_id}/download", params={"format": fmt})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert f'filename="{model_id}-my-model-v3-{fmt}.zip"' in response.headers["content-disposition"]
    assert response.headers["x-tunewright-parity"] == "passed"
    files = unzip(response.content)
    assert {weights, "tokenizer.json", "config.json", "README.md", "export.json"} <= set(files)
    record = json.loads(files["export.json"])
    assert record["format"] == fmt and record["parity"]["passed"] is True
    assert record["parity"]["sample_source"].startswith("24 texts from the model's dataset")
    assert files["README.md"].decode().startswith("# my model v3")


@pytest.mark.slow
def test_download_causal_lm_onnx_has_kv_cache(
    client: TestClient, session: Session, settings: Settings, causal_dir: Path
) -> None:
    model_id = register(session, settings, causal_dir, "causal_lm")

    response = client.get(f"/api/models/{model_id}/download?format=onnx")

    assert response.status_code == 200, response.text
    record = json.loads(unzip(response.content)["export.json"])
    assert record["onnx"]["kv_cache"] is True
    assert record["parity"]["passed"] is True
    assert {c["name"] for c in record["parity"]["checks"]} == {"max_abs_diff", "greedy_identical"}


def test_download_tabular_checks_on_held_out_rows(
    client: TestClient, session: Session, settings: Settings, tabular_dir: Path
) -> None:
    model_id = register(session, settings, tabular_dir, "tabular", titanic(120))

    onnx = client.get(f"/api/models/{model_id}/download?format=onnx")
    bundle_zip = client.get(f"/api/models/{model_id}/download?format=pytorch")

    assert onnx.status_code == 200, onnx.text
    assert onnx.headers["x-tunewright-parity"] == "passed"
    record = json.loads(unzip(onnx.content)["export.json"])
    assert record["parity"]["sample_source"].startswith("23 held-out rows")
    assert bundle_zip.status_code == 200, bundle_zip.text
    shim = "tunewright/training/tabular/transformers.py"
    assert {"pipeline.joblib", "metadata.json", shim} <= set(unzip(bundle_zip.content))


def test_download_tabular_int8_is_422_with_hint(
    client: TestClient, session: Session, settings: Settings, tabular_dir: Path
) -> None:
    model_id = register(session, settings, tabular_dir, "tabular")

    response = client.get(f"/api/models/{model_id}/download?format=onnx-int8")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "format_not_supported"
    assert "format=onnx" in error["hint"]


def test_download_unknown_format_is_422_naming_allowed(client: TestClient) -> None:
    response = client.get("/api/models/1/download?format=tflite")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert "format" in error["message"]
    assert all(f"'{f}'" in error["message"] for f in ("pytorch", "onnx", "onnx-int8"))


def test_download_unknown_model_is_404(client: TestClient) -> None:
    response = client.get("/api/models/999/download?format=onnx")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_download_missing_files_is_409(
    client: TestClient, session: Session, settings: Settings, tmp_path: Path
) -> None:
    model_id = register(session, settings, tmp_path / "gone", "classifier")

    response = client.get(f"/api/models/{model_id}/download?format=pytorch")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "artifact_missing"


def test_download_export_failure_is_500_and_leaves_nothing(
    client: TestClient,
    session: Session,
    settings: Settings,
    classifier_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unsupported(artifact_dir: Path, out: Path) -> None:
        (out / "model.onnx").write_bytes(b"half a graph")
        raise RuntimeError("Exporting the operator 'aten::fancy' to ONNX is not supported")

    monkeypatch.setattr(onnx_text, "export_classifier", unsupported)
    model_id = register(session, settings, classifier_dir, "classifier")

    response = client.get(f"/api/models/{model_id}/download?format=onnx")

    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "export_failed"
    assert "aten::fancy" in error["message"]
    assert "format=pytorch" in error["hint"]
    model_root = settings.data_dir / "exports" / str(model_id)
    assert list(model_root.iterdir()) == []  # no folder, no partial build, no zip


def test_download_parity_failure_is_flagged_and_listed(
    client: TestClient,
    session: Session,
    settings: Settings,
    classifier_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parity, "CLASSIFIER_ATOL", -1.0)
    model_id = register(session, settings, classifier_dir, "classifier")

    response = client.get(f"/api/models/{model_id}/download?format=onnx")
    listed = client.get(f"/api/models/{model_id}/exports")

    assert response.status_code == 200
    assert response.headers["x-tunewright-parity"] == "failed"
    assert json.loads(unzip(response.content)["export.json"])["parity"]["passed"] is False
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1
    (export,) = body["data"]
    assert export["format"] == "onnx" and export["size_bytes"] > 0
    assert export["parity"]["passed"] is False
    assert export["parity"]["metric"] == "max_abs_diff" and export["parity"]["why_failed"]
    assert export["download_url"] == f"/api/models/{model_id}/download?format=onnx"


def test_exports_list_empty_and_unknown_model(
    client: TestClient, session: Session, settings: Settings, classifier_dir: Path
) -> None:
    model_id = register(session, settings, classifier_dir, "classifier")

    assert client.get(f"/api/models/{model_id}/exports").json() == {"data": [], "count": 0}
    assert client.get("/api/models/999/exports").status_code == 404


@pytest.mark.slow
def test_download_concurrent_requests_build_once(
    client: TestClient,
    session: Session,
    settings: Settings,
    classifier_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[str] = []
    original = bundle.build_export

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(args[2])
        return original(*args, **kwargs)

    monkeypatch.setattr(bundle, "build_export", counted)
    model_id = register(session, settings, classifier_dir, "classifier")
    url = f"/api/models/{model_id}/download?format=onnx"

    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: client.get(url), range(4)))

    assert [r.status_code for r in responses] == [200] * 4
    assert builds == ["onnx"]
    assert sorted(r.headers["x-tunewright-export"] for r in responses) == [
        "built",
        "cached",
        "cached",
        "cached",
    ]
    assert len({r.content for r in responses}) == 1
