"""A per-user token bucket, so one user flooding the bot cannot crowd out the others.

One "slow down" note per flood: a flood ends only when the user has paused long enough
for the whole burst to come back (the bucket is full again). While it lasts, the tokens
that trickle back still let a message through now and then, without a second note.
The clock is injected, so tests can flood and then "wait" without sleeping.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # first message over the limit in this flood: tell the user to slow down
    DROP = "drop"  # over the limit and already told during this flood: stay quiet


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class FloodGuard:
    """Bursts of up to ``burst`` messages, then ``rate`` messages per second per key."""

    def __init__(self, burst: int = 8, rate: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, _Bucket] = {}

    def check(self, key: Hashable) -> Verdict:
        """Take a token for ``key`` if there is one; say whether the message may be served."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(tokens=self.burst, at=now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= self.burst:
            bucket.warned = False  # a full bucket: the flood, if any, is over
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: a bucket that has refilled is the same as no bucket."""
        if len(self._buckets) < self._max_keys:
            return
        full_after = self.burst / self.rate if self.rate else float("inf")
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.at < full_after}
