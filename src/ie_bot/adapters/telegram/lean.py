"""PTB's Application without its one unbounded set per distinct chat and user.

After every update, ``Application`` adds the update's chat id and user id to two sets that
only its persistence task ever empties. Without a persistence (ie-bot keeps its state in
its own SQLite store) nothing empties them, so every new chat and user stays in memory for
the life of the process: the per-answer creep measured by ``bench/telegram_memory.py`` with
distinct users. The builder's ``application_class`` hook swaps in this subclass, which skips
the marking when there is no persistence to mark for.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application


class LeanApplication(Application):  # type: ignore[type-arg]
    """``Application``, minus the ids it would keep for a persistence it does not have."""

    def _mark_for_persistence_update(self, *, update: object | None = None,
                                     job: Any = None) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)
