"""Usage analytics: every served request recorded (status, latency, sizes, tokens — no bodies),
a rolling sample of inputs and outputs for drift monitoring, and the per-deployment summary.

Requests are appended to an in-memory buffer and written in batches by a background thread,
so a prediction never waits for a database write; `flush()` writes what is pending now.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tunewright.db.models import ApiKey, PredictionSample, Usage, utcnow

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 0.5
MAX_BUFFER = 10_000  # beyond this, records are dropped (and counted) rather than eat memory
SAMPLE_TEXT_CHARS = 2_000  # long prompts are cut in the drift sample
LATEST = 50  # requests listed on the usage page


@dataclass
class UsageRecord:
    """One served request, as measured by the endpoint."""

    deployment_id: int
    api_key_id: int | None
    model_version_id: int | None
    status_code: int
    latency_ms: float
    request_bytes: int
    response_bytes: int
    tokens: int = 0
    error_code: str | None = None
    ts: datetime = field(default_factory=utcnow)
    inputs: dict[str, Any] | None = None  # kept for the drift sample when the request succeeded
    outputs: dict[str, Any] | None = None


def _trim(value: Any) -> Any:
    if isinstance(value, str):
        return value[:SAMPLE_TEXT_CHARS]
    if isinstance(value, list):
        return [_trim(v) for v in value[:100]]
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in list(value.items())[:200]}
    return value


class UsageRecorder:
    """Buffers usage records and writes them in batches from a background thread."""

    def __init__(self, sessions: sessionmaker[Session], sample_size: int) -> None:
        self.sessions = sessions
        self.sample_size = sample_size
        self.dropped = 0
        self._pending: list[UsageRecord] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def record(self, record: UsageRecord) -> None:
        """Queue one record (never blocks on the database)."""
        with self._lock:
            if len(self._pending) >= MAX_BUFFER:
                self.dropped += 1
                return
            self._pending.append(record)

    def flush(self) -> int:
        """Write every pending record now; returns how many were written."""
        with self._write_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            with self.sessions() as session:
                session.add_all(
                    Usage(
                        deployment_id=r.deployment_id,
                        api_key_id=r.api_key_id,
                        model_version_id=r.model_version_id,
                        ts=r.ts,
                        status_code=r.status_code,
                        latency_ms=r.latency_ms,
                        request_bytes=r.request_bytes,
                        response_bytes=r.response_bytes,
                        tokens=r.tokens,
                        error_code=r.error_code,
                    )
                    for r in batch
                )
                self._keep_samples(session, batch)
                self._touch_keys(session, batch)
                session.commit()
            return len(batch)

    def _keep_samples(self, session: Session, batch: list[UsageRecord]) -> None:
        if self.sample_size <= 0:
            return
        kept = [r for r in batch if r.inputs is not None and r.status_code < 400]
        session.add_all(
            PredictionSample(
                deployment_id=r.deployment_id,
                model_version_id=r.model_version_id,
                ts=r.ts,
                inputs=_trim(r.inputs),
                outputs=_trim(r.outputs or {}),
            )
            for r in kept
        )
        session.flush()
        for deployment_id in {r.deployment_id for r in kept}:  # keep only the latest N
            cutoff = session.scalar(
                select(PredictionSample.id)
                .where(PredictionSample.deployment_id == deployment_id)
                .order_by(PredictionSample.id.desc())
                .offset(self.sample_size)
                .limit(1)
            )
            if cutoff is not None:
                session.execute(
                    delete(PredictionSample).where(
                        PredictionSample.deployment_id == deployment_id,
                        PredictionSample.id <= cutoff,
                    )
                )

    @staticmethod
    def _touch_keys(session: Session, batch: list[UsageRecord]) -> None:
        last: dict[int, datetime] = {}
        for r in batch:
            if r.api_key_id is not None:
                last[r.api_key_id] = max(r.ts, last.get(r.api_key_id, r.ts))
        for key_id, ts in last.items():
            session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=ts))

    def start(self) -> None:
        """Flush in the background until `stop()`."""
        self._thread = threading.Thread(target=self._loop, name="usage-recorder", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(FLUSH_EVERY_S):
            try:
                self.flush()
            except Exception:  # a database hiccup must not kill accounting for good
                log.exception("could not write usage records; will retry")

    def stop(self) -> None:
        """Stop the thread and write what is left."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush()


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _stats(rows: list[Usage]) -> dict[str, Any]:
    latencies = [r.latency_ms for r in rows]
    errors = sum(1 for r in rows if r.status_code >= 400)
    p50, p95, p99 = (percentile(latencies, q) for q in (50, 95, 99))
    return {
        "requests": len(rows),
        "errors": errors,
        "error_rate": round(errors / len(rows), 4) if rows else 0.0,
        "p50_ms": None if p50 is None else round(p50, 2),
        "p95_ms": None if p95 is None else round(p95, 2),
        "p99_ms": None if p99 is None else round(p99, 2),
        "tokens": sum(r.tokens for r in rows),
    }


