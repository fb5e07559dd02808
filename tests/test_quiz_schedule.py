"""Schedule arithmetic with an injected `now`: IANA zones, daylight saving, weekdays, catch-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.quiz.schedule import (
    Schedule,
    ScheduleError,
    closes_at,
    due_date,
    is_quiz_day,
    local_label,
    next_slot,
    parse_schedule,
    slot_on,
)

BERLIN = Schedule(time(9, 30), "Europe/Berlin", "weekdays")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def no_default() -> str:
    raise AssertionError("the default time zone must not be looked up")


# -- daylight saving: 09:30 Berlin is 08:30 UTC in winter and 07:30 UTC in summer ------------------

@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 3, 28), utc(2025, 3, 28, 8, 30)),   # Friday before the spring change (CET)
    (date(2025, 3, 31), utc(2025, 3, 31, 7, 30)),   # Monday after it (CEST)
    (date(2025, 10, 24), utc(2025, 10, 24, 7, 30)),  # Friday before the autumn change (CEST)
    (date(2025, 10, 27), utc(2025, 10, 27, 8, 30)),  # Monday after it (CET)
])
def test_berlin_0930_is_0930_local_on_both_sides_of_the_change(day: date, expected: datetime) -> None:
    assert slot_on(BERLIN, day) == expected
    assert due_date(BERLIN, expected) == day
    assert due_date(BERLIN, expected.replace(minute=29)) is None


def test_a_wall_time_skipped_by_the_spring_jump_posts_after_it() -> None:
    night = Schedule(time(2, 30), "Europe/Berlin", "daily")
    # 02:30 does not exist on 30 March 2025 in Berlin; it resolves forward to 03:30 CEST, 01:30 UTC.
    assert slot_on(night, date(2025, 3, 30)) == utc(2025, 3, 30, 1, 30)


def test_new_york_changes_on_its_own_date() -> None:
    ny = Schedule(time(9, 30), "America/New_York", "daily")
    assert slot_on(ny, date(2025, 3, 8)) == utc(2025, 3, 8, 14, 30)
    assert slot_on(ny, date(2025, 3, 10)) == utc(2025, 3, 10, 13, 30)


# -- weekdays and daily ---------------------------------------------------------------------------

def test_weekdays_skip_the_weekend_daily_does_not() -> None:
    saturday = date(2025, 3, 29)
    assert not is_quiz_day("weekdays", saturday) and is_quiz_day("daily", saturday)
    assert due_date(BERLIN, utc(2025, 3, 29, 12, 0)) is None
    assert due_date(Schedule(time(9, 30), "Europe/Berlin", "daily"), utc(2025, 3, 29, 12, 0)) == saturday


def test_next_slot_after_friday_is_monday_for_weekdays() -> None:
    friday_after = utc(2025, 3, 28, 9, 0)
    assert next_slot(BERLIN, friday_after) == utc(2025, 3, 31, 7, 30)
    assert next_slot(Schedule(time(9, 30), "Europe/Berlin", "daily"), friday_after) == utc(2025, 3, 29, 8, 30)


def test_the_local_date_decides_not_the_utc_date() -> None:
    tokyo = Schedule(time(8, 0), "Asia/Tokyo", "weekdays")
    # Sunday 23:30 UTC is Monday 08:30 in Tokyo.
    assert due_date(tokyo, utc(2025, 3, 30, 23, 30)) == date(2025, 3, 31)


# -- catching up ----------------------------------------------------------------------------------

def test_a_missed_slot_is_due_the_rest_of_that_day_and_not_the_next_morning() -> None:
    assert due_date(BERLIN, utc(2025, 3, 31, 15, 0)) == date(2025, 3, 31)
    assert due_date(BERLIN, utc(2025, 3, 31, 21, 59)) == date(2025, 3, 31)
    assert due_date(BERLIN, utc(2025, 4, 1, 5, 0)) is None  # next morning, before its own slot


def test_a_schedule_turned_on_after_todays_slot_starts_tomorrow() -> None:
    turned_on = utc(2025, 3, 31, 8, 0)  # 10:00 Berlin, after the 09:30 slot
    assert due_date(BERLIN, utc(2025, 3, 31, 9, 0), active_from=turned_on) is None
    assert due_date(BERLIN, utc(2025, 4, 1, 7, 30), active_from=turned_on) == date(2025, 4, 1)


# -- closing --------------------------------------------------------------------------------------

def test_a_morning_quiz_closes_at_five_local() -> None:
    assert closes_at("Europe/Berlin", utc(2025, 3, 31, 7, 30), BERLIN) == utc(2025, 3, 31, 15, 0)


def test_an_evening_quiz_closes_when_the_next_one_posts() -> None:
    evening = Schedule(time(18, 0), "Europe/Berlin", "weekdays")
    friday = utc(2025, 3, 28, 17, 0)  # 18:00 CET
    assert closes_at("Europe/Berlin", friday, evening) == utc(2025, 3, 31, 16, 0)  # Monday 18:00 CEST


def test_status_label_shows_local_and_utc() -> None:
    assert local_label(utc(2025, 3, 31, 7, 30), "Europe/Berlin") == "Mon 31 Mar 09:30 CEST (07:30 UTC)"


# -- parsing `/srm quiz on` -----------------------------------------------------------------------

def test_defaults_come_from_the_person() -> None:
    assert parse_schedule([], lambda: "America/Chicago") == Schedule(time(9, 30), "America/Chicago", "weekdays")


@pytest.mark.parametrize(("words", "expected"), [
    (["08:05"], Schedule(time(8, 5), "UTC", "weekdays")),
    (["daily", "europe/berlin", "7:45"], Schedule(time(7, 45), "Europe/Berlin", "daily")),
    (["Asia/Kolkata", "weekdays"], Schedule(time(9, 30), "Asia/Kolkata", "weekdays")),
])
def test_any_order_and_case(words: list[str], expected: Schedule) -> None:
    assert parse_schedule(words, lambda: "UTC") == expected


def test_an_unknown_person_zone_falls_back_to_utc() -> None:
    assert parse_schedule([], lambda: None).tz == "UTC"
    assert parse_schedule([], lambda: "Not/AZone").tz == "UTC"


def test_bad_time_and_zone_are_both_reported() -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(["25:99", "Mars/Olympus"], no_default)
    text = str(caught.value)
    assert "`25:99` is not a time of day" in text
    assert "`Mars/Olympus` is not a time zone" in text
    assert "Nothing was changed" in text


@pytest.mark.parametrize("words", [["9:75"], ["weekly"], ["09:30", "10:30"], ["../../etc/passwd"]])
def test_other_bad_input_is_refused(words: list[str]) -> None:
    with pytest.raises(ScheduleError):
        parse_schedule(words, no_default)
