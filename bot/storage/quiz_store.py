"""The quiz's state: schedules, posts, answers, opt-outs. SQLAlchemy Core, SQLite or PostgreSQL.

Exactly-once comes from unique keys and insert-or-ignore (as in EventLedger), never from timing:
one post per (workspace, channel, slot), one answer per (quiz, person). Changes of state that
several processes may race for (reveal, count refresh) are compare-and-set updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, and_, case, delete, exists, func, or_, select, update
from sqlalchemy.engine import Row

from bot.quiz.choose import Asked
from bot.quiz.schedule import Days, Schedule
from bot.quiz.scores import Score, missed
from bot.storage.db import dialect_insert
from bot.storage.tables import quiz_answers, quiz_optouts, quiz_posts, quiz_schedules


@dataclass(frozen=True)
class ChannelKey:
    """Where a quiz lives. enterprise_id is '' outside Enterprise Grid."""

    team_id: str
    enterprise_id: str
    channel_id: str


@dataclass(frozen=True)
class StoredSchedule:
    key: ChannelKey
    schedule: Schedule
    state: str
    """on | off | paused"""
    paused_reason: str
    created_by: str
    active_from: datetime


@dataclass(frozen=True)
class Tally:
    answered: int
    right: int


@dataclass(frozen=True)
class Quiz:
    id: int
    key: ChannelKey
    slot: str
    local_date: date
    tz: str
    question_id: str
    answer: str
    state: str
    closes_at: datetime
    message_ts: str | None
    count_shown: int
    revealed: bool
    final: Tally | None = None
    """The tally frozen at the reveal."""


@dataclass(frozen=True)
class ChannelStats:
    """One person's results in one channel (the App Home shows them)."""

    channel_id: str
    answered: int
    right: int


