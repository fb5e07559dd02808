"""Feedback and gaps over signed HTTP: 👍 / 👎 exactly once under concurrent clicks, "Report a
wrong answer" in a modal, "Ask a human" to the workspace's chosen channel, unanswered questions
kept for `srm gaps`, and all of it deleted on uninstall."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.answering import Answerer
from bot.cli import main
from bot.slack import feedback_blocks as fb
from bot.slack.deps import Deps
from bot.storage.feedback import AnswerKey
from bot.storage.tables import answer_feedback, thread_contexts, workspace_settings

from . import slack_harness as h
from .test_slack_app import Slack, start_slack

ANSWER_TS = "1700500000.000100"


@pytest.fixture()
def running(answerer: Answerer, sqlite_url: str) -> Iterator[tuple[Slack, Deps]]:
    slack, deps = start_slack(answerer, sqlite_url)
    yield slack, deps
    slack.server.close()
    slack.api.close()
    deps.ledger.engine.dispose()


@pytest.fixture()
def running_any_db(answerer: Answerer, database_url: str) -> Iterator[tuple[Slack, Deps]]:
    slack, deps = start_slack(answerer, database_url)
    yield slack, deps
    slack.server.close()
    slack.api.close()
    deps.ledger.engine.dispose()


def _srm_answer(slack: Slack, text: str = "who patches rds") -> list[dict[str, Any]]:
    response = slack.command(text)
    assert response.status == 200
    return response.json()["blocks"]


def _feedback_element(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    (block,) = [b for b in blocks if b["type"] == "context_actions"]
    (element,) = block["elements"]
    return element


def _overflow(blocks: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    (block,) = [b for b in blocks if b["type"] == "actions" and b["elements"][0]["type"] == "overflow"]
    return block["block_id"], block["elements"][0]


def _vote_click(slack: Slack, value: str, user: str, *, channel: str = "C0FEED") -> int:
    action = {"type": "feedback_buttons", "action_id": fb.FEEDBACK_ACTION, "block_id": "fb", "value": value,
              "text": {"type": "plain_text", "text": "👎"}}
    body = h.block_actions(action, response_url=slack.response_url, user=user, channel=channel)
    payload = json.loads(h.parse_qs_payload(body))
    payload["container"]["message_ts"] = ANSWER_TS
    return h.post(slack.events_url, h.form({"payload": json.dumps(payload)}),
                  "application/x-www-form-urlencoded").status


def _more_click(slack: Slack, block_id: str, option: str, user: str = "U0ASKER") -> h.Response:
    action = {"type": "overflow", "action_id": fb.MORE_ACTION, "block_id": block_id,
              "selected_option": {"text": {"type": "plain_text", "text": option}, "value": option}}
    body = h.block_actions(action, response_url=slack.response_url, user=user, channel="C0FEED")
    payload = json.loads(h.parse_qs_payload(body))
    payload["container"]["message_ts"] = ANSWER_TS
    return h.post(slack.events_url, h.form({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def _rows(deps: Deps, **where: str) -> list[Any]:
    statement = select(answer_feedback)
    for column, value in where.items():
        statement = statement.where(answer_feedback.c[column] == value)
    with deps.ledger.engine.connect() as connection:
        return list(connection.execute(statement))


def test_every_answer_carries_native_feedback_and_a_menu(running: tuple[Slack, Deps]) -> None:
    slack, _ = running
    blocks = _srm_answer(slack)
    element = _feedback_element(blocks)
    assert element["type"] == "feedback_buttons" and element["action_id"] == fb.FEEDBACK_ACTION
    assert element["positive_button"]["text"]["text"] == "👍" and element["negative_button"]["text"]["text"] == "👎"
    assert element["positive_button"]["accessibility_label"] and element["negative_button"]["accessibility_label"]
    assert fb.read_feedback_value(element["negative_button"]["value"]) == ("rds/patching", "down")
    block_id, overflow = _overflow(blocks)
    assert [o["text"]["text"] for o in overflow["options"]] == ["Report a wrong answer", "Ask a human"]
    assert fb.read_more_block_id(block_id) == ("rds/patching", "who patches rds")


def test_a_thumbs_down_counts_once_per_person_under_concurrent_clicks(running_any_db: tuple[Slack, Deps]) -> None:
    slack, deps = running_any_db
    down = fb.feedback_value("rds/patching", "down")
    clicks = [f"U0P{i % 5}" for i in range(40)]  # five people, eight clicks each, all at once
    with ThreadPoolExecutor(max_workers=20) as pool:
        assert set(pool.map(lambda user: _vote_click(slack, down, user), clicks)) == {200}
    replies = [c.body["text"] for c in slack.api.wait_for("response_url", 40, timeout=30)]
    assert sum("already gave feedback" in r for r in replies) == 35
    assert sum(r.startswith("Thanks for telling me") for r in replies) == 5
    rows = _rows(deps, kind="down")
    assert sorted(r.user_id for r in rows) == [f"U0P{i}" for i in range(5)]
    assert all(r.entry == "rds/patching" and r.question is None and r.message_ts == ANSWER_TS for r in rows), \
        "a vote keeps no question text"
    # 👍 after 👎 from the same person on the same answer: still one vote.
    _vote_click(slack, fb.feedback_value("rds/patching", "up"), "U0P0")
    assert "already gave feedback" in slack.api.wait_for("response_url", 41)[40].body["text"]
    assert len(_rows(deps, user_id="U0P0")) == 1


def test_report_a_wrong_answer_opens_a_modal_and_is_stored_once(running: tuple[Slack, Deps]) -> None:
    slack, deps = running
    block_id, _ = _overflow(_srm_answer(slack, "who patches rds <!channel>"))
    assert _more_click(slack, block_id, fb.REPORT_OPTION).status == 200
    (opened,) = slack.api.wait_for("views.open")
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert view["callback_id"] == fb.REPORT_CALLBACK and opened.body["trigger_id"]
    assert [b["block_id"] for b in view["blocks"]] == ["what", "source"]
    assert view["blocks"][1]["optional"] is True

    def submit(what: str) -> h.Response:
        submitted = {**view, "id": "V0REPORT", "state": {"values": {
            "what": {"what": {"type": "plain_text_input", "value": what}},
            "source": {"source": {"type": "url_text_input", "value": "https://docs.aws.amazon.com/x.html"}}}}}
        payload = {"type": "view_submission", "team": {"id": h.TEAM_ID, "domain": "example"},
                   "user": {"id": "U0ASKER", "team_id": h.TEAM_ID}, "api_app_id": "A0SRM",
                   "token": "gIkuvaNzQIHg97ATvDxqgjtO", "trigger_id": "1.2.3", "view": submitted}
        return h.post(slack.events_url, h.form({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    first = submit("Major version upgrades are ours, the headline hides that")
    assert first.status == 200 and first.json()["response_action"] == "update"
    again = submit("twice")
    assert again.json() == {"response_action": "errors",
                            "errors": {"what": "You already reported this answer. Thank you!"}}
    (row,) = _rows(deps, kind="report")
    assert (row.entry, row.channel_id, row.message_ts) == ("rds/patching", "C0FEED", ANSWER_TS)
    assert row.question.startswith("who patches rds") and row.detail.startswith("Major version")
    assert row.source == "https://docs.aws.amazon.com/x.html"


def test_ask_a_human_posts_to_the_chosen_channel_attributed_once(running: tuple[Slack, Deps]) -> None:
    slack, deps = running
    block_id, _ = _overflow(_srm_answer(slack, "who patches rds <!here> a < b & c"))
    _more_click(slack, block_id, fb.HUMAN_OPTION)
    assert "/srm escalate #channel" in slack.api.wait_for("response_url")[0].body["text"]
    assert slack.api.of("chat.postMessage") == []

    slack.api.script("conversations.list", h.Reply(body={
        "ok": True, "channels": [{"id": "C0GEN", "name": "general"}], "response_metadata": {"next_cursor": "p2"}}),
        h.Reply(body={"ok": True, "channels": [{"id": "C0ESC", "name": "cloud-security"}],
                      "response_metadata": {"next_cursor": ""}}))
    slack.command("escalate #cloud-security")
    assert "<#C0ESC>" in slack.api.wait_for("response_url", 2)[1].body["text"]
    assert deps.feedback.escalation(h.TEAM_ID, "") == "C0ESC"
    slack.command("escalate <#C0SEC|security>")
    slack.api.wait_for("response_url", 3)
    assert deps.feedback.escalation(h.TEAM_ID, "") == "C0SEC", "a channel as Slack escapes it"

    _more_click(slack, block_id, fb.HUMAN_OPTION)
    (post,) = slack.api.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0SEC"
    assert "<@U0ASKER> asked in <#C0FEED>" in post.body["text"] and "rds/patching" in post.body["text"]
    assert "a &lt; b &amp; c" in post.body["text"] and "<!here>" not in post.body["text"], "escaped"
    assert "<#C0SEC>" in slack.api.wait_for("response_url", 4)[3].body["text"]
    _more_click(slack, block_id, fb.HUMAN_OPTION)
    assert "already asked a human" in slack.api.wait_for("response_url", 5)[4].body["text"]
    slack.api.settle()
    assert len(slack.api.of("chat.postMessage")) == 1


def test_a_refusal_offers_feedback_and_a_human(running: tuple[Slack, Deps]) -> None:
    """When the bot cannot answer, the way on is a person: the refusal carries the same 👍 / 👎
    and menu as an answer, its report is of a missing answer, and "Ask a human" says so."""
    slack, deps = running
    refusal = _srm_answer(slack, "who rotates the flux capacitor keys")
    assert ":thinking_face:" in json.dumps(refusal)
    assert _feedback_element(refusal)["type"] == "feedback_buttons"
    block_id, overflow = _overflow(refusal)
    assert [o["text"]["text"] for o in overflow["options"]] == ["Report a missing answer", "Ask a human"]
    assert _vote_click(slack, _feedback_element(refusal)["negative_button"]["value"], "U0VOTER") == 200
    slack.api.wait_for("response_url")
    assert [(r.kind, r.entry) for r in _rows(deps, kind="down")] == [("down", None)]

    deps.feedback.set_escalation(h.TEAM_ID, "", "C0ESC", "U0ADMIN", deps.clock())
    _more_click(slack, block_id, fb.HUMAN_OPTION)
    (post,) = slack.api.wait_for("chat.postMessage")
    assert "flux capacitor" in post.body["text"] and "I couldn't answer it" in post.body["text"]
    _more_click(slack, block_id, fb.REPORT_OPTION)
    (opened,) = slack.api.wait_for("views.open")
    assert opened.body["view"]["title"]["text"] == "Report a missing answer"


def test_unanswered_questions_are_kept_for_gaps_and_srm_gaps_lists_them(
        running: tuple[Slack, Deps], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        sqlite_url: str) -> None:
    slack, deps = running
    refused = slack.command("who rotates the flux capacitor keys")
    assert refused.status == 200
    mention = h.app_mention("<@U0BOT> who owns the flux capacitor", channel="C0GAPS")
    slack.event(mention)
    slack.api.wait_for("chat.postMessage")
    for _ in range(100):
        if len(_rows(deps, kind="unanswered")) == 2:
            break
        time.sleep(0.05)
    questions = sorted(r.question for r in _rows(deps, kind="unanswered"))
    assert questions == ["who owns the flux capacitor", "who rotates the flux capacitor keys"]
    _srm_answer(slack)  # an answered question keeps nothing
    key = AnswerKey(h.TEAM_ID, "", "C0FEED", ANSWER_TS)
    deps.feedback.record(key, "U0A", "report", "report", datetime.now(UTC), entry="rds/patching",
                         question="who patches rds", detail="Major upgrades are ours", source="https://x.example")
    deps.feedback.record(key, "U0B", "vote", "down", datetime.now(UTC), entry="rds/patching")
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    assert main(["gaps", "--since", "30d"]) == 0
    out = capsys.readouterr().out
    assert "## rds/patching" in out and "👎 1 · reports 1" in out and "Major upgrades are ours" in out
    assert "# knowledge/services/rds.yaml, under topics: patching: conditions:" in out
    assert "who rotates the flux capacitor keys" in out and "```yaml" in out
    assert out.index("## rds/patching") < out.index("who owns the flux capacitor") or "(nothing matched)" in out
    assert main(["gaps", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("entry,down,reports,unanswered") and any(x.startswith("rds/patching,1,1") for x in lines)
    assert main(["gaps", "--since", "soon"]) == 2


def test_feedback_older_than_90_days_is_deleted(running: tuple[Slack, Deps]) -> None:
    _, deps = running
    key = AnswerKey(h.TEAM_ID, "", "C0OLD", ANSWER_TS)
    now = datetime.now(UTC)
    deps.feedback.record(key, "U0OLD", "report", "report", now - timedelta(days=91), question="old", detail="x")
    deps.feedback.record(key, "U0NEW", "report", "report", now - timedelta(days=89), question="new", detail="x")
    assert deps.feedback.forget_before(now - timedelta(days=90)) == 1
    assert [r.question for r in _rows(deps)] == ["new"]


def test_uninstall_deletes_feedback_threads_and_settings(running: tuple[Slack, Deps]) -> None:
    slack, deps = running
    deps.feedback.record(AnswerKey(h.TEAM_ID, "", "C0X", ANSWER_TS), "U0A", "report", "report",
                         datetime.now(UTC), question="q", detail="d")
    deps.feedback.set_escalation(h.TEAM_ID, "", "C0ESC", "U0A", datetime.now(UTC))
    slack.event(h.app_mention("<@U0BOT> who patches rds", ts="1700600000.000100"))
    slack.api.wait_for("chat.postMessage")

    def count(table: Any) -> int:
        with deps.ledger.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(table)
                                      .where(table.c.team_id == h.TEAM_ID)).scalar_one()

    assert count(answer_feedback) == 1 and count(workspace_settings) == 1 and count(thread_contexts) == 1
    slack.event({"type": "app_uninstalled", "event_ts": "1700000000.1"})
    for _ in range(100):
        if count(answer_feedback) + count(workspace_settings) + count(thread_contexts) == 0:
            break
        time.sleep(0.05)
    assert (count(answer_feedback), count(workspace_settings), count(thread_contexts)) == (0, 0, 0)


MINE = ("channel_limits", "thread_contexts", "answer_feedback", "workspace_settings")


def test_the_migration_matches_the_tables_and_goes_down_and_up(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from bot.storage import make_engine, upgrade
    from bot.storage.migrate import downgrade
    from bot.storage.tables import metadata

    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [d for d in diffs if any(name in repr(d) for name in MINE)] == [], "tables.py and the migration agree"
    downgrade(engine, "0003")
    assert not set(MINE) & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(MINE) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_clocks_hourly_housekeeping_forgets_old_feedback_and_quiet_threads(running: tuple[Slack, Deps]) -> None:
    from bot.answering.followup import ThreadContext
    from bot.cli import _housekeeping
    from bot.storage.threads import ThreadContexts, ThreadKey

    _, deps = running
    now = datetime.now(UTC)
    engine = deps.ledger.engine
    deps.feedback.record(AnswerKey(h.TEAM_ID, "", "C0H", "1"), "U0A", "report", "report", now - timedelta(days=95),
                         question="old", detail="x")
    deps.feedback.record(AnswerKey(h.TEAM_ID, "", "C0H", "2"), "U0A", "report", "report", now, question="new",
                         detail="x")
    threads = ThreadContexts(engine)
    for ts, context, at in [("1.1", ThreadContext("rds", "patching"), now - timedelta(days=8)),
                            ("2.2", ThreadContext("rds", "backup"), now)]:  # as a reply writes it, with its claim
        assert deps.ledger.claim(f"reply:{h.TEAM_ID}:C0H:{ts}", h.TEAM_ID,
                                 threads.row(ThreadKey(h.TEAM_ID, "", "C0H", ts), context, at))
    _housekeeping(engine)()
    assert [r.question for r in _rows(deps)] == ["new"]
    assert threads.get(ThreadKey(h.TEAM_ID, "", "C0H", "2.2"), now) == ThreadContext("rds", "backup")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(thread_contexts)).scalar_one() == 1
