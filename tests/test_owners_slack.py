"""Owners of the customer side, over real HTTP: signed `/srm owners` commands, answers on every
surface, Page clicks, uninstall; the Web API stand-in answers users.info (is_admin / is_owner),
usergroups.list and conversations.info from its directory. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import func, select

from bot.answering import Answerer
from bot.config import Settings
from bot.slack import home_blocks
from bot.slack.app import create_app
from bot.slack.blocks import MORE_ACTION, SHARE_ACTION, button_value
from bot.slack.deps import Deps
from bot.slack.owner_names import NAME_TTL, OrgOwners, OwnerNames
from bot.slack.owners_blocks import GONE, PAGE_ACTION
from bot.storage import EventLedger, make_engine, upgrade
from bot.storage.owners_cache import CHECK_EVERY, OwnersCache
from bot.storage.owners_store import OwnersStore, Workspace
from bot.storage.tables import metadata
from bot.web import wsgi_app

from . import slack_harness as h
from .test_blocks import check_limits
from .test_quiz_slack import FRIDAY_0930, BurstAppServer, FrozenClock

ADMIN, OWNER, DEV, JANE = "U0ADMIN", "U0OWNER", "U0DEV", "U0JANE"
WS = Workspace(h.TEAM_ID)
PLATFORM = "<!subteam^S0PLAT|@platform-oncall>"
CLICKERS = [f"U0C{i:02d}" for i in range(16)]


class Timer:
    """The caches' clock: it moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def directory(api: h.WebApiStandIn) -> None:
    people = {ADMIN: {"is_admin": True}, OWNER: {"is_owner": True}, DEV: {}, "U0001": {},
              JANE: {"real_name": "Jane Doe"}, **{c: {} for c in CLICKERS}}
    api.users = {uid: {"id": uid, "name": uid.lower(), "tz": "Europe/Berlin", "is_admin": False, "is_owner": False,
                       "deleted": False, **extra, "profile": {"real_name": extra.get("real_name", "")}}
                 for uid, extra in people.items()}
    api.usergroups = {gid: {"id": gid, "handle": handle, "name": handle.title(), "date_delete": 0, "users": [DEV]}
                      for gid, handle in [("S0PLAT", "platform-oncall"), ("S0SRE", "sre"), ("S0EKS", "eks-team"),
                                          ("S0NET", "netops")]}
    api.channels = {"C0CHANNEL": {"id": "C0CHANNEL", "name": "general"},
                    "C0INC": {"id": "C0INC", "name": "inc-2231-payments"},
                    "C0SEC": {"id": "C0SEC", "name": "sec-team"}}


@dataclass
class OwnersSlack:
    api: h.WebApiStandIn
    server: h.AppServer
    deps: Deps
    timer: Timer

    @property
    def url(self) -> str:
        return self.server.url + "/slack/events"

    @property
    def response_url(self) -> str:
        return self.api.url + "/response/T0001/1234/abcd"

    def command(self, text: str, user: str = "U0001", **kwargs: Any) -> h.Response:
        body = h.slash_command(text, response_url=self.response_url, user=user, **kwargs)
        return h.post(self.url, body, "application/x-www-form-urlencoded")

    def ask(self, text: str, user: str = "U0001") -> list[dict[str, Any]]:
        """`/srm <question>`: answered in the HTTP response itself."""
        response = self.command(text, user)
        assert response.status == 200, response.body
        return response.json()["blocks"]

    def owners(self, text: str, user: str = ADMIN) -> dict[str, Any]:
        """`/srm owners ...`: its one response_url reply."""
        before = len(self.api.of("response_url"))
        assert self.command(f"owners {text}".strip(), user).status == 200
        return self.api.wait_for("response_url", before + 1)[before].body

    def event(self, event: dict[str, Any], **kwargs: Any) -> h.Response:
        return h.post(self.url, h.event_callback(event, **kwargs), "application/json")

    def click(self, action: dict[str, Any], user: str = "U0001", channel: str = "C0CHANNEL") -> h.Response:
        body = h.block_actions(action, response_url=self.response_url, user=user, channel=channel, ephemeral=False)
        return h.post(self.url, body, "application/x-www-form-urlencoded")

    def post_after(self, before: int) -> dict[str, Any]:
        return self.api.wait_for("chat.postMessage", before + 1)[before].body


