"""`/srm` answers a question asked again from what it rendered the first time
(bot/slack/listeners/commands.py: SrmResponses): the same response, never a shared object, and
a bounded number kept."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from bot.answering import Answerer
from bot.slack.deps import Deps
from bot.slack.listeners.commands import SrmResponses
from bot.storage import EventLedger, make_engine, upgrade


@pytest.fixture()
def deps(answerer: Answerer, sqlite_url: str) -> Iterator[Deps]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield Deps(answerer=answerer, ledger=EventLedger(engine))
    engine.dispose()


def test_a_question_asked_again_gets_the_same_response_as_a_fresh_copy(deps: Deps) -> None:
    responses = SrmResponses(deps)
    first = responses.response("who patches rds")
    pristine = copy.deepcopy(first)
    first["blocks"][0]["text"]["text"] = "tampered"
    again = responses.response("who patches rds")
    assert again == pristine
    assert SrmResponses(deps).response("who patches rds") == pristine, "a fresh process renders the same"


def test_only_the_most_recent_questions_are_kept(deps: Deps) -> None:
    class Small(SrmResponses):
        RECENT = 3

    responses = Small(deps)
    questions = ["who patches rds", "who encrypts s3", "who patches ec2", "who owns iam users", "who patches eks"]
    for question in questions:
        responses.response(question)
    assert [text for text, _ in responses._recent] == questions[-3:]
    assert responses.response(questions[0]) == SrmResponses(deps).response(questions[0])
