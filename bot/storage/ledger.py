"""Claims on work that must happen once: a reply to one message.

The claim is an insert into a table with a unique key, so it holds across threads, workers
and processes; whoever inserts first does the work.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, bindparam, delete
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.db import dialect_insert, retry_on_disconnect
from bot.storage.tables import processed_events

log = logging.getLogger(__name__)

CLAIM_BUDGET = 0.25
"""Seconds a reply waits for its claim; past it the reply goes out without de-duplication."""


class EventLedger:
    def __init__(self, engine: Engine, *, workers: int = 4) -> None:
        self.engine = engine
        postgres = engine.dialect.name == "postgresql"
        insert = dialect_insert(engine)
        # Built once: SQLAlchemy reuses the compiled form, and psycopg prepares it on the server
        # after a few runs on each connection.
        self._insert = (insert(processed_events)
                        .values(key=bindparam("key"), team_id=bindparam("team_id"), created_at=bindparam("at"))
                        .on_conflict_do_nothing(index_elements=["key"])
                        .returning(processed_events.c.key))
        # PostgreSQL: one statement, one round trip (no BEGIN / COMMIT around it).
        self._claims = engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="srm-claim")
        self._degraded = False
        self._state = threading.Lock()

    def claim(self, key: str, team_id: str = "") -> bool:
        """True for the first caller with this key, False for every later one."""
        params = {"key": key[:255], "team_id": team_id[:32], "at": datetime.now(UTC)}

        def insert() -> bool:
            with self._claims.begin() as connection:
                return connection.execute(self._insert, params).first() is not None

        return retry_on_disconnect(insert)

    def start_claim(self, key: str, team_id: str = "") -> PendingClaim:
        """Start claiming in the background, so the caller can prepare its reply meanwhile."""
        return PendingClaim(self, self._executor.submit(self.claim, key, team_id))

    def forget_before(self, cutoff: datetime | None = None) -> int:
        """Drop old claims; Slack stops retrying after about an hour."""
        cutoff = cutoff or datetime.now(UTC) - timedelta(days=1)
        with self.engine.begin() as connection:
            return connection.execute(delete(processed_events).where(processed_events.c.created_at < cutoff)).rowcount

    def _unavailable(self, reason: str) -> None:
        with self._state:
            if self._degraded:
                return
            self._degraded = True
        log.warning("event ledger unavailable (%s); replying without de-duplication until it is back", reason)

    def _available(self) -> None:
        if self._degraded:
            with self._state:
                self._degraded = False
            log.warning("event ledger is back; replies are de-duplicated again")


class PendingClaim:
    """A claim under way. `first()` never waits longer than the budget: a database that hangs or
    refuses costs at most that much, and the reply goes out (possibly twice, if Slack delivers it
    twice meanwhile) rather than not at all."""

    def __init__(self, ledger: EventLedger, future: Future[bool]) -> None:
        self._ledger = ledger
        self._future = future

    def first(self, budget: float = CLAIM_BUDGET) -> bool:
        try:
            won = self._future.result(timeout=budget)
        except FutureTimeout:
            self._future.cancel()  # if it has not started, it never will
            self._ledger._unavailable(f"no answer within {budget * 1000:.0f} ms")
            return True
        except SQLAlchemyError as error:
            self._ledger._unavailable(f"{error.__class__.__name__}: {str(error).splitlines()[0][:200]}")
            return True
        self._ledger._available()
        return won
