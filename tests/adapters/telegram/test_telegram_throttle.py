"""The per-user token bucket, with an injected clock."""

from __future__ import annotations

from ie_bot.adapters.telegram.throttle import FloodGuard, Verdict
from tests.adapters.telegram.tg_harness import Clock


def test_a_burst_then_one_warning_then_silence() -> None:
    guard = FloodGuard(burst=3, rate=1.0, clock=Clock())
    verdicts = [guard.check("u") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]


def test_tokens_come_back_with_time_but_one_flood_gets_one_note() -> None:
    clock = Clock()
    guard = FloodGuard(burst=2, rate=0.5, clock=clock)
    assert [guard.check("u") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    verdicts = []
    for _ in range(600):  # a minute of ten messages a second
        clock.now += 0.1
        verdicts.append(guard.check("u"))
    assert Verdict.WARN not in verdicts
    assert 29 <= verdicts.count(Verdict.ALLOW) <= 31  # a token every two seconds gets through


def test_the_note_rearms_once_the_user_has_paused() -> None:
    clock = Clock()
    guard = FloodGuard(burst=2, rate=0.5, clock=clock)
    assert [guard.check("u") for _ in range(3)][-1] is Verdict.WARN
    clock.now += 4.0  # the whole burst is back: the flood is over
    assert [guard.check("u") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]


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
