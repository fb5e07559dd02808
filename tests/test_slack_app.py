"""The Slack app over real HTTP: signed requests in, Web API calls out to a local stand-in."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.answering import Answerer
from bot.config import Settings
from bot.slack.app import create_app
from bot.slack.blocks import DID_YOU_MEAN_ACTION, MORE_ACTION, SHARE_ACTION, button_value, read_button_value
from bot.slack.deps import Deps
from bot.storage import EventLedger, make_engine, upgrade
from bot.web import wsgi_app

from . import slack_harness as h


@dataclass
class Slack:
    api: h.WebApiStandIn
    server: h.AppServer

    @property
    def events_url(self) -> str:
        return self.server.url + "/slack/events"

    @property
    def response_url(self) -> str:
        return self.api.url + "/response/T0001/1234/abcd"

    def command(self, text: str, **kwargs: object) -> h.Response:
        body = h.slash_command(text, response_url=self.response_url, **kwargs)  # type: ignore[arg-type]
        return h.post(self.events_url, body, "application/x-www-form-urlencoded")

    def event(self, event: dict, **kwargs: object) -> h.Response:
        return h.post(self.events_url, h.event_callback(event, **kwargs), "application/json")  # type: ignore[arg-type]

    def click(self, action: dict, **kwargs: object) -> h.Response:
        body = h.block_actions(action, response_url=self.response_url, **kwargs)  # type: ignore[arg-type]
        return h.post(self.events_url, body, "application/x-www-form-urlencoded")


def start_slack(answerer: Answerer, database_url: str) -> tuple[Slack, Deps]:
    api = h.WebApiStandIn()
    engine = make_engine(database_url)
    upgrade(engine)
    deps = Deps(answerer=answerer, ledger=EventLedger(engine))
    settings = Settings(slack_bot_token=h.BOT_TOKEN, slack_signing_secret=h.SIGNING_SECRET,
                        slack_api_url=api.api_url, database_url=database_url)
    app = create_app(settings, deps)
    server = h.AppServer(wsgi_app(SlackRequestHandler(app), h.SIGNING_SECRET))
    api.wait_for("auth.test")
    api.reset()
    return Slack(api, server), deps


def serve_slack(answerer: Answerer, database_url: str) -> Iterator[Slack]:
    running, deps = start_slack(answerer, database_url)
    yield running
    running.server.close()
    running.api.close()
    deps.ledger.engine.dispose()


@pytest.fixture()
def slack(answerer: Answerer, sqlite_url: str) -> Iterator[Slack]:
    yield from serve_slack(answerer, sqlite_url)


@pytest.fixture()
def slack_any_db(answerer: Answerer, database_url: str) -> Iterator[Slack]:
    """For behaviour that rests on the database: runs on SQLite and on PostgreSQL."""
    yield from serve_slack(answerer, database_url)


# -- request verification -----------------------------------------------------------------------

def test_healthz(slack: Slack) -> None:
    response = h.get(slack.server.url + "/healthz")
    assert response.status == 200 and response.body == "ok\n"


def test_url_verification_is_answered(slack: Slack) -> None:
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    response = h.post(slack.events_url, body, "application/json")
    assert response.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.body


@pytest.mark.parametrize(
    "tamper",
    [
        {"signed": False},
        {"signature": "v0=" + "0" * 64},
        {"timestamp": int(time.time()) - 6 * 60},
    ],
    ids=["missing", "bad", "stale"],
)
def test_bad_signatures_get_401_and_run_nothing(slack: Slack, tamper: dict) -> None:
    body = h.slash_command("who patches rds", response_url=slack.response_url)
    response = h.post(slack.events_url, body, "application/x-www-form-urlencoded", **tamper)
    assert response.status == 401
    event = h.event_callback(h.app_mention("<@U0BOT> who patches rds"))
    assert h.post(slack.events_url, event, "application/json", **tamper).status == 401
    slack.api.settle()
    assert slack.api.calls == []


def test_signature_over_a_different_body_is_refused(slack: Slack) -> None:
    body = h.slash_command("who patches rds", response_url=slack.response_url)
    ts = int(time.time())
    signature = h.sign(body.replace("rds", "ec2"), ts)
    response = h.post(slack.events_url, body, "application/x-www-form-urlencoded", timestamp=ts,
                      signature=signature)
    assert response.status == 401


# -- /srm ---------------------------------------------------------------------------------------

def test_srm_answers_ephemerally_in_the_ack(slack: Slack) -> None:
    response = slack.command("who patches rds")
    assert response.status == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    text = "\n".join(h.iter_blocks_text(reply["blocks"]))
    assert text.startswith(":cloud: *AWS owns patching and upgrades on Amazon RDS")
    assert "You asked: “who patches rds”" in text and "*You do*" in text and "docs.aws.amazon.com" in text
    assert "What AWS does" not in text, "behind More"
    share = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"] if e["type"] == "button"]
    assert [e["action_id"] for e in share] == [MORE_ACTION, SHARE_ACTION]
    assert reply["text"].startswith("AWS owns patching and upgrades on Amazon RDS") and " You do: " in reply["text"]
    slack.api.settle()
    assert slack.api.calls == [], "the answer travels in the HTTP response, not the Web API"


def test_srm_unsure_offers_did_you_mean_buttons(slack: Slack) -> None:
    reply = slack.command("who patches lamdba").json()
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"] if e["type"] == "button"]
    assert [e["action_id"] for e in buttons] == [f"{DID_YOU_MEAN_ACTION}_0"]
    assert buttons[0]["text"]["text"] == "AWS Lambda · Patching and upgrades"
    assert read_button_value(buttons[0]["value"]) == ("lambda/patching", "who patches lamdba")
    assert not any(e["action_id"] == SHARE_ACTION for e in buttons), "nothing to share before an answer"


def test_srm_refuses_other_clouds_without_a_guess(slack: Slack) -> None:
    reply = slack.command("who patches gcp cloud sql").json()
    text = "\n".join(h.iter_blocks_text(reply["blocks"]))
    assert "another cloud" in text
    assert not any(e["type"] == "button" for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("", "security *of* the cloud"),
        ("help", "/srm compare ec2 fargate"),
        ("services", "Services I know"),
        ("topics", "Topics I know"),
        ("rds", "Amazon RDS: who owns what"),
        ("compare ec2 fargate", "What changes hands"),
        ("compare ec2", "Name two services"),
    ],
)
def test_srm_subcommands(slack: Slack, text: str, expect: str) -> None:
    reply = slack.command(text).json()
    assert reply["response_type"] == "ephemeral"
    everything = reply.get("text", "") + "\n".join(h.iter_blocks_text(reply.get("blocks", [])))
    assert expect in everything


def test_compare_shows_what_changes_hands(slack: Slack) -> None:
    reply = slack.command("compare ec2 fargate").json()
    text = "\n".join(h.iter_blocks_text(reply["blocks"]))
    assert "*Patching and upgrades*" in text


def test_user_text_cannot_ping_through_the_bot(slack: Slack) -> None:
    reply = slack.command("who patches rds <!channel> <!here> <@U0BOSS> & <b>").json()
    for text in h.iter_blocks_text(reply["blocks"]):
        assert "<!channel>" not in text and "<!here>" not in text and "<@U0BOSS>" not in text
    question = next(t for t in h.iter_blocks_text(reply["blocks"]) if "You asked:" in t)
    assert "&amp;" in question and "&lt;b&gt;" in question


@pytest.mark.parametrize("text", ["x" * 40_000, "who patches rds\x00\x07\x1b[2J", "🔥🚨" * 2000,
                                  "```\nTraceback (most recent call last):\n" + "  File 'a.py'\n" * 500 + "```"])
def test_any_input_gets_an_answer_or_a_polite_refusal(slack: Slack, text: str) -> None:
    started = time.monotonic()
    response = slack.command(text)
    assert response.status == 200
    assert time.monotonic() - started < 3.0
    assert response.json()["blocks"]


# -- mentions and DMs ---------------------------------------------------------------------------

def test_mention_is_answered_in_a_thread(slack: Slack) -> None:
    event = h.app_mention("<@U0BOT> prod bucket went public, is that on us?", ts="1700000500.000100")
    assert slack.event(event).status == 200
    (call,) = slack.api.wait_for("chat.postMessage")
    assert call.body["channel"] == "C0CHANNEL"
    assert call.body["thread_ts"] == "1700000500.000100"
    assert call.headers["Authorization"] == f"Bearer {h.BOT_TOKEN}"
    blocks = call.body["blocks"] if isinstance(call.body["blocks"], list) else json.loads(call.body["blocks"])
    text = "\n".join(h.iter_blocks_text(blocks))
    assert "*Do now*\n1. Turn on S3 Block Public Access" in text
    assert "You asked" not in text and "prod bucket went public" not in text, "no question echo in a thread"
    assert call.body["text"].startswith("Yours to contain")
    assert "Do now: 1. Turn on S3 Block Public Access" in call.body["text"], "the steps reach the notification"


def test_mention_inside_a_thread_replies_in_that_thread(slack: Slack) -> None:
    event = h.app_mention("<@U0BOT> who patches rds", ts="1700000600.000200", thread_ts="1700000100.000100")
    slack.event(event)
    (call,) = slack.api.wait_for("chat.postMessage")
    assert call.body["thread_ts"] == "1700000100.000100"


def test_aws_owned_incident_answer_says_where_to_look(slack: Slack) -> None:
    slack.event(h.app_mention("<@U0BOT> is the hypervisor on us? incident ongoing"))
    (call,) = slack.api.wait_for("chat.postMessage")
    assert "AWS Health Dashboard" in json.dumps(call.body["blocks"])


def test_empty_mention_gets_short_help(slack: Slack) -> None:
    slack.event(h.app_mention("<@U0BOT>"))
    (call,) = slack.api.wait_for("chat.postMessage")
    assert "/srm who patches rds" in json.dumps(call.body["blocks"])


def test_direct_message_is_answered(slack: Slack) -> None:
    slack.event(h.direct_message("who encrypts dynamodb at rest"))
    (call,) = slack.api.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0DM"
    assert ":cloud: *AWS owns" in json.dumps(call.body["blocks"])


def test_bots_and_edits_are_never_answered(slack: Slack) -> None:
    slack.event(h.direct_message("who patches rds", bot_id="B0OTHER"))
    slack.event(h.direct_message("who patches rds", user=h.BOT_USER_ID, bot_id=h.BOT_ID))
    slack.event(h.direct_message("who patches rds", subtype="message_changed"))
    slack.event(h.direct_message("who patches rds", subtype="bot_message"))
    slack.api.settle()
    assert slack.api.of("chat.postMessage") == []


def test_a_message_that_is_both_mention_and_dm_is_answered_once(slack: Slack) -> None:
    ts = "1700000700.000100"
    slack.event(h.direct_message("<@U0BOT> who patches rds", ts=ts))
    slack.event({**h.app_mention("<@U0BOT> who patches rds", ts=ts), "channel": "D0DM"})
    slack.api.wait_for("chat.postMessage")
    slack.api.settle()
    assert len(slack.api.of("chat.postMessage")) == 1


def test_slack_retries_never_produce_a_second_reply(slack_any_db: Slack) -> None:
    body = h.event_callback(h.app_mention("<@U0BOT> who patches rds"), event_id="Ev0RETRY01")
    first = h.post(slack_any_db.events_url, body, "application/json")
    retry = h.post(slack_any_db.events_url, body, "application/json",
                   headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status == retry.status == 200
    slack_any_db.api.wait_for("chat.postMessage")
    slack_any_db.api.settle()
    assert len(slack_any_db.api.of("chat.postMessage")) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_answered(slack_any_db: Slack) -> None:
    body = h.event_callback(h.app_mention("<@U0BOT> who patches rds"), event_id="Ev0RETRY02")
    response = h.post(slack_any_db.events_url, body, "application/json",
                      headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"})
    assert response.status == 200
    slack_any_db.api.wait_for("chat.postMessage")


def test_rate_limited_post_is_retried_after_retry_after(slack: Slack) -> None:
    slack.api.script("chat.postMessage", h.Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    slack.event(h.app_mention("<@U0BOT> who patches rds"))
    first, retry = slack.api.wait_for("chat.postMessage", count=2, timeout=10)
    slack.api.settle()
    assert len(slack.api.of("chat.postMessage")) == 2, "one retry, then no more"
    assert retry.body == first.body
    assert retry.at - first.at >= 0.9, "the retry waited for Retry-After (1 s)"


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
def test_post_errors_are_explained_to_the_asker(slack: Slack, error: str) -> None:
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": error}))
    slack.event(h.app_mention("<@U0BOT> who patches rds", user="U0ASKER"))
    (call,) = slack.api.wait_for("chat.postEphemeral")
    assert call.body["user"] == "U0ASKER"
    assert {"not_in_channel": "/invite @srm", "channel_not_found": "/invite @srm",
            "is_archived": "archived"}[error] in call.body["text"]


def test_tokens_never_reach_the_logs(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    from bot.config import configure_logging

    configure_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": "not_in_channel"}))
    slack.event(h.app_mention("<@U0BOT> who patches rds"))
    slack.api.wait_for("chat.postEphemeral")
    slack.api.settle()
    for record in caplog.records:
        assert h.BOT_TOKEN not in record.getMessage()


# -- buttons ------------------------------------------------------------------------------------

def test_share_posts_publicly_attributed_and_removes_the_ephemeral(slack: Slack) -> None:
    value = button_value("rds/patching", "who patches rds")
    assert slack.click(h.button(SHARE_ACTION, value), user="U0SHARER").status == 200
    (post,) = slack.api.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0CHANNEL"
    assert "Shared by <@U0SHARER>" in json.dumps(post.body["blocks"])
    (cleanup,) = slack.api.wait_for("response_url")
    assert cleanup.body.get("delete_original") is True


def test_share_where_the_bot_is_not_a_member_explains_how_to_invite(slack: Slack) -> None:
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": "not_in_channel"}))
    slack.click(h.button(SHARE_ACTION, button_value("rds/patching", "who patches rds")))
    (reply,) = slack.api.wait_for("response_url")
    assert "/invite @srm" in reply.body["text"]
    assert reply.body["response_type"] == "ephemeral"


def test_did_you_mean_answers_in_place(slack: Slack) -> None:
    slack.click(h.button(f"{DID_YOU_MEAN_ACTION}_1", button_value("lambda/patching", "who patches lambada")))
    (reply,) = slack.api.wait_for("response_url")
    assert reply.body["replace_original"] is True
    assert "Lambda" in json.dumps(reply.body["blocks"])


# -- App Home -----------------------------------------------------------------------------------

def test_app_home_is_published(slack: Slack) -> None:
    slack.event({"type": "app_home_opened", "user": "U0001", "channel": "D0DM", "tab": "home",
                 "event_ts": "1700000000.000100"})
    (call,) = slack.api.wait_for("views.publish")
    assert call.body["user_id"] == "U0001"
    view = call.body["view"] if isinstance(call.body["view"], dict) else json.loads(call.body["view"])
    assert view["type"] == "home"
    assert "PaaS (e.g. RDS)" in json.dumps(view)


def test_a_calm_question_in_an_ordinary_channel_gets_no_incident_lead(slack: Slack) -> None:
    slack.event(h.app_mention("<@U0BOT> who patches rds"))
    (post,) = slack.api.wait_for("chat.postMessage")
    text = json.dumps(post.body["blocks"])
    assert "Do now" not in text and "Where to look" not in text


def test_incident_channels_get_the_lead_and_names_are_looked_up_once(slack: Slack) -> None:
    incident = h.Reply(body={"ok": True, "channel": {"id": "C0INC", "name": "inc-2231-payments"}})
    slack.api.script("conversations.info", incident)
    for i in range(2):
        slack.event(h.app_mention("<@U0BOT> who patches rds", channel="C0INC", ts=f"170000080{i}.000100"))
    posts = slack.api.wait_for("chat.postMessage", count=2)
    assert all("Where to look" in json.dumps(p.body["blocks"]) for p in posts)
    assert [c.body["channel"] for c in slack.api.of("conversations.info")] == ["C0INC"]


@pytest.mark.parametrize(("name", "incident"), [
    ("inc-2231-payments", True), ("incident-s3-public", True), ("sev1-checkout", True), ("war-room", True),
    ("security-alerts", True), ("general", False), ("incubator", False), ("since-2020", False), ("dev-ops", False),
])
def test_incident_channel_names(name: str, incident: bool) -> None:
    from bot.slack.incident import is_incident_channel

    assert is_incident_channel(name) is incident
