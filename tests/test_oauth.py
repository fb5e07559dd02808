"""Many workspaces: the OAuth install flow over real HTTP, then each workspace answered with its
own token; leaving a workspace deletes what the bot kept for it."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import func, select

from bot.answering import Answerer
from bot.config import Settings
from bot.slack.app import create_app
from bot.slack.deps import Deps
from bot.slack.installations import bot_token_lookup, installation_store
from bot.storage import EventLedger, make_engine, upgrade
from bot.storage.tables import processed_events
from bot.web import wsgi_app

from . import slack_harness as h

NEW_TEAM, NEW_TOKEN = "T0NEW", "xoxb-0000-1111-newworkspacetoken"


def oauth_access_reply(team: str = NEW_TEAM, token: str = NEW_TOKEN) -> h.Reply:
    """oauth.v2.access as documented at https://api.slack.com/methods/oauth.v2.access."""
    return h.Reply(body={
        "ok": True, "access_token": token, "token_type": "bot", "scope": "commands,chat:write",
        "bot_user_id": "U0NEWBOT", "app_id": "A0SRM", "team": {"name": "New Co", "id": team},
        "enterprise": None, "authed_user": {"id": "U0INSTALLER"}, "is_enterprise_install": False,
    })


@dataclass
class OAuthApp:
    api: h.WebApiStandIn
    server: h.AppServer
    deps: Deps
    settings: Settings

    def get(self, path: str, cookie: str = "") -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(self.server.url + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.read().decode(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()}

    def install(self, team: str = NEW_TEAM, token: str = NEW_TOKEN) -> tuple[int, str]:
        status, page, headers = self.get("/slack/install")
        assert status == 200
        state = re.search(r"state=([\w-]+)", page).group(1)  # type: ignore[union-attr]
        cookie = headers["set-cookie"].split(";")[0]
        self.api.script("oauth.v2.access", oauth_access_reply(team, token))
        status, body, _ = self.get(f"/slack/oauth_redirect?code=c0de&state={state}", cookie=cookie)
        return status, body


@pytest.fixture()
def oauth_app(answerer: Answerer, database_url: str) -> Iterator[OAuthApp]:
    api = h.WebApiStandIn()
    engine = make_engine(database_url)
    upgrade(engine)
    settings = Settings(slack_signing_secret=h.SIGNING_SECRET, slack_client_id="1111.2222",
                        slack_client_secret="client-secret", slack_api_url=api.api_url, database_url=database_url)
    deps = Deps(answerer=answerer, ledger=EventLedger(engine), installations=installation_store(settings, engine))
    server = h.AppServer(wsgi_app(SlackRequestHandler(create_app(settings, deps)), h.SIGNING_SECRET))
    yield OAuthApp(api, server, deps, settings)
    server.close()
    api.close()
    engine.dispose()


def test_install_page_offers_add_to_slack(oauth_app: OAuthApp) -> None:
    status, page, headers = oauth_app.get("/slack/install")
    assert status == 200
    assert "slack.com/oauth/v2/authorize" in page and "client_id=1111.2222" in page
    assert "scope=commands,app_mentions:read,chat:write,im:history,users:read,channels:read,groups:read" in (
        page.replace("%3A", ":").replace("%2C", ","))
    assert "slack-app-oauth-state=" in headers["set-cookie"]


def test_install_stores_the_workspace_and_answers_it_with_its_own_token(oauth_app: OAuthApp) -> None:
    status, page = oauth_app.install()
    assert status == 200, page
    (exchange,) = oauth_app.api.of("oauth.v2.access")
    assert exchange.body["code"] == "c0de"
    bot = oauth_app.deps.installations.find_bot(enterprise_id=None, team_id=NEW_TEAM)  # type: ignore[union-attr]
    assert bot is not None and bot.bot_token == NEW_TOKEN

    body = h.slash_command("who patches rds", response_url=oauth_app.api.url + "/response/x", team=NEW_TEAM)
    response = h.post(oauth_app.server.url + "/slack/events", body, "application/x-www-form-urlencoded")
    assert response.status == 200 and ":cloud: *AWS owns" in response.body

    event = h.event_callback(h.app_mention("<@U0NEWBOT> who patches rds"), team=NEW_TEAM)
    h.post(oauth_app.server.url + "/slack/events", event, "application/json")
    (post,) = oauth_app.api.wait_for("chat.postMessage")
    assert post.headers["Authorization"] == f"Bearer {NEW_TOKEN}"
    assert bot_token_lookup(installation_store(oauth_app.settings, oauth_app.deps.ledger.engine, cached=False))(
        NEW_TEAM, "") == NEW_TOKEN


def test_two_workspaces_each_get_their_own_token(oauth_app: OAuthApp) -> None:
    assert oauth_app.install("T0AAA", "xoxb-aaa-token")[0] == 200
    assert oauth_app.install("T0BBB", "xoxb-bbb-token")[0] == 200
    for team, token in (("T0AAA", "xoxb-aaa-token"), ("T0BBB", "xoxb-bbb-token")):
        oauth_app.api.reset()
        event = h.event_callback(h.app_mention("<@U0NEWBOT> who patches rds"), team=team)
        h.post(oauth_app.server.url + "/slack/events", event, "application/json")
        (post,) = oauth_app.api.wait_for("chat.postMessage")
        assert post.headers["Authorization"] == f"Bearer {token}"


def test_forged_state_is_refused(oauth_app: OAuthApp) -> None:
    _, _, headers = oauth_app.get("/slack/install")
    cookie = headers["set-cookie"].split(";")[0]
    status, _, _ = oauth_app.get("/slack/oauth_redirect?code=c0de&state=forged-state", cookie=cookie)
    assert status in (400, 401)
    assert oauth_app.api.of("oauth.v2.access") == []


def test_replayed_state_is_refused(oauth_app: OAuthApp) -> None:
    _status, page, headers = oauth_app.get("/slack/install")
    state = re.search(r"state=([\w-]+)", page).group(1)  # type: ignore[union-attr]
    cookie = headers["set-cookie"].split(";")[0]
    oauth_app.api.script("oauth.v2.access", oauth_access_reply())
    assert oauth_app.get(f"/slack/oauth_redirect?code=c0de&state={state}", cookie=cookie)[0] == 200
    replay = oauth_app.get(f"/slack/oauth_redirect?code=c0de&state={state}", cookie=cookie)
    assert replay[0] in (400, 401)  # Bolt: 400 for a state it never issued, 401 once consumed
    assert len(oauth_app.api.of("oauth.v2.access")) == 1


def test_denied_install_shows_a_clear_failure_page(oauth_app: OAuthApp) -> None:
    status, page, headers = oauth_app.get("/slack/install")
    state = re.search(r"state=([\w-]+)", page).group(1)  # type: ignore[union-attr]
    cookie = headers["set-cookie"].split(";")[0]
    status, page, _ = oauth_app.get(f"/slack/oauth_redirect?error=access_denied&state={state}", cookie=cookie)
    assert status == 200  # Bolt renders the failure page with the reason Slack gave
    assert "access_denied" in page
    assert oauth_app.api.of("oauth.v2.access") == []


@pytest.mark.parametrize("event_type", ["app_uninstalled", "tokens_revoked"])
def test_leaving_deletes_tokens_and_workspace_data(oauth_app: OAuthApp, event_type: str) -> None:
    assert oauth_app.install()[0] == 200
    mention = h.event_callback(h.app_mention("<@U0NEWBOT> who patches rds"), team=NEW_TEAM)
    h.post(oauth_app.server.url + "/slack/events", mention, "application/json")
    oauth_app.api.wait_for("chat.postMessage")
    engine = oauth_app.deps.ledger.engine

    def kept() -> int:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(processed_events)
                                      .where(processed_events.c.team_id == NEW_TEAM)).scalar_one()

    assert kept() > 0
    event = {"type": event_type, "event_ts": "1700000000.1"}
    if event_type == "tokens_revoked":
        event["tokens"] = {"oauth": [], "bot": ["U0NEWBOT"]}
    h.post(oauth_app.server.url + "/slack/events", h.event_callback(event, team=NEW_TEAM), "application/json")
    fresh = installation_store(oauth_app.settings, engine, cached=False)
    for _ in range(100):
        if fresh.find_bot(enterprise_id=None, team_id=NEW_TEAM) is None and kept() <= 1:
            break
        time.sleep(0.05)
    assert fresh.find_bot(enterprise_id=None, team_id=NEW_TEAM) is None
    assert kept() <= 1, "only the claim of the uninstall event itself may remain"
    with pytest.raises(LookupError):
        bot_token_lookup(fresh)(NEW_TEAM, "")


