"""Feedback on answers, reports of wrong ones, questions the bot could not answer, and where a
workspace wants questions for a human to go. Per workspace; deleted with it on uninstall.

Exactly-once comes from a unique key, as for quiz answers: one vote (👍 or 👎), one report and
one "ask a human" per person per answer (the answer is its channel and message ts). The question
text is kept only where someone needs it to fix the knowledge base (reports, unanswered questions)
and for at most RETAIN; a vote keeps none.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import Engine, delete, select

from bot.storage.db import dialect_insert
from bot.storage.tables import answer_feedback, workspace_settings

RETAIN = timedelta(days=90)
Slot = Literal["vote", "report", "human", "unanswered"]
Kind = Literal["up", "down", "report", "human", "unanswered"]
MAX_TEXT = 4000


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class AnswerKey:
    """One answer as Slack shows it: the message in its channel, in its workspace."""

    team_id: str
    enterprise_id: str
    channel_id: str
    message_ts: str


@dataclass(frozen=True)
class Unanswered:
    """A question the bot could not answer, as `srm gaps` lists it."""

    team_id: str
    enterprise_id: str
    channel_id: str
    user: str
    question: str
    guess: str | None
    """What it matched, if anything (an entry id)."""
    at: datetime


@dataclass(frozen=True)
class FeedbackRow:
    team_id: str
    kind: str
    entry: str | None
    question: str | None
    detail: str | None
    source: str | None
    created_at: datetime


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = dialect_insert(engine)

    def record(self, key: AnswerKey, user: str, slot: Slot, kind: Kind, now: datetime, *, entry: str | None = None,
               question: str | None = None, detail: str | None = None, source: str | None = None) -> bool:
        """True for the person's first of this kind on this answer; False for every later click."""
        keep_text = slot in ("report", "unanswered")
        statement = (
            self._insert(answer_feedback)
            .values(team_id=key.team_id, enterprise_id=key.enterprise_id, channel_id=key.channel_id,
                    message_ts=key.message_ts[:64], user_id=user, slot=slot, kind=kind,
                    entry=(entry or None) and entry[:255], question=(question or "")[:MAX_TEXT] if keep_text else None,
                    detail=(detail or None) and detail[:MAX_TEXT], source=(source or None) and source[:1000],
                    created_at=_utc(now))
            .on_conflict_do_nothing(
                index_elements=["team_id", "enterprise_id", "channel_id", "message_ts", "user_id", "slot"])
            .returning(answer_feedback.c.id)
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def withdraw(self, key: AnswerKey, user: str, slot: Slot) -> None:
        """It did not happen after all (Slack refused the post): the person may try again."""
        with self.engine.begin() as connection:
            connection.execute(delete(answer_feedback).where(
                answer_feedback.c.team_id == key.team_id, answer_feedback.c.enterprise_id == key.enterprise_id,
                answer_feedback.c.channel_id == key.channel_id, answer_feedback.c.message_ts == key.message_ts[:64],
                answer_feedback.c.user_id == user, answer_feedback.c.slot == slot))

    def record_unanswered(self, team_id: str, enterprise_id: str, channel_id: str, user: str, question: str,
                          guess: str | None, now: datetime) -> None:
        """A question the bot refused or could not place (its best guess, if any, is what it matched)."""
        self.record_unanswered_many([Unanswered(team_id, enterprise_id, channel_id, user, question, guess, now)])

    def record_unanswered_many(self, questions: list[Unanswered]) -> None:
        """Several in one transaction (bot/storage/batch.py): each has its own key, so none conflict."""
        if not questions:
            return
        rows = [{"team_id": q.team_id, "enterprise_id": q.enterprise_id, "channel_id": q.channel_id,
                 "message_ts": f"q:{uuid.uuid4().hex}", "user_id": q.user, "slot": "unanswered",
                 "kind": "unanswered", "entry": (q.guess or None) and q.guess[:255],
                 "question": q.question[:MAX_TEXT], "detail": None, "source": None, "created_at": _utc(q.at)}
                for q in questions]
        with self.engine.begin() as connection:
            connection.execute(answer_feedback.insert(), rows)

    def counts(self, team_id: str, enterprise_id: str = "") -> dict[str, int]:
        statement = select(answer_feedback.c.kind).where(answer_feedback.c.team_id == team_id,
                                                         answer_feedback.c.enterprise_id == enterprise_id)
        totals: dict[str, int] = {}
        with self.engine.connect() as connection:
            for (kind,) in connection.execute(statement):
                totals[kind] = totals.get(kind, 0) + 1
        return totals

    def since(self, cutoff: datetime, team_id: str | None = None) -> Iterator[FeedbackRow]:
        """Everything recorded after `cutoff` (every workspace unless one is named), for `srm gaps`."""
        statement = select(answer_feedback).where(answer_feedback.c.created_at >= _utc(cutoff)).order_by(
            answer_feedback.c.created_at)
        if team_id is not None:
            statement = statement.where(answer_feedback.c.team_id == team_id)
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        for row in rows:
            yield FeedbackRow(row.team_id, row.kind, row.entry, row.question, row.detail, row.source,
                              _utc(row.created_at))

    def forget_before(self, cutoff: datetime) -> int:
        """Housekeeping (the clock, hourly): nothing is kept past RETAIN."""
        with self.engine.begin() as connection:
            return connection.execute(delete(answer_feedback).where(
                answer_feedback.c.created_at < _utc(cutoff))).rowcount or 0

    # -- where "Ask a human" posts ---------------------------------------------------------------

    def set_escalation(self, team_id: str, enterprise_id: str, channel: str | None, user: str,
                       now: datetime) -> None:
        values = {"escalation_channel": channel, "updated_by": user, "updated_at": _utc(now)}
        statement = self._insert(workspace_settings).values(
            team_id=team_id, enterprise_id=enterprise_id, **values
        ).on_conflict_do_update(index_elements=["team_id", "enterprise_id"], set_=values)
        with self.engine.begin() as connection:
            connection.execute(statement)

    def escalation(self, team_id: str, enterprise_id: str) -> str | None:
        statement = select(workspace_settings.c.escalation_channel).where(
            workspace_settings.c.team_id == team_id, workspace_settings.c.enterprise_id == enterprise_id)
        with self.engine.connect() as connection:
            return connection.execute(statement).scalar()
