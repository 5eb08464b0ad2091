"""The per-user token bucket, with an injected clock."""

from __future__ import annotations

from ie_bot.adapters.telegram.throttle import FloodGuard, Verdict
from tests.adapters.telegram.tg_harness import Clock


def test_a_burst_then_one_warning_then_silence() -> None:
    guard = FloodGuard(burst=3, rate=1.0, clock=Clock())
    verdicts = [guard.check("u") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]


def test_tokens_come_back_with_time_and_the_warning_rearms() -> None:
    clock = Clock()
    guard = FloodGuard(burst=2, rate=0.5, clock=clock)
    assert [guard.check("u") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    clock.now += 2.0
    assert guard.check("u") is Verdict.ALLOW
    assert guard.check("u") is Verdict.WARN


def test_users_have_their_own_buckets() -> None:
    guard = FloodGuard(burst=1, rate=0.1, clock=Clock())
    assert guard.check("a") is Verdict.ALLOW
    assert guard.check("a") is Verdict.WARN
    assert guard.check("b") is Verdict.ALLOW


def test_idle_buckets_are_forgotten() -> None:
    clock = Clock()
    guard = FloodGuard(burst=2, rate=1.0, clock=clock, max_keys=10)
    for user in range(10):
        guard.check(user)
    clock.now += 5
    guard.check("new")
    assert len(guard._buckets) == 1
