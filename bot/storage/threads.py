"""What each thread's last answer was about (service, topic, facet), so a follow-up mention in the
thread keeps its context. Kept per (workspace, channel, thread ts) rather than read back from the
thread's messages: no history scopes, and any process can answer the next mention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, select

from bot.answering.followup import ThreadContext
from bot.storage.ledger import Upsert
from bot.storage.tables import thread_contexts

KEEP = timedelta(days=7)
"""A thread quiet this long starts afresh; older contexts are deleted by the clock's housekeeping."""


@dataclass(frozen=True)
class ThreadKey:
    team_id: str
    enterprise_id: str
    channel_id: str
    thread_ts: str
    """The thread's parent ts; '' for a direct message conversation."""


class ThreadContexts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: ThreadKey, now: datetime, keep: timedelta = KEEP) -> ThreadContext | None:
        statement = select(thread_contexts.c.service, thread_contexts.c.topic, thread_contexts.c.facet).where(
            thread_contexts.c.team_id == key.team_id, thread_contexts.c.enterprise_id == key.enterprise_id,
            thread_contexts.c.channel_id == key.channel_id, thread_contexts.c.thread_ts == key.thread_ts,
            thread_contexts.c.updated_at > now.astimezone(UTC) - keep)
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return ThreadContext(row.service, row.topic, row.facet) if row else None

    @staticmethod
    def row(key: ThreadKey, context: ThreadContext, now: datetime) -> Upsert:
        """A thread's context as a row: a reply writes it with its claim (EventLedger.claim), so
        the latest answer in the thread wins (a follow-up's answer is the context of the next)."""
        return Upsert(thread_contexts, {
            "team_id": key.team_id, "enterprise_id": key.enterprise_id, "channel_id": key.channel_id,
            "thread_ts": key.thread_ts, "service": context.service, "topic": context.topic,
            "facet": context.facet[:255] if context.facet else None, "updated_at": now.astimezone(UTC),
        }, keys=("team_id", "enterprise_id", "channel_id", "thread_ts"))

    def forget_before(self, cutoff: datetime) -> int:
        with self.engine.begin() as connection:
            return connection.execute(delete(thread_contexts).where(
                thread_contexts.c.updated_at < cutoff.astimezone(UTC))).rowcount or 0
