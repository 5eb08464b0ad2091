"""Stop fetching updates while enough of them are in hand.

PTB's Application takes each update off its queue at once and starts a task for it; the
Updater (or the webhook) puts updates on the queue as fast as Telegram hands them over.
Under overload the tasks pile up in memory. ``UpdateQueue.put`` waits while ``limit``
updates are queued or being handled (the Application calls ``task_done`` when one is
done), so the Updater stops calling getUpdates (and the webhook stops answering Telegram,
which then holds the updates back) until there is room. Telegram keeps what was not yet
fetched, so nothing is lost: it is only delivered later.
"""

from __future__ import annotations

import asyncio


class UpdateQueue(asyncio.Queue):  # type: ignore[type-arg]
    """An update queue with room for ``limit`` updates in hand (queued plus in progress)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.in_hand = 0
        self._room = asyncio.Event()
        self._room.set()

    async def put(self, item: object) -> None:
        """Wait for room, except for PTB's own markers (its stop signal is not an update)."""
        from telegram import Update

        while isinstance(item, Update) and self.in_hand >= self.limit:
            self._room.clear()
            await self._room.wait()
        self.put_nowait(item)

    def put_nowait(self, item: object) -> None:
        super().put_nowait(item)
        self.in_hand += 1

    def task_done(self) -> None:
        super().task_done()
        self.in_hand = max(self.in_hand - 1, 0)
        if self.in_hand < self.limit:
            self._room.set()
