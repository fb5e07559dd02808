"""The Procfile's release and web commands, run for real: gunicorn workers on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import slack_harness as h
from .conftest import REPO

BIN = Path(sys.executable).parent


def procfile(kind: str) -> str:
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.startswith(f"{kind}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {kind}: line in Procfile")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(api: h.WebApiStandIn, database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PORT=str(port), DATABASE_URL=database_url,
               SLACK_BOT_TOKEN=h.BOT_TOKEN, SLACK_SIGNING_SECRET=h.SIGNING_SECRET, SLACK_API_URL=api.api_url,
               LOG_LEVEL="WARNING")
    return env


def wait_until_up(url: str, proc: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if h.get(url + "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not come up")


@pytest.fixture()
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[tuple[str, h.WebApiStandIn]]:
    yield from serve_procfile_web(database_url, tmp_path)


def serve_procfile_web(database_url: str, tmp_path: Path) -> Iterator[tuple[str, h.WebApiStandIn]]:
    """The Procfile's release, then its web command exactly as written (bound to loopback)."""
    api = h.WebApiStandIn()
    port = free_port()
    env = environment(api, database_url, port)
    subprocess.run(["bash", "-c", procfile("release")], env=env, cwd=tmp_path, check=True, timeout=60,
                   capture_output=True)
    proc = subprocess.Popen(["bash", "-c", f"exec {procfile('web').replace('0.0.0.0', '127.0.0.1')}"], env=env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url, api
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        api.close()


def test_gunicorn_answers_a_signed_slash_command(gunicorn: tuple[str, h.WebApiStandIn]) -> None:
    url, api = gunicorn
    body = h.slash_command("who patches rds", response_url=api.url + "/response/x")
    response = h.post(url + "/slack/events", body, "application/x-www-form-urlencoded")
    assert response.status == 200
    assert ":cloud: *AWS owns" in response.body
    unsigned = h.post(url + "/slack/events", body, "application/x-www-form-urlencoded", signed=False)
    assert unsigned.status == 401
    for malformed in ("{not json", "[1, 2]", body):  # the last: a form body labelled JSON
        assert h.post(url + "/slack/events", malformed, "application/json").status == 400


def test_retries_across_workers_reply_once(gunicorn: tuple[str, h.WebApiStandIn]) -> None:
    url, api = gunicorn
    body = h.event_callback(h.app_mention("<@U0BOT> who patches rds"), event_id="Ev0GUNICORN1")
    for attempt in range(4):  # spread over both workers by the kernel
        headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"} if attempt else {}
        assert h.post(url + "/slack/events", body, "application/json", headers=headers).status == 200
    api.wait_for("chat.postMessage")
    api.settle(quiet=0.5)
    assert len(api.of("chat.postMessage")) == 1


def test_web_refuses_to_start_on_an_old_schema(sqlite_url: str, tmp_path: Path) -> None:
    api = h.WebApiStandIn()
    try:
        env = environment(api, sqlite_url, free_port())
        proc = subprocess.run(["bash", "-c", f"exec {procfile('web')}"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode != 0
        assert "run `srm db upgrade`" in proc.stderr
    finally:
        api.close()


@pytest.fixture()
def two_servers(database_url: str, tmp_path: Path) -> Iterator[tuple[list[str], h.WebApiStandIn]]:
    """Two app processes side by side on one database, as a scaled-out deployment runs them."""
    api = h.WebApiStandIn()
    ports = [free_port(), free_port()]
    env = environment(api, database_url, ports[0])
    subprocess.run(["bash", "-c", procfile("release")], env=env, cwd=tmp_path, check=True, timeout=60,
                   capture_output=True)
    procs = []
    try:
        for port in ports:
            procs.append(subprocess.Popen(
                ["bash", "-c", f"exec {procfile('web').replace('0.0.0.0', '127.0.0.1')}"],
                env={**env, "PORT": str(port)}, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True))
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, proc in zip(urls, procs, strict=True):
            wait_until_up(url, proc)
        yield urls, api
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        api.close()


def test_a_retry_to_the_other_process_is_not_answered_twice(two_servers: tuple[list[str], h.WebApiStandIn]) -> None:
    (first, second), api = two_servers
    body = h.event_callback(h.app_mention("<@U0BOT> who patches rds"), event_id="Ev0TWOPROC1")
    assert h.post(first + "/slack/events", body, "application/json").status == 200
    api.wait_for("chat.postMessage")
    retry = h.post(second + "/slack/events", body, "application/json",
                   headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status == 200
    api.settle(quiet=0.5)
    assert len(api.of("chat.postMessage")) == 1


def test_concurrent_duplicates_across_processes_reply_once(two_servers: tuple[list[str], h.WebApiStandIn]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    urls, api = two_servers
    events = [h.event_callback(h.app_mention(f"<@U0BOT> who patches rds #{i}", ts=f"1700009{i:03d}.000100"),
                               event_id=f"Ev0BURST{i:03d}") for i in range(10)]
    deliveries = [(urls[n % 2], body) for body in events for n in range(4)]  # each event 4 times, both processes

    def deliver(item: tuple[str, str]) -> int:
        url, body = item
        return h.post(url + "/slack/events", body, "application/json").status

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(deliver, deliveries)) == {200}
    api.wait_for("chat.postMessage", count=10)
    api.settle(quiet=0.5)
    threads = sorted(c.body["thread_ts"] for c in api.of("chat.postMessage"))
    assert threads == sorted(f"1700009{i:03d}.000100" for i in range(10))


# -- idle connections (issue 11, item 3) ----------------------------------------------------------

IDLE_CONNECTIONS = 32


@pytest.fixture()
def procfile_web(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[str, h.WebApiStandIn]]:
    yield from serve_procfile_web(sqlite_url, tmp_path)


def test_idle_connections_do_not_starve_the_procfile_web(procfile_web: tuple[str, h.WebApiStandIn]) -> None:
    """32 connections send headers announcing a 100 kB body, then nothing; a signed /srm is still
    answered promptly (threads to spare), and each idle connection is answered 408 once its body
    is overdue (bot.slack.inbound.BODY_TIMEOUT). Bounded: every socket has a timeout."""
    url, api = procfile_web
    port = int(url.rsplit(":", 1)[1])
    idle: list[socket.socket] = []
    try:
        for _ in range(IDLE_CONNECTIONS):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: srm\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            idle.append(conn)
        time.sleep(1.0)  # let the server take them all in before the real request
        for attempt in range(3):
            started = time.monotonic()
            body = h.slash_command("who patches rds", response_url=api.url + "/response/x")
            response = h.post(url + "/slack/events", body, "application/x-www-form-urlencoded")
            assert response.status == 200 and "AWS owns patching and upgrades on Amazon RDS" in response.body
            assert time.monotonic() - started < 5.0, f"request {attempt} waited behind the idle connections"
        for conn in idle:  # and each idle one is let go: 408 once its body is overdue, then closed
            conn.settimeout(30)
            assert conn.makefile("rb").readline().split()[1:2] == [b"408"]
    finally:
        for conn in idle:
            conn.close()
