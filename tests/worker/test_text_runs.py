"""Text runs end to end through the API and a real worker, on tiny models in the offline mirror.

The mirror (`TUNEWRIGHT_MODELS_DIR`) holds tiny random models under the hub names `gpt2` and
`distilbert-base-uncased`, so runs resolve, plan, train, evaluate, register and save exactly as
they would with the real weights, in seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.training.text.conftest import LINES, QUESTIONS, REVIEWS
from tests.worker.conftest import RunUntilDone
from tunewright.base_models import ResolvedModel
from tunewright.db.engine import session_factory
from tunewright.db.models import Run
from tunewright.settings import Settings
from tunewright.worker.queue import DatabaseQueue

QUICK = {  # a few quick steps on a tiny model, everything reported
    "max_length": 64,
    "batch_size": 2,
    "grad_accum": 1,
    "method": "full",
    "learning_rate": 3e-3,
    "warmup_ratio": 0.0,
    "log_every_steps": 1,
    "eval_every_steps": 3,
    "sample_every_steps": 3,
    "sample_max_new_tokens": 4,
    "checkpoint_every_steps": 3,
    "threads": 1,
}


@pytest.fixture(scope="session")
def mirror(
    tiny_llama: ResolvedModel, tiny_bert: ResolvedModel, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """An offline model folder whose `gpt2` and `distilbert-base-uncased` are tiny models."""
    folder = tmp_path_factory.mktemp("mirror")
    shutil.copytree(tiny_llama.path, folder / "gpt2")
    shutil.copytree(tiny_bert.path, folder / "distilbert-base-uncased")
    return folder


@pytest.fixture
def settings(settings: Settings, mirror: Path) -> Settings:
    """The test settings, resolving base models from the tiny mirror with a short lease."""
    return settings.model_copy(
        update={"models_dir": mirror, "model_source": "auto", "worker_lease_s": 2.0}
    )


@pytest.fixture
def worker_process(settings: Settings) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start real `tunewright worker` processes (stopped at the end of the test)."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "tunewright.cli", "worker"],
            env={**os.environ, **settings.as_env()},
            stdout=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def upload(client: TestClient, filename: str, content: str, template_id: str) -> dict[str, Any]:
    """Upload a file for a template; the dataset must be trainable."""
    response = client.post(
        "/api/datasets",
        files={"file": (filename, content.encode())},
        data={"template_id": template_id},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    assert not [f for f in body["findings"] if f["severity"] == "error"], body["findings"]
    return body


def start_run(client: TestClient, template_id: str, dataset_id: int, **overrides: Any) -> int:
    """Queue a run with the quick settings plus `overrides`."""
    response = client.post(
        "/api/runs",
        json={
            "template_id": template_id,
            "dataset_id": dataset_id,
            "overrides": {**QUICK, **overrides},
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def events(client: TestClient, run_id: int) -> list[dict[str, Any]]:
    """Every event of a run, in order."""
    response = client.get(f"/api/runs/{run_id}/events")
    assert response.status_code == 200
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def wait_for(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll until `predicate` holds."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def log_messages(client: TestClient, run_id: int) -> list[str]:
    """The messages of a run's log events, in order."""
    return [e["payload"].get("message", "") for e in events(client, run_id) if e["kind"] == "log"]


def last_step(client: TestClient, run_id: int) -> int:
    """The highest step reported so far."""
    return max(
        (e["payload"]["step"] for e in events(client, run_id) if e["kind"] == "step"), default=0
    )


CHAT = "\n".join(
    json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]})
    for q, a in QUESTIONS * 2
)
STORIES = "\n".join(LINES + LINES[:8])
CODE = "\n".join(json.dumps({"code": f"def add_{i}(x):\n    return x + {i}\n"}) for i in range(24))
CAUSAL_CASES = [
    ("customer-service-bot", "support.jsonl", CHAT),
    ("creative-writer", "stories.txt", STORIES),
    ("code-assistant", "snippets.jsonl", CODE),
]