def start(answerer: Answerer, database_url: str, timer: Timer | None = None) -> OwnersSlack:
    api = h.WebApiStandIn()
    directory(api)
    engine = make_engine(database_url)
    upgrade(engine)
    timer = timer or Timer()
    org = OrgOwners(OwnersCache(OwnersStore(engine), timer=timer), OwnerNames(timer=timer))
    deps = Deps(answerer=answerer, ledger=EventLedger(engine), org_owners=org, clock=FrozenClock(FRIDAY_0930))
    settings = Settings(slack_bot_token=h.BOT_TOKEN, slack_signing_secret=h.SIGNING_SECRET,
                        slack_api_url=api.api_url, database_url=database_url)
    server = BurstAppServer(wsgi_app(SlackRequestHandler(create_app(settings, deps)), h.SIGNING_SECRET))
    api.wait_for("auth.test")
    api.reset()
    return OwnersSlack(api, server, deps, timer)


def stop(running: OwnersSlack) -> None:
    running.server.close()
    running.api.close()
    running.deps.ledger.engine.dispose()


@pytest.fixture()
def slack(answerer: Answerer, database_url: str) -> Iterator[OwnersSlack]:
    running = start(answerer, database_url)
    yield running
    stop(running)


def texts(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(h.iter_blocks_text(blocks))


def org_line(blocks: list[dict[str, Any]]) -> str | None:
    lines = [t for t in h.iter_blocks_text(blocks) if "In your org" in t]
    assert len(lines) <= 1, lines
    return lines[0] if lines else None


def page_button(blocks: list[dict[str, Any]]) -> dict[str, Any] | None:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == PAGE_ACTION:
                return element
    return None


def set_precedence_fixture(slack: OwnersSlack) -> None:
    for scope, owner in [("*", PLATFORM), ("patching", "<!subteam^S0SRE|@sre>"),
                         ("network-config", "<!subteam^S0NET|@netops>"), ("eks", "<!subteam^S0EKS|@eks-team>"),
                         ("eks/patching", f"<@{JANE}|jane>")]:
        reply = slack.owners(f"set {scope} {owner}")
        assert reply["text"].startswith(":white_check_mark:"), reply


# -- who may change it ----------------------------------------------------------------------------

def test_an_admin_sets_a_non_admin_is_refused_and_every_change_is_kept(slack: OwnersSlack) -> None:
    reply = slack.owners(f"set * {PLATFORM}", user=ADMIN)
    assert reply["text"].startswith(":white_check_mark: `*` → @platform-oncall"), reply
    refused = slack.owners("set patching <!subteam^S0SRE|@sre>", user=DEV)
    assert "only workspace admins and owners" in refused["text"] and "Ask one of them" in refused["text"]
    assert slack.deps.owners.load(WS)[1].owner_of("ec2", "patching").owner.id == "S0PLAT"  # unchanged

    # Workspace owners may too; an admin adds an editor, who then may change owners but not editors.
    assert slack.owners("set patching <!subteam^S0SRE|@sre>", user=OWNER)["text"].startswith(":white_check_mark:")
    assert "only workspace admins and owners can add or remove editors" in slack.owners(
        "editors add <@U0DEV|dev>", user=DEV)["text"]
    assert slack.owners("editors add <@U0DEV|dev>", user=ADMIN)["text"].startswith(":white_check_mark:")
    assert slack.owners("clear patching", user=DEV)["text"].startswith(":white_check_mark: Cleared `patching`")
    refused = slack.owners("set * <!subteam^S0SRE|@sre>", user="U0001")
    assert "<@U0DEV>" in refused["text"], "the refusal names the editors who can"

    history = texts(slack.owners("history", user="U0001")["blocks"])
    for line in ["<@U0DEV> cleared `patching` (was @sre)", "<@U0ADMIN> added <@U0DEV> as an editor",
                 "<@U0OWNER> set `patching` → @sre", "<@U0ADMIN> set `*` → @platform-oncall"]:
        assert line in history, history
    assert history.index("cleared") < history.index("set `*`"), "newest first"
    admin_checks = [c.body["user"] for c in slack.api.of("users.info")]
    assert DEV in admin_checks and ADMIN in admin_checks, "permission comes from users.info"


def test_a_gone_or_malformed_owner_or_scope_is_refused(slack: OwnersSlack) -> None:
    slack.api.usergroups["S0OLD"] = {"id": "S0OLD", "handle": "old-team", "date_delete": 1700000000}
    assert "no longer exists" in slack.owners("set * <!subteam^S0OLD|@old-team>")["text"]
    assert "did you mean `patching`" in slack.owners(f"set patchin {PLATFORM}")["text"]
    assert "both a service and a topic" in slack.owners(f"set iam {PLATFORM}")["text"]
    reply = slack.owners("set * <!channel>")
    assert "is not an owner I can use" in reply["text"] and "&lt;!channel&gt;" in reply["text"], "echo escaped"
    # `@handle` typed where Slack did not escape it is looked up among the user groups.
    assert slack.owners("set * @platform-oncall")["text"].startswith(":white_check_mark: `*` → @platform-oncall")
    assert slack.deps.owners.load(WS)[1].owner_of("ec2", "iam").owner.id == "S0PLAT"


# -- what answers show ----------------------------------------------------------------------------

def test_the_most_specific_scope_wins(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    cases = {
        "who patches the self managed nodes on our eks cluster": "Jane Doe",  # the cell
        "who configures eks security groups": "@eks-team",  # the service beats the topic
        "who configures security groups on ec2": "@netops",  # the topic beats the default
        "who backs up ec2": "@platform-oncall",  # the default
    }
    for question, owner in cases.items():
        assert org_line(slack.ask(question)) == f":busts_in_silhouette: *In your org:* {owner}", question
    assert org_line(slack.ask("who patches rds")) is None, "AWS's: no line"


def test_the_line_is_on_every_surface_and_pings_nobody(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    expected = ":busts_in_silhouette: *In your org:* @eks-team"
    answer = slack.ask("who owns eks logging")
    assert org_line(answer) == expected
    check_limits(answer)

    overview = texts(slack.ask("eks"))
    assert "In your org: Jane Doe" in overview and "In your org: @eks-team" in overview

    before = len(slack.api.of("chat.postMessage"))
    assert slack.event(h.app_mention("<@U0BOT> who owns eks logging")).status == 200
    assert org_line(slack.post_after(before)["blocks"]) == expected

    before = len(slack.api.of("chat.postMessage"))
    assert slack.event(h.direct_message("who owns eks logging")).status == 200
    assert org_line(slack.post_after(before)["blocks"]) == expected

    before, responses = len(slack.api.of("chat.postMessage")), len(slack.api.of("response_url"))
    assert slack.click(h.button(SHARE_ACTION, button_value("eks/logging", "who owns eks logging"))).status == 200
    shared = slack.post_after(before)["blocks"]
    assert org_line(shared) == expected
    assert slack.api.wait_for("response_url", responses + 1)[responses].body["delete_original"] is True

    assert slack.click(h.button("did_you_mean_0", button_value("eks/logging", "eks logs?"))).status == 200
    assert org_line(slack.api.wait_for("response_url", responses + 2)[responses + 1].body["blocks"]) == expected

    every = json.dumps([c.body for c in slack.api.calls]) + json.dumps(answer)
    assert "subteam^S0EKS" not in every and "<@U0JANE>" not in every, "shown by name, never as a mention"
    assert page_button(shared) is None, "Page is for incident replies only"


def test_a_renamed_group_shows_its_new_name_and_a_deleted_one_says_so(slack: OwnersSlack) -> None:
    slack.owners(f"set * {PLATFORM}")
    assert org_line(slack.ask("who backs up ec2")).endswith("@platform-oncall")
    slack.api.usergroups["S0PLAT"]["handle"] = "plat-oncall"
    assert org_line(slack.ask("who backs up ec2")).endswith("@platform-oncall"), "cached briefly"
    slack.timer.now += NAME_TTL + 1
    stale, fresh = reread(slack, "who backs up ec2")
    assert stale.endswith("@platform-oncall"), "a stale name is shown while it is read again"
    assert fresh.endswith("@plat-oncall")
    slack.api.usergroups["S0PLAT"]["date_delete"] = 1700000000
    slack.timer.now += NAME_TTL + 1
    assert reread(slack, "who backs up ec2")[1] == f":busts_in_silhouette: *In your org:* ~@plat-oncall~ {GONE}"
    slack.owners(f"set * <@{JANE}|jane>")
    del slack.api.users[JANE]
    slack.timer.now += NAME_TTL + 1
    assert "user U0JANE~ no longer exists" in reread(slack, "who backs up ec2")[1]


def eventually(check: Callable[[], bool], within: float = 5.0) -> bool:
    """Whether `check` holds within `within` seconds, tried every 20 ms."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def reread(slack: OwnersSlack, question: str) -> tuple[str, str]:
    """The "In your org" line while a stale name is read again, and once it has been."""
    stale = org_line(slack.ask(question))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        line = org_line(slack.ask(question))
        if line != stale:
            return stale, line
        time.sleep(0.02)
    return stale, stale


def test_a_change_in_one_process_reaches_another(answerer: Answerer, database_url: str) -> None:
    one = start(answerer, database_url)
    other = start(answerer, database_url)  # its own engine, cache and names: another process
    try:
        one.owners(f"set * {PLATFORM}")
        # Each read that must reach the database has a 0.2 s budget in real time: on a loaded
        # machine a request may answer with what it had (or, before any read, with no org line)
        # while the read finishes, so it is retried.
        def shows(slack: OwnersSlack, handle: str) -> bool:
            return (org_line(slack.ask("who backs up ec2")) or "").endswith(handle)

        assert eventually(lambda: shows(one, "@platform-oncall")), "the changer sees it without waiting for a check"
        assert eventually(lambda: shows(other, "@platform-oncall"))
        one.owners("set * <!subteam^S0SRE|@sre>")
        assert eventually(lambda: shows(one, "@sre"))
        assert shows(other, "@platform-oncall"), "cached until the next check"
        other.timer.now += CHECK_EVERY
        assert eventually(lambda: shows(other, "@sre"))
    finally:
        stop(one)
        stop(other)


# -- Page ------------------------------------------------------------------------------------------

def incident_reply(slack: OwnersSlack) -> tuple[dict[str, Any], str]:
    before = len(slack.api.of("chat.postMessage"))
    mention = h.app_mention("<@U0BOT> who owns eks logging", channel="C0INC", ts="1700000500.000100")
    assert slack.event(mention).status == 200
    reply = slack.post_after(before)
    return reply, mention["ts"]


def test_page_posts_once_per_thread_under_concurrent_clicks(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    reply, thread = incident_reply(slack)
    assert reply["thread_ts"] == thread
    button = page_button(reply["blocks"])
    assert button is not None and button["text"]["text"] == "Page @eks-team"
    check_limits(reply["blocks"])

    before_posts, before_replies = len(slack.api.of("chat.postMessage")), len(slack.api.of("response_url"))
    action = h.button(PAGE_ACTION, button["value"], "org_owner_page")
    with ThreadPoolExecutor(max_workers=len(CLICKERS)) as pool:
        statuses = list(pool.map(lambda user: slack.click(action, user=user, channel="C0INC").status, CLICKERS))
    assert statuses == [200] * len(CLICKERS)
    replies = slack.api.wait_for("response_url", before_replies + len(CLICKERS))[before_replies:]
    slack.api.settle()
    pages = slack.api.of("chat.postMessage")[before_posts:]
    assert len(pages) == 1, [p.body for p in pages]
    (page,) = pages
    assert page.body["thread_ts"] == thread and page.body["channel"] == "C0INC"
    assert page.body["text"].startswith(":rotating_light: <!subteam^S0EKS> — <@")
    paged_by = page.body["text"].split("<@", 1)[1].split(">", 1)[0]
    assert paged_by in CLICKERS and "is paging you about this incident" in page.body["text"]
    already = [r.body["text"] for r in replies if "already paged" in r.body["text"]]
    assert len(already) == len(CLICKERS) - 1
    assert all(f"by <@{paged_by}> <!date^" in text for text in already), already[0]
    assert sum("Paged @eks-team" in r.body["text"] for r in replies) == 1
    with slack.deps.owners.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(metadata.tables["org_owner_pages"])).scalar() == 1


def test_a_failed_page_can_be_tried_again(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    reply, _ = incident_reply(slack)
    action = h.button(PAGE_ACTION, page_button(reply["blocks"])["value"], "org_owner_page")
    slack.api.script("chat.postMessage", h.Reply(body={"ok": False, "error": "not_in_channel"}))
    before = len(slack.api.of("response_url"))
    slack.click(action, user=DEV, channel="C0INC")
    assert "not a member" in slack.api.wait_for("response_url", before + 1)[before].body["text"]
    slack.click(action, user=ADMIN, channel="C0INC")
    assert "Paged @eks-team" in slack.api.wait_for("response_url", before + 2)[before + 1].body["text"]


def test_no_page_button_outside_incidents_nor_for_aws(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    before = len(slack.api.of("chat.postMessage"))
    slack.event(h.app_mention("<@U0BOT> who owns eks logging"))  # #general, calm
    assert page_button(slack.post_after(before)["blocks"]) is None
    before = len(slack.api.of("chat.postMessage"))
    slack.event(h.app_mention("<@U0BOT> who patches rds", channel="C0INC"))
    assert page_button(slack.post_after(before)["blocks"]) is None


# -- data ---------------------------------------------------------------------------------------------

def test_uninstall_removes_the_mapping(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    slack.owners("editors add <@U0DEV|dev>")
    reply, _ = incident_reply(slack)
    slack.click(h.button(PAGE_ACTION, page_button(reply["blocks"])["value"]), user=DEV, channel="C0INC")
    slack.api.wait_for("chat.postMessage", 2)
    assert org_line(slack.ask("who backs up ec2"))
    engine = slack.deps.owners.engine
    owned = [t for name, t in metadata.tables.items() if name.startswith("org_owner")]
    assert len(owned) == 5

    def rows() -> dict[str, int]:
        with engine.connect() as connection:
            return {t.name: connection.execute(select(func.count()).select_from(t)).scalar() for t in owned}

    assert all(rows().values()), rows()
    assert slack.event({"type": "app_uninstalled"}).status == 200
    slack.api.settle()
    assert rows() == dict.fromkeys(rows(), 0)
    assert org_line(slack.ask("who backs up ec2")) is None


def test_the_line_is_in_the_app_home_modal_and_on_follow_ups_in_a_thread(slack: OwnersSlack) -> None:
    """Issue 10's surfaces (the App Home's "Ask a question", follow-ups in a thread) show it too."""
    set_precedence_fixture(slack)
    view = home_blocks.ask_modal()
    view["id"] = "V0ASK"
    view["state"] = {"values": {home_blocks.ASK_BLOCK: {home_blocks.ASK_BLOCK: {
        "type": "plain_text_input", "value": "who owns eks logging"}}}}
    payload = {"type": "view_submission", "team": {"id": h.TEAM_ID, "domain": "example"},
               "user": {"id": "U0001", "team_id": h.TEAM_ID}, "api_app_id": "A0SRM",
               "token": "gIkuvaNzQIHg97ATvDxqgjtO", "trigger_id": "1.2.3", "view": view}
    submitted = h.post(slack.url, h.form({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert submitted.status == 200
    modal = submitted.json()["view"]["blocks"]
    assert org_line(modal) == ":busts_in_silhouette: *In your org:* @eks-team"
    check_limits(modal)

    parent = "1700500000.000100"
    before = len(slack.api.of("chat.postMessage"))
    assert slack.event(h.app_mention("<@U0BOT> who owns eks logging", ts=parent)).status == 200
    assert org_line(slack.post_after(before)["blocks"]) == ":busts_in_silhouette: *In your org:* @eks-team"
    before = len(slack.api.of("chat.postMessage"))
    follow_up = h.app_mention("<@U0BOT> and for ec2?", ts="1700500001.000100", thread_ts=parent)
    assert slack.event(follow_up).status == 200
    reply = slack.post_after(before)
    assert reply["thread_ts"] == parent and "Amazon EC2" in texts(reply["blocks"])
    assert org_line(reply["blocks"]) == ":busts_in_silhouette: *In your org:* @platform-oncall", "ec2: the default"


def test_a_playbook_incident_reply_names_the_org_owner_and_pages_them(slack: OwnersSlack) -> None:
    """The containment reply from knowledge/playbooks/ keeps issue 12's line and Page button."""
    set_precedence_fixture(slack)
    before = len(slack.api.of("chat.postMessage"))
    mention = h.app_mention("<@U0BOT> GuardDuty says CryptoCurrency:EC2/BitcoinTool.B!DNS on i-0abc12345678",
                            channel="C0INC", ts="1700000600.000100")
    assert slack.event(mention).status == 200
    reply = slack.post_after(before)
    check_limits(reply["blocks"])
    assert texts(reply["blocks"]).startswith(":rotating_light: :bust_in_silhouette: *Yours to contain")
    assert "*Do now*" in texts(reply["blocks"])
    line = org_line(reply["blocks"])
    assert line is not None and line.startswith(":busts_in_silhouette: *In your org:* @"), line
    button = page_button(reply["blocks"])
    assert button is not None and button["text"]["text"] == "Page " + line.rsplit(" ", 1)[1]
    assert json.loads(button["value"])["t"] == mention["ts"]


def test_more_and_less_keep_the_org_line_and_the_page_button(slack: OwnersSlack) -> None:
    set_precedence_fixture(slack)
    reply, thread = incident_reply(slack)
    more = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == MORE_ACTION)
    before = len(slack.api.of("chat.update"))
    message = {"ts": "1700000500.000200", "thread_ts": thread, "blocks": reply["blocks"]}
    body = h.block_actions(h.button(MORE_ACTION, more["value"]), response_url=slack.response_url, channel="C0INC",
                           ephemeral=False, message=message)
    assert h.post(slack.url, body, "application/x-www-form-urlencoded").status == 200
    update = slack.api.wait_for("chat.update", before + 1)[before].body
    expanded = update["blocks"] if isinstance(update["blocks"], list) else json.loads(update["blocks"])
    assert "*What you do*" in texts(expanded)
    assert org_line(expanded) == ":busts_in_silhouette: *In your org:* @eks-team"
    button = page_button(expanded)
    assert button is not None and button["text"]["text"] == "Page @eks-team"
