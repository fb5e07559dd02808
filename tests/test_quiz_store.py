"""Quiz state on SQLite and PostgreSQL: the unique keys that make posts and answers exactly-once,
the versioned migration, and the sums behind leaderboards."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.quiz.choose import Asked
from bot.quiz.schedule import Schedule
from bot.quiz.scores import rank
from bot.storage import ChannelKey, QuizStore, make_engine, upgrade
from bot.storage.migrate import current_revision, downgrade, head_revision
from bot.storage.quiz_store import Quiz
from bot.storage.tables import metadata

T = TypeVar("T")
KEY = ChannelKey("T0001", "", "C0QUIZ")
NOW = datetime(2025, 3, 31, 7, 30, tzinfo=UTC)


@pytest.fixture()
def store(database_url: str) -> Iterator[QuizStore]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield QuizStore(engine)
    engine.dispose()


def race(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(i)` on `count` threads released at the same instant."""
    barrier = threading.Barrier(count)
    results: list[T] = [None] * count  # type: ignore[list-item]

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def claim(store: QuizStore, key: ChannelKey = KEY, slot: str = "2025-03-31", day: date = date(2025, 3, 31),
          question: str = "quiz/soc2-reports", answer: str = "aws") -> Quiz | None:
    return store.claim_quiz(key, slot=slot, local_date=day, tz="Europe/Berlin", question_id=question,
                            answer=answer, closes_at=NOW + timedelta(hours=7, minutes=30), now=NOW)


def posted(store: QuizStore, **kwargs: object) -> Quiz:
    quiz = claim(store, **kwargs)  # type: ignore[arg-type]
    assert quiz is not None
    store.mark_posted(quiz.id, f"1700000000.{quiz.id:06d}")
    found = store.quiz(quiz.id, quiz.key.team_id, quiz.key.enterprise_id)
    assert found is not None
    return found


# -- schema ---------------------------------------------------------------------------------------

def test_migration_matches_the_tables_and_goes_down_and_up(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [d for d in diffs if "quiz_" in repr(d)] == [], "tables.py and 0002_quiz.py must agree"
    downgrade(engine, "0001")
    assert "quiz_posts" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"quiz_schedules", "quiz_posts", "quiz_answers", "quiz_optouts"} <= set(inspect(engine).get_table_names())
    engine.dispose()


# -- exactly once ---------------------------------------------------------------------------------

def test_racing_claims_on_one_slot_give_one_quiz(store: QuizStore) -> None:
    results = race(12, lambda i: claim(store))
    assert len([r for r in results if r is not None]) == 1


def test_slots_are_per_channel_and_per_workspace(store: QuizStore) -> None:
    assert claim(store) is not None
    assert claim(store, key=ChannelKey("T0001", "", "C0OTHER")) is not None
    assert claim(store, key=ChannelKey("T0002", "", "C0QUIZ")) is not None
    assert claim(store, key=ChannelKey("T0001", "E0001", "C0QUIZ")) is not None
    assert claim(store) is None


def test_a_quiz_is_found_only_in_its_own_workspace(store: QuizStore) -> None:
    quiz = posted(store)
    assert store.quiz(quiz.id, "T0001", "") is not None
    assert store.quiz(quiz.id, "T0002", "") is None


def test_a_released_claim_can_be_claimed_again_a_failed_one_cannot(store: QuizStore) -> None:
    first = claim(store)
    assert first is not None
    store.release(first.id)
    second = claim(store)
    assert second is not None
    store.mark_failed(second.id)
    store.release(second.id)
    assert claim(store) is None


def test_racing_clicks_by_one_person_store_one_answer(store: QuizStore) -> None:
    quiz = posted(store)
    firsts = race(20, lambda i: store.record_answer(quiz, "U0001", ("aws", "customer")[i % 2], NOW))
    assert firsts.count(True) == 1
    assert store.tally(quiz.id).answered == 1


def test_reveal_is_claimed_once_and_freezes_the_tally(store: QuizStore) -> None:
    quiz = posted(store)
    for i, choice in enumerate(["aws", "aws", "customer"]):
        store.record_answer(quiz, f"U{i}", choice, NOW)
    tallies = race(8, lambda i: store.claim_reveal(quiz.id, NOW))
    winners = [t for t in tallies if t is not None]
    assert len(winners) == 1 and (winners[0].answered, winners[0].right) == (3, 2)
    found = store.quiz(quiz.id, "T0001", "")
    assert found is not None and found.revealed and found.final == winners[0]
    assert store.history(KEY) == [Asked("quiz/soc2-reports", missed=False)]