@pytest.mark.slow
@pytest.mark.parametrize(("template_id", "filename", "content"), CAUSAL_CASES)
def test_causal_lm_run_registers_an_evaluated_model(
    client: TestClient,
    run_until_done: RunUntilDone,
    template_id: str,
    filename: str,
    content: str,
) -> None:
    from transformers import AutoModelForCausalLM

    dataset = upload(client, filename, content, template_id)
    run_id = start_run(client, template_id, dataset["id"], max_steps=6)

    run = run_until_done(run_id, 240.0)

    assert run.status == "succeeded", run.error
    body = client.get(f"/api/runs/{run_id}").json()
    model = client.get(f"/api/models/{body['model_version_id']}").json()
    assert model["task"] == "causal_lm"
    assert model["template_id"] == template_id
    assert model["base_model"]["source"] == "local"
    assert model["base_model"]["requested"] == "gpt2"
    assert model["metrics"]["steps"] == 6
    assert {"perplexity", "base_perplexity", "val_loss"} <= set(model["metrics"])
    assert model["verdict"]["headline"]
    assert model["library_versions"]["torch"]
    log = events(client, run_id)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    phases = [e["payload"]["phase"] for e in log if e["kind"] == "phase"]
    assert phases == ["preparing", "training", "evaluating"]
    assert [e["payload"]["step"] for e in log if e["kind"] == "step"] == [1, 2, 3, 4, 5, 6]
    assert any(e["kind"] == "sample" for e in log)
    folder = Path(model["artifact_path"])
    assert (folder / "metadata.json").exists()
    assert AutoModelForCausalLM.from_pretrained(folder).config.vocab_size > 0
    run_log = client.get(f"/api/runs/{run_id}/log")
    assert run_log.status_code == 200
    assert '"run started"' in run_log.text


@pytest.mark.slow
def test_classifier_run_registers_a_model_with_class_metrics(
    client: TestClient, run_until_done: RunUntilDone
) -> None:
    rows = [(text, label) for label, texts in REVIEWS.items() for text in texts]
    csv = "review,sentiment\n" + "\n".join(f'"{t}",{label}' for t, label in rows)
    dataset = upload(client, "reviews.csv", csv, "text-classifier")
    run_id = start_run(client, "text-classifier", dataset["id"], max_steps=8, val_fraction=0.25)

    run = run_until_done(run_id, 240.0)

    assert run.status == "succeeded", run.error
    model_id = client.get(f"/api/runs/{run_id}").json()["model_version_id"]
    model = client.get(f"/api/models/{model_id}").json()
    assert model["task"] == "classifier"
    assert model["metrics"]["labels"] == ["negative", "neutral", "positive"]
    assert {"accuracy", "macro_f1", "baseline_accuracy", "confusion_matrix"} <= set(
        model["metrics"]
    )
    assert model["base_model"]["requested"] == "distilbert-base-uncased"
    listed = client.get("/api/models").json()
    assert listed["count"] == 1 and listed["data"][0]["id"] == model_id

    # the next plan of this model estimates from the speed this run measured
    again = client.post(
        "/api/runs/plan",
        json={"template_id": "text-classifier", "dataset_id": dataset["id"], "overrides": QUICK},
    ).json()
    assert re.fullmatch(r"Measured from \d+ finished runs? of this model on this computer\.",
                        again["estimate_basis"])  # fmt: skip


@pytest.mark.slow
def test_worker_killed_mid_run_is_interrupted_then_resume_continues_the_curve(
    client: TestClient,
    settings: Settings,
    run_until_done: RunUntilDone,
    worker_process: Callable[[], subprocess.Popen[bytes]],
) -> None:
    dataset = upload(client, "support.jsonl", CHAT, "customer-service-bot")
    run_id = start_run(
        client,
        "customer-service-bot",
        dataset["id"],
        max_steps=200,
        eval_every_steps=1000,
        sample_every_steps=1000,
        checkpoint_every_steps=10,
    )
    worker = worker_process()
    wait_for(lambda: last_step(client, run_id) >= 25, 180, "25 training steps")
    trainer = psutil.Process(worker.pid).children()
    assert trainer, "the worker trains in a child process"

    os.kill(worker.pid, signal.SIGKILL)  # the worker dies; its child follows (PDEATHSIG)
    worker.wait(timeout=10)
    psutil.wait_procs(trainer, timeout=10)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in trainer)
    killed_at = last_step(client, run_id)
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "training"

    queue = DatabaseQueue(session_factory(settings.sqlalchemy_url))
    wait_for(lambda: bool(queue.recover_expired()), 10, "the lease to expire")
    interrupted = client.get(f"/api/runs/{run_id}").json()
    assert interrupted["status"] == "interrupted"
    assert interrupted["error"]["code"] == "worker_lost" and interrupted["error"]["hint"]

    resumed = client.post(f"/api/runs/{run_id}/resume")
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["status"] == "queued"
    run = run_until_done(run_id, 300.0)

    assert run.status == "succeeded", run.error
    log = events(client, run_id)
    resumed_at = next(
        i for i, e in enumerate(log) if "Resumed at step" in e["payload"].get("message", "")
    )
    checkpoint_step = int(log[resumed_at]["payload"]["message"].split("step ")[1].split(" ")[0])
    assert checkpoint_step % 10 == 0 and 20 <= checkpoint_step <= killed_at
    before = {
        e["payload"]["step"]: e["payload"]["loss"] for e in log[:resumed_at] if e["kind"] == "step"
    }
    after = [e["payload"] for e in log[resumed_at:] if e["kind"] == "step"]
    assert after[0]["step"] == checkpoint_step + 1  # continues, does not restart at step 1
    assert after[-1]["step"] == 200
    for event in after:  # the steps redone after the checkpoint follow the same curve
        if event["step"] in before:
            assert event["loss"] == pytest.approx(before[event["step"]], rel=1e-3)