def usage_summary(
    session: Session, deployment_id: int, days: int = 7, now: datetime | None = None
) -> dict[str, Any]:
    """Totals, per-hour (last 48 h) and per-day buckets, by version, and the latest requests."""
    now = now or utcnow()
    since = now - timedelta(days=days)
    rows = list(
        session.scalars(
            select(Usage)
            .where(Usage.deployment_id == deployment_id, Usage.ts >= since)
            .order_by(Usage.id)
        )
    )
    for row in rows:  # SQLite hands back naive datetimes; they are UTC
        if row.ts.tzinfo is None:
            row.ts = row.ts.replace(tzinfo=now.tzinfo)
    hourly: dict[datetime, list[Usage]] = defaultdict(list)
    daily: dict[datetime, list[Usage]] = defaultdict(list)
    by_version: dict[int | None, list[Usage]] = defaultdict(list)
    for row in rows:
        if row.ts >= now - timedelta(hours=48):
            hourly[row.ts.replace(minute=0, second=0, microsecond=0)].append(row)
        daily[row.ts.replace(hour=0, minute=0, second=0, microsecond=0)].append(row)
        by_version[row.model_version_id].append(row)
    total = session.scalar(
        select(func.count()).select_from(Usage).where(Usage.deployment_id == deployment_id)
    )
    samples = session.scalar(
        select(func.count())
        .select_from(PredictionSample)
        .where(PredictionSample.deployment_id == deployment_id)
    )
    return {
        "deployment_id": deployment_id,
        "window_days": days,
        "totals": _stats(rows),
        "all_time_requests": int(total or 0),
        "hourly": [{"start": k, **_stats(v)} for k, v in sorted(hourly.items())],
        "daily": [{"start": k, **_stats(v)} for k, v in sorted(daily.items())],
        "by_version": [
            {"model_version_id": k, **_stats(v)}
            for k, v in sorted(by_version.items(), key=lambda kv: kv[0] or 0)
        ],
        "latest": [
            {
                "ts": r.ts,
                "status_code": r.status_code,
                "latency_ms": round(r.latency_ms, 2),
                "request_bytes": r.request_bytes,
                "response_bytes": r.response_bytes,
                "tokens": r.tokens,
                "error_code": r.error_code,
                "model_version_id": r.model_version_id,
            }
            for r in reversed(rows[-LATEST:])
        ],
        "drift_samples": int(samples or 0),
    }


def prediction_distribution(session: Session, deployment_id: int) -> dict[str, Any]:
    """What the kept sample of answers looks like: label counts, or number summary."""
    outputs = session.scalars(
        select(PredictionSample.outputs).where(PredictionSample.deployment_id == deployment_id)
    ).all()
    labels: dict[str, int] = defaultdict(int)
    numbers: list[float] = []
    for output in outputs:
        for item in output.get("predictions", []):
            value = item.get("label", item.get("prediction"))
            if isinstance(value, int | float) and not isinstance(value, bool):
                numbers.append(float(value))
            elif value is not None:
                labels[str(value)] += 1
    summary: dict[str, Any] = {"samples": len(outputs), "labels": dict(labels)}
    if numbers:
        summary["numbers"] = {
            "count": len(numbers),
            "mean": sum(numbers) / len(numbers),
            "p50": percentile(numbers, 50),
            "min": min(numbers),
            "max": max(numbers),
        }
    return summary
