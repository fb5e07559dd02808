"""OAuth across processes: a workspace that uninstalls and reinstalls through one process gets a
new token; every other process must move to it, not keep calling with the revoked one."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.config import Settings
from bot.slack.installations import ExpiringInstallationStore, installation_store
from bot.storage import make_engine, upgrade

from . import slack_harness as h
from .test_oauth import oauth_access_reply
from .test_production_server import environment, free_port, procfile, wait_until_up

CLIENT_ID, TEAM, OLD, NEW = "1111.2222", "T0REINST", "xoxb-0000-1111-oldtoken", "xoxb-0000-2222-newtoken"


@dataclass
class Processes:
    urls: list[str]
    api: h.WebApiStandIn
    database_url: str

    def install(self, url: str, token: str) -> None:
        with urllib.request.urlopen(url + "/slack/install", timeout=15) as response:
            page, cookie = response.read().decode(), response.headers["Set-Cookie"].split(";")[0]
        state = re.search(r"state=([\w-]+)", page).group(1)  # type: ignore[union-attr]
        self.api.script("oauth.v2.access", oauth_access_reply(TEAM, token))
        request = urllib.request.Request(f"{url}/slack/oauth_redirect?code=c0de&state={state}",
                                         headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=15) as response:
            assert response.status == 200

    def mention_token(self, url: str, ts: str) -> str:
        """Mention the bot through `url`; the token its reply was posted with."""
        self.api.reset()
        body = h.event_callback(h.app_mention("<@U0NEWBOT> who patches rds", ts=ts), team=TEAM)
        assert h.post(url + "/slack/events", body, "application/json").status == 200
        (post,) = self.api.wait_for("chat.postMessage")
        return post.headers["Authorization"].removeprefix("Bearer ")


@pytest.fixture()
def two_oauth_processes(database_url: str, tmp_path: Path) -> Iterator[Processes]:
    """Two web processes in OAuth mode on one database; one worker each, so "the other
    process has the old token cached" is certain rather than up to the kernel's choice of worker."""
    api = h.WebApiStandIn()
    ports = [free_port(), free_port()]
    env = environment(api, database_url, ports[0])
    del env["SLACK_BOT_TOKEN"]
    env.update(SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET="client-secret")
    subprocess.run(["bash", "-c", procfile("release")], env=env, cwd=tmp_path, check=True, timeout=60,
                   capture_output=True)
    web = procfile("web").replace("0.0.0.0", "127.0.0.1").replace("--workers 2", "--workers 1")
    procs = []
    try:
        for port in ports:
            procs.append(subprocess.Popen(["bash", "-c", f"exec {web}"], env={**env, "PORT": str(port)}, cwd=tmp_path,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, proc in zip(urls, procs, strict=True):
            wait_until_up(url, proc)
        yield Processes(urls, api, database_url)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        api.close()


def test_a_reinstall_through_one_process_reaches_the_other(two_oauth_processes: Processes) -> None:
    first, second = two_oauth_processes.urls
    run = two_oauth_processes
    run.install(first, OLD)
    assert run.mention_token(second, "1700000001.000100") == OLD  # the second process now has OLD cached

    uninstalled = h.event_callback({"type": "app_uninstalled", "event_ts": "1700000002.1"}, team=TEAM)
    assert h.post(first + "/slack/events", uninstalled, "application/json").status == 200
    fresh = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=make_engine(run.database_url))
    for _ in range(100):
        if fresh.find_bot(enterprise_id=None, team_id=TEAM) is None:
            break
        time.sleep(0.05)
    run.install(first, NEW)
    run.api.revoked.add(OLD)

    assert run.mention_token(second, "1700000003.000100") == NEW
    command = h.slash_command("who patches rds", response_url=run.api.url + "/response/x", team=TEAM)
    answered = h.post(second + "/slack/events", command, "application/x-www-form-urlencoded")
    assert answered.status == 200 and "AWS owns patching and upgrades on Amazon RDS" in answered.body


def test_a_revoked_token_with_no_replacement_still_gives_up(two_oauth_processes: Processes) -> None:
    first, second = two_oauth_processes.urls
    run = two_oauth_processes
    run.install(first, OLD)
    assert run.mention_token(second, "1700000011.000100") == OLD
    run.api.revoked.add(OLD)
    run.api.reset()
    command = h.slash_command("who patches rds", response_url=run.api.url + "/response/x", team=TEAM)
    refused = h.post(second + "/slack/events", command, "application/x-www-form-urlencoded")
    assert refused.status == 200 and "AWS owns patching and upgrades on Amazon RDS" not in refused.body
    (reply,) = run.api.wait_for("response_url")
    assert "reinstall" in reply.body["text"].lower()
    assert len(run.api.of("auth.test")) == 2, "tried the cached token, then the stored one, then gave up"


def test_cached_installations_expire(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    settings = Settings(slack_client_id=CLIENT_ID, slack_client_secret="s", database_url=database_url)
    shared = installation_store(settings, engine, cached=False)  # what another process writes through
    now = [1000.0]
    cached = ExpiringInstallationStore(installation_store(settings, engine, cached=False), ttl=30,
                                       timer=lambda: now[0])

    def bot(token: str) -> Bot:
        return Bot(app_id="A0SRM", team_id=TEAM, bot_token=token, bot_id="B0NEW", bot_user_id="U0NEWBOT",
                   installed_at=datetime.now(UTC).timestamp())

    shared.save_bot(bot(OLD))
    assert cached.find_bot(enterprise_id=None, team_id=TEAM).bot_token == OLD  # type: ignore[union-attr]
    shared.save_bot(bot(NEW))
    now[0] += 29
    assert cached.find_bot(enterprise_id=None, team_id=TEAM).bot_token == OLD, "within the TTL: the copy"  # type: ignore[union-attr]
    now[0] += 2
    assert cached.find_bot(enterprise_id=None, team_id=TEAM).bot_token == NEW, "past the TTL: refetched"  # type: ignore[union-attr]
    engine.dispose()
