"""Hostile and broken requests over real HTTP: the signature is checked on the raw bytes first,
then anything malformed gets 400 and one log line, never a 500 or a traceback (issue 11, item 5)."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest

from bot.answering import Answerer

from . import slack_harness as h
from .test_slack_app import Slack, serve_slack

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@pytest.fixture()
def slack(answerer: Answerer, sqlite_url: str) -> Iterator[Slack]:
    yield from serve_slack(answerer, sqlite_url)


def _event(**changes: object) -> str:
    body = json.loads(h.event_callback(h.app_mention("<@U0BOT> who patches rds")))
    body.update(changes)
    return json.dumps(body)


def _click(payload_changes: dict[str, object]) -> str:
    body = h.block_actions(h.button("share_answer", '{"e": "rds/patching", "q": "x"}'), response_url="http://x/r")
    payload = json.loads(dict(parse_qsl(body))["payload"])
    payload.update(payload_changes)
    return h.form({"payload": json.dumps(payload)})


MALFORMED: dict[str, tuple[bytes | str, str]] = {
    "not json": ("{not json", JSON),
    "form labelled json": (h.slash_command("who patches rds", response_url="http://x/r"), JSON),
    "not utf-8": (b'{"type": "event_callback", "text": "\xff\xfe\xfd"}', JSON),
    "json list": ("[1, 2, 3]", JSON),
    "json number": ("42", JSON),
    "json string": ('"event_callback"', JSON),
    "event null": (_event(event=None), JSON),
    "event a list": (_event(event=["app_mention"]), JSON),
    "event without type": (_event(event={"text": "hi"}), JSON),
    "team_id a number": (_event(team_id=12345), JSON),
    "authorizations a string": (_event(authorizations="T0001"), JSON),
    "empty actions": (_click({"actions": []}), FORM),
    "actions not objects": (_click({"actions": [5]}), FORM),
    "action_id a number": (_click({"actions": [{"action_id": 7, "value": "x"}]}), FORM),
    "user a number": (_click({"user": 5}), FORM),
    "interactive payload not json": (h.form({"payload": "{not json"}), FORM),
    "interactive payload a list": (h.form({"payload": "[]"}), FORM),
}


def _inbound_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.slack.inbound"]


@pytest.mark.parametrize("name", list(MALFORMED))
def test_signed_malformed_bodies_get_400_and_one_log_line(slack: Slack, caplog: pytest.LogCaptureFixture,
                                                         name: str) -> None:
    caplog.set_level(logging.DEBUG)
    body, content_type = MALFORMED[name]
    response = h.post(slack.events_url, body, content_type)
    assert response.status == 400, response.body
    assert "Traceback" not in response.body
    (record,) = _inbound_records(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], "no traceback anywhere"
    slack.api.settle(quiet=0.2)
    assert slack.api.calls == []
    assert slack.command("who patches rds").status == 200, "the server goes on answering"


@pytest.mark.parametrize("name", list(MALFORMED))
def test_unsigned_malformed_bodies_still_get_401(slack: Slack, caplog: pytest.LogCaptureFixture, name: str) -> None:
    body, content_type = MALFORMED[name]
    assert h.post(slack.events_url, body, content_type, signed=False).status == 401
    bad = h.post(slack.events_url, body, content_type, signature="v0=" + "0" * 64)
    assert bad.status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_timestamp_that_is_not_a_number_gets_400(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    body = h.slash_command("who patches rds", response_url=slack.response_url)
    for timestamp in ("abc", "", "1e9", "²", "-5", "9" * 40):
        response = h.post(slack.events_url, body, FORM, timestamp=timestamp)
        assert response.status == 400, timestamp
    assert len(_inbound_records(caplog)) == 6
    assert not [r for r in caplog.records if r.exc_info]


def test_the_signature_covers_the_raw_bytes(slack: Slack) -> None:
    """Signed over the bytes: a signature over the body's text repaired to UTF-8 is not the body's."""
    raw = b'{"type": "event_callback", "text": "\xff"}'
    repaired = raw.decode("utf-8", "replace").encode()
    assert h.post(slack.events_url, raw, JSON, signature=h.sign(repaired, int(time.time()))).status == 401
    assert h.post(slack.events_url, raw, JSON).status == 400


def test_a_body_larger_than_any_slack_payload_is_refused_unread(slack: Slack) -> None:
    """Refused on its Content-Length, before a byte of it is read (the client need not send it)."""
    port = int(slack.server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n{" % (2 << 20))
        status_line = conn.makefile("rb").readline()
    assert status_line.split()[1] == b"413"


def test_well_formed_requests_still_reach_bolt(slack: Slack) -> None:
    """The guard adds nothing to what Slack really sends: url_verification, commands, events, clicks."""
    challenge = json.dumps({"token": "x", "challenge": "abc123", "type": "url_verification"})
    assert "abc123" in h.post(slack.events_url, challenge, JSON).body
    assert ":cloud: *AWS owns" in slack.command("who encrypts s3 at rest").body
    assert slack.event(h.app_mention("<@U0BOT> who patches rds")).status == 200
    slack.api.wait_for("chat.postMessage")
    charset = h.post(slack.events_url, h.event_callback(h.app_mention("<@U0BOT> who patches ec2")),
                     "application/json; charset=utf-8")
    assert charset.status == 200
    slack.api.wait_for("chat.postMessage", 2)


def test_a_command_that_says_payload_is_answered(slack: Slack) -> None:
    """A form body is an interaction only when it has a `payload` field: Bolt's own parser took
    any body containing the word for one, so this question found no listener (HTTP 404)."""
    response = slack.command("who encrypts the payload in s3 at rest")
    assert response.status == 200
    assert ":cloud: *AWS owns" in response.body
    quiz = slack.command("quiz payload")  # a lazy listener gets the same body, parsed the same way
    assert quiz.status == 200
    (respond,) = slack.api.wait_for("response_url")
    assert "payload" in json.dumps(respond.body)  # the quiz's "unknown sub-command" names what was typed


def test_other_paths_are_not_touched(slack: Slack) -> None:
    assert h.get(slack.server.url + "/healthz").status == 200
    assert h.post(slack.server.url + "/elsewhere", "{not json", JSON).status == 404


# -- listener errors: each gets a defined outcome (issue 11, item 8) ----------------------------

def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], \
        [r.getMessage() for r in caplog.records]


def _warnings_from(caplog: pytest.LogCaptureFixture, module: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == module and r.levelno == logging.WARNING]


HOME = {"type": "app_home_opened", "user": "U0001", "channel": "D0DM", "tab": "home", "event_ts": "1700000000.000100"}


def test_app_home_when_views_publish_answers_500_logs_one_line(slack: Slack,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    slack.api.script("views.publish", h.Reply(500, {"ok": False, "error": "internal_error"}))
    assert slack.event(HOME).status == 200
    slack.api.wait_for("views.publish")
    slack.api.settle()
    assert len(slack.api.of("views.publish")) == 1, "not retried in a loop"
    (line,) = _warnings_from(caplog, "bot.slack.listeners.app_home")
    assert "views.publish for U0001 failed: HTTP 500" in line
    _no_tracebacks(caplog)
    slack.event(HOME)  # the next open publishes as usual
    assert len(slack.api.wait_for("views.publish", 2)) == 2


def test_app_home_opened_without_a_user_publishes_nothing(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    event = {k: v for k, v in HOME.items() if k != "user"}
    assert slack.event(event).status == 200
    slack.api.settle()
    assert slack.api.of("views.publish") == []
    assert len(_warnings_from(caplog, "bot.slack.listeners.app_home")) == 1
    _no_tracebacks(caplog)


def test_a_mention_without_a_channel_is_acked_and_not_answered(slack: Slack,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    event = {k: v for k, v in h.app_mention("<@U0BOT> who patches rds").items() if k != "channel"}
    assert slack.event(event).status == 200
    slack.api.settle()
    assert slack.api.calls == []
    (line,) = _warnings_from(caplog, "bot.slack.listeners.events")
    assert "without a channel" in line
    _no_tracebacks(caplog)


@pytest.mark.parametrize("text", [5, 3.5, ["who patches rds"], {"t": "who patches rds"}, None, True])
def test_a_mention_whose_text_is_not_a_string_gets_the_short_help(slack: Slack, caplog: pytest.LogCaptureFixture,
                                                                  text: object) -> None:
    event = {**h.app_mention("x", ts="1700000990.000100"), "text": text}
    assert slack.event(event).status == 200
    (post,) = slack.api.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1700000990.000100"
    assert "/srm who patches rds" in json.dumps(post.body["blocks"])
    _no_tracebacks(caplog)


def test_a_dm_whose_text_is_a_list_gets_the_short_help(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    slack.event({**h.direct_message("x"), "text": ["who", "patches", "rds"]})
    (post,) = slack.api.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0DM" and "/srm who patches rds" in json.dumps(post.body["blocks"])
    _no_tracebacks(caplog)


@pytest.mark.parametrize("body", [
    h.slash_command("who patches rds?", response_url="http://x/r"),
    "text=a%2Bb+c%26d%3De&empty=&flag&name%20with%20space=v%C3%A9rifi%C3%A9&text=last+wins",
    "a=1&&b=%ZZ&c=%&d=+",
    "",
])
def test_form_bodies_parse_as_the_standard_library_parses_them(body: str) -> None:
    from bot.slack.inbound import form_fields

    assert form_fields(body) == dict(parse_qsl(body, keep_blank_values=True))


def test_a_lazy_listeners_copy_of_a_request_is_its_own() -> None:
    """Bolt deep-copies a request for each lazy listener: the copy's body, headers and context
    dict are its own (what Bolt adds for the lazy run stays in the copy), while the per-request
    WebClient is shared rather than copied (bot.slack.inbound.ParsedRequest.__deepcopy__)."""
    import copy

    from slack_sdk import WebClient

    from bot.slack.inbound import ParsedRequest

    raw = h.event_callback(h.app_mention("<@U0BOT> who patches rds", ts="1700000000.000100"))
    request = ParsedRequest(raw_body=raw, body=json.loads(raw), query="a=1",
                            headers={"content-type": ["application/json"]})
    request.context["client"] = WebClient(token="xoxb-1")
    lazy = copy.deepcopy(request.to_copyable())
    assert (lazy.body, lazy.raw_body, lazy.mode, lazy.query) == (request.body, raw, "http", {"a": ["1"]})
    lazy.body["event"]["text"] = "changed"
    lazy.headers["content-type"].append("x")
    lazy.context["listener_runner"] = object()
    assert request.body["event"]["text"] == "<@U0BOT> who patches rds"
    assert request.headers["content-type"] == ["application/json"]
    assert "listener_runner" not in request.context
    assert lazy.context["client"] is request.context["client"]