@pytest.mark.slow
def test_cancel_stops_at_next_step_and_resume_finishes(
    client: TestClient,
    settings: Settings,
    run_until_done: RunUntilDone,
    worker_process: Callable[[], subprocess.Popen[bytes]],
) -> None:
    dataset = upload(client, "stories.txt", STORIES, "creative-writer")
    run_id = start_run(
        client,
        "creative-writer",
        dataset["id"],
        max_steps=150,
        eval_every_steps=1000,
        sample_every_steps=1000,
        checkpoint_every_steps=1000,
    )
    worker_process()
    wait_for(lambda: last_step(client, run_id) >= 5, 180, "5 training steps")

    cancelled = client.post(f"/api/runs/{run_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    wait_for(
        lambda: client.get(f"/api/runs/{run_id}").json()["status"] == "cancelled", 60, "cancel"
    )
    stopped_at = last_step(client, run_id)
    assert stopped_at < 150
    assert (settings.data_dir / "runs" / str(run_id) / "checkpoints" / "last.pt").exists()
    assert any("a checkpoint was kept" in m for m in log_messages(client, run_id))

    assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
    run = run_until_done(run_id, 300.0)

    assert run.status == "succeeded", run.error
    steps = [e["payload"]["step"] for e in events(client, run_id) if e["kind"] == "step"]
    assert steps == list(range(1, 151))  # the cancel checkpoint is exact: no step twice


@pytest.mark.slow
def test_cancel_before_the_first_step_says_no_checkpoint_was_kept(
    client: TestClient, settings: Settings, run_until_done: RunUntilDone
) -> None:
    dataset = upload(client, "stories.txt", STORIES, "creative-writer")
    run_id = start_run(client, "creative-writer", dataset["id"], max_steps=20)
    with session_factory(settings.sqlalchemy_url)() as session:  # Stop pressed while preparing
        session.execute(update(Run).where(Run.id == run_id).values(cancel_requested=True))
        session.commit()

    run = run_until_done(run_id, 240.0)

    assert run.status == "cancelled", run.error
    assert last_step(client, run_id) == 0
    messages = log_messages(client, run_id)
    assert not any("checkpoint was kept" in m for m in messages), messages
    assert any("before any checkpoint was saved" in m for m in messages), messages
    assert not (settings.data_dir / "runs" / str(run_id) / "checkpoints" / "last.pt").exists()


@pytest.mark.slow
def test_stream_sends_backlog_then_live_events_and_resumes_without_gaps(
    client: TestClient, worker_process: Callable[[], subprocess.Popen[bytes]]
) -> None:
    dataset = upload(client, "stories.txt", STORIES, "creative-writer")
    run_id = start_run(client, "creative-writer", dataset["id"], max_steps=40)
    worker_process()
    wait_for(lambda: last_step(client, run_id) >= 2, 180, "the first steps")

    received: list[dict[str, Any]] = []
    with client.websocket_connect(f"/api/runs/{run_id}/stream?after=0") as socket:
        while len([m for m in received if m["type"] == "event"]) < 8:
            received.append(socket.receive_json())
    first_part = [m["seq"] for m in received if m["type"] == "event"]
    with client.websocket_connect(f"/api/runs/{run_id}/stream?after={first_part[-1]}") as socket:
        while True:
            message = socket.receive_json()
            received.append(message)
            if message["type"] == "end":
                break

    seqs = [m["seq"] for m in received if m["type"] == "event"]
    assert seqs == list(range(1, len(seqs) + 1))  # in order, no duplicates, no gaps
    assert seqs == [e["seq"] for e in events(client, run_id)]
    assert received[-1] == {"type": "end", "status": "succeeded", "seq": seqs[-1]}
    statuses = [m["status"] for m in received if m["type"] == "status"]
    assert statuses[-1] == "succeeded"


def test_stream_of_unknown_run_says_so(client: TestClient) -> None:
    with client.websocket_connect("/api/runs/999/stream") as socket:
        message = socket.receive_json()
    assert message["type"] == "error" and "999" in message["message"]
