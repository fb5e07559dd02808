"""The evaluation set: questions as people type them, with what the answer must be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answering import Answer, Answerer

EVAL = Path(__file__).parent / "eval" / "questions.yaml"


def load_eval() -> list[dict[str, Any]]:
    return yaml.safe_load(EVAL.read_text(encoding="utf-8"))


def is_right(case: dict[str, Any], answer: Answer) -> bool:
    return (answer.matched and answer.service == case["service"] and answer.topic == case["topic"]
            and answer.owner in case["owners"])


def test_eval_set_is_big_enough() -> None:
    cases = load_eval()
    assert len([c for c in cases if c.get("answer", True)]) >= 200
    assert len([c for c in cases if c.get("answer", True) is False]) >= 50


def test_on_topic_accuracy_is_at_least_95_percent(answerer: Answerer) -> None:
    cases = [c for c in load_eval() if c.get("answer", True)]
    wrong = []
    for case in cases:
        answer = answerer.ask(case["q"])
        if not is_right(case, answer):
            wrong.append(f"{case['q']!r}: want {case['service']}/{case['topic']} {case['owners']}, "
                         f"got {answer.entry if answer.matched else 'no answer'} {answer.owner}")
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= 0.95, f"{accuracy:.1%} right; wrong:\n" + "\n".join(wrong)


def test_must_not_answer_questions_get_no_answer(answerer: Answerer) -> None:
    answered = [
        f"{c['q']!r} -> {a.entry}"
        for c in load_eval() if c.get("answer", True) is False
        for a in [answerer.ask(c["q"])] if a.matched
    ]
    assert not answered, "answered what it must not:\n" + "\n".join(answered)


@pytest.mark.parametrize("question", ["who patches gcp cloud sql", "azure sql tls who owns it",
                                      "who patches amazon mq brokers", "what's for lunch", ""])
def test_refusals_carry_no_owner(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched and answer.owner is None and answer.entry is None
