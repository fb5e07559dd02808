"""Follow-ups in a thread: a mention in a thread where the bot answered keeps the thread's context
(stored per thread, not read from history), on both databases and across two app processes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.answering import Answerer
from bot.answering.followup import ThreadContext, follow_up

from . import slack_harness as h
from .test_production_server import two_servers  # noqa: F401  (a fixture: two gunicorn processes)
from .test_slack_app import Slack, serve_slack

PARENT = "1700300000.000100"


@pytest.fixture()
def slack_any_db(answerer: Answerer, database_url: str) -> Iterator[Slack]:
    yield from serve_slack(answerer, database_url)


def _headline(call: h.Call) -> str:
    blocks = call.body["blocks"] if isinstance(call.body["blocks"], list) else json.loads(call.body["blocks"])
    return json.dumps(blocks)


def _mention(url: str, text: str, *, ts: str, thread_ts: str | None = None, channel: str = "C0THREAD") -> None:
    event = h.app_mention(f"<@U0BOT> {text}", ts=ts, thread_ts=thread_ts, channel=channel)
    assert h.post(url + "/slack/events", h.event_callback(event), "application/json").status == 200


def _answered(api: h.WebApiStandIn, count: int) -> dict[str, Any]:
    return api.wait_for("chat.postMessage", count)[count - 1].body


# -- the rule (pure) ----------------------------------------------------------------------------

@pytest.mark.parametrize(("first", "then", "service", "topic"), [
    ("who patches rds", "and for aurora?", "aurora", "patching"),
    ("who patches rds", "what about encryption?", "rds", "encryption-at-rest"),
    ("who patches rds", "and if we use fargate instead?", "fargate", "patching"),
    ("who encrypts s3 buckets", "and with our own kms key?", "s3", "encryption-at-rest"),
    ("who patches rds", "who backs up dynamodb", "dynamodb", "backup"),  # fits no context: on its own
])
def test_a_follow_up_keeps_what_it_leaves_out(answerer: Answerer, first: str, then: str, service: str,
                                              topic: str) -> None:
    context = ThreadContext.of(answerer.ask(first))
    answer = follow_up(answerer, then, context)
    assert (answer.matched, answer.service, answer.topic) == (True, service, topic)
    assert answer.question == then


def test_a_follow_up_that_fits_nothing_is_answered_on_its_own(answerer: Answerer) -> None:
    context = ThreadContext.of(answerer.ask("who patches rds"))
    assert follow_up(answerer, "write me a poem", context) == answerer.ask("write me a poem")
    assert not answerer.ask("and for aurora?").matched, "without the thread, the same words are not enough"


def test_the_facet_carries_over_to_the_next_service(answerer: Answerer) -> None:
    context = ThreadContext.of(follow_up(answerer, "and with our own kms key?",
                                         ThreadContext.of(answerer.ask("who encrypts s3 buckets"))))
    assert context is not None and context.facet
    answer = follow_up(answerer, "and for ebs?", context)
    assert (answer.service, answer.topic) == ("ebs", "encryption-at-rest")
    assert answer.aspect is not None and "customer managed" in answer.aspect.name


# -- over signed HTTP ---------------------------------------------------------------------------

def test_follow_ups_in_a_thread_keep_its_context(slack_any_db: Slack) -> None:
    slack = slack_any_db
    url = slack.server.url
    _mention(url, "who patches rds", ts=PARENT)
    first = _answered(slack.api, 1)
    assert first["thread_ts"] == PARENT and "Amazon RDS" in _headline(slack.api.of("chat.postMessage")[0])
    _mention(url, "and for aurora?", ts="1700300001.000100", thread_ts=PARENT)
    second = _answered(slack.api, 2)
    assert second["thread_ts"] == PARENT
    assert "Aurora" in second["text"] and "patch" in second["text"].lower()
    _mention(url, "what about encryption?", ts="1700300002.000100", thread_ts=PARENT)
    third = _answered(slack.api, 3)
    assert "Aurora" in third["text"] and "ncrypt" in third["text"], "same service (Aurora now), new topic"
    # The same words in another thread, with no answer in it yet, are answered on their own.
    _mention(url, "and for aurora?", ts="1700300003.000100", thread_ts="1700399999.000100")
    fourth = _answered(slack.api, 4)
    assert "patch" not in fourth["text"].lower()
    assert slack.api.of("conversations.history") == [] and slack.api.of("conversations.replies") == []


def test_follow_up_context_is_shared_by_two_processes(two_servers: tuple[list[str], h.WebApiStandIn]) -> None:  # noqa: F811
    (first, second), api = two_servers
    _mention(first, "who patches rds", ts=PARENT, channel="C0TWO")
    api.wait_for("chat.postMessage", 1, timeout=20)
    _mention(second, "and for aurora?", ts="1700300011.000100", thread_ts=PARENT, channel="C0TWO")
    reply = _answered(api, 2)
    assert reply["thread_ts"] == PARENT and "Aurora" in reply["text"] and "patch" in reply["text"].lower()
    _mention(first, "what about backups?", ts="1700300012.000100", thread_ts=PARENT, channel="C0TWO")
    reply = _answered(api, 3)
    assert "Aurora" in reply["text"] and "backup" in reply["text"].lower()
