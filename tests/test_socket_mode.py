"""`srm socket`: the same app over Socket Mode, against a local WebSocket stand-in for Slack.

The real process is started with SLACK_APP_TOKEN; slack-sdk opens the connection through
apps.connections.open on the Web API stand-in, then envelopes arrive as Slack sends them.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from websockets.sync.server import ServerConnection, serve

from . import slack_harness as h

APP_TOKEN = "xapp-1-A0SRM-1234-abcdef"


class SocketModeStandIn:
    """Accepts the app's WebSocket and lets a test send envelopes and read acknowledgements."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict] = queue.Queue()
        self.acks: queue.Queue[dict] = queue.Queue()
        self.connected = threading.Event()
        self.server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A0SRM"}}))
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:
                return
            self.acks.put(json.loads(message))

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture()
def socket_app(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[SocketModeStandIn, h.WebApiStandIn]]:
    ws = SocketModeStandIn()
    api = h.WebApiStandIn()
    api.script("apps.connections.open", *[h.Reply(body={"ok": True, "url": ws.url}) for _ in range(5)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(SLACK_BOT_TOKEN=h.BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=api.api_url,
               DATABASE_URL=sqlite_url, LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "socket"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert ws.connected.wait(30), proc.stderr.read() if proc.poll() is not None and proc.stderr else "no connection"
        yield ws, api
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        ws.close()
        api.close()


def test_socket_mode_opens_with_the_app_token(socket_app: tuple[SocketModeStandIn, h.WebApiStandIn]) -> None:
    _ws, api = socket_app
    (opened,) = api.of("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"


def test_slash_command_over_socket_mode(socket_app: tuple[SocketModeStandIn, h.WebApiStandIn]) -> None:
    ws, _api = socket_app
    payload = dict(parse_qsl(h.slash_command("who patches rds", response_url="https://example.com/r")))
    ws.outbox.put({"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                   "payload": payload})
    ack = ws.acks.get(timeout=15)
    assert ack["envelope_id"] == "env-1"
    assert ":cloud: *AWS owns" in json.dumps(ack["payload"]["blocks"])


def test_mention_over_socket_mode_is_answered_in_a_thread(
        socket_app: tuple[SocketModeStandIn, h.WebApiStandIn]) -> None:
    ws, api = socket_app
    event = json.loads(h.event_callback(h.app_mention("<@U0BOT> who patches rds", ts="1700000900.000100")))
    ws.outbox.put({"envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False,
                   "payload": event})
    assert ws.acks.get(timeout=15)["envelope_id"] == "env-2"
    (post,) = api.wait_for("chat.postMessage", timeout=15)
    assert post.body["thread_ts"] == "1700000900.000100"
    assert post.headers["Authorization"] == f"Bearer {h.BOT_TOKEN}"


def test_malformed_envelopes_are_acked_and_dropped_without_a_traceback(sqlite_url: str, tmp_path: Path) -> None:
    """Socket Mode has no signature, but the same shape check: ack (no redelivery), one line, no crash."""
    ws = SocketModeStandIn()
    api = h.WebApiStandIn()
    api.script("apps.connections.open", *[h.Reply(body={"ok": True, "url": ws.url}) for _ in range(5)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(SLACK_BOT_TOKEN=h.BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=api.api_url,
               DATABASE_URL=sqlite_url, LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "socket"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    event = json.loads(h.event_callback(h.app_mention("<@U0BOT> who patches rds")))
    click = json.loads(dict(parse_qsl(h.block_actions(h.button("share_answer", "{}"), response_url="x")))["payload"])
    malformed = [
        ("events_api", {**event, "event": None}),
        ("events_api", {**event, "team_id": 12345}),
        ("interactive", {**click, "actions": []}),
        ("interactive", {**click, "user": 5}),
    ]
    try:
        assert ws.connected.wait(30), "no connection"
        for n, (kind, payload) in enumerate(malformed):
            ws.outbox.put({"envelope_id": f"bad-{n}", "type": kind, "accepts_response_payload": False,
                           "payload": payload})
            assert ws.acks.get(timeout=15)["envelope_id"] == f"bad-{n}"
        payload = dict(parse_qsl(h.slash_command("who patches rds", response_url="https://example.com/r")))
        ws.outbox.put({"envelope_id": "good", "type": "slash_commands", "accepts_response_payload": True,
                       "payload": payload})
        ack = ws.acks.get(timeout=15)
        assert ack["envelope_id"] == "good" and ":cloud: *AWS owns" in json.dumps(ack["payload"])
        api.settle(quiet=0.3)
        assert api.of("chat.postMessage") == []
    finally:
        proc.terminate()
        _out, stderr = proc.communicate(timeout=30)
        ws.close()
        api.close()
    dropped = [line for line in stderr.splitlines() if "dropped a malformed Socket Mode envelope" in line]
    assert len(dropped) == len(malformed), stderr
    assert "Traceback" not in stderr
