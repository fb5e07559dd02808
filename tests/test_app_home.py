"""The App Home over signed HTTP: "Ask a question" answered in a modal, the person's streak only
when there is one, and the channels where the quiz runs with an on/off switch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.answering import Answerer
from bot.quiz import QuestionBank
from bot.slack import home_blocks
from bot.slack.quiz.blocks import HOME_TOGGLE_ACTION, stats_blocks

from . import slack_harness as h
from .test_blocks import check_limits
from .test_quiz_slack import BERLIN_0930, FRIDAY_0930, QuizSlack, bank, key, start, stop, text_of  # noqa: F401


@pytest.fixture()
def slack(answerer: Answerer, bank: QuestionBank, sqlite_url: str) -> Iterator[QuizSlack]:  # noqa: F811
    running = start(answerer, bank, sqlite_url)
    yield running
    stop(running)


def _open_home(slack: QuizSlack, user: str = "U0001") -> dict[str, Any]:
    before = len(slack.api.of("views.publish"))
    body = h.event_callback({"type": "app_home_opened", "user": user, "channel": "D0DM", "tab": "home",
                             "event_ts": "1700000000.000100"})
    assert h.post(slack.server.url + "/slack/events", body, "application/json").status == 200
    call = slack.api.wait_for("views.publish", before + 1)[before]
    view = call.body["view"]
    return view if isinstance(view, dict) else json.loads(view)


def _submit(slack: QuizSlack, question: str) -> h.Response:
    view = home_blocks.ask_modal()
    view["id"] = "V0ASK"
    view["state"] = {"values": {home_blocks.ASK_BLOCK: {home_blocks.ASK_BLOCK: {"type": "plain_text_input",
                                                                                "value": question}}}}
    payload = {"type": "view_submission", "team": {"id": h.TEAM_ID, "domain": "example"},
               "user": {"id": "U0001", "team_id": h.TEAM_ID}, "api_app_id": "A0SRM",
               "token": "gIkuvaNzQIHg97ATvDxqgjtO", "trigger_id": "1.2.3", "view": view}
    return h.post(slack.server.url + "/slack/events", h.form({"payload": json.dumps(payload)}),
                  "application/x-www-form-urlencoded")


def test_ask_a_question_is_answered_in_the_modal(slack: QuizSlack) -> None:
    home = _open_home(slack)
    check_limits(home["blocks"])
    (button,) = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == home_blocks.ASK_ACTION and button["text"]["text"] == "Ask a question"
    click = h.block_actions(h.button(home_blocks.ASK_ACTION, ""), response_url=slack.response_url)
    assert h.post(slack.server.url + "/slack/events", click, "application/x-www-form-urlencoded").status == 200
    (opened,) = slack.api.wait_for("views.open")
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert [b["type"] for b in view["blocks"]] == ["input"] and view["callback_id"] == home_blocks.ASK_CALLBACK

    answered = _submit(slack, "who patches rds")
    assert answered.status == 200
    reply = answered.json()
    assert reply["response_action"] == "update"
    shown = text_of(reply["view"]["blocks"])
    assert "Amazon RDS" in shown and "patch" in shown.lower()
    assert reply["view"]["blocks"][0]["element"]["initial_value"] == "who patches rds", "ask another from here"
    assert not [b for b in reply["view"]["blocks"] if b["type"] in ("actions", "context_actions")]
    check_limits(reply["view"]["blocks"])
    assert len(reply["view"]["blocks"]) <= 100

    assert _submit(slack, "   ").json()["response_action"] == "errors"
    refused = _submit(slack, "write me a poem").json()
    assert refused["response_action"] == "update" and "poem" in text_of(refused["view"]["blocks"])


def test_streak_is_shown_only_above_zero() -> None:
    assert "streak" not in json.dumps(stats_blocks(3, 1, 0, "C0X")).lower()
    assert "Current streak: 2 in <#C0X>" in json.dumps(stats_blocks(3, 2, 2, "C0X"))


def test_quiz_channels_are_listed_with_an_on_off_switch(slack: QuizSlack) -> None:
    slack.schedule("C0ON")
    slack.schedule("C0OFF")
    slack.store.turn_off(key("C0OFF"), FRIDAY_0930)
    home = _open_home(slack)
    check_limits(home["blocks"])
    switches = {b["block_id"]: b["accessory"] for b in home["blocks"] if b.get("accessory", {}).get("action_id")
                == HOME_TOGGLE_ACTION}
    assert switches["home_quiz_C0ON"]["text"]["text"] == "Turn off"
    assert switches["home_quiz_C0ON"]["value"] == "off:C0ON"
    assert switches["home_quiz_C0OFF"]["text"]["text"] == "Turn on"
    assert "<#C0ON> · *on* · " + BERLIN_0930.describe() in json.dumps(home, ensure_ascii=False)

    slack.clock.now = FRIDAY_0930 + timedelta(hours=1)
    click = h.block_actions(h.button(HOME_TOGGLE_ACTION, "on:C0OFF"), response_url=slack.response_url)
    assert h.post(slack.server.url + "/slack/events", click, "application/x-www-form-urlencoded").status == 200
    slack.api.wait_for("views.publish", 2)
    stored = slack.store.schedule(key("C0OFF"))
    assert stored is not None and stored.state == "on" and stored.active_from == slack.clock.now
    assert stored.schedule == BERLIN_0930, "back on with its own time and zone"
    republished = slack.api.of("views.publish")[1].body["view"]
    republished = republished if isinstance(republished, dict) else json.loads(republished)
    assert "Turn on" not in json.dumps(republished)
