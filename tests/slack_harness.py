"""Real HTTP on loopback: the app served by a WSGI server, Slack's requests signed as Slack
signs them, and a stand-in for the Slack Web API that records every call.

Nothing here patches Bolt: requests go through its signature verification like Slack's do.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
TEAM_ID = "T0001"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"


# -- the Web API stand-in -----------------------------------------------------------------------

@dataclass
class Call:
    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] = field(default_factory=lambda: {"ok": True})
    headers: dict[str, str] = field(default_factory=dict)


DEFAULT_REPLIES: dict[str, dict[str, Any]] = {
    "auth.test": {"ok": True, "url": "https://example.slack.com/", "team": "Example", "user": "srm",
                  "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False},
    "chat.postMessage": {"ok": True, "channel": "C0CHANNEL", "ts": "1700000000.000100", "message": {}},
    "chat.postEphemeral": {"ok": True, "message_ts": "1700000000.000200"},
    "chat.update": {"ok": True, "channel": "C0CHANNEL", "ts": "1700000000.000100"},
    "views.publish": {"ok": True, "view": {"id": "V0001"}},
    "conversations.open": {"ok": True, "channel": {"id": "D0DM"}},
    "conversations.info": {"ok": True, "channel": {"id": "C0CHANNEL", "name": "general", "is_channel": True}},
    "users.info": {"ok": True, "user": {"id": "U0001", "tz": "Europe/Berlin"}},
}


class WebApiStandIn:
    """Answers `POST /api/<method>` like Slack, and `POST /response/<id>` like a response_url.

    A workspace directory, when a test fills it, answers the methods that read it as Slack does:
    `users.info` (with `is_admin`, `is_owner`, `deleted`; `user_not_found` for anyone else),
    `usergroups.list` (disabled groups only with `include_disabled`), `usergroups.users.list`
    and `conversations.info` (`channel_not_found` for a channel not in `channels`)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.revoked: set[str] = set()
        """Bot tokens Slack no longer accepts: any call made with one gets invalid_auth."""
        self._scripted: dict[str, list[Reply]] = {}
        self._answerers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                method = "response_url" if self.path.startswith("/response/") else self.path.removeprefix("/api/")
                reply = standin._record(Call(method, body, dict(self.headers)))
                payload = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.api_url = self.url + "/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def script(self, method: str, *replies: Reply) -> None:
        """The next calls of `method` get these replies, in order; later ones the default."""
        self._scripted.setdefault(method, []).extend(replies)

    def answer_with(self, method: str, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Calls of `method` get `answer(request body)` (after any scripted replies): users.info per user."""
        self._answerers[method] = answer

    def _record(self, call: Call) -> Reply:
        with self._changed:
            self.calls.append(call)
            scripted = self._scripted.get(call.method)
            token = call.headers.get("Authorization", "").removeprefix("Bearer ")
            answer = self._answerers.get(call.method)
            if token and token in self.revoked:
                reply = Reply(body={"ok": False, "error": "invalid_auth"})
            elif scripted:
                reply = scripted.pop(0)
            elif answer:
                reply = Reply(body=answer(call.body))
            else:
                reply = self._directory(call) or Reply(body=DEFAULT_REPLIES.get(call.method, {"ok": True}))
            self._changed.notify_all()
            return reply

    def _directory(self, call: Call) -> Reply | None:
        """Replies from the workspace directory, for the methods it covers once a test filled it."""
        body = call.body
        if call.method == "users.info" and self.users:
            user = self.users.get(str(body.get("user")))
            return Reply(body={"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"})
        if call.method == "usergroups.list" and self.usergroups:
            disabled = str(body.get("include_disabled")).lower() in ("1", "true")
            groups = [g for g in self.usergroups.values() if disabled or not g.get("date_delete")]
            return Reply(body={"ok": True, "usergroups": groups})
        if call.method == "usergroups.users.list" and self.usergroups:
            group = self.usergroups.get(str(body.get("usergroup")))
            return Reply(body={"ok": True, "users": group.get("users", [])} if group
                         else {"ok": False, "error": "no_such_subteam"})
        if call.method == "conversations.info" and self.channels:
            channel = self.channels.get(str(body.get("channel")))
            return Reply(body={"ok": True, "channel": channel} if channel
                         else {"ok": False, "error": "channel_not_found"})
        return None

    def of(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([c for c in self.calls if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} {method} call(s), got "
                                         f"{[c.method for c in self.calls]}")
                self._changed.wait(remaining)
            return [c for c in self.calls if c.method == method]

    def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until no call has arrived for `quiet` seconds (to assert that nothing more comes)."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            with self._changed:
                if len(self.calls) == seen:
                    return
                seen = len(self.calls)
            time.sleep(quiet)

    def reset(self) -> None:
        """Forget calls and scripted replies (the directory stays)."""
        with self._changed:
            self.calls.clear()
            self._scripted.clear()
            self._answerers.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- serving the app ----------------------------------------------------------------------------

class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128
    """socketserver's default listen backlog is 5: tests that click 20 at once saw connections
    reset before the server accepted them (gunicorn's backlog is 2048)."""


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class AppServer:
    """A WSGI app on a loopback port, in a background thread."""

    def __init__(self, wsgi: Callable[..., Any]) -> None:
        self.httpd = make_server("127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer,
                                 handler_class=_QuietHandler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- Slack's requests ---------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def sign(body: str | bytes, timestamp: int | str, secret: str = SIGNING_SECRET) -> str:
    """X-Slack-Signature, as Slack computes it: v0=HMAC-SHA256(secret, 'v0:{ts}:{body}') over the bytes."""
    raw = body.encode() if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def post(url: str, body: str | bytes, content_type: str, *, signed: bool = True, timestamp: int | str | None = None,
         signature: str | None = None, headers: dict[str, str] | None = None) -> Response:
    """POST as Slack does. `body` may be bytes (for bodies that are not UTF-8); `timestamp` a string
    (for a malformed X-Slack-Request-Timestamp, signed all the same)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    raw = body.encode() if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type, **(headers or {})}
    if signed:
        all_headers["X-Slack-Request-Timestamp"] = str(timestamp)
        all_headers["X-Slack-Signature"] = signature or sign(raw, timestamp)
    request = urllib.request.Request(url, data=raw, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as resp:
            return Response(resp.status, resp.read().decode(), dict(resp.headers))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode(), dict(error.headers))


def get(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=15) as resp:
            return Response(resp.status, resp.read().decode(), dict(resp.headers))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode(), dict(error.headers))


def form(fields: dict[str, str]) -> str:
    return urlencode(fields)


# -- payloads shaped like Slack's documented ones -----------------------------------------------

_counter = iter(range(1, 10**9))


def slash_command(text: str, *, response_url: str, user: str = "U0001", channel: str = "C0CHANNEL",
                  team: str = TEAM_ID, command: str = "/srm") -> str:
    """application/x-www-form-urlencoded, as https://api.slack.com/interactivity/slash-commands."""
    return form({
        "token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": team, "team_domain": "example",
        "enterprise_id": "", "enterprise_name": "", "channel_id": channel, "channel_name": "incidents",
        "user_id": user, "user_name": "steve", "command": command, "text": text,
        "api_app_id": "A0SRM", "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": f"13345224609.738474920.{next(_counter)}",
    })


def event_callback(event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM_ID) -> str:
    """application/json, as https://api.slack.com/apis/events-api#callback-field."""
    return json.dumps({
        "token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": team, "api_app_id": "A0SRM", "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{next(_counter):08d}",
        "event_time": int(time.time()), "authorizations": [{
            "enterprise_id": None, "team_id": team, "user_id": BOT_USER_ID, "is_bot": True,
            "is_enterprise_install": False}],
        "is_ext_shared_channel": False, "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
    })


def app_mention(text: str, *, channel: str = "C0CHANNEL", user: str = "U0001", ts: str | None = None,
                thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts or f"1700000{next(_counter):03d}.000100",
             "channel": channel, "event_ts": ts or "1700000000.000100", "team": TEAM_ID}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, user: str = "U0001", ts: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": "D0DM", "user": user, "text": text, "channel_type": "im",
            "ts": ts or f"1700001{next(_counter):03d}.000100", "event_ts": "1700001000.000100", **extra}


def block_actions(action: dict[str, Any], *, response_url: str, user: str = "U0001",
                  channel: str = "C0CHANNEL", ephemeral: bool = True, message: dict | None = None) -> str:
    """application/x-www-form-urlencoded with a `payload` JSON field, as Slack sends interactions."""
    container: dict[str, Any] = {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral,
                                 "message_ts": "1700000000.000100"}
    payload = {
        "type": "block_actions", "user": {"id": user, "username": "steve", "team_id": TEAM_ID},
        "api_app_id": "A0SRM", "token": "gIkuvaNzQIHg97ATvDxqgjtO", "container": container,
        "trigger_id": f"13345224609.738474920.{next(_counter)}", "team": {"id": TEAM_ID, "domain": "example"},
        "enterprise": None, "is_enterprise_install": False, "channel": {"id": channel, "name": "incidents"},
        "response_url": response_url, "actions": [{**action, "action_ts": "1700000000.1"}],
    }
    if message is not None:
        payload["message"] = message
    return form({"payload": json.dumps(payload)})


def button(action_id: str, value: str, block_id: str = "b") -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
            "text": {"type": "plain_text", "text": "x"}}


def iter_blocks_text(blocks: list[dict[str, Any]]) -> Iterator[str]:
    """Every piece of text in a list of blocks, for assertions."""
    for block in blocks:
        for key in ("text",):
            if isinstance(block.get(key), dict):
                yield block[key]["text"]
        for item in block.get("fields", []) + block.get("elements", []):
            if isinstance(item.get("text"), dict):
                yield item["text"]["text"]
            elif isinstance(item.get("text"), str):
                yield item["text"]


def parse_qs_payload(body: str) -> str:
    """The `payload` field of a form-encoded interaction body."""
    return parse_qs(body)["payload"][0]
