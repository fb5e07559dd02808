"""Which question a channel gets next: every question once before any repeats, except that
questions the channel got wrong come back a few quizzes later (spaced repetition)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REVIEW_AFTER = 5
"""A missed question returns after this many other quizzes (about a working week), and again
later if it is missed again."""


@dataclass(frozen=True)
class Asked:
    """One earlier quiz in the channel, oldest first. `missed` is None until it is revealed."""

    question_id: str
    missed: bool | None = None


def choose_next(bank: Mapping[str, str], history: Sequence[Asked], seed: str) -> str:
    """Pick from `bank` (question id -> its answer). Deterministic for a given history and seed,
    so two racing clocks pick the same question.

    Among the questions asked least often, first an answer is drawn evenly, then a question with
    that answer: most generated questions are "Customer", and a quiz that is nearly always
    "Customer" teaches nothing.
    """
    if not bank:
        raise ValueError("the question bank is empty")
    known = set(bank)
    last_index: dict[str, int] = {}
    last_missed: dict[str, bool | None] = {}
    for index, asked in enumerate(history):
        last_index[asked.question_id] = index
        last_missed[asked.question_id] = asked.missed
    since = len(history)
    due = [q for q in known if last_missed.get(q) and since - last_index[q] > REVIEW_AFTER]
    if due:
        return min(due, key=lambda q: (last_index[q], q))
    times = Counter(a.question_id for a in history if a.question_id in known)
    fewest = min(times[q] for q in known)
    candidates = sorted(q for q in known if times[q] == fewest)
    if len(candidates) > 1 and history and history[-1].question_id in candidates:
        candidates.remove(history[-1].question_id)  # a new round never starts with the last question
    draw = random.Random(f"{seed}:{len(history)}")
    answer = draw.choice(sorted({bank[q] for q in candidates}))
    return draw.choice([q for q in candidates if bank[q] == answer])
