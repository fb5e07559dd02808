"""A database that hangs (connections open, nothing answers) must not stall the web tier.

The Procfile's web process runs on PostgreSQL behind a loopback proxy the test makes hang, and
on SQLite with another process holding the write lock. Mentions are still acked at once and
answered (without de-duplication), `/srm` still answers, the quiz says to try again within the
statement timeout, and all is as before once the database is back. Bounds are generous: they
catch a stall, not a slow machine.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.storage import make_engine, upgrade

from . import slack_harness as h
from .conftest import _postgres_database
from .hang_proxy import HangingProxy
from .test_production_server import environment, free_port, procfile, wait_until_up

ACK_BOUND = 2.0
"""Seconds: Slack retries an event it has not seen acked within 3 s."""


@dataclass
class HungDatabase:
    url: str
    api: h.WebApiStandIn
    proc: subprocess.Popen[str]
    hang: Callable[[], None]
    release: Callable[[], None]

    def post(self, body: str, content_type: str = "application/json", **kwargs: object) -> tuple[h.Response, float]:
        started = time.monotonic()
        response = h.post(self.url + "/slack/events", body, content_type, **kwargs)  # type: ignore[arg-type]
        return response, time.monotonic() - started


@pytest.fixture(params=["sqlite", "postgresql"])
def hung(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HungDatabase]:
    if request.param == "postgresql":
        databases = _postgres_database()
        direct = next(databases)
        upgrade(make_engine(direct, timeouts=False))
        target = make_url(direct)
        proxy = HangingProxy((target.host or "127.0.0.1", target.port or 5432))
        url = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        hang, release, cleanup = proxy.hang, proxy.release, proxy.close
    else:
        url = f"sqlite:///{tmp_path / 'srm.sqlite3'}"
        upgrade(make_engine(url, timeouts=False))
        holder = sqlite3.connect(tmp_path / "srm.sqlite3", isolation_level=None, check_same_thread=False)

        def hang() -> None:
            holder.execute("BEGIN EXCLUSIVE")  # another process stuck mid-write

        def release() -> None:
            holder.execute("COMMIT")

        def cleanup() -> None:
            holder.close()

    api = h.WebApiStandIn()
    port = free_port()
    env = environment(api, url, port)
    proc = subprocess.Popen(["bash", "-c", f"exec {procfile('web').replace('0.0.0.0', '127.0.0.1')}"],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        yield HungDatabase(f"http://127.0.0.1:{port}", api, proc, hang, release)
    finally:
        release_quietly(release)
        proc.terminate()
        proc.wait(timeout=30)
        api.close()
        cleanup()
        if request.param == "postgresql":
            next(databases, None)


def release_quietly(release: Callable[[], None]) -> None:
    with contextlib.suppress(sqlite3.Error):  # already released
        release()


def mention(i: int, event_id: str | None = None) -> str:
    return h.event_callback(h.app_mention(f"<@U0BOT> who patches rds #{i}", ts=f"17000{i:05d}.000100"),
                            event_id=event_id)


def test_a_hung_database_does_not_stall_acks_or_answers(hung: HungDatabase) -> None:
    # Before: both workers have claimed through the database, so their pools hold connections.
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert {r.status for r, _ in pool.map(hung.post, [mention(i) for i in range(4)])} == {200}
    hung.api.wait_for("chat.postMessage", count=4)
    hung.api.reset()

    hung.hang()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(hung.post, [mention(100 + i) for i in range(32)]))
        command = pool.submit(hung.post, h.slash_command("who patches rds", response_url=hung.api.url + "/response/1"),
                              "application/x-www-form-urlencoded")
        quiz = pool.submit(hung.post, h.slash_command("quiz on 09:30 UTC", response_url=hung.api.url + "/response/q"),
                           "application/x-www-form-urlencoded")
        answered, answer_took = command.result()
        quiz_ack, _ = quiz.result()
    acks = [took for _, took in results]
    assert {r.status for r, _ in results} == {200}
    assert max(acks) < ACK_BOUND, f"acks took up to {max(acks):.2f} s while the database hung"
    assert answered.status == 200 and "AWS owns patching and upgrades on Amazon RDS" in answered.body
    assert answer_took < ACK_BOUND
    assert quiz_ack.status == 200

    # Every mention is answered during the hang, once each (they were delivered once each).
    posts = hung.api.wait_for("chat.postMessage", count=32, timeout=15)
    assert sorted(p.body["thread_ts"] for p in posts) == sorted(f"17000{100 + i:05d}.000100" for i in range(32))
    # The quiz needs the database: it says so, within the statement timeout, instead of hanging.
    (reply,) = hung.api.wait_for("response_url", timeout=20)
    assert "try again in a minute" in reply.body["text"]

    hung.release()
    hung.api.reset()
    assert hung.post(mention(800))[0].status == 200
    hung.api.wait_for("chat.postMessage")
    hung.api.reset()
    # Back: retries are de-duplicated again.
    body = mention(900, event_id="Ev0BACK900")
    for attempt in range(3):
        headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"} if attempt else {}
        assert hung.post(body, headers=headers)[0].status == 200
    hung.api.wait_for("chat.postMessage")
    hung.api.settle(quiet=0.5)
    assert len(hung.api.of("chat.postMessage")) == 1, "after the hang, a message is answered once again"

    hung.proc.terminate()
    _, stderr = hung.proc.communicate(timeout=30)
    unavailable = stderr.count("event ledger unavailable")
    assert 1 <= unavailable <= 2, f"logged once per worker, got {unavailable}:\n{stderr[-3000:]}"
