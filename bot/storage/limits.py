"""Per-channel rate limits that hold across processes: "at most one X per channel per period".

A limit is one row per (workspace, channel, name) holding when X last happened. Taking it is an
insert-or-ignore for the first time, then a compare-and-set update ("only if the last one is a
period old"), so two processes racing for it never both win, whatever the timing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, and_, select, update

from bot.storage.db import dialect_insert
from bot.storage.quiz_store import ChannelKey
from bot.storage.tables import channel_limits


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ChannelLimits:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = dialect_insert(engine)

    def _where(self, key: ChannelKey, name: str):  # type: ignore[no-untyped-def]
        return and_(channel_limits.c.team_id == key.team_id, channel_limits.c.enterprise_id == key.enterprise_id,
                    channel_limits.c.channel_id == key.channel_id, channel_limits.c.name == name)

    def take(self, key: ChannelKey, name: str, now: datetime, every: timedelta) -> datetime | None:
        """None if this caller may go ahead (and the period starts now); else when it may next."""
        now = _utc(now)
        first = (self._insert(channel_limits)
                 .values(team_id=key.team_id, enterprise_id=key.enterprise_id, channel_id=key.channel_id,
                         name=name, last_at=now)
                 .on_conflict_do_nothing(index_elements=["team_id", "enterprise_id", "channel_id", "name"])
                 .returning(channel_limits.c.name))
        later = (update(channel_limits).where(self._where(key, name), channel_limits.c.last_at <= now - every)
                 .values(last_at=now))
        with self.engine.begin() as connection:
            if connection.execute(first).first() is not None:
                return None
            if connection.execute(later).rowcount == 1:
                return None
            last = connection.execute(select(channel_limits.c.last_at).where(self._where(key, name))).scalar()
        return _utc(last) + every if last is not None else now + every

    def give_back(self, key: ChannelKey, name: str, taken_at: datetime, every: timedelta) -> None:
        """The thing did not happen after all (Slack refused it): free the period taken at `taken_at`."""
        with self.engine.begin() as connection:
            connection.execute(update(channel_limits)
                               .where(self._where(key, name), channel_limits.c.last_at == _utc(taken_at))
                               .values(last_at=_utc(taken_at) - every))