def test_user_token_revocation_keeps_the_bot(oauth_app: OAuthApp) -> None:
    assert oauth_app.install()[0] == 200
    event = {"type": "tokens_revoked", "event_ts": "1700000000.1", "tokens": {"oauth": ["U0INSTALLER"], "bot": []}}
    h.post(oauth_app.server.url + "/slack/events", h.event_callback(event, team=NEW_TEAM), "application/json")
    oauth_app.api.settle()
    fresh = installation_store(oauth_app.settings, oauth_app.deps.ledger.engine, cached=False)
    assert fresh.find_bot(enterprise_id=None, team_id=NEW_TEAM) is not None


def test_the_quiz_clock_posts_with_each_workspace_token(oauth_app: OAuthApp, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime

    from bot.cli import main
    from bot.quiz.schedule import parse_schedule
    from bot.storage import QuizStore
    from bot.storage.quiz_store import ChannelKey

    assert oauth_app.install()[0] == 200
    QuizStore(oauth_app.deps.ledger.engine).save_schedule(
        ChannelKey(NEW_TEAM, "", "C0QUIZ"), parse_schedule(["00:00", "UTC", "daily"], lambda: None), "U0INSTALLER",
        datetime(2026, 1, 1, tzinfo=UTC))
    for name, value in {"SLACK_SIGNING_SECRET": h.SIGNING_SECRET, "SLACK_CLIENT_ID": "1111.2222",
                        "SLACK_CLIENT_SECRET": "client-secret", "SLACK_API_URL": oauth_app.api.api_url,
                        "DATABASE_URL": oauth_app.settings.database_url}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["quiz", "post", "--channel", "C0QUIZ"]) == 0, capsys.readouterr().err
    (post,) = oauth_app.api.wait_for("chat.postMessage")
    assert post.headers["Authorization"] == f"Bearer {NEW_TOKEN}"
    assert post.body["channel"] == "C0QUIZ"
