"""Serving: our deployed endpoints vs a bare FastAPI + uvicorn script, ONNX Runtime vs PyTorch,
and our token-by-token generation vs a plain `model.generate()` loop.

The models are real and trained here (or reused from `--work`): a table model from our tabular
workflow on the Titanic-like table of `bench.tabular`, a classifier fine-tuned from the bundled
all-MiniLM-L6-v2 for a few steps on short labelled reviews, and the bundled SmolLM2-135M-Instruct
after one LoRA step (merged) with our causal-LM workflow.

- HTTP: our app (`create_app` on a migrated SQLite database, the worker off, as `tunewright
  serve` builds it) serves each model as a deployment at /v1/endpoints/{slug}/predict with a
  Bearer key; the peer is a bare FastAPI script that loads the same saved files
  (`pipeline.joblib`, the HF classifier folder) and calls `predict`/`predict_proba` or the
  forward pass directly. Each server runs in its own process on a free loopback port with the
  same uvicorn settings and torch threads; both have loaded their models before the clock starts
  (ours at deploy, which also chooses its engine, as in production). Ours serves each model
  twice: as deployed (ONNX Runtime where it won at deploy) and as a second deployment pinned to
  the library the bare server calls, so that pair differs only by the request path. The client
  is httpx in the parent process, with the same request bodies encoded once: latency is
  `--requests` sequential calls on one keep-alive connection (p50/p95), requests/s is `--load`
  calls with `--concurrency` in flight. The servers take turns for `--repeats` rounds, the first
  `--warmup` calls of each round unmeasured; figures are medians over rounds.
- Engines: p50 of our ONNX Runtime predictor vs our PyTorch (classifier) and scikit-learn (table)
  predictors on the same inputs, in one fresh process, one and eight texts or rows per call.
- Generation: tokens/s of `TorchCausalLM.predict` (greedy) vs `model.generate(do_sample=False)`
  on the same loaded model, prompt, token budget and torch threads: generated tokens ÷ wall time,
  the prompt's forward pass included.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from bench.common import median, percentile, record, timed

Task = Literal["tabular", "classifier"]
ServerKind = Literal["tunewright", "bare"]
Side = Literal["chosen", "own", "bare"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "tunewright-bench-cache"  # as bench.train: GGUF tokenizer
MARKER = "BENCH_RESULT "  # prefixes the child's one JSON line
STATE = "state.json"  # in the work folder: trained artifacts and their model version ids
HOST = "127.0.0.1"
# Both servers run exactly like this: one process, one worker, uvicorn's own defaults otherwise
UVICORN: dict[str, Any] = {
    "host": HOST,
    "loop": "auto",
    "http": "auto",
    "log_level": "warning",
    "log_config": None,  # as `tunewright serve`: logging is the app's (or Python's) own
    # connections wait while the other sides take their turn; the default 5 s would close them
    # under the client's feet (a read error mid-run)
    "timeout_keep_alive": 120,
}
BLOCK = 10  # sequential requests to one side before the next side's turn
LOAD_CHUNK = 4  # concurrent requests per turn, in multiples of --concurrency
NO_LIMIT = 1_000_000  # requests per minute per key: the rate limiter must never answer 429
NEVER = 1_000_000  # training: no mid-run evaluation, sampling or checkpoint
TASKS: tuple[Task, ...] = ("tabular", "classifier")
SIDES: tuple[Side, ...] = ("chosen", "own", "bare")
SIDE_LABELS = {
    "chosen": "tunewright, as deployed",
    "own": "tunewright, own engine",
    "bare": "bare FastAPI",
}
OWN_ENGINE = {"tabular": "sklearn", "classifier": "torch"}  # what the bare server calls
PROMPT = "Write a short story about a lighthouse keeper who finds a message in a bottle."
OVERHEAD_TARGET_MS = 3.0  # the targets: ours minus bare at p50,
TABULAR_P50_TARGET_MS = 10.0  # a table model's p50 over HTTP,
THROUGHPUT_TARGET = 0.9  # requests/s at least 0.9x the bare server's,
ONNX_TARGET = 0.7  # ONNX p50 at most 0.7x PyTorch's,
GENERATION_TARGET = 1.0  # and generation at least as fast as `generate()`
SUBJECTS = ["the parcel", "my order", "this phone case", "the charger", "the blender", "the lamp"]
REVIEWS = {
    "complaint": [
        "{s} arrived broken.",
        "{s} came two weeks late.",
        "{s} stopped working after a day.",
        "{s} is not what I ordered.",
        "{s} was missing parts and support never answered.",
    ],
    "praise": [
        "{s} works perfectly.",
        "{s} arrived early and well packed.",
        "{s} is excellent value, thank you!",
        "really happy with {s}.",
        "{s} is exactly as described, would buy again.",
    ],
    "question": [
        "can I return {s}?",
        "when will {s} be delivered?",
        "does {s} come with a warranty?",
        "how do I track {s}?",
        "is {s} available in blue?",
    ],
}


@dataclass(frozen=True)
class Config:
    """Request counts and model sizes, the same for both sides."""

    requests: int = 150  # sequential calls per side per round (latency)
    load: int = 300  # calls per side per round with `concurrency` in flight (requests/s)
    concurrency: int = 16
    warmup: int = 20  # unmeasured calls per side per round
    repeats: int = 3  # rounds; within each, the sides take turns every few requests
    batch: int = 1  # rows or texts per request
    engine_runs: int = 60  # in-process calls per engine and batch size
    new_tokens: int = 48  # generation budget per request
    generation_repeats: int = 3
    tabular_budget_s: float = 15.0  # our tabular search's time budget
    classifier_steps: int = 10


# --- models ---------------------------------------------------------------------------------------


def reviews() -> Any:
    """Short labelled reviews: 90 rows, three labels."""
    import pandas as pd

    rows = [
        (template.format(s=subject).capitalize(), label)
        for label, templates in REVIEWS.items()
        for template in templates
        for subject in SUBJECTS
    ]
    return pd.DataFrame(rows, columns=["review", "sentiment"])


def sums() -> Any:
    """Prompt/response pairs for one LoRA step (the weights barely move; serving is the point)."""
    import pandas as pd

    pairs = [
        (f"What is {a} plus {b}?", f"{a} plus {b} is {a + b}.") for a in range(2, 8) for b in (3, 9)
    ]
    return pd.DataFrame(pairs, columns=["q", "a"])


def text_settings(cfg: Config, task: str) -> Any:
    """Short fine-tunes: the models must be real, not good."""
    from tunewright.training.settings import TextTrainSettings

    lm = task == "causal_lm"
    return TextTrainSettings(
        max_length=64 if lm else 32,
        batch_size=2 if lm else 8,
        max_steps=1 if lm else cfg.classifier_steps,
        learning_rate=2e-4 if lm else 5e-5,
        method="lora" if lm else "full",
        warmup_ratio=0.0,
        val_fraction=0.2,
        eval_every_steps=NEVER,
        checkpoint_every_steps=NEVER,
        sample_every_steps=NEVER,
        early_stopping_patience=0,
        sample_prompts=["Hello"],
        sample_max_new_tokens=1,
    )


def train_models(work: Path, cfg: Config) -> dict[str, Any]:
    """Train the three models into `work/runs`; their WorkflowResults by task."""
    from bench.tabular import titanic
    from tunewright import base_models
    from tunewright.training.causal_lm.workflow import train_causal_lm
    from tunewright.training.classifier.workflow import train_classifier
    from tunewright.training.tabular.workflow import TabularSettings, train_tabular
    from tunewright.training.types import RunContext

    def ctx(task: str) -> RunContext:
        return RunContext(run_dir=work / "runs" / task, emit=lambda kind, payload: None)

    def bundled(task: Any) -> Any:
        return base_models.resolve(base_models.BUNDLED[task].hub_id, task, source="bundled")

    log("training the table model")
    budget = TabularSettings(time_budget_s=cfg.tabular_budget_s, cv_folds=3)
    results = {"tabular": train_tabular(titanic(), "Survived", ctx("tabular"), budget)}
    log("fine-tuning the MiniLM classifier")
    results["classifier"] = train_classifier(
        reviews(),
        {"text": "review", "label": "sentiment"},
        bundled("classifier"),
        text_settings(cfg, "classifier"),
        ctx("classifier"),
        cache_dir=CACHE,
    )
    log("one LoRA step on SmolLM2-135M")
    results["causal_lm"] = train_causal_lm(
        sums(),
        {"prompt": "q", "response": "a"},
        bundled("causal_lm"),
        text_settings(cfg, "causal_lm"),
        ctx("causal_lm"),
        cache_dir=CACHE,
    )
    return results


def app_settings(work: Path) -> Any:
    """Our app's settings: a private data dir and SQLite file, bundled models, no worker."""
    from tunewright.settings import Settings

    return Settings(
        data_dir=work / "data",
        model_source="bundled",
        cache_dir_override=CACHE,
        no_worker=True,
        log_level="WARNING",  # as uvicorn's: no per-request log line on either side
    )


