"""Can this process serve? One check for ``ie-bot healthcheck`` and the webhook's ``/healthz``.

"Able to serve" means the two things every reply needs: the knowledge base loads and
validates, and the database is ie-bot's, passes a quick integrity check and takes a write.
It deliberately does not call Telegram: a probe that depends on a third party would get a
healthy container restarted whenever Telegram is slow, and restarting would not help.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from ie_bot.knowledge import KnowledgeError, default_knowledge_dir, load_knowledge
from ie_bot.storage import SqliteStore, StorageError


class HealthReport(BaseModel):
    """The verdict and, when unhealthy, one short sentence per thing that is wrong."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ok: bool
    problems: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> HealthReport:
        if self.ok == bool(self.problems):
            raise ValueError("a report is ok exactly when it lists no problems")
        return self

    @classmethod
    def of(cls, problems: list[str]) -> HealthReport:
        return cls(ok=not problems, problems=problems)

    @property
    def http_status(self) -> int:
        """For an HTTP probe (the webhook's ``GET /healthz``): 200, or 503 Service Unavailable."""
        return 200 if self.ok else 503

    def summary(self) -> str:
        """One line, for a probe's log: ``healthy`` or ``unhealthy: <problem>; <problem>``."""
        return "healthy" if self.ok else "unhealthy: " + "; ".join(self.problems)


def check_knowledge(directory: Path | None) -> str | None:
    """None if the knowledge base loads, else what is wrong (the first problem and a count)."""
    root = directory if directory is not None else default_knowledge_dir()
    try:
        load_knowledge(root)
    except KnowledgeError as exc:
        more = len(exc.problems) - 1
        first = str(exc.problems[0]) if exc.problems else "invalid"
        return f"knowledge base {root}: {first}" + (f" (and {more} more)" if more > 0 else "")
    except Exception as exc:  # a probe must answer "unhealthy", never crash
        return f"knowledge base {root}: {type(exc).__name__}: {exc}"
    return None


def check_database(path: Path, integrity_budget_s: float = 2.0) -> str | None:
    """None if the database at ``path`` is ie-bot's, intact and takes a write, else why not.

    Opening checks that the file is an SQLite database with ie-bot's schema (a foreign or
    newer one is refused); ``PRAGMA quick_check`` runs for at most ``integrity_budget_s``,
    so a corrupt file is unhealthy while a huge one cannot stall the probe.
    """
    try:
        store = SqliteStore(path)
    except StorageError as exc:
        return str(exc)
    try:
        damage = store.check_integrity(integrity_budget_s)
        if damage is not None:
            return f"database {path} is corrupt ({damage})"
        store.check_writable()
    except StorageError as exc:
        return str(exc)
    finally:
        store.close()
    return None


def check_health(knowledge_dir: Path | None, db_path: Path) -> HealthReport:
    """Check both, so one run reports everything that stops the bot from serving.

    Both checks block (file reads, a SQLite transaction): from async code, call this
    through ``asyncio.to_thread``.
    """
    problems = [p for p in (check_knowledge(knowledge_dir), check_database(db_path)) if p]
    return HealthReport.of(problems)
