"""A token bucket per API key: `per_minute` requests, refilled continuously.

In-process: with several API processes each enforces the limit on its own share of traffic
(the queue issue moves shared state to Redis when serving scales out).
"""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Allow bursts up to the per-minute limit, then one request per 60/limit seconds."""

    def __init__(self) -> None:
        self._buckets: dict[int, tuple[float, float]] = {}  # key id → (tokens, last refill)
        self._lock = threading.Lock()

    def acquire(self, key_id: int, per_minute: int, now: float | None = None) -> float | None:
        """Take one token: None when allowed, else the seconds until the next one."""
        now = time.monotonic() if now is None else now
        rate = per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(key_id, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return None
            self._buckets[key_id] = (tokens, now)
            return (1.0 - tokens) / rate
