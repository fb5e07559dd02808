"""When a channel's quiz is due, in the channel's own time zone. Pure: `now` is always passed in.

Slots are computed per local date and converted to UTC, so a 09:30 Europe/Berlin quiz posts at
09:30 Berlin time on both sides of a daylight-saving change (07:30 UTC in summer, 08:30 in winter).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

Days = Literal["weekdays", "daily"]
DAYS: tuple[Days, ...] = ("weekdays", "daily")
DEFAULT_AT = time(9, 30)
DEFAULT_DAYS: Days = "weekdays"
CLOSE_AT = time(17, 0)
"""A quiz posted before this local time is revealed at it; a later one when the next quiz posts."""

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
USAGE = "`/srm quiz on [HH:MM] [Area/City] [weekdays|daily]`, for example `/srm quiz on 09:30 Europe/Berlin weekdays`"


@dataclass(frozen=True)
class Schedule:
    at: time
    tz: str
    days: Days = DEFAULT_DAYS

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def describe(self) -> str:
        when = "every working day (Mon-Fri)" if self.days == "weekdays" else "every day"
        return f"{when} at {self.at:%H:%M} {self.tz}"


class ScheduleError(Exception):
    """Bad `/srm quiz on` input; `problems` are the sentences to show, one a line."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def zone_name(text: str) -> str | None:
    """The canonical IANA name for `text` (case-insensitive), or None if there is no such zone."""
    name = _zones_by_lower_name().get(text.strip().lower())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def parse_schedule(words: list[str], default_tz: Callable[[], str | None]) -> Schedule:
    """`[HH:MM] [Area/City] [weekdays|daily]` in any order; raise ScheduleError listing every problem.

    `default_tz` is asked only when no zone is given and the rest is valid (in Slack it is a
    users.info call, the person's own time zone); an unknown answer falls back to UTC.
    """
    at: time | None = None
    tz: str | None = None
    days: Days | None = None
    problems: list[str] = []
    for word in words:
        lowered = word.lower()
        if lowered in DAYS and days is None:
            days = "weekdays" if lowered == "weekdays" else "daily"
        elif (match := _TIME.match(word)) and at is None:
            hour, minute = int(match[1]), int(match[2])
            if hour > 23 or minute > 59:
                problems.append(f"`{word}` is not a time of day: use 24-hour HH:MM, for example 09:30.")
            at = time(min(hour, 23), min(minute, 59))
        elif ("/" in word or lowered == "utc") and tz is None:
            tz = zone_name(word)
            if tz is None:
                problems.append(f"`{word}` is not a time zone I know: use an IANA name such as "
                                "Europe/Berlin, America/New_York or UTC.")
                tz = ""
        else:
            problems.append(f"I don't understand `{word}`.")
    if problems:
        raise ScheduleError((*problems, f"Usage: {USAGE}. Nothing was changed."))
    if not tz:
        tz = zone_name(default_tz() or "") or "UTC"
    return Schedule(at=at or DEFAULT_AT, tz=tz, days=days or DEFAULT_DAYS)


def is_quiz_day(days: Days, day: date) -> bool:
    return days == "daily" or day.weekday() < 5


def local_date(tz: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def slot_on(schedule: Schedule, day: date) -> datetime:
    """The UTC instant of `day`'s quiz. A wall time skipped by a DST jump resolves forward
    (02:30 on the spring-forward night posts at 03:30); a repeated one takes its first occurrence."""
    local = datetime.combine(day, schedule.at, tzinfo=schedule.zone)
    return local.astimezone(UTC)


def due_date(schedule: Schedule, now: datetime, active_from: datetime | None = None) -> date | None:
    """The local date whose quiz should exist by `now`, if any.

    Due from the slot until local midnight, so a clock that was down at 09:30 catches up the
    same day; the next day it waits for that day's slot instead of posting yesterday's.
    """
    today = local_date(schedule.tz, now)
    if not is_quiz_day(schedule.days, today):
        return None
    slot = slot_on(schedule, today)
    if now < slot or (active_from is not None and slot < active_from):
        return None
    return today


def next_slot(schedule: Schedule, after: datetime) -> datetime:
    """The first quiz instant strictly after `after`."""
    day = local_date(schedule.tz, after)
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        if is_quiz_day(schedule.days, candidate):
            slot = slot_on(schedule, candidate)
            if slot > after:
                return slot
    raise AssertionError("a quiz day occurs within any eight days")  # pragma: no cover


def closes_at(tz: str, posted_at: datetime, schedule: Schedule | None) -> datetime:
    """When a quiz posted at `posted_at` is revealed: 17:00 local that day, or, for a quiz
    posted later than that, when the channel's next quiz posts (the next morning without one)."""
    zone = ZoneInfo(tz)
    local = posted_at.astimezone(zone)
    close_today = datetime.combine(local.date(), CLOSE_AT, tzinfo=zone).astimezone(UTC)
    if posted_at < close_today:
        return close_today
    if schedule is not None:
        return next_slot(schedule, posted_at)
    return datetime.combine(local.date() + timedelta(days=1), DEFAULT_AT, tzinfo=zone).astimezone(UTC)


def local_label(instant: datetime, tz: str) -> str:
    """"Mon 30 Mar 09:30 CEST (07:30 UTC)": what `/srm quiz status` shows."""
    local = instant.astimezone(ZoneInfo(tz))
    return f"{local:%a %d %b %H:%M} {local.tzname()} ({instant.astimezone(UTC):%H:%M} UTC)"
