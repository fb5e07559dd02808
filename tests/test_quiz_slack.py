"""The daily quiz over real HTTP: signed commands and button clicks into the app, posts from the
clock process into the Web API stand-in, an injected clock throughout, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import make_server

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.answering import Answerer
from bot.cli import main
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.quiz import QuestionBank, Schedule, load_bank
from bot.slack.app import create_app
from bot.slack.deps import Deps
from bot.slack.quiz.blocks import (
    ANSWER_ACTION,
    CHOICES,
    FULL_ANSWER_ACTION,
    LABELS,
    LEADERBOARD_POST_ACTION,
    VERDICTS,
    answer_value,
)
from bot.slack.quiz.clock import QuizClock
from bot.slack.quiz.poster import QuizPoster
from bot.storage import ChannelKey, EventLedger, QuizStore, make_engine, upgrade
from bot.storage.quiz_store import Quiz
from bot.web import wsgi_app

from . import slack_harness as h
from .conftest import REPO

BERLIN_0930 = Schedule(time(9, 30), "Europe/Berlin", "weekdays")
THURSDAY = datetime(2025, 3, 27, 12, 0, tzinfo=UTC)
FRIDAY_0930 = datetime(2025, 3, 28, 8, 30, tzinfo=UTC)  # 09:30 CET
MONDAY_0930 = datetime(2025, 3, 31, 7, 30, tzinfo=UTC)  # 09:30 CEST, after the change


class _BurstWSGIServer(h._ThreadingWSGIServer):
    request_queue_size = 256  # socketserver's default backlog of 5 resets a burst of 100 clicks


class BurstAppServer(h.AppServer):
    """The harness's loopback server, able to take a hundred connections at the same instant."""

    def __init__(self, wsgi: Any) -> None:
        self.httpd = make_server("127.0.0.1", 0, wsgi, server_class=_BurstWSGIServer,
                                 handler_class=h._QuietHandler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def key(channel: str) -> ChannelKey:
    return ChannelKey(h.TEAM_ID, "", channel)


class FrozenClock:
    """The app's clock: it moves only when a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class QuizSlack:
    api: h.WebApiStandIn
    server: h.AppServer
    deps: Deps
    clock: FrozenClock
    settings: Settings
    database_url: str

    @property
    def store(self) -> QuizStore:
        return self.deps.quiz

    @property
    def response_url(self) -> str:
        return self.api.url + "/response/T0001/1234/abcd"

    def command(self, text: str, **kwargs: Any) -> h.Response:
        body = h.slash_command(text, response_url=self.response_url, **kwargs)
        return h.post(self.server.url + "/slack/events", body, "application/x-www-form-urlencoded")

    def reply(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """Run `/srm <text>` and return its one response_url reply (quiz commands answer after the ack)."""
        before = len(self.api.of("response_url"))
        assert self.command(text, **kwargs).status == 200
        return self.api.wait_for("response_url", before + 1)[before].body

    def click(self, quiz: Quiz, choice: str, user: str) -> h.Response:
        action = h.button(f"{ANSWER_ACTION}_{CHOICES.index(choice)}", answer_value(quiz.id, choice), "quiz_choices")
        body = h.block_actions(action, response_url=self.response_url, user=user, channel=quiz.key.channel_id,
                               ephemeral=False)
        return h.post(self.server.url + "/slack/events", body, "application/x-www-form-urlencoded")

    def quiz_clock(self, *, own_engine: bool = False) -> QuizClock:
        """A clock process: with `own_engine`, its own connection pool, as a second process has."""
        engine = make_engine(self.database_url) if own_engine else self.store.engine
        return QuizClock(QuizPoster(QuizStore(engine), self.deps.bank), self.settings, spacing=0)

    def schedule(self, channel: str, schedule: Schedule = BERLIN_0930, *, since: datetime = THURSDAY,
                 user: str = "U0SETUP") -> None:
        self.store.save_schedule(key(channel), schedule, user, since)

    def open_quiz(self, channel: str) -> Quiz:
        (quiz,) = self.store.open_quizzes(key(channel))
        return quiz


@pytest.fixture(scope="session")
def bank(kb: KnowledgeBase) -> QuestionBank:
    return load_bank(kb)


def start(answerer: Answerer, bank: QuestionBank, database_url: str) -> QuizSlack:
    api = h.WebApiStandIn()
    engine = make_engine(database_url)
    upgrade(engine)
    clock = FrozenClock(FRIDAY_0930)
    deps = Deps(answerer=answerer, ledger=EventLedger(engine), bank=bank, clock=clock)
    settings = Settings(slack_bot_token=h.BOT_TOKEN, slack_signing_secret=h.SIGNING_SECRET,
                        slack_api_url=api.api_url, database_url=database_url)
    server = BurstAppServer(wsgi_app(SlackRequestHandler(create_app(settings, deps)), h.SIGNING_SECRET))
    api.wait_for("auth.test")
    api.reset()
    return QuizSlack(api, server, deps, clock, settings, database_url)


def stop(running: QuizSlack) -> None:
    running.server.close()
    running.api.close()
    running.store.engine.dispose()


@pytest.fixture()
def slack(answerer: Answerer, bank: QuestionBank, sqlite_url: str) -> Iterator[QuizSlack]:
    running = start(answerer, bank, sqlite_url)
    yield running
    stop(running)


@pytest.fixture()
def slack_any_db(answerer: Answerer, bank: QuestionBank, database_url: str) -> Iterator[QuizSlack]:
    running = start(answerer, bank, database_url)
    yield running
    stop(running)


def blocks_of(call: h.Call) -> list[dict[str, Any]]:
    raw = call.body["blocks"]
    return raw if isinstance(raw, list) else json.loads(raw)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def text_of(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(h.iter_blocks_text(blocks))


def top_level(api: h.WebApiStandIn) -> list[h.Call]:
    """Posts to the channel itself: quizzes (results go in a quiz's thread)."""
    return [c for c in api.of("chat.postMessage") if not c.body.get("thread_ts")]


def in_threads(api: h.WebApiStandIn) -> list[h.Call]:
    return [c for c in api.of("chat.postMessage") if c.body.get("thread_ts")]


def view_of(call: h.Call) -> dict[str, Any]:
    view = call.body["view"]
    return view if isinstance(view, dict) else json.loads(view)


def modal_text(call: h.Call) -> str:
    """What a click's modal says (views.open), as text."""
    return text_of(view_of(call)["blocks"])


# -- /srm quiz on | off | status ------------------------------------------------------------------

def test_quiz_on_defaults_to_0930_weekdays_in_the_persons_time_zone(slack: QuizSlack) -> None:
    reply = slack.reply("quiz on", user="U0ALICE", channel="C0TEAM")
    (info,) = slack.api.of("users.info")
    assert info.body["user"] == "U0ALICE"
    assert reply["response_type"] == "ephemeral"
    assert "every working day (Mon-Fri) at 09:30 Europe/Berlin" in reply["text"]
    assert "Mon 31 Mar 09:30 CEST (07:30 UTC)" in reply["text"]  # Friday 09:30 now: next is Monday
    stored = slack.store.schedule(key("C0TEAM"))
    assert stored is not None and stored.schedule == BERLIN_0930 and stored.created_by == "U0ALICE"


def test_bad_schedule_input_gets_a_clear_error_and_changes_nothing(slack: QuizSlack) -> None:
    slack.reply("quiz on 08:00 UTC daily", channel="C0TEAM")
    before = slack.store.schedule(key("C0TEAM"))
    reply = slack.reply("quiz on 25:99 Mars/Olympus", channel="C0TEAM")
    assert reply["response_type"] == "ephemeral"
    assert "`25:99` is not a time of day" in reply["text"]
    assert "`Mars/Olympus` is not a time zone" in reply["text"]
    assert "Nothing was changed" in reply["text"]
    assert slack.store.schedule(key("C0TEAM")) == before
    slack.reply("quiz on 25:99 Mars/Olympus", channel="C0NEW")
    assert slack.store.schedule(key("C0NEW")) is None
    assert slack.api.of("users.info") == [] and slack.api.of("chat.postMessage") == []


def test_status_shows_the_next_post_in_local_time_and_utc(slack: QuizSlack) -> None:
    assert "off in this channel" in slack.reply("quiz status")["text"]
    slack.reply("quiz on 09:30 Europe/Berlin weekdays")
    status = slack.reply("quiz status")["text"]
    assert "every working day (Mon-Fri) at 09:30 Europe/Berlin" in status
    assert "Next quiz: Mon 31 Mar 09:30 CEST (07:30 UTC)" in status
    assert "off in this channel" in slack.reply("quiz off")["text"]
    assert "off in this channel" in slack.reply("quiz status")["text"]
    assert slack.store.active_schedules() == []


def test_unknown_quiz_command_shows_quiz_help(slack: QuizSlack) -> None:
    reply = slack.reply("quiz sometimes")
    assert "I don't know `/srm quiz sometimes`" in reply["text"] and "/srm quiz on" in reply["text"]


HOSTILE = "<!channel> <!here> <@U123> <https://evil.example|click> &amp; <#C0SECRET>"
RAW_MARKUP = ("<!channel>", "<!here>", "<@U123>", "<https://evil.example", "<#C0SECRET>")


@pytest.mark.parametrize("sub", ["", "help", "on", "on 25:99", "on 08:00 Mars/Olympus", "on 08:00 UTC daily",
                                 "off", "status", "now", "leaderboard", "optout", "optin", "sometimes"])
def test_every_quiz_reply_escapes_what_it_echoes(slack: QuizSlack, sub: str) -> None:
    reply = slack.reply(f"quiz {sub} {HOSTILE}".replace("  ", " "), channel="C0ECHO")
    shown = reply.get("text", "") + "\n" + text_of(reply.get("blocks", []))
    for markup in RAW_MARKUP:
        assert markup not in shown, (sub, shown)
    for post in slack.api.of("chat.postMessage"):  # `now` posts a quiz: nothing of the command in it
        assert not any(markup in json.dumps(post.body) for markup in RAW_MARKUP)


@pytest.mark.parametrize(("text", "echoed"), [
    (f"quiz {HOSTILE}", ["&lt;!channel&gt;"]),
    (f"quiz on {HOSTILE}", ["&lt;!channel&gt;", "&lt;!here&gt;", "&lt;@U123&gt;", "&amp;amp;"]),
])
def test_echoed_words_are_shown_escaped_not_dropped(slack: QuizSlack, text: str, echoed: list[str]) -> None:
    shown = slack.reply(text)["text"]
    for escaped in echoed:
        assert escaped in shown, shown


# -- the clock: posting exactly once --------------------------------------------------------------

def test_two_clocks_racing_post_each_channel_once(slack_any_db: QuizSlack) -> None:
    slack = slack_any_db
    channels = [f"C0RACE{i}" for i in range(5)]
    for channel in channels:
        slack.schedule(channel)
    clocks = [slack.quiz_clock(own_engine=True) for _ in range(2)]
    barrier = threading.Barrier(len(clocks))

    def run(clock: QuizClock) -> None:
        barrier.wait()
        clock.tick(FRIDAY_0930)

    threads = [threading.Thread(target=run, args=(c,)) for c in clocks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slack.api.settle()
    posts = slack.api.of("chat.postMessage")
    assert sorted(p.body["channel"] for p in posts) == channels
    for post in posts:
        assert action_ids(blocks_of(post)) == [f"{ANSWER_ACTION}_{i}" for i in range(3)]
        assert post.headers["Authorization"] == f"Bearer {h.BOT_TOKEN}"
    assert all(len(slack.store.open_quizzes(key(c))) == 1 for c in channels)
    for clock in clocks:
        clock.tick(FRIDAY_0930 + timedelta(minutes=1))
        clock.poster.store.engine.dispose()
    slack.api.settle()
    assert len(slack.api.of("chat.postMessage")) == 5


def test_a_clock_down_at_the_slot_posts_once_when_back_the_same_day_and_not_the_next(
        slack_any_db: QuizSlack) -> None:
    slack = slack_any_db
    slack.schedule("C0LATE")
    clock = slack.quiz_clock()
    clock.tick(datetime(2025, 3, 28, 12, 0, tzinfo=UTC))  # back at 13:00 Berlin
    clock.tick(datetime(2025, 3, 28, 12, 1, tzinfo=UTC))
    clock.tick(datetime(2025, 3, 28, 22, 59, tzinfo=UTC))  # 23:59 Berlin
    assert len(top_level(slack.api)) == 1
    assert [c.body["thread_ts"] for c in in_threads(slack.api)] == ["1700000000.000100"], "closed at 17:00"
    clock.tick(datetime(2025, 3, 31, 7, 0, tzinfo=UTC))  # Monday 09:00 CEST: not yet
    slack.api.settle()
    assert len(top_level(slack.api)) == 1
    clock.tick(MONDAY_0930)
    assert len(top_level(slack.api)) == 2
    posts = slack.store.history(key("C0LATE"))
    assert len(posts) == 2


def test_0930_berlin_posts_at_0930_local_across_the_dst_change(slack: QuizSlack) -> None:
    slack.schedule("C0DST")
    clock = slack.quiz_clock()
    clock.tick(FRIDAY_0930 - timedelta(minutes=1))
    slack.api.settle()
    assert slack.api.of("chat.postMessage") == []
    clock.tick(FRIDAY_0930)
    slack.api.wait_for("chat.postMessage", 1)
    clock.tick(MONDAY_0930 - timedelta(minutes=1))  # 09:29 CEST, 08:29 CET would be an hour late
    slack.api.settle()
    assert len(top_level(slack.api)) == 1
    clock.tick(MONDAY_0930)
    assert len(top_level(slack.api)) == 2


def test_weekdays_skip_saturday_daily_does_not(slack: QuizSlack) -> None:
    slack.schedule("C0WEEK")
    slack.schedule("C0DAILY", Schedule(time(9, 30), "Europe/Berlin", "daily"))
    slack.quiz_clock().tick(datetime(2025, 3, 29, 9, 0, tzinfo=UTC))  # Saturday 10:00 CET
    slack.api.settle()
    assert [p.body["channel"] for p in slack.api.of("chat.postMessage")] == ["C0DAILY"]


def test_posts_to_many_channels_are_spaced(slack: QuizSlack) -> None:
    for i in range(3):
        slack.schedule(f"C0SPACE{i}")
    pauses: list[float] = []
    clock = QuizClock(QuizPoster(slack.store, slack.deps.bank), slack.settings, spacing=1.1, sleep=pauses.append)
    clock.tick(FRIDAY_0930)
    assert len(slack.api.wait_for("chat.postMessage", 3)) == 3
    assert pauses == [1.1, 1.1], "one pause between each two posts, none before the first"


def test_a_429_is_retried_after_retry_after_and_the_quiz_posts_once(slack: QuizSlack) -> None:
    slack.schedule("C0BUSY")
    slack.api.script("chat.postMessage", h.Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    clock = slack.quiz_clock()
    (result,) = clock.tick(FRIDAY_0930)
    assert result.status == "posted"
    assert len(slack.api.of("chat.postMessage")) == 2  # the 429, then the retry that succeeded
    clock.tick(FRIDAY_0930 + timedelta(minutes=1))
    slack.api.settle()
    assert len(slack.api.of("chat.postMessage")) == 2
    assert slack.open_quiz("C0BUSY").message_ts == "1700000000.000100"


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
def test_a_channel_that_refuses_is_paused_and_its_owner_told(slack: QuizSlack, error: str) -> None:
    slack.schedule("C0AGONE", user="U0OWNER")
    slack.schedule("C0BFINE")
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": error}))
    clock = slack.quiz_clock()
    results = clock.tick(FRIDAY_0930)
    assert [(r.status, r.error) for r in results] == [("failed", error), ("posted", "")]
    posts = slack.api.of("chat.postMessage")
    assert [p.body["channel"] for p in posts] == ["C0AGONE", "U0OWNER", "C0BFINE"]
    dm = posts[1].body["text"]
    assert "paused the daily quiz in <#C0AGONE>" in dm and "/srm quiz on" in dm
    stored = slack.store.schedule(key("C0AGONE"))
    assert stored is not None and (stored.state, stored.paused_reason) == ("paused", error)
    clock.tick(MONDAY_0930)
    slack.api.settle()
    assert [p.body["channel"] for p in top_level(slack.api)][3:] == ["C0BFINE"]
    assert "paused here" in slack.reply("quiz status", channel="C0AGONE")["text"]


# -- answering ------------------------------------------------------------------------------------

def test_a_hundred_simultaneous_clicks_none_lost_none_doubled_then_the_reveal(slack_any_db: QuizSlack) -> None:
    slack = slack_any_db
    slack.schedule("C0CLICK")
    slack.quiz_clock().tick(FRIDAY_0930)
    slack.api.wait_for("chat.postMessage")
    quiz = slack.open_quiz("C0CLICK")
    users = [f"U{i:03d}" for i in range(100)]
    choices = {user: CHOICES[i % 3] for i, user in enumerate(users)}
    slack.api.reset()
    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(lambda u: slack.click(quiz, choices[u], u).status, users))
    assert statuses == [200] * 100
    modals = slack.api.wait_for("views.open", 100, timeout=60)
    assert slack.api.of("response_url") == [], "feedback opens in a modal, not as an ephemeral"
    assert len({m.body["trigger_id"] for m in modals}) == 100, "each on its own click's trigger_id"
    right = sum(1 for u in users if choices[u] == quiz.answer)
    assert sum(modal_text(m).startswith(":tada: *Right") for m in modals) == right
    assert sum(modal_text(m).startswith(":x: *Not quite") for m in modals) == 100 - right
    tally = slack.store.tally(quiz.id)
    assert (tally.answered, tally.right) == (100, right)

    # Double clicks: "already answered", never a second score.
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda u: slack.click(quiz, "shared", u), users[:10]))
    again = [modal_text(c) for c in slack.api.wait_for("views.open", 110, timeout=30)[100:]]
    assert all("already answered" in t for t in again)
    assert slack.store.tally(quiz.id).answered == 100

    # The running count was edited in place, throttled (the clock is frozen: one edit), anonymously.
    slack.api.settle()
    (count_edit,) = slack.api.of("chat.update")
    counted = text_of(blocks_of(count_edit))
    assert "answered so far" in counted and "<@U" not in counted
    assert action_ids(blocks_of(count_edit)) == [f"{ANSWER_ACTION}_{i}" for i in range(3)]

    # Closing time: the answer, the share right and the explanation; the buttons go away.
    slack.quiz_clock().tick(datetime(2025, 3, 28, 16, 0, tzinfo=UTC))  # 17:00 CET
    reveal = slack.api.wait_for("chat.update", 2)[1]
    assert reveal.body["ts"] == quiz.message_ts and reveal.body["channel"] == "C0CLICK"
    shown = text_of(blocks_of(reveal))
    question = slack.deps.bank.questions[quiz.question_id]
    assert f"*{LABELS[quiz.answer]}*" in shown
    assert f"{right} of 100 got it right ({round(100 * right / 100)}%)" in shown
    assert question.explanation.split()[0] in shown
    assert not [a for a in action_ids(blocks_of(reveal)) if a.startswith(ANSWER_ACTION)]
    slack.click(quiz, "aws", "U0LATE")
    assert "This quiz is closed" in modal_text(slack.api.wait_for("views.open", 111)[110])
    assert slack.store.tally(quiz.id).answered == 100

    # The results, in the quiz's thread and sent to the channel: how many chose each option.
    (results,) = in_threads(slack.api)
    assert results.body["thread_ts"] == quiz.message_ts and results.body["reply_broadcast"] is True
    shown = text_of(blocks_of(results))
    for choice in CHOICES:
        assert f"{LABELS[choice]}: {sum(1 for u in users if choices[u] == choice)} (" in shown
    assert "right answer" in shown and question.sources[0].title in shown
    assert results.body["text"].startswith(f"Quiz results: {VERDICTS[quiz.answer]} ({right} of 100")
    assert "This week's top 3" in shown and shown.count(":first_place_medal: 1st") == 3, "ties share first place"
    assert f"Next quiz: <!date^{int(MONDAY_0930.timestamp())}^" in shown, "in each reader's own time zone"


def test_the_feedback_carries_the_explanation_source_and_a_streak_across_the_weekend(slack: QuizSlack) -> None:
    slack.schedule("C0STREAK")
    clock = slack.quiz_clock()
    clock.tick(FRIDAY_0930)
    friday = slack.open_quiz("C0STREAK")
    slack.click(friday, friday.answer, "U0FAN")
    first = view_of(slack.api.wait_for("views.open")[0])
    assert "1 quiz day in a row" in json.dumps(first["blocks"])
    clock.tick(MONDAY_0930)
    slack.clock.now = MONDAY_0930 + timedelta(minutes=5)
    monday = slack.open_quiz("C0STREAK")
    slack.click(monday, monday.answer, "U0FAN")
    second = view_of(slack.api.wait_for("views.open", 2)[1])
    text = text_of(second["blocks"])
    assert "2 quiz days in a row" in text
    question = slack.deps.bank.questions[monday.question_id]
    assert question.sources[0].url in text
    if question.entry:
        assert FULL_ANSWER_ACTION in action_ids(second["blocks"])


def test_full_answer_button_shows_the_srm_answer(slack: QuizSlack) -> None:
    action = h.button(FULL_ANSWER_ACTION, "rds/patching")
    body = h.block_actions(action, response_url=slack.response_url)
    assert h.post(slack.server.url + "/slack/events", body, "application/x-www-form-urlencoded").status == 200
    (reply,) = slack.api.wait_for("response_url")
    assert reply.body["response_type"] == "ephemeral"
    assert ":cloud: *AWS owns" in json.dumps(reply.body["blocks"])


def test_a_forged_or_foreign_quiz_id_is_refused(slack: QuizSlack) -> None:
    other = slack.store.claim_quiz(ChannelKey("T0OTHER", "", "C0X"), slot="2025-03-28", local_date=date(2025, 3, 28),
                                   tz="UTC", question_id="quiz/soc2-reports", answer="aws",
                                   closes_at=FRIDAY_0930, now=FRIDAY_0930)
    assert other is not None
    slack.click(other, "aws", "U0001")
    assert "no longer available" in modal_text(slack.api.wait_for("views.open")[0])
    assert slack.store.tally(other.id).answered == 0


def _click_body(slack: QuizSlack, action_id: str, value: str, *, channel: str, user: str | None = "U0001") -> str:
    body = h.block_actions(h.button(action_id, value, "quiz_choices"), response_url=slack.response_url,
                           user=user or "U0001", channel=channel, ephemeral=False)
    if user is None:
        payload = json.loads(dict(parse_qsl(body))["payload"])
        del payload["user"]
        body = h.form({"payload": json.dumps(payload)})
    return body


def _post_click(slack: QuizSlack, body: str) -> str:
    """Post a click and return what the one modal it opens says."""
    before = len(slack.api.of("views.open"))
    assert h.post(slack.server.url + "/slack/events", body, "application/x-www-form-urlencoded").status == 200
    reply = slack.api.wait_for("views.open", before + 1)[before]
    assert reply.body["trigger_id"] == json.loads(dict(parse_qsl(body))["payload"])["trigger_id"]
    return modal_text(reply)


def test_a_click_from_another_channel_is_not_scored_on_that_quiz(slack: QuizSlack) -> None:
    slack.schedule("C0QUIZ")
    slack.quiz_clock().tick(FRIDAY_0930)
    quiz = slack.open_quiz("C0QUIZ")
    action = f"{ANSWER_ACTION}_{CHOICES.index(quiz.answer)}"
    text = _post_click(slack, _click_body(slack, action, answer_value(quiz.id, quiz.answer), channel="C0ELSE"))
    assert "no longer available" in text and "Right" not in text
    assert slack.store.tally(quiz.id).answered == 0
    assert _post_click(slack, _click_body(slack, action, answer_value(quiz.id, quiz.answer), channel="C0QUIZ")
                       ).startswith(":tada: *Right")


@pytest.mark.parametrize("value", ["²:aws", "1" * 20, "9" * 20 + ":aws", "9" * 5000 + ":aws", "0:aws", "-1:aws",
                                   " 1:aws", "1:aws:x", "1:AWS", "1:", ":aws", "", "١:aws", "1 :aws", "0x1:aws"])
def test_forged_quiz_values_are_refused_politely(slack: QuizSlack, caplog: pytest.LogCaptureFixture,
                                                 value: str) -> None:
    slack.schedule("C0FORGE")
    slack.quiz_clock().tick(FRIDAY_0930)
    quiz = slack.open_quiz("C0FORGE")
    assert "no longer available" in _post_click(slack, _click_body(slack, f"{ANSWER_ACTION}_0", value,
                                                                   channel="C0FORGE"))
    assert slack.store.tally(quiz.id).answered == 0
    assert not [r for r in caplog.records if r.exc_info], "refused, not raised"


def test_ids_past_a_64_bit_integer_are_refused_on_both_databases(slack_any_db: QuizSlack) -> None:
    """PostgreSQL's bigint (and SQLite's int64) would raise on these inside the listener."""
    for value in ("9" * 19 + ":aws", "18446744073709551616:aws"):
        assert "no longer available" in _post_click(slack_any_db, _click_body(slack_any_db, f"{ANSWER_ACTION}_0",
                                                                              value, channel="C0BIG"))


def test_a_button_whose_position_and_choice_disagree_is_refused(slack: QuizSlack) -> None:
    slack.schedule("C0SWAP")
    slack.quiz_clock().tick(FRIDAY_0930)
    quiz = slack.open_quiz("C0SWAP")
    text = _post_click(slack, _click_body(slack, f"{ANSWER_ACTION}_0", answer_value(quiz.id, "shared"),
                                          channel="C0SWAP"))
    assert "no longer available" in text
    assert slack.store.tally(quiz.id).answered == 0


def test_a_click_without_a_user_is_refused_not_stored_as_nobody(slack: QuizSlack) -> None:
    slack.schedule("C0ANON")
    slack.quiz_clock().tick(FRIDAY_0930)
    quiz = slack.open_quiz("C0ANON")
    action = f"{ANSWER_ACTION}_{CHOICES.index(quiz.answer)}"
    text = _post_click(slack, _click_body(slack, action, answer_value(quiz.id, quiz.answer), channel="C0ANON",
                                          user=None))
    assert "couldn't tell who clicked" in text
    assert slack.store.tally(quiz.id).answered == 0
    assert slack.store.answer_of(quiz.id, "") is None


# -- now, leaderboard, optout, App Home -----------------------------------------------------------

def test_quiz_now_posts_an_extra_and_closes_the_previous(slack: QuizSlack) -> None:
    slack.reply("quiz now", channel="C0NOW")
    slack.clock.now += timedelta(hours=1)
    slack.reply("quiz now", channel="C0NOW")
    assert [p.body["channel"] for p in top_level(slack.api)] == ["C0NOW", "C0NOW"]
    (reveal,) = slack.api.of("chat.update")
    assert not [a for a in action_ids(blocks_of(reveal)) if a.startswith(ANSWER_ACTION)]
    assert len(slack.store.open_quizzes(key("C0NOW"))) == 1
    (results,) = in_threads(slack.api)
    assert results.body["thread_ts"] == reveal.body["ts"] and results.body["reply_broadcast"] is True


def test_quiz_now_at_most_one_extra_per_channel_per_hour_even_when_sent_at_once(slack_any_db: QuizSlack) -> None:
    slack = slack_any_db
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: slack.command("quiz now", channel="C0FLOOD").status, range(8)))
    assert statuses == [200] * 8
    replies = [c.body["text"] for c in slack.api.wait_for("response_url", 8, timeout=30)]
    assert sum(r == "Posted a quiz question here." for r in replies) == 1
    refusals = [r for r in replies if r != "Posted a quiz question here."]
    assert len(refusals) == 7 and all("One extra quiz per channel per hour" in r for r in refusals)
    assert all("in 60 min" in r and "<!date^" in r for r in refusals)
    assert [p.body["channel"] for p in top_level(slack.api)] == ["C0FLOOD"]
    assert slack.reply("quiz now", channel="C0OTHER")["text"] == "Posted a quiz question here.", "per channel"
    slack.clock.now += timedelta(minutes=59)
    assert "in 1 min" in slack.reply("quiz now", channel="C0FLOOD")["text"]
    slack.clock.now += timedelta(minutes=1)
    assert slack.reply("quiz now", channel="C0FLOOD")["text"] == "Posted a quiz question here."
    assert [p.body["channel"] for p in top_level(slack.api)] == ["C0FLOOD", "C0OTHER", "C0FLOOD"]


