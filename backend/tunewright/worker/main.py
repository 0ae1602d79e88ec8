"""The worker loop: claim runs, train each in a child process, keep its lease alive, recover.

Each run trains in its own child process so that an out-of-memory kill (which on CPU arrives as
SIGKILL, not as an exception) takes down only that run: the worker sees the signal, records a
plain-English failure and goes on. The child gets SIGKILL if the worker dies, so no training
continues unsupervised.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from sqlalchemy import update

from tunewright.db.engine import session_factory
from tunewright.db.models import Run, utcnow
from tunewright.db.models import Worker as WorkerRow
from tunewright.settings import Settings
from tunewright.worker.queue import ACTIVE_STATES, DatabaseQueue

log = logging.getLogger(__name__)

POLL_S = 1.0  # how soon a queued run is picked up
HEARTBEAT_FRACTION = 0.2  # renew five times per lease: one slow tick never loses a run


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class Child:
    run_id: int
    process: subprocess.Popen[bytes]


def _killed_reason(returncode: int) -> dict[str, str]:
    if returncode == -signal.SIGKILL:
        return {
            "code": "out_of_memory",
            "message": "The training process was killed by the system, almost always because "
            "it ran out of memory.",
            "hint": "Lower max_length or batch_size, or use LoRA; then start the run again.",
        }
    return {
        "code": "worker_crash",
        "message": f"The training process exited unexpectedly (code {returncode}).",
        "hint": "Open the run log for details; Resume continues from the last checkpoint.",
    }


class Worker:
    """Claims up to `concurrency` runs at a time and supervises their child processes."""

    def __init__(self, settings: Settings, worker_id: str | None = None) -> None:
        self.settings = settings
        self.sessions = session_factory(settings.sqlalchemy_url)
        self.queue = DatabaseQueue(self.sessions, lease_s=settings.worker_lease_s)
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.children: list[Child] = []
        self.stopping = threading.Event()

    def _spawn(self, run_id: int) -> Child:
        process = subprocess.Popen(
            [sys.executable, "-m", "tunewright.worker.execute", str(run_id)],
            preexec_fn=_die_with_parent,  # the child dies with its worker (PDEATHSIG)
            env={**os.environ, **self.settings.as_env()},
        )
        log.info("run claimed", extra={"run_id": run_id, "pid": process.pid})
        return Child(run_id, process)

    def _reap(self) -> None:
        for child in list(self.children):
            code = child.process.poll()
            if code is None:
                continue
            self.children.remove(child)
            if code != 0:
                self._fail_if_active(child.run_id, _killed_reason(code))
            log.info("run process ended", extra={"run_id": child.run_id, "returncode": code})

    def _fail_if_active(self, run_id: int, error: dict[str, str]) -> None:
        with self.sessions() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id, Run.status.in_((*ACTIVE_STATES, "queued")))
                .values(status="failed", error=error, finished_at=utcnow(), lease_expires_at=None)
            )
            session.commit()

    def _announce(self) -> None:
        with self.sessions() as session:
            row = session.get(WorkerRow, self.worker_id) or WorkerRow(id=self.worker_id)
            row.heartbeat_at = utcnow()
            row.active_runs = len(self.children)
            row.concurrency = self.settings.worker_concurrency
            session.add(row)
            session.commit()

    def _retire(self) -> None:
        with self.sessions() as session:
            row = session.get(WorkerRow, self.worker_id)
            if row is not None:
                session.delete(row)
                session.commit()

    def tick(self) -> None:
        """One round: recover dead workers' runs, reap children, heartbeat, claim."""
        recovered = self.queue.recover_expired()
        if recovered:
            log.warning("runs interrupted by a lost worker", extra={"runs": recovered})
        self._reap()
        for child in self.children:
            self.queue.heartbeat(child.run_id, self.worker_id)
        self._announce()
        while len(self.children) < self.settings.worker_concurrency and not self.stopping.is_set():
            run_id = self.queue.claim(self.worker_id)
            if run_id is None:
                break
            self.children.append(self._spawn(run_id))

    def run_forever(self) -> None:
        """Loop until SIGTERM/SIGINT; children are asked to stop and get a moment to checkpoint."""
        log.info("worker started", extra={"worker_id": self.worker_id})
        last_beat = 0.0
        while not self.stopping.is_set():
            now = time.monotonic()
            if (
                now - last_beat >= self.settings.worker_lease_s * HEARTBEAT_FRACTION
                or not self.children
            ):
                self.tick()
                last_beat = now
            else:
                self._reap()
            self.stopping.wait(POLL_S)
        for child in self.children:
            child.process.terminate()
        for child in self.children:
            try:
                child.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.process.kill()
        self._reap()
        self._retire()


class Supervisor:
    """Keeps one `tunewright worker` process alive beside the server (restarts it if it dies)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        """Start the worker and watch it in a background thread."""
        self.thread.start()

    def _loop(self) -> None:
        backoff = 1.0
        while not self.stopping.is_set():
            started = time.monotonic()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tunewright.cli", "worker"],
                env={**os.environ, **self.settings.as_env()},
                preexec_fn=_die_with_parent,
            )
            code = self.process.wait()
            if self.stopping.is_set():
                return
            backoff = 1.0 if time.monotonic() - started > 60 else min(backoff * 2, 30.0)
            log.error("worker exited; restarting", extra={"returncode": code, "in_s": backoff})
            self.stopping.wait(backoff)

    def stop(self) -> None:
        """Ask the worker to stop (its runs checkpoint and become interrupted)."""
        self.stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def main(settings: Settings) -> int:
    """`tunewright worker`: run the loop in this process."""
    worker = Worker(settings)

    def stop(_signum: int, _frame: object) -> None:
        worker.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.run_forever()
    return 0