def register(work: Path, results: dict[str, Any]) -> dict[str, int]:
    """Migrate the database and add a model version row per served model; ids by task."""
    from tunewright.db.engine import session_factory
    from tunewright.db.migrate import upgrade
    from tunewright.db.models import ModelVersion
    from tunewright.db.repositories import default_project

    url = app_settings(work).sqlalchemy_url
    upgrade(url)
    templates = {"tabular": "tabular-predictor", "classifier": "text-classifier"}
    ids = {}
    with session_factory(url)() as session:
        project = default_project(session)
        for task in TASKS:
            result = results[task]
            row = ModelVersion(
                project_id=project.id,
                name=f"bench-{task}",
                version=1,
                template_id=templates[task],
                task=task,
                settings=result.settings,
                metrics={},
                base_model=result.base_model,
                artifact_path=str(result.artifact_dir),
            )
            session.add(row)
            session.commit()
            ids[task] = row.id
    return ids


def prepare(work: Path, cfg: Config) -> dict[str, Any]:
    """Trained artifacts and model version ids: from `work/state.json`, or made now."""
    path = work / STATE
    if path.exists():
        log(f"reusing the models in {work}")
        state: dict[str, Any] = json.loads(path.read_text())
        return state
    results = train_models(work, cfg)
    state = {
        "artifacts": {task: str(r.artifact_dir) for task, r in results.items()},
        "versions": register(work, results),
        "tabular_model": results["tabular"].base_model["name"],
    }
    path.write_text(json.dumps(state, indent=2))
    return state


