"""`/srm` answers a question asked again from what it rendered the first time
(bot/slack/listeners/commands.py: SrmResponses): the same response as a fresh process, and a
bounded number kept."""

from __future__ import annotations

import json
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


def test_a_question_asked_again_gets_the_same_response_as_a_fresh_process(deps: Deps) -> None:
    responses = SrmResponses(deps)
    first = json.loads(responses.body("who patches rds"))
    assert first["response_type"] == "ephemeral" and first["blocks"] and "RDS" in first["text"]
    assert responses.body("who patches rds") == SrmResponses(deps).body("who patches rds")


def test_every_surface_is_an_ephemeral_json_response(deps: Deps) -> None:
    responses = SrmResponses(deps)
    for text in ("", "help", "services", "topics", "lambda", "compare ec2 fargate", "compare ec2", "who patches rds",
                 "zzqx flibber"):
        response = json.loads(responses.body(text))
        assert response["response_type"] == "ephemeral", text
        assert response["text"].strip(), text


def test_only_the_most_recent_questions_are_kept(deps: Deps) -> None:
    class Small(SrmResponses):
        RECENT = 3

    responses = Small(deps)
    questions = ["who patches rds", "who encrypts s3", "who patches ec2", "who owns iam users", "who patches eks"]
    for question in questions:
        responses.body(question)
    assert [text for text, _ in responses._recent] == questions[-3:]
    assert responses.body(questions[0]) == SrmResponses(deps).body(questions[0])
