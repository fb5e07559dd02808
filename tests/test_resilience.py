"""The database is for de-duplication and the quiz; answers must not depend on it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import create_engine

from bot.answering import Answerer
from bot.config import Settings
from bot.slack.app import create_app
from bot.slack.deps import Deps
from bot.storage import EventLedger
from bot.web import wsgi_app

from . import slack_harness as h

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"  # discard port: nothing listens


@pytest.fixture()
def no_database(answerer: Answerer) -> Iterator[tuple[h.AppServer, h.WebApiStandIn]]:
    api = h.WebApiStandIn()
    engine = create_engine(UNREACHABLE, connect_args={"connect_timeout": 1}, pool_timeout=1)
    settings = Settings(slack_bot_token=h.BOT_TOKEN, slack_signing_secret=h.SIGNING_SECRET,
                        slack_api_url=api.api_url, database_url=UNREACHABLE)
    deps = Deps(answerer=answerer, ledger=EventLedger(engine))
    server = h.AppServer(wsgi_app(SlackRequestHandler(create_app(settings, deps)), h.SIGNING_SECRET))
    api.wait_for("auth.test")
    api.reset()
    yield server, api
    server.close()
    api.close()


def test_srm_answers_while_the_database_is_down(no_database: tuple[h.AppServer, h.WebApiStandIn]) -> None:
    server, api = no_database
    body = h.slash_command("who patches rds", response_url=api.url + "/response/x")
    response = h.post(server.url + "/slack/events", body, "application/x-www-form-urlencoded")
    assert response.status == 200 and ":cloud: *AWS owns" in response.body


def test_mentions_are_answered_while_the_database_is_down(no_database: tuple[h.AppServer, h.WebApiStandIn]) -> None:
    server, api = no_database
    event = h.event_callback(h.app_mention("<@U0BOT> who patches rds"))
    assert h.post(server.url + "/slack/events", event, "application/json").status == 200
    (post,) = api.wait_for("chat.postMessage")
    assert ":cloud: *AWS owns" in str(post.body["blocks"])


def test_quiz_clicks_ask_to_try_again_while_the_database_is_down(
        no_database: tuple[h.AppServer, h.WebApiStandIn]) -> None:
    from bot.slack.quiz.blocks import ANSWER_ACTION, answer_value

    server, api = no_database
    click = h.block_actions(h.button(f"{ANSWER_ACTION}_0", answer_value(7, "aws"), "quiz_choices"),
                            response_url=api.url + "/response/x", ephemeral=False)
    assert h.post(server.url + "/slack/events", click, "application/x-www-form-urlencoded").status == 200
    (reply,) = api.wait_for("views.open")
    assert "try again in a minute" in json.dumps(reply.body["view"])


def test_quiz_commands_ask_to_try_again_while_the_database_is_down(
        no_database: tuple[h.AppServer, h.WebApiStandIn]) -> None:
    server, api = no_database
    body = h.slash_command("quiz status", response_url=api.url + "/response/x")
    assert h.post(server.url + "/slack/events", body, "application/x-www-form-urlencoded").status == 200
    (reply,) = api.wait_for("response_url")
    assert "try again in a minute" in reply.body["text"]
