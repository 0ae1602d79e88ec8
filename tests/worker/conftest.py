"""Drive a real worker (child processes and all) from a test until a run ends."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tunewright.db.engine import session_factory
from tunewright.db.models import Run
from tunewright.settings import Settings
from tunewright.worker.main import Worker
from tunewright.worker.queue import FINAL_STATES

RunUntilDone = Callable[[int, float], Run]


@pytest.fixture
def run_until_done(settings: Settings) -> RunUntilDone:
    """Tick a worker (which trains in a child process) until the run reaches a final state."""

    def drive(run_id: int, timeout_s: float = 240.0) -> Run:
        worker = Worker(settings, worker_id="test-worker")
        sessions = session_factory(settings.sqlalchemy_url)
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                worker.tick()
                with sessions() as session:
                    run = session.get(Run, run_id)
                    assert run is not None
                    if run.status in FINAL_STATES and not worker.children:
                        return run
                time.sleep(0.3)
        finally:
            for child in worker.children:
                child.process.kill()
        raise AssertionError(f"run {run_id} did not finish in {timeout_s} s")

    return drive