def test_a_refused_quiz_now_does_not_use_up_the_hour(slack: QuizSlack) -> None:
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": "not_in_channel"}))
    assert "/invite @srm" in slack.reply("quiz now", channel="C0NOPE")["text"]
    assert slack.reply("quiz now", channel="C0NOPE")["text"] == "Posted a quiz question here."


def test_quiz_now_where_the_bot_is_not_a_member_explains(slack: QuizSlack) -> None:
    slack.api.script("chat.postMessage", h.Reply(200, {"ok": False, "error": "not_in_channel"}))
    reply = slack.reply("quiz now", channel="C0NOPE")
    assert "/invite @srm" in reply["text"]


def _names(body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "user": {"id": body["user"], "profile": {"display_name": f"name-{body['user']}"}}}


def test_leaderboard_top_five_with_medals_names_no_zeros_and_your_place(slack: QuizSlack) -> None:
    slack.clock.now = MONDAY_0930
    board_key = key("C0BOARD")
    quizzes = [slack.store.claim_quiz(board_key, slot=f"extra:{i}", local_date=date(2025, 3, 31), tz="UTC",
                                      question_id="quiz/soc2-reports", answer="aws", closes_at=MONDAY_0930,
                                      now=MONDAY_0930) for i in range(7)]
    for i in range(1, 8):  # U0P7 has seven right answers, U0P1 one; U0ZERO only wrong ones
        for quiz in quizzes[:i]:
            assert quiz is not None
            slack.store.record_answer(quiz, f"U0P{i}", "aws", MONDAY_0930)
    assert quizzes[0] is not None
    slack.store.record_answer(quizzes[0], "U0ZERO", "shared", MONDAY_0930)
    slack.api.answer_with("users.info", _names)
    board = slack.reply("quiz leaderboard", user="U0P2", channel="C0BOARD")
    shown = text_of(board["blocks"])
    week = shown.split("*All time*")[0]
    assert ":first_place_medal: 1st  name-U0P7 · 7 right of 7" in week
    assert ":third_place_medal: 3rd  name-U0P5" in week and "5th  name-U0P3" in week
    assert "U0P2" not in week and "U0P1" not in week, "top five"
    assert "U0ZERO" not in shown, "nobody with zero right answers"
    assert "<@" not in shown
    assert "You: 6th this week · You: 6th all time" in shown
    assert board["text"].startswith("Quiz leaderboard this week: 1st name-U0P7 (7 right)")
    (post_button,) = [e for b in board["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert post_button["action_id"] == LEADERBOARD_POST_ACTION and post_button["value"] == "C0BOARD"

    body = h.block_actions(h.button(LEADERBOARD_POST_ACTION, "C0BOARD"), response_url=slack.response_url,
                           user="U0P2", channel="C0BOARD")
    assert h.post(slack.server.url + "/slack/events", body, "application/x-www-form-urlencoded").status == 200
    (posted,) = slack.api.wait_for("chat.postMessage")
    assert posted.body["channel"] == "C0BOARD"
    assert posted.body["text"].startswith("Quiz leaderboard this week: 1st name-U0P7 (7 right)")
    public = text_of(blocks_of(posted))
    assert "name-U0P7" in public and "<@" not in public and "Posted by name-U0P2" in public
    assert "You:" not in public and action_ids(blocks_of(posted)) == []
    assert slack.api.wait_for("response_url", 2)[1].body.get("delete_original") is True


def test_leaderboard_this_week_and_all_time_and_optout(slack: QuizSlack) -> None:
    slack.schedule("C0BOARD")
    clock = slack.quiz_clock()
    clock.tick(FRIDAY_0930)  # last week, seen from Monday
    friday = slack.open_quiz("C0BOARD")
    clock.tick(MONDAY_0930)
    slack.clock.now = MONDAY_0930
    monday = slack.open_quiz("C0BOARD")
    for user in ("U0OLD1", "U0OLD2"):
        slack.store.record_answer(friday, user, friday.answer, FRIDAY_0930)
    slack.store.record_answer(monday, "U0NEW", monday.answer, MONDAY_0930)
    slack.api.answer_with("users.info", _names)
    board = slack.reply("quiz leaderboard", channel="C0BOARD")
    week, all_time = text_of(board["blocks"]).split("*All time*")
    assert "U0OLD1" not in week and "U0OLD1" in all_time and "U0NEW" in week
    slack.reply("quiz optout", user="U0OLD1", channel="C0BOARD")
    board = slack.reply("quiz leaderboard", channel="C0BOARD")
    assert "U0OLD1" not in text_of(board["blocks"]) and "U0OLD2" in text_of(board["blocks"])
    slack.reply("quiz optin", user="U0OLD1", channel="C0BOARD")
    assert "U0OLD1" in text_of(slack.reply("quiz leaderboard", channel="C0BOARD")["blocks"])


def test_app_home_shows_the_persons_own_stats(slack: QuizSlack) -> None:
    slack.schedule("C0HOME")
    slack.quiz_clock().tick(FRIDAY_0930)
    quiz = slack.open_quiz("C0HOME")
    slack.click(quiz, quiz.answer, "U0001")
    slack.api.wait_for("views.open")
    body = h.event_callback({"type": "app_home_opened", "user": "U0001", "channel": "D0DM", "tab": "home",
                             "event_ts": "1700000000.000100"})
    h.post(slack.server.url + "/slack/events", body, "application/json")
    (call,) = slack.api.wait_for("views.publish")
    view = call.body["view"] if isinstance(call.body["view"], dict) else json.loads(call.body["view"])
    shown = json.dumps(view)
    assert "Your daily quiz" in shown and "1 answered" in shown and "100%" in shown
    assert "Current streak: 1 in <#C0HOME>" in shown


# -- srm quiz post (cron) -------------------------------------------------------------------------

def test_srm_quiz_post_posts_todays_quiz_once(slack: QuizSlack, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in {"DATABASE_URL": slack.database_url, "SLACK_BOT_TOKEN": h.BOT_TOKEN,
                        "SLACK_API_URL": slack.api.api_url, "LOG_LEVEL": "WARNING"}.items():
        monkeypatch.setenv(name, value)
    slack.schedule("C0CRON", Schedule(time(9, 30), "UTC", "daily"))
    assert main(["quiz", "post", "--channel", "C0CRON"]) == 0
    assert main(["quiz", "post", "--channel", "C0CRON"]) == 0
    out = capsys.readouterr().out
    assert "posted today's quiz" in out and "was already posted" in out
    slack.api.settle()
    assert [p.body["channel"] for p in slack.api.of("chat.postMessage")] == ["C0CRON"]
    assert main(["quiz", "post", "--channel", "C0NOWHERE"]) == 1
    assert "no quiz schedule" in capsys.readouterr().err


# -- srm clock (the Procfile's clock: process) ----------------------------------------------------

def test_procfile_clock_process_posts_a_due_quiz(slack: QuizSlack) -> None:
    line = next(x for x in (REPO / "Procfile").read_text().splitlines() if x.startswith("clock:"))
    assert line == "clock: srm clock"
    now = datetime.now(UTC)
    slack.schedule("C0PROC", Schedule(time(0, 0), "UTC", "daily"), since=now - timedelta(days=2))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=slack.database_url, SLACK_BOT_TOKEN=h.BOT_TOKEN, SLACK_API_URL=slack.api.api_url,
               LOG_LEVEL="WARNING", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    proc = subprocess.Popen(["bash", "-c", line.split(":", 1)[1]], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        (post,) = slack.api.wait_for("chat.postMessage", timeout=30)
        assert post.body["channel"] == "C0PROC"
        assert proc.poll() is None, "the clock keeps running"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_srm_clock_without_a_token_says_what_is_missing(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["clock"]) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err