# --- request bodies -------------------------------------------------------------------------------


def inputs(task: Task, batch: int) -> list[dict[str, Any]]:
    """Request bodies both servers answer: rows of unseen passengers, or short texts."""
    if task == "tabular":
        from bench.tabular import titanic
        from tunewright.training.tabular.workflow import json_ready

        rows = json_ready(
            titanic(rows=32 * batch, seed=7).drop(columns="Survived").to_dict("records")
        )
        return [{"rows": rows[i : i + batch]} for i in range(0, len(rows), batch)]
    from tunewright.export.samples import FIXED_TEXTS

    short = [t for t in FIXED_TEXTS if len(t) < 100]  # a long text would own the p95
    texts = list(itertools.islice(itertools.cycle(short), 16 * batch))
    return [{"texts": texts[i : i + batch]} for i in range(0, len(texts), batch)]


# --- the peer: a bare FastAPI script --------------------------------------------------------------


class Rows(BaseModel):
    """The bare server's table request (module level: FastAPI resolves annotations by name)."""

    rows: list[dict[str, Any]]


class Texts(BaseModel):
    """The bare server's classifier request."""

    texts: list[str]


def bare_app(artifacts: dict[str, str]) -> Any:
    """FastAPI calling the same saved models directly: what one would write by hand."""
    import joblib
    import pandas as pd
    import torch
    from fastapi import FastAPI
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from tunewright.serving.predictors import configure_threads

    configure_threads()  # the same torch threads as our server, by the same rule
    table = Path(artifacts["tabular"])
    pipeline = joblib.load(table / "pipeline.joblib")
    features = json.loads((table / "metadata.json").read_text())["feature_columns"]
    classes = [str(c) for c in pipeline.classes_]
    folder = Path(artifacts["classifier"])
    max_length = json.loads((folder / "metadata.json").read_text())["settings"]["max_length"]
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32).eval()
    labels = [str(model.config.id2label[i]) for i in range(model.config.num_labels)]

    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/predict/tabular")
    def predict_tabular(body: Rows) -> dict[str, Any]:
        frame = pd.DataFrame(body.rows, columns=features)
        predicted, probabilities = pipeline.predict(frame), pipeline.predict_proba(frame)
        answers = zip(predicted.tolist(), probabilities.tolist(), strict=True)
        return {
            "predictions": [
                {"prediction": y, "probabilities": dict(zip(classes, p, strict=True))}
                for y, p in answers
            ]
        }

    @app.post("/predict/classifier")
    def predict_classifier(body: Texts) -> dict[str, Any]:
        encoded = tokenizer(
            body.texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt"
        )
        with torch.no_grad():
            probabilities = model(**encoded).logits.softmax(-1).tolist()
        return {
            "predictions": [
                {
                    "label": labels[p.index(max(p))],
                    "probabilities": dict(zip(labels, p, strict=True)),
                }
                for p in probabilities
            ]
        }

    return app


def serve(server: ServerKind, port: int, work: Path) -> None:
    """Child process: run one server until terminated."""
    import uvicorn

    if server == "tunewright":
        from tunewright.logs import configure_logging
        from tunewright.main import create_app

        settings = app_settings(work)
        configure_logging(settings.log_format or "console", settings.log_level)
        app = create_app(settings)
    else:
        app = bare_app(json.loads((work / STATE).read_text())["artifacts"])
    uvicorn.run(app, port=port, **UVICORN)


