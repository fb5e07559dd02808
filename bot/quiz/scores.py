"""Streaks and leaderboards: arithmetic over dates and counts, nothing stored here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.quiz.schedule import Days, is_quiz_day

TOP = 10


def previous_quiz_day(day: date, days: Days) -> date:
    """The quiz day before `day`: Friday before a Monday when the schedule is weekdays."""
    day -= timedelta(days=1)
    while not is_quiz_day(days, day):
        day -= timedelta(days=1)
    return day


def streak(correct_days: Iterable[date], today: date, days: Days) -> int:
    """Consecutive quiz days, up to today, with a right answer.

    Today not answered yet does not break it (the quiz may still be open); a weekend does not
    break a weekdays streak because weekends are not quiz days.
    """
    right = set(correct_days)
    day = today if today in right else previous_quiz_day(today, days)
    count = 0
    while day in right:
        count += 1
        day = previous_quiz_day(day, days)
    return count


def week_start(day: date) -> date:
    """Monday of `day`'s week: "this week" on the leaderboard is Monday to Sunday, local."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Score:
    user: str
    right: int
    answered: int


@dataclass(frozen=True)
class Ranked:
    rank: int
    score: Score


def rank(scores: Iterable[Score], top: int = TOP) -> list[Ranked]:
    """Most right answers first; equal right, fewer attempts first; full ties share a rank (1, 2, 2, 4)."""
    ordered = sorted((s for s in scores if s.answered > 0), key=lambda s: (-s.right, s.answered, s.user))
    ranked: list[Ranked] = []
    for index, score in enumerate(ordered[:top]):
        previous = ranked[-1] if ranked else None
        same = previous is not None and (previous.score.right, previous.score.answered) == (score.right,
                                                                                          score.answered)
        ranked.append(Ranked(previous.rank if same and previous else index + 1, score))
    return ranked


def share_right(right: int, answered: int) -> int:
    """Whole percent who got it right; 0 when nobody answered."""
    return round(100 * right / answered) if answered else 0


def missed(right: int, answered: int) -> bool:
    """A channel "got it wrong" when fewer than half of those who answered were right."""
    return answered > 0 and 2 * right < answered


BOARD_TOP = 5


def board(scores: Iterable[Score], top: int = BOARD_TOP) -> list[Ranked]:
    """The leaderboard: only people with at least one right answer (a zero is nobody's podium)."""
    return rank((s for s in scores if s.right > 0), top)


def place_of(scores: Iterable[Score], user: str) -> int | None:
    """The person's place on the full board ("You: 6th"), None without a right answer."""
    everyone = list(scores)
    return next((r.rank for r in board(everyone, top=len(everyone)) if r.score.user == user), None)