def test_a_channel_that_mostly_got_it_wrong_has_missed_it(store: QuizStore) -> None:
    quiz = posted(store)
    for i, choice in enumerate(["aws", "customer", "shared"]):
        store.record_answer(quiz, f"U{i}", choice, NOW)
    store.claim_reveal(quiz.id, NOW)
    assert store.history(KEY) == [Asked("quiz/soc2-reports", missed=True)]


def test_count_edits_are_throttled_across_callers(store: QuizStore) -> None:
    quiz = posted(store)
    every = timedelta(seconds=10)
    assert store.claim_count_refresh(quiz.id, NOW, every) is None, "nothing to show yet"
    store.record_answer(quiz, "U1", "aws", NOW)
    grants = race(10, lambda i: store.claim_count_refresh(quiz.id, NOW, every))
    assert [g for g in grants if g is not None] == [1]
    store.record_answer(quiz, "U2", "aws", NOW)
    assert store.claim_count_refresh(quiz.id, NOW + timedelta(seconds=5), every) is None
    assert store.claim_count_refresh(quiz.id, NOW + timedelta(seconds=10), every) == 2


def test_schedules_pause_and_turn_off(store: QuizStore) -> None:
    store.save_schedule(KEY, Schedule(time(9, 30), "Europe/Berlin", "weekdays"), "U0SETUP", NOW)
    assert [s.key for s in store.active_schedules()] == [KEY]
    assert store.pause(KEY, "is_archived", NOW)
    stored = store.schedule(KEY)
    assert stored is not None and (stored.state, stored.paused_reason, stored.created_by) == (
        "paused", "is_archived", "U0SETUP")
    assert store.active_schedules() == []
    store.save_schedule(KEY, Schedule(time(8, 0), "UTC", "daily"), "U0OTHER", NOW)
    assert store.active_schedules()[0].schedule == Schedule(time(8, 0), "UTC", "daily")
    assert store.turn_off(KEY, NOW) and not store.turn_off(KEY, NOW)


# -- leaderboards ---------------------------------------------------------------------------------

def test_leaderboard_this_week_all_time_and_optout(store: QuizStore) -> None:
    last_week = posted(store, slot="2025-03-28", day=date(2025, 3, 28))
    this_week = posted(store, slot="2025-03-31", day=date(2025, 3, 31))
    for i in range(12):  # U00..U11: U11 best this week
        store.record_answer(this_week, f"U{i:02d}", "aws" if i % 2 else "customer", NOW)
    for i in range(3):
        store.record_answer(last_week, f"U{i:02d}", "aws", NOW)
    store.set_optout("T0001", "", "U11", True, NOW)
    week = rank(store.scores(KEY, since=date(2025, 3, 31)))
    all_time = rank(store.scores(KEY))
    assert len(week) == 10 and "U11" not in {r.score.user for r in week + all_time}
    assert [r.score.user for r in week[:5]] == ["U01", "U03", "U05", "U07", "U09"]
    assert all_time[0].score.user == "U01" and (all_time[0].score.right, all_time[0].score.answered) == (2, 2)
    store.set_optout("T0001", "", "U11", False, NOW)
    assert "U11" in {s.user for s in store.scores(KEY)}
    assert store.scores(ChannelKey("T0002", "", "C0QUIZ")) == []


def test_correct_dates_and_user_stats(store: QuizStore) -> None:
    friday = posted(store, slot="2025-03-28", day=date(2025, 3, 28))
    monday = posted(store, slot="2025-03-31", day=date(2025, 3, 31))
    store.record_answer(friday, "U1", "aws", NOW)
    store.record_answer(monday, "U1", "customer", NOW)
    assert store.correct_dates(KEY, "U1") == {date(2025, 3, 28)}
    (stats,) = store.user_stats("T0001", "", "U1")
    assert (stats.channel_id, stats.answered, stats.right) == ("C0QUIZ", 2, 1)
