"""Database work off the event loop, one conversation's updates strictly in order.

SQLite commits wait for the disk; on the event loop every other chat would wait too. So
the Advisor's calls run in one worker thread (one thread: the store's connection is used
by one thread at a time, and SQLite has one writer anyway), while the loop keeps sending
and receiving. ``turn(key)`` is a per-conversation lock: two updates of one chat are
handled, and answered, in the order they arrived; other chats do not wait for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from typing import TypeVar

T = TypeVar("T")


class Serialiser:
    """A worker thread for blocking calls, and a FIFO lock per conversation."""

    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ie-bot-db")
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._users: dict[Hashable, int] = {}

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in the worker thread; calls run in the order they are made."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, partial(function, *args))

    @asynccontextmanager
    async def turn(self, key: Hashable) -> AsyncIterator[None]:
        """Hold ``key``'s lock; asyncio locks wake waiters first come, first served.

        Acquiring a free lock does not yield, so a callback that enters ``turn`` before its
        first ``await`` keeps its place in the order PTB started the callbacks. Locks are
        dropped when no update holds or awaits them, so memory stays bounded.
        """
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    @property
    def conversations_in_hand(self) -> int:
        return len(self._locks)

    def shutdown(self) -> None:
        """Let queued calls finish (nothing is lost), then stop the thread."""
        self._worker.shutdown(wait=True)
