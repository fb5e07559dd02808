"""Claims on work that must happen once: an event id, a reply to one message.

The claim is an insert into a table with a unique key, so it holds across threads, workers
and processes; whoever inserts first does the work.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete

from bot.storage.db import dialect_insert
from bot.storage.tables import processed_events


class EventLedger:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = dialect_insert(engine)

    def claim(self, key: str, team_id: str = "") -> bool:
        """True for the first caller with this key, False for every later one."""
        statement = (
            self._insert(processed_events)
            .values(key=key[:255], team_id=team_id[:32], created_at=datetime.now(UTC))
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(processed_events.c.key)
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def forget_before(self, cutoff: datetime | None = None) -> int:
        """Drop old claims; Slack stops retrying after about an hour."""
        cutoff = cutoff or datetime.now(UTC) - timedelta(days=1)
        with self.engine.begin() as connection:
            return connection.execute(delete(processed_events).where(processed_events.c.created_at < cutoff)).rowcount