class Server:
    """One server in a child process on a free loopback port."""

    def __init__(self, kind: ServerKind, work: Path) -> None:
        self.kind = kind
        self.work = work
        self.health = "/api/health" if kind == "tunewright" else "/health"

    def __enter__(self) -> Server:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.log_path = self.work / f"server-{self.kind}.log"
        command = [sys.executable, "-m", "bench.serving", "--serve", self.kind]
        command += ["--port", str(self.port), "--work", str(self.work)]
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        with self.log_path.open("w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    @property
    def pid(self) -> int:
        """The server's process id."""
        return int(self.process.pid)

    @property
    def base(self) -> str:
        """http://127.0.0.1:port"""
        return f"http://{HOST}:{self.port}"

    def _wait_ready(self, timeout_s: float = 300) -> None:
        import httpx

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the {self.kind} server exited:\n{self.tail()}")
            try:
                if httpx.get(self.base + self.health, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the {self.kind} server did not start in {timeout_s:.0f} s")

    def tail(self) -> str:
        """The end of the server's log."""
        return self.log_path.read_text(errors="replace")[-4000:]


# --- load -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Where one side answers one model, and what a call sends."""

    side: Side
    task: Task
    url: str
    headers: dict[str, str]
    bodies: list[bytes]
    pid: int  # the server's process, whose CPU time a request costs


def deploy(client: Any, ours: Server, version_id: int) -> dict[str, Any]:
    """Deploy a model version through our API; the answer (url, api_key, engine, history)."""
    body = {"model_version_id": version_id, "rate_limit_per_minute": NO_LIMIT}
    response = client.post(f"{ours.base}/api/deployments", json=body, timeout=900)
    if response.status_code != 201:
        raise RuntimeError(f"deploying failed ({response.status_code}): {response.text[:1000]}")
    deployment: dict[str, Any] = response.json()
    return deployment


def endpoints(
    task: Task,
    deployments: tuple[dict[str, Any], dict[str, Any]],
    servers: tuple[Server, Server],
    batch: int,
) -> dict[Side, Endpoint]:
    """The three servers of one model, sending the same bodies."""
    bodies = [json.dumps(b).encode() for b in inputs(task, batch)]
    plain = {"Content-Type": "application/json"}

    def keyed(deployment: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": f"Bearer {deployment['api_key']}", **plain}

    (chosen, own), (ours, bare) = deployments, servers
    return {
        "chosen": Endpoint("chosen", task, chosen["url"], keyed(chosen), bodies, ours.pid),
        "own": Endpoint("own", task, own["url"], keyed(own), bodies, ours.pid),
        "bare": Endpoint("bare", task, f"{bare.base}/predict/{task}", plain, bodies, bare.pid),
    }


def pin_engine(work: Path, deployment_id: int, engine: str) -> None:
    """Serve a deployment with the model's own library, as when ONNX is slower or unavailable.

    Written to the database before the deployment's first call, which is when our server reads
    (and caches for AUTH_CACHE_S) what a deployment serves with.
    """
    from sqlalchemy import update

    from tunewright.db.engine import session_factory
    from tunewright.db.models import Deployment

    with session_factory(app_settings(work).sqlalchemy_url)() as session:
        change = update(Deployment).where(Deployment.id == deployment_id).values(engine=engine)
        session.execute(change)
        session.commit()


def checked(response: Any, endpoint: Endpoint) -> Any:
    """The response, or an error naming the side when it is not a 200."""
    if response.status_code != 200:
        raise RuntimeError(
            f"{endpoint.side} {endpoint.task} answered {response.status_code}: "
            f"{response.text[:500]}"
        )
    return response


def turns(block: int) -> tuple[Side, ...]:
    """The sides in the order they take their turn in this block (each leads in turn)."""
    shift = block % len(SIDES)
    return SIDES[shift:] + SIDES[:shift]


def cpu_seconds(process: Any) -> float:
    """User + system seconds of a process, every thread."""
    return float(sum(process.cpu_times()[:2]))


def sequential(
    client: Any, served: dict[Side, Endpoint], calls: int, warmup: int
) -> dict[Side, tuple[list[float], float]]:
    """Per side: the seconds of `calls` sequential requests, and server CPU seconds per request.

    Each side has one keep-alive connection. The sides take turns every BLOCK requests, so a
    burst from another process on the machine lands on all of them alike. CPU time is read
    around each block (ours answers two sides, one block at a time); other processes disturb it
    far less than wall time.
    """
    import psutil

    servers = {side: psutil.Process(e.pid) for side, e in served.items()}
    bodies = {side: itertools.cycle(e.bodies) for side, e in served.items()}

    def call(side: Side) -> float:
        e = served[side]
        started = time.perf_counter()
        checked(client.post(e.url, content=next(bodies[side]), headers=e.headers), e)
        return time.perf_counter() - started

    for side in served:
        for _ in range(warmup):
            call(side)
    times: dict[Side, list[float]] = {side: [] for side in served}
    cpu = dict.fromkeys(served, 0.0)
    for block in range(-(-calls // BLOCK)):
        for side in turns(block):
            before = cpu_seconds(servers[side])
            times[side] += [call(side) for _ in range(BLOCK)]
            cpu[side] += cpu_seconds(servers[side]) - before
    return {side: (times[side], cpu[side] / len(times[side])) for side in served}


async def concurrent(
    served: dict[Side, Endpoint], calls: int, concurrency: int
) -> dict[Side, tuple[float, float]]:
    """Per side: requests/s with `concurrency` in flight over about `calls` requests, and how
    many cores the server kept busy meanwhile (its CPU seconds ÷ wall seconds).

    The requests go in chunks of LOAD_CHUNK × `concurrency`, the sides taking turns chunk by
    chunk; connections are opened before the clock starts.
    """
    import httpx
    import psutil

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    clients = {side: httpx.AsyncClient(limits=limits, timeout=120) for side in served}
    servers = {side: psutil.Process(e.pid) for side, e in served.items()}

    async def burst(side: Side, total: int) -> tuple[float, float]:
        e, numbers = served[side], itertools.count()
        cpu_before, started = cpu_seconds(servers[side]), time.perf_counter()

        async def caller() -> None:
            while (i := next(numbers)) < total:
                body = e.bodies[i % len(e.bodies)]
                checked(await clients[side].post(e.url, content=body, headers=e.headers), e)

        await asyncio.gather(*(caller() for _ in range(concurrency)))
        return time.perf_counter() - started, cpu_seconds(servers[side]) - cpu_before

    try:
        for side in served:
            await burst(side, 2 * concurrency)  # open the connections, unmeasured
        chunks = max(1, calls // (LOAD_CHUNK * concurrency))
        size = calls // chunks
        wall, cpu = dict.fromkeys(served, 0.0), dict.fromkeys(served, 0.0)
        for chunk in range(chunks):
            for side in turns(chunk):
                seconds, busy = await burst(side, size)
                wall[side] += seconds
                cpu[side] += busy
        return {side: (chunks * size / wall[side], cpu[side] / wall[side]) for side in served}
    finally:
        for client in clients.values():
            await client.aclose()


def agreement(client: Any, ours: Endpoint, bare: Endpoint) -> str:
    """How many of the request bodies both answer alike (the label or predicted value)."""
    field = "prediction" if ours.task == "tabular" else "label"
    same = total = 0
    for i in range(len(ours.bodies)):
        answers = [
            checked(client.post(e.url, content=e.bodies[i], headers=e.headers), e).json()
            for e in (ours, bare)
        ]
        for a, b in zip(*(x["predictions"] for x in answers), strict=True):
            same += a[field] == b[field]
            total += 1
    return f"{same}/{total}"


def measure_http(cfg: Config, services: dict[Task, dict[Side, Endpoint]]) -> dict[str, Any]:
    """Per task and side, a list of rounds {p50_ms, p95_ms, cpu_ms, rps}; answer agreement."""
    import httpx

    rounds: dict[str, dict[str, list[dict[str, float]]]] = {
        task: {side: [] for side in SIDES} for task in services
    }
    agree = {}
    with httpx.Client(timeout=120) as client:
        for task, served in services.items():
            agree[task] = [
                agreement(client, served[side], served["bare"]) for side in ("chosen", "own")
            ]
        for r in range(cfg.repeats):
            for task, served in services.items():
                log(f"round {r + 1}/{cfg.repeats}: {task}")
                answered = sequential(client, served, cfg.requests, cfg.warmup)
                rps = asyncio.run(concurrent(served, cfg.load, cfg.concurrency))
                for side, (times, cpu) in answered.items():
                    rounds[task][side].append(
                        {
                            "p50_ms": percentile(times, 50) * 1000,
                            "p95_ms": percentile(times, 95) * 1000,
                            "cpu_ms": cpu * 1000,
                            "rps": rps[side][0],
                            "cores": rps[side][1],
                        }
                    )
    return {"rounds": rounds, "agree": agree}


# --- in process: engines and generation (a fresh child process) -----------------------------------


def engines(state: dict[str, Any], work: Path, cfg: Config) -> list[dict[str, Any]]:
    """p50 of each model's own predictor and its ONNX Runtime one, on the same inputs."""
    from tunewright.export import ExportError, ensure_export
    from tunewright.serving.onnx_predictors import load_onnx_predictor
    from tunewright.serving.predictors import load_predictor
    from tunewright.serving.types import INPUT_FOR_TASK

    rows = []
    for task in TASKS:
        artifact = Path(state["artifacts"][task])
        # the export our server built when it deployed this version (built here if missing)
        export_dir = work / "data" / "exports" / str(state["versions"][task]) / "onnx"
        try:
            ensure_export(artifact, export_dir, "onnx")
        except ExportError as exc:
            rows.append({"task": task, "error": exc.message})
            continue
        own = load_predictor(artifact, task)
        onnx = load_onnx_predictor(artifact, export_dir, task)
        for batch in (1, 8):
            requests = [INPUT_FOR_TASK[task].model_validate(b) for b in inputs(task, batch)]
            times: dict[str, list[float]] = {own.engine: [], onnx.engine: []}
            for _ in range(3):  # alternate, so a noisy moment hurts both engines alike
                for predictor in (own, onnx):
                    calls = itertools.cycle(requests)
                    times[predictor.engine] += timed(
                        lambda p=predictor, c=calls: p.predict(next(c)),
                        repeats=cfg.engine_runs // 3,
                        warmup=3,
                    )
            rows.append(
                {
                    "task": task,
                    "batch": batch,
                    "own_engine": own.engine,
                    "own_ms": median(times[own.engine]) * 1000,
                    "onnx_ms": median(times[onnx.engine]) * 1000,
                }
            )
    return rows


def generation(state: dict[str, Any], cfg: Config) -> dict[str, Any]:
    """Tokens/s of our predictor and of `generate()` on the same model, prompt and budget."""
    import torch

    from tunewright.serving.predictors import load_predictor
    from tunewright.serving.types import GenerateInput

    predictor: Any = load_predictor(Path(state["artifacts"]["causal_lm"]), "causal_lm")
    model, tokenizer = predictor.model, predictor.tokenizer
    data = GenerateInput(
        prompt=PROMPT, max_new_tokens=cfg.new_tokens, temperature=0.0, repetition_penalty=1.0
    )
    prompt = predictor.prompt_text(data)  # the same chat-formatted text our predictor reads
    ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)["input_ids"]

    def ours() -> tuple[int, str]:
        body = predictor.predict(data).body
        return int(body["tokens"]), str(body["text"])

    def peer() -> tuple[int, str]:
        with torch.no_grad():
            out = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=cfg.new_tokens,
                do_sample=False,
                repetition_penalty=1.0,
                pad_token_id=tokenizer.pad_token_id,
            )
        new = out[0, ids.shape[1] :]
        return len(new), tokenizer.decode(new, skip_special_tokens=True)

    sides = {"tunewright": ours, "generate": peer}
    speeds: dict[str, list[float]] = {name: [] for name in sides}
    cpu_speeds: dict[str, list[float]] = {name: [] for name in sides}
    answers = {name: fn() for name, fn in sides.items()}  # warm-up, and what each side wrote
    for _ in range(cfg.generation_repeats):
        for name, fn in sides.items():
            started, cpu = time.perf_counter(), time.process_time()
            tokens, _ = fn()
            speeds[name].append(tokens / (time.perf_counter() - started))
            cpu_speeds[name].append(tokens / (time.process_time() - cpu))
    return {
        "threads": torch.get_num_threads(),
        "prompt_tokens": int(ids.shape[1]),
        "tokens": {name: answers[name][0] for name in sides},
        "same_text": answers["tunewright"][1].strip() == answers["generate"][1].strip(),
        "tokens_per_s": speeds,
        "tokens_per_cpu_s": cpu_speeds,
    }


def child(work: Path, cfg: Config) -> None:
    """Child process: the in-process comparisons, printed as one marked JSON line."""
    state = json.loads((work / STATE).read_text())
    figures = {"engines": engines(state, work, cfg), "generation": generation(state, cfg)}
    print(MARKER + json.dumps(figures), flush=True)


def run_child(work: Path, cfg: Config) -> dict[str, Any]:
    """The in-process comparisons in a fresh process (its own threads and memory)."""
    command = [sys.executable, "-m", "bench.serving", "--child", "--work", str(work)]
    command += ["--config", json.dumps(asdict(cfg))]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if done.returncode or not lines:
        raise RuntimeError(
            f"the in-process child failed ({done.returncode}):\n{done.stderr[-4000:]}"
        )
    figures: dict[str, Any] = json.loads(lines[-1].removeprefix(MARKER))
    return figures


# --- tables ---------------------------------------------------------------------------------------


def yes(met: bool) -> str:
    """A target's verdict, a miss in bold."""
    return "yes" if met else "**no**"


def of(rounds: list[dict[str, float]], key: str) -> float:
    """Median over rounds."""
    return median([r[key] for r in rounds])


def http_table(http: dict[str, Any], engines_used: dict[str, str]) -> list[tuple[str, ...]]:
    """Latency and requests/s per model and server."""
    rows: list[tuple[str, ...]] = [
        (
            "model",
            "server",
            "engine",
            "p50 ms",
            "p95 ms",
            "p50 ms per round",
            "server CPU ms/request",
            "requests/s",
            "server cores busy under load",
        )
    ]
    for task, sides in http["rounds"].items():
        for side, rounds in sides.items():
            rows.append(
                (
                    task,
                    SIDE_LABELS[side],
                    engines_used[task] if side == "chosen" else OWN_ENGINE[task],
                    f"{of(rounds, 'p50_ms'):.2f}",
                    f"{of(rounds, 'p95_ms'):.2f}",
                    " / ".join(f"{r['p50_ms']:.1f}" for r in rounds),
                    f"{of(rounds, 'cpu_ms'):.2f}",
                    f"{of(rounds, 'rps'):.0f}",
                    f"{of(rounds, 'cores'):.2f}",
                )
            )
    return rows


def engines_table(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """Own engine vs ONNX Runtime, in process."""
    table: list[tuple[str, ...]] = [
        ("model", "per call", "own engine", "own p50 ms", "ONNX p50 ms", "ONNX ÷ own")
    ]
    for row in rows:
        if "error" in row:
            table.append((row["task"], "—", "—", "—", "—", f"no export: {row['error']}"))
            continue
        table.append(
            (
                row["task"],
                str(row["batch"]),
                row["own_engine"],
                f"{row['own_ms']:.2f}",
                f"{row['onnx_ms']:.2f}",
                f"{row['onnx_ms'] / row['own_ms']:.2f}×",
            )
        )
    return table


def generation_table(gen: dict[str, Any]) -> list[tuple[str, ...]]:
    """Tokens/s per side."""
    rows: list[tuple[str, ...]] = [
        ("side", "tokens generated", "tokens/s (median)", "per repeat", "tokens per CPU second")
    ]
    for name, label in (("tunewright", "TorchCausalLM.predict"), ("generate", "model.generate()")):
        speeds = gen["tokens_per_s"][name]
        rows.append(
            (
                label,
                str(gen["tokens"][name]),
                f"{median(speeds):.1f}",
                " / ".join(f"{s:.1f}" for s in speeds),
                f"{median(gen['tokens_per_cpu_s'][name]):.1f}",
            )
        )
    return rows


def targets_table(
    http: dict[str, Any], engine_rows: list[dict[str, Any]], gen: dict[str, Any]
) -> list[tuple[str, ...]]:
    """The issue's targets, each with its value and whether it was met."""
    rows: list[tuple[str, ...]] = [("figure", "value", "target", "met")]
    for task, sides in http["rounds"].items():
        bare = sides["bare"]
        for side in ("own", "chosen"):
            how = f"same engine ({OWN_ENGINE[task]})" if side == "own" else "as deployed"
            overhead = of(sides[side], "p50_ms") - of(bare, "p50_ms")
            rows.append(
                (
                    f"{task}: p50 ours − bare, {how}",
                    f"{overhead:+.2f} ms",
                    f"≤ {OVERHEAD_TARGET_MS:.0f} ms",
                    yes(overhead <= OVERHEAD_TARGET_MS),
                )
            )
        extra = of(sides["own"], "cpu_ms") - of(bare, "cpu_ms")
        rows.append(
            (
                f"{task}: server CPU per request ours − bare, same engine",
                f"{extra:+.2f} ms",
                "(steadier view of the same)",
                "—",
            )
        )
        for side in ("own", "chosen"):
            how = f"same engine ({OWN_ENGINE[task]})" if side == "own" else "as deployed"
            share = of(sides[side], "rps") / of(bare, "rps")
            rows.append(
                (
                    f"{task}: requests/s ours ÷ bare, {how}",
                    f"{share:.2f}×",
                    f"≥ {THROUGHPUT_TARGET:.1f}×",
                    yes(share >= THROUGHPUT_TARGET),
                )
            )
        if task == "tabular":
            p50 = of(sides["chosen"], "p50_ms")
            rows.append(
                (
                    "tabular: p50 of our endpoint, as deployed",
                    f"{p50:.2f} ms",
                    f"≤ {TABULAR_P50_TARGET_MS:.0f} ms",
                    yes(p50 <= TABULAR_P50_TARGET_MS),
                )
            )
    for row in engine_rows:
        if "error" in row:
            continue
        value = row["onnx_ms"] / row["own_ms"]
        rows.append(
            (
                f"{row['task']}: ONNX ÷ {row['own_engine']} p50, {row['batch']} per call",
                f"{value:.2f}×",
                f"≤ {ONNX_TARGET:.1f}×",
                yes(value <= ONNX_TARGET),
            )
        )
    speeds = gen["tokens_per_s"]
    value = median(speeds["tunewright"]) / median(speeds["generate"])
    rows.append(
        (
            "generation: tokens/s, ours ÷ generate()",
            f"{value:.2f}×",
            f"≥ {GENERATION_TARGET:.1f}×",
            yes(value >= GENERATION_TARGET),
        )
    )
    cpu = gen["tokens_per_cpu_s"]
    value = median(cpu["tunewright"]) / median(cpu["generate"])
    rows.append(
        ("generation: tokens per CPU second, ours ÷ generate()", f"{value:.2f}×", "(same)", "—")
    )
    return rows


# --- main -----------------------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress on stderr (the tables go to stdout)."""
    print(f"[bench.serving] {message}", file=sys.stderr, flush=True)


@contextmanager
def work_folder(given: str | None) -> Iterator[Path]:
    """`--work` (kept, so a second run reuses its models), else a temporary folder."""
    if given:
        path = Path(given).resolve()
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="tunewright-bench-serving-") as folder:
        yield Path(folder)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Flags: the sizes in Config, the work folder, and the child-process roles."""
    defaults = Config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, value in asdict(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--work", help="folder for models and the database, kept for reuse")
    parser.add_argument("--serve", choices=("tunewright", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, Path(args.work))
        return
    if args.child:
        child(Path(args.work), Config(**json.loads(args.config)))
        return
    cfg = Config(**{k: getattr(args, k) for k in asdict(Config())})
    if cfg.repeats < 1 or cfg.requests < 20 or cfg.load < cfg.concurrency:
        raise ValueError(
            "--repeats must be ≥ 1, --requests ≥ 20 (for a p95) and --load ≥ --concurrency; "
            f"got {cfg.repeats}, {cfg.requests}, {cfg.load} and {cfg.concurrency}."
        )
    import httpx

    load_before = os.getloadavg()[0]
    with work_folder(args.work) as work:
        # 1. models: trained once, registered as model versions in a migrated database
        state = prepare(work, cfg)
        # 2. both servers; ours deploys each model twice (loading it and choosing its engine),
        #    and one of the two deployments is pinned to the engine the bare server uses
        with Server("tunewright", work) as ours, Server("bare", work) as bare:
            log("deploying (ours loads each model and times ONNX against its own engine)")
            with httpx.Client() as client:
                versions = state["versions"]
                deployed = {task: deploy(client, ours, versions[task]) for task in TASKS}
                pinned = {task: deploy(client, ours, versions[task]) for task in TASKS}
            for task in TASKS:
                pin_engine(work, pinned[task]["id"], OWN_ENGINE[task])
            services = {
                task: endpoints(task, (deployed[task], pinned[task]), (ours, bare), cfg.batch)
                for task in TASKS
            }
            # 3. latency and requests/s over HTTP, the servers taking turns
            http = measure_http(cfg, services)
        # 4. engines and generation in one fresh process
        log("in process: ONNX Runtime vs own engines, then generation")
        inproc = run_child(work, cfg)
    # 5. tables
    engines_used = {task: str(deployed[task]["engine"]) for task in TASKS}
    choices = "; ".join(
        f"{task}: {deployed[task]['history'][-1].get('engine', {}).get('reason', '?')}"
        for task in TASKS
    )
    agreed = "; ".join(f"{t} {a} and {b}" for t, (a, b) in http["agree"].items())
    gen = inproc["generation"]
    size = f"{cfg.batch} row/text per request"
    record(
        f"Serving over HTTP: our endpoint vs bare FastAPI ({size}), median of {cfg.repeats} rounds",
        http_table(http, engines_used),
        notes=(
            f"{cfg.requests} sequential requests per round for p50/p95 (after {cfg.warmup} "
            f"unmeasured), {cfg.load} with {cfg.concurrency} in flight for requests/s; same "
            "bodies, one uvicorn worker each (loop auto, log level warning), the httpx client in "
            "a third process on the same cores. Server CPU is the server process's user + system "
            "time (every thread, usage writes included) over the sequential requests ÷ their "
            "number: other processes on the machine disturb it far less than wall time. "
            "Table model: "
            f"{state.get('tabular_model') or 'see metadata.json'} on a Titanic-like table; "
            "classifier: all-MiniLM-L6-v2 fine-tuned for a few steps. 'tunewright, own engine' "
            "is a second deployment of the same version pinned to the library the bare server "
            "calls, so the two differ only by the request path. Answers agree with the bare "
            f"server's (as deployed, own engine): {agreed}. Engine chosen at deploy — {choices}."
        ),
    )
    record(
        f"ONNX Runtime vs own engine, in process, median of {cfg.engine_runs} calls",
        engines_table(inproc["engines"]),
    )
    record(
        f"Generation: SmolLM2-135M, greedy, {cfg.new_tokens} new tokens, median of "
        f"{cfg.generation_repeats}",
        generation_table(gen),
        notes=(
            f"{gen['threads']} torch thread(s) on both sides (our serving default), a "
            f"{gen['prompt_tokens']}-token chat-formatted prompt, the prompt's forward pass "
            f"included; same text from both sides: {'yes' if gen['same_text'] else 'no'}."
        ),
    )
    record(
        "Serving targets",
        targets_table(http, inproc["engines"], gen),
        notes=(
            f"Load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the "
            f"end, on {os.cpu_count()} cores: on a shared machine compare ratios taken in the "
            "same run, and read server CPU per request as the steadier view of overhead."
        ),
    )


if __name__ == "__main__":
    main()
