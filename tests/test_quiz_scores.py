"""Streaks, leaderboards and question choice: pure arithmetic, checked directly."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.quiz.choose import REVIEW_AFTER, Asked, choose_next
from bot.quiz.scores import Score, missed, rank, share_right, streak, week_start

MON, FRI = date(2025, 3, 24), date(2025, 3, 28)
SAT, SUN, NEXT_MON = date(2025, 3, 29), date(2025, 3, 30), date(2025, 3, 31)


# -- streaks --------------------------------------------------------------------------------------

def test_a_weekend_does_not_break_a_weekdays_streak() -> None:
    week = {MON + timedelta(days=i) for i in range(5)}
    assert streak(week | {NEXT_MON}, NEXT_MON, "weekdays") == 6


def test_a_weekend_breaks_a_daily_streak() -> None:
    week = {MON + timedelta(days=i) for i in range(5)}
    assert streak(week | {NEXT_MON}, NEXT_MON, "daily") == 1
    assert streak(week | {SAT, SUN, NEXT_MON}, NEXT_MON, "daily") == 8


def test_today_not_answered_yet_keeps_the_streak() -> None:
    assert streak({date(2025, 3, 27), FRI}, NEXT_MON, "weekdays") == 2
    assert streak({date(2025, 3, 27), FRI}, SAT, "weekdays") == 2


def test_a_missed_working_day_breaks_it() -> None:
    assert streak({date(2025, 3, 26), FRI}, FRI, "weekdays") == 1  # Thursday missing
    assert streak(set(), FRI, "weekdays") == 0


def test_a_weekend_answer_on_a_weekdays_schedule_neither_counts_nor_breaks() -> None:
    assert streak({FRI, SAT, NEXT_MON}, NEXT_MON, "weekdays") == 2


# -- leaderboards ---------------------------------------------------------------------------------

def test_rank_orders_by_right_then_fewer_attempts_and_shares_ties() -> None:
    scores = [Score("U1", 5, 5), Score("U2", 5, 7), Score("U3", 5, 5), Score("U4", 9, 12), Score("U5", 0, 3)]
    ranked = rank(scores)
    assert [(r.rank, r.score.user) for r in ranked] == [(1, "U4"), (2, "U1"), (2, "U3"), (4, "U2"), (5, "U5")]


def test_rank_keeps_the_top_ten() -> None:
    ranked = rank([Score(f"U{i:02d}", i, 20) for i in range(15)])
    assert len(ranked) == 10 and ranked[0].score.user == "U14" and ranked[-1].score.user == "U05"


def test_week_starts_on_monday() -> None:
    assert week_start(SUN) == MON and week_start(MON) == MON


def test_share_and_missed() -> None:
    assert share_right(2, 3) == 67 and share_right(0, 0) == 0
    assert missed(1, 3) and not missed(2, 4) and not missed(0, 0)


# -- choosing the next question -------------------------------------------------------------------

BANK = {f"q{i:02d}": ("aws", "customer", "shared")[i % 3] for i in range(12)}


def ask_all(bank: dict[str, str], rounds: int, seed: str = "T:C") -> list[str]:
    history: list[Asked] = []
    for _ in range(rounds):
        history.append(Asked(choose_next(bank, history, seed), missed=False))
    return [a.question_id for a in history]


def test_no_repeat_until_the_bank_is_used_up() -> None:
    asked = ask_all(BANK, 36)
    for start in range(0, 36, 12):
        assert sorted(asked[start:start + 12]) == sorted(BANK), "each round asks every question once"
    assert asked[11] != asked[12], "a new round never starts with the question just asked"


@given(st.integers(min_value=1, max_value=30), st.text(min_size=1, max_size=8))
def test_no_repeat_within_a_round_for_any_bank(size: int, seed: str) -> None:
    bank = {f"q{i}": ("aws", "customer")[i % 2] for i in range(size)}
    asked = ask_all(bank, size, seed)
    assert sorted(asked) == sorted(bank)


def test_the_same_history_gives_the_same_question() -> None:
    history = [Asked("q00", False), Asked("q05", False)]
    assert len({choose_next(BANK, history, "T1:C1") for _ in range(5)}) == 1


def test_answers_are_drawn_evenly_even_when_the_bank_is_lopsided() -> None:
    lopsided = {f"c{i}": "customer" for i in range(80)} | {f"a{i}": "aws" for i in range(20)}
    first_40 = ask_all(lopsided, 40)
    counts = Counter(lopsided[q] for q in first_40)
    assert counts["aws"] >= 12, counts


def test_a_missed_question_comes_back_after_a_few_others() -> None:
    history = [Asked("q00", missed=True)]
    history += [Asked(q, missed=False) for q in ("q01", "q02", "q03", "q04")]
    assert choose_next(BANK, history, "s") != "q00"  # only four others since
    history.append(Asked("q05", missed=False))
    assert len(history) - 1 == REVIEW_AFTER
    assert choose_next(BANK, history, "s") == "q00"


def test_a_question_got_right_on_review_does_not_come_back_early() -> None:
    history = [Asked("q00", missed=True), *(Asked(f"q0{i}", False) for i in range(1, 6)), Asked("q00", False)]
    history += [Asked(f"q0{i}", False) for i in range(6, 10)] + [Asked("q10", False), Asked("q11", False)]
    assert choose_next(BANK, history, "s") != "q00"


def test_questions_no_longer_in_the_bank_are_ignored() -> None:
    history = [Asked("gone", missed=True), *(Asked(f"q0{i}", False) for i in range(6))]
    assert choose_next(BANK, history, "s") in BANK
