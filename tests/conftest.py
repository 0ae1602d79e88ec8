"""Shared fixtures: settings on a temp data dir, the database on SQLite and on PostgreSQL, and
tiny random transformer models built on the fly, saved and loaded like real ones.

The tiny models reuse the real tokenizers of the bundled models (SmolLM2 with its chat template,
MiniLM's WordPiece), so formatting, masking and saving are exercised exactly as in production
while a training step takes milliseconds.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from tunewright import base_models
from tunewright.base_models import ResolvedModel
from tunewright.db.engine import get_engine, session_factory
from tunewright.db.migrate import upgrade
from tunewright.db.models import Base
from tunewright.main import create_app
from tunewright.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "TUNEWRIGHT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PG_START_HINT = (
    "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
)
# Converting the bundled GGUF tokenizer takes ~10 s; keep the result across test sessions.
SHARED_CACHE = Path(tempfile.gettempdir()) / "tunewright-test-cache"


def _pg_admin() -> Session | None:
    try:
        engine = get_engine(PG_ADMIN_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return Session(engine)
    except Exception:
        return None


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    import psycopg

    if _pg_admin() is None:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432; {PG_START_HINT}")
    name = f"tunewright_test_{uuid.uuid4().hex[:10]}"
    conninfo = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session."""
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, unmigrated database on each engine (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tunewright.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_url(request: pytest.FixtureRequest) -> str:
    """A database URL migrated to head — every test using it runs on both engines."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    upgrade(url)
    return url


@pytest.fixture
def database_url(migrated_url: str) -> Iterator[str]:
    """The migrated database, emptied after the test (the default project stays)."""
    yield migrated_url
    with get_engine(migrated_url).begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "projects":
                connection.execute(table.delete())


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings on a private data dir with the bundled models (the hub is unreachable here)."""
    spa = tmp_path / "spa"
    (spa / "assets").mkdir(parents=True)
    (spa / "index.html").write_text("<!doctype html><title>Tunewright</title><div id=root></div>")
    (spa / "assets" / "app.js").write_text("console.log('tunewright')")
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        model_source="bundled",
        cache_dir_override=SHARED_CACHE,
        frontend_dist=spa,
        no_worker=True,
    )


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    with session_factory(database_url)() as db:
        yield db


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An HTTP client over the real app (lifespan included) on each database engine."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def tiny(path: Path, name: str) -> ResolvedModel:
    """A local folder as the resolved base model of a run."""
    return ResolvedModel(
        requested=name,
        source="hub",
        name=name,
        hub_id=name,
        path=str(path),
        gguf_file=None,
        reason="test",
    )


def bundled(task: str) -> ResolvedModel:
    """The real bundled model for `task`, or a skip when the model pack is not installed."""
    try:
        return base_models.resolve(base_models.BUNDLED[task].hub_id, task, source="bundled")  # type: ignore[index, arg-type]
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def smollm_tokenizer() -> Any:
    """The bundled SmolLM2 tokenizer (chat template, eos = <|im_end|>)."""
    return base_models.load_tokenizer(bundled("causal_lm"), SHARED_CACHE)


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory, smollm_tokenizer: Any) -> ResolvedModel:
    """A 2-layer Llama with random weights and the SmolLM2 tokenizer, saved to a folder."""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(smollm_tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        tie_word_embeddings=True,
        bos_token_id=smollm_tokenizer.bos_token_id,
        eos_token_id=smollm_tokenizer.eos_token_id,
        pad_token_id=smollm_tokenizer.pad_token_id,
    )
    folder = tmp_path_factory.mktemp("tiny-llama")
    LlamaForCausalLM(config).save_pretrained(folder)
    smollm_tokenizer.save_pretrained(folder)
    return tiny(folder, "tiny-llama")


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> ResolvedModel:
    """A 2-layer BERT encoder (no head, like MiniLM) with the MiniLM tokenizer, saved."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(bundled("classifier").path)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=128,
    )
    folder = tmp_path_factory.mktemp("tiny-bert")
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return tiny(folder, "tiny-bert")


# Trained tiny artifacts (a causal LM, a classifier, a tabular pipeline), built once per session
# and shared read-only by the serving, export, prediction and deployment tests.


@pytest.fixture(scope="session")
def causal_dir(tmp_path_factory: pytest.TempPathFactory, tiny_llama: ResolvedModel) -> Path:
    """A tiny causal LM fine-tuned for a few steps, saved like a real model version."""
    from tests.serving import artifacts

    return artifacts.causal_lm_artifact(tmp_path_factory, tiny_llama)


@pytest.fixture(scope="session")
def classifier_dir(tmp_path_factory: pytest.TempPathFactory, tiny_bert: ResolvedModel) -> Path:
    """A tiny classifier fine-tuned for a few steps, saved like a real model version."""
    from tests.serving import artifacts

    return artifacts.classifier_artifact(tmp_path_factory, tiny_bert)


@pytest.fixture(scope="session")
def tabular_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trained tabular pipeline with its metadata."""
    from tests.serving import artifacts

    return artifacts.tabular_artifact(tmp_path_factory)