def _utc(value: datetime) -> datetime:
    """Stored as UTC; SQLite hands back naive datetimes, PostgreSQL aware ones."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _where(table: Any, key: ChannelKey) -> Any:
    return and_(table.c.team_id == key.team_id, table.c.enterprise_id == key.enterprise_id,
                table.c.channel_id == key.channel_id)


def _schedule(row: Row[Any]) -> StoredSchedule:
    days: Days = "daily" if row.days == "daily" else "weekdays"
    return StoredSchedule(
        key=ChannelKey(row.team_id, row.enterprise_id, row.channel_id),
        schedule=Schedule(at=time(row.at_minute // 60, row.at_minute % 60), tz=row.tz, days=days),
        state=row.state, paused_reason=row.paused_reason, created_by=row.created_by,
        active_from=_utc(row.active_from),
    )


def _quiz(row: Row[Any]) -> Quiz:
    return Quiz(
        id=row.id, key=ChannelKey(row.team_id, row.enterprise_id, row.channel_id), slot=row.slot,
        local_date=row.local_date, tz=row.tz, question_id=row.question_id, answer=row.answer, state=row.state,
        closes_at=_utc(row.closes_at), message_ts=row.message_ts, count_shown=row.count_shown,
        revealed=row.revealed_at is not None,
        final=None if row.answered is None else Tally(row.answered, row.answered_right),
    )


class QuizStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = dialect_insert(engine)

    # -- schedules --------------------------------------------------------------------------------

    def save_schedule(self, key: ChannelKey, schedule: Schedule, user: str, now: datetime) -> None:
        """Turn the quiz on (or change it). Slots before `now` never count, so turning it on at
        10:00 does not post a 09:30 quiz straight away."""
        values = {"at_minute": schedule.at.hour * 60 + schedule.at.minute, "tz": schedule.tz,
                  "days": schedule.days, "state": "on", "paused_reason": "", "created_by": user,
                  "active_from": _utc(now), "updated_at": _utc(now)}
        statement = self._insert(quiz_schedules).values(
            team_id=key.team_id, enterprise_id=key.enterprise_id, channel_id=key.channel_id, **values
        ).on_conflict_do_update(index_elements=["team_id", "enterprise_id", "channel_id"], set_=values)
        with self.engine.begin() as connection:
            connection.execute(statement)

    def _set_state(self, key: ChannelKey, state: str, reason: str, now: datetime) -> bool:
        statement = (update(quiz_schedules).where(_where(quiz_schedules, key), quiz_schedules.c.state != "off")
                     .values(state=state, paused_reason=reason, updated_at=_utc(now)))
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount > 0

    def turn_on(self, key: ChannelKey, now: datetime) -> bool:
        """Back on with its stored time and zone (App Home's switch); slots before `now` never count."""
        statement = (update(quiz_schedules).where(_where(quiz_schedules, key))
                     .values(state="on", paused_reason="", active_from=_utc(now), updated_at=_utc(now)))
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount > 0

    def schedules_in(self, team_id: str, enterprise_id: str) -> list[StoredSchedule]:
        """Every channel of a workspace that has had the quiz, on or not (the App Home lists them)."""
        statement = select(quiz_schedules).where(
            quiz_schedules.c.team_id == team_id, quiz_schedules.c.enterprise_id == enterprise_id
        ).order_by(quiz_schedules.c.channel_id)
        with self.engine.connect() as connection:
            return [_schedule(row) for row in connection.execute(statement)]

    def turn_off(self, key: ChannelKey, now: datetime) -> bool:
        return self._set_state(key, "off", "", now)

    def pause(self, key: ChannelKey, reason: str, now: datetime) -> bool:
        """Stop posting where Slack refuses (removed, archived) until someone turns it on again."""
        return self._set_state(key, "paused", reason[:64], now)

    def schedule(self, key: ChannelKey) -> StoredSchedule | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(quiz_schedules).where(_where(quiz_schedules, key))).first()
        return _schedule(row) if row else None

    def active_schedules(self) -> list[StoredSchedule]:
        statement = select(quiz_schedules).where(quiz_schedules.c.state == "on").order_by(
            quiz_schedules.c.team_id, quiz_schedules.c.channel_id)
        with self.engine.connect() as connection:
            return [_schedule(row) for row in connection.execute(statement)]

    def schedules_by_channel(self, channel_id: str) -> list[StoredSchedule]:
        statement = select(quiz_schedules).where(quiz_schedules.c.channel_id == channel_id)
        with self.engine.connect() as connection:
            return [_schedule(row) for row in connection.execute(statement)]

    # -- posts ------------------------------------------------------------------------------------

    def claim_quiz(self, key: ChannelKey, *, slot: str, local_date: date, tz: str, question_id: str,
                   answer: str, closes_at: datetime, now: datetime) -> Quiz | None:
        """The quiz for this slot if this caller is the first to claim it; None if it exists."""
        statement = (
            self._insert(quiz_posts)
            .values(team_id=key.team_id, enterprise_id=key.enterprise_id, channel_id=key.channel_id,
                    slot=slot[:64], local_date=local_date, tz=tz, question_id=question_id, answer=answer,
                    state="claimed", claimed_at=_utc(now), closes_at=_utc(closes_at))
            .on_conflict_do_nothing(index_elements=["team_id", "enterprise_id", "channel_id", "slot"])
            .returning(*quiz_posts.c)
        )
        with self.engine.begin() as connection:
            row = connection.execute(statement).first()
        return _quiz(row) if row else None

    def has_slot(self, key: ChannelKey, slot: str) -> bool:
        statement = select(exists().where(_where(quiz_posts, key), quiz_posts.c.slot == slot))
        with self.engine.connect() as connection:
            return bool(connection.execute(statement).scalar())

    def mark_posted(self, quiz_id: int, message_ts: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(quiz_posts).where(quiz_posts.c.id == quiz_id)
                               .values(state="posted", message_ts=message_ts))

    def mark_failed(self, quiz_id: int) -> None:
        """Slack may or may not have posted it: keep the claim, so the slot is never posted twice."""
        with self.engine.begin() as connection:
            connection.execute(update(quiz_posts).where(quiz_posts.c.id == quiz_id).values(state="failed"))

    def release(self, quiz_id: int) -> None:
        """Slack said for certain that nothing was posted: free the slot for the next attempt."""
        with self.engine.begin() as connection:
            connection.execute(delete(quiz_posts).where(quiz_posts.c.id == quiz_id,
                                                        quiz_posts.c.state == "claimed"))

    def quiz(self, quiz_id: int, team_id: str, enterprise_id: str) -> Quiz | None:
        """A quiz by id, only within its own workspace (a button value is not proof of anything)."""
        statement = select(quiz_posts).where(quiz_posts.c.id == quiz_id, quiz_posts.c.team_id == team_id,
                                             quiz_posts.c.enterprise_id == enterprise_id)
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return _quiz(row) if row else None

    def history(self, key: ChannelKey) -> list[Asked]:
        """Every quiz asked in the channel, oldest first, with whether the channel missed it."""
        statement = (select(quiz_posts.c.question_id, quiz_posts.c.answered, quiz_posts.c.answered_right)
                     .where(_where(quiz_posts, key), quiz_posts.c.state != "claimed")
                     .order_by(quiz_posts.c.id))
        with self.engine.connect() as connection:
            return [Asked(row.question_id, None if row.answered is None else missed(row.answered_right,
                                                                                    row.answered))
                    for row in connection.execute(statement)]

    def open_quizzes(self, key: ChannelKey | None = None, *, due_by: datetime | None = None) -> list[Quiz]:
        """Posted, not yet revealed; in one channel, or everywhere whose closing time has come."""
        conditions = [quiz_posts.c.state == "posted", quiz_posts.c.revealed_at.is_(None)]
        if key is not None:
            conditions.append(_where(quiz_posts, key))
        if due_by is not None:
            conditions.append(quiz_posts.c.closes_at <= _utc(due_by))
        with self.engine.connect() as connection:
            rows = connection.execute(select(quiz_posts).where(*conditions).order_by(quiz_posts.c.id))
            return [_quiz(row) for row in rows]

    # -- answers ----------------------------------------------------------------------------------

    def record_answer(self, quiz: Quiz, user: str, choice: str, now: datetime) -> bool:
        """True for a person's first answer to this quiz, False for every later click."""
        statement = (
            self._insert(quiz_answers)
            .values(quiz_id=quiz.id, user_id=user, team_id=quiz.key.team_id,
                    enterprise_id=quiz.key.enterprise_id, channel_id=quiz.key.channel_id,
                    local_date=quiz.local_date, choice=choice, correct=choice == quiz.answer,
                    answered_at=_utc(now))
            .on_conflict_do_nothing(index_elements=["quiz_id", "user_id"])
            .returning(quiz_answers.c.quiz_id)
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def answer_of(self, quiz_id: int, user: str) -> str | None:
        statement = select(quiz_answers.c.choice).where(quiz_answers.c.quiz_id == quiz_id,
                                                        quiz_answers.c.user_id == user)
        with self.engine.connect() as connection:
            return connection.execute(statement).scalar()

    def tally(self, quiz_id: int) -> Tally:
        statement = select(func.count(), func.coalesce(func.sum(case((quiz_answers.c.correct, 1), else_=0)), 0)
                           ).where(quiz_answers.c.quiz_id == quiz_id)
        with self.engine.connect() as connection:
            answered, right = connection.execute(statement).one()
        return Tally(int(answered), int(right))

    def choice_counts(self, quiz_id: int) -> dict[str, int]:
        """How many chose each option (the results post shows them after the reveal)."""
        statement = (select(quiz_answers.c.choice, func.count()).where(quiz_answers.c.quiz_id == quiz_id)
                     .group_by(quiz_answers.c.choice))
        with self.engine.connect() as connection:
            return {choice: int(n) for choice, n in connection.execute(statement)}

    def claim_count_refresh(self, quiz_id: int, now: datetime, every: timedelta) -> int | None:
        """Throttle the "N answered" edits: the count to show if this caller may edit now (at most
        once per `every` per quiz, across processes), else None."""
        count = self.tally(quiz_id).answered
        statement = (
            update(quiz_posts)
            .where(quiz_posts.c.id == quiz_id, quiz_posts.c.revealed_at.is_(None),
                   quiz_posts.c.message_ts.is_not(None), quiz_posts.c.count_shown != count,
                   or_(quiz_posts.c.count_updated_at.is_(None),
                       quiz_posts.c.count_updated_at <= _utc(now) - every))
            .values(count_shown=count, count_updated_at=_utc(now))
        )
        with self.engine.begin() as connection:
            return count if connection.execute(statement).rowcount == 1 else None

    def claim_reveal(self, quiz_id: int, now: datetime) -> Tally | None:
        """Close a quiz once: the final tally for the caller that closes it, None for the others."""
        tally = self.tally(quiz_id)
        statement = (update(quiz_posts).where(quiz_posts.c.id == quiz_id, quiz_posts.c.revealed_at.is_(None))
                     .values(revealed_at=_utc(now), answered=tally.answered, answered_right=tally.right))
        with self.engine.begin() as connection:
            return tally if connection.execute(statement).rowcount == 1 else None

    def unreveal(self, quiz_id: int) -> None:
        """The reveal edit failed for a reason worth retrying: let the next tick try again."""
        with self.engine.begin() as connection:
            connection.execute(update(quiz_posts).where(quiz_posts.c.id == quiz_id)
                               .values(revealed_at=None, answered=None, answered_right=None))

    # -- scores -----------------------------------------------------------------------------------

    def correct_dates(self, key: ChannelKey, user: str) -> set[date]:
        statement = select(quiz_answers.c.local_date).where(
            _where(quiz_answers, key), quiz_answers.c.user_id == user, quiz_answers.c.correct.is_(True))
        with self.engine.connect() as connection:
            return {row.local_date for row in connection.execute(statement)}

    def scores(self, key: ChannelKey, since: date | None = None) -> list[Score]:
        """Right and answered per person in a channel, opted-out people left out."""
        right = func.sum(case((quiz_answers.c.correct, 1), else_=0))
        opted_out = select(quiz_optouts.c.user_id).where(
            quiz_optouts.c.team_id == key.team_id, quiz_optouts.c.enterprise_id == key.enterprise_id)
        statement = (select(quiz_answers.c.user_id, right, func.count())
                     .where(_where(quiz_answers, key), quiz_answers.c.user_id.not_in(opted_out))
                     .group_by(quiz_answers.c.user_id))
        if since is not None:
            statement = statement.where(quiz_answers.c.local_date >= since)
        with self.engine.connect() as connection:
            return [Score(user, int(r), int(n)) for user, r, n in connection.execute(statement)]

    def user_stats(self, team_id: str, enterprise_id: str, user: str) -> list[ChannelStats]:
        right = func.sum(case((quiz_answers.c.correct, 1), else_=0))
        statement = (select(quiz_answers.c.channel_id, func.count(), right)
                     .where(quiz_answers.c.team_id == team_id, quiz_answers.c.enterprise_id == enterprise_id,
                            quiz_answers.c.user_id == user)
                     .group_by(quiz_answers.c.channel_id).order_by(quiz_answers.c.channel_id))
        with self.engine.connect() as connection:
            return [ChannelStats(channel, int(n), int(r)) for channel, n, r in connection.execute(statement)]

    # -- opt-outs ---------------------------------------------------------------------------------

    def set_optout(self, team_id: str, enterprise_id: str, user: str, out: bool, now: datetime) -> None:
        with self.engine.begin() as connection:
            if out:
                connection.execute(self._insert(quiz_optouts).values(
                    team_id=team_id, enterprise_id=enterprise_id, user_id=user, created_at=_utc(now)
                ).on_conflict_do_nothing(index_elements=["team_id", "enterprise_id", "user_id"]))
            else:
                connection.execute(delete(quiz_optouts).where(
                    quiz_optouts.c.team_id == team_id, quiz_optouts.c.enterprise_id == enterprise_id,
                    quiz_optouts.c.user_id == user))

    def opted_out(self, team_id: str, enterprise_id: str, user: str) -> bool:
        statement = select(exists().where(quiz_optouts.c.team_id == team_id,
                                          quiz_optouts.c.enterprise_id == enterprise_id,
                                          quiz_optouts.c.user_id == user))
        with self.engine.connect() as connection:
            return bool(connection.execute(statement).scalar())
