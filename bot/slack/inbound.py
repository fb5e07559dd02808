"""What reaches Bolt: a request signed by Slack whose payload has the shape Bolt reads.

Bolt parses a body before it verifies it, and reads payloads with `body["actions"][0]` and
`"id" in team`, so `{not json`, a list, `event: null` or `actions: []` became HTTP 500 with a
traceback. The HTTP layer here checks the signature on the raw bytes first, then parses the body
once and checks its shape; anything malformed gets 400 and one log line. Bolt is handed the
parsed body with the raw text beside it, and still verifies every request (on that text): this
layer only refuses earlier, and saves Bolt a second parse on every request.

Parsed here rather than by Bolt's `parse_body` for a second reason: that one treats any form
body containing the letters "payload" as an interactive payload, so `/srm where does the payload
go` found no listener (404). A form body is an interactive payload only when it has a `payload`
field.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_plus

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

MAX_BODY = 1 << 20
"""Slack's largest payloads (a message with fifty blocks) are far below 1 MiB."""
BODY_TIMEOUT = 5.0
"""Slack stops waiting for a response after 3 s; a body still missing after 5 s is not Slack's."""
_CHUNK = 16 * 1024
MAX_AGE = 5 * 60
"""Slack's replay window, as Bolt's verifier applies it."""
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SCALARS = ("type", "team_id", "api_app_id", "event_id", "token", "command", "text", "user_id", "channel_id",
            "response_url", "trigger_id", "challenge", "callback_id")
"""Top-level fields that Bolt or the listeners treat as strings."""
_ACTION_SCALARS = ("type", "action_id", "block_id", "value")
"""An action's string fields (its `text` is a plain_text object)."""
_AUTHORIZATION_SCALARS = ("team_id", "user_id")
_OBJECTS = ("team", "user", "channel", "enterprise", "view", "container", "message", "event", "item")
"""Fields Bolt reads as `{"id": ...}` (or, for a few, a bare id string)."""
_USER_ID = re.compile(r"[A-Z0-9]{2,32}")
"""A Slack user id (U…, W…): what `clicker` accepts."""


class Malformed(ValueError):
    """A request Slack would never send; the message names what is wrong (no user text)."""


def check_payload(body: object) -> None:
    """Raise Malformed unless `body` has the shape Bolt's matchers and context builders assume."""
    if not isinstance(body, dict):
        raise Malformed(f"payload is a {type(body).__name__}, not an object")
    _check_fields(body, "payload", _SCALARS)
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise Malformed("event_callback without an `event` object that has a `type`")
    authorizations = body.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations):
            raise Malformed("`authorizations` is not a list of objects")
        for index, authorization in enumerate(authorizations):
            _check_fields(authorization, f"authorizations[{index}]", _AUTHORIZATION_SCALARS)
    if kind in ("block_actions", "interactive_message"):
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
            raise Malformed(f"{kind} without a non-empty `actions` list of objects")
        for index, action in enumerate(actions):
            _check_fields(action, f"actions[{index}]", _ACTION_SCALARS)


def _check_fields(obj: dict[str, Any], where: str, scalars: tuple[str, ...]) -> None:
    for name in scalars:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise Malformed(f"{where}.{name} is a {type(obj[name]).__name__}, not a string")
    if obj.get("enterprise_id") is not None and not isinstance(obj["enterprise_id"], str):
        raise Malformed(f"{where}.enterprise_id is not a string")
    for name in _OBJECTS:
        value = obj.get(name)
        if value is not None and not isinstance(value, dict | str):
            raise Malformed(f"{where}.{name} is a {type(value).__name__}, not an object")
        if isinstance(value, dict) and value.get("id") is not None and not isinstance(value["id"], str):
            raise Malformed(f"{where}.{name}.id is not a string")


def signed_by_slack(secret: bytes, raw: bytes, timestamp: str, signature: str, now: float) -> bool:
    """Slack's v0 signature over the raw bytes (HMAC-SHA256 of `v0:{timestamp}:{body}`).

    Computed on bytes rather than with slack_sdk's SignatureVerifier, which decodes the body as
    UTF-8 first and so cannot judge a body that is not: here signing is checked before any decoding.
    """
    if abs(now - int(timestamp)) > MAX_AGE:
        return False
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(b"v0=" + digest.encode(), signature.encode("latin-1", "replace"))


def _respond(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def guard(slack: SlackRequestHandler, signing_secret: str,
          clock: Callable[[], float] = time.time) -> WSGIApp:
    """Slack's WSGI routes: unsigned -> 401, malformed -> 400 (one log line), else Bolt. Other
    paths (the OAuth pages) go to Bolt's own handler."""
    secret = signing_secret.encode()
    path = slack.path

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != path:
            return slack(environ, start_response)
        length = (environ.get("CONTENT_LENGTH") or "0").strip()
        if not length.isascii() or not length.isdigit():
            return _refuse(start_response, "400 Bad Request", "Content-Length is not a number")
        if int(length) > MAX_BODY:
            return _refuse(start_response, "413 Content Too Large", f"body over {MAX_BODY} bytes")
        try:
            raw = _read_body(environ, int(length))
        except TimeoutError:
            return _refuse(start_response, "408 Request Timeout", f"body not received within {BODY_TIMEOUT:.0f} s")
        if len(raw) != int(length):
            return _refuse(start_response, "400 Bad Request", "body shorter than its Content-Length")
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if timestamp is None or signature is None:
            return _respond(start_response, "401 Unauthorized", "invalid request")
        if not _TIMESTAMP.fullmatch(timestamp):
            return _refuse(start_response, "400 Bad Request", "X-Slack-Request-Timestamp is not a number")
        if not signed_by_slack(secret, raw, timestamp, signature, clock()):
            return _respond(start_response, "401 Unauthorized", "invalid request")
        http = WsgiHttpRequest(environ)
        headers = http.get_headers()
        try:
            text = raw.decode("utf-8")
            body = parse_body(text, content_type(headers))
            check_payload(body)
        except UnicodeDecodeError:
            return _refuse(start_response, "400 Bad Request", "body is not UTF-8")
        except Malformed as problem:
            return _refuse(start_response, "400 Bad Request", str(problem))
        except ValueError:  # json.JSONDecodeError and friends
            return _refuse(start_response, "400 Bad Request", "body does not parse as its Content-Type says")
        response = slack.app.dispatch(ParsedRequest(raw_body=text, body=body, query=http.query_string,
                                                    headers=headers))
        reply = WsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)
        start_response(reply.status, reply.get_headers())
        return reply.get_body()

    return app


def content_type(headers: dict[str, Any]) -> str:
    """The media type alone: `application/json; charset=utf-8` is JSON."""
    value = headers.get("content-type") or ""
    return (value if isinstance(value, str) else value[0] if value else "").split(";")[0].strip().lower()


def parse_body(text: str, media_type: str) -> Any:
    """A Slack request body: JSON (events), or a form whose `payload` field holds the JSON of an
    interaction, or a plain form (slash commands)."""
    if not text:
        return {}
    if media_type == "application/json" or text.startswith("{"):
        return json.loads(text)
    fields = form_fields(text)
    return json.loads(fields["payload"]) if "payload" in fields else fields


def form_fields(text: str) -> dict[str, str]:
    """`parse_qsl(text, keep_blank_values=True)` as a dict, without decoding the names and values
    that need none (most of a slash command's): a third of the time on every /srm."""
    fields: dict[str, str] = {}
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            fields[_decoded(name)] = _decoded(value)
    return fields


def _decoded(text: str) -> str:
    return unquote_plus(text) if "%" in text or "+" in text else text


class ParsedRequest(BoltRequest):
    """A BoltRequest made from a body parsed once (here) and its raw text, which Bolt's request
    verification checks again. Built as Bolt builds a Socket Mode request (from a dict), then put
    back in HTTP mode so that verification and acknowledgement work as for any HTTP request."""

    def __init__(self, *, raw_body: str, body: dict[str, Any], query: Any = None, headers: Any = None,
                 context: dict[str, Any] | None = None) -> None:
        super().__init__(body=body, query=query, headers=headers, context=context, mode="socket_mode")
        self.raw_body = raw_body
        self.mode = "http"

    def to_copyable(self) -> ParsedRequest:
        """For a lazy listener (Bolt deep-copies what this returns, see __deepcopy__)."""
        return ParsedRequest(raw_body=self.raw_body, body=self.body, query=self.query, headers=self.headers,
                             context=self.context.to_copyable())

    def __deepcopy__(self, memo: dict[int, Any]) -> ParsedRequest:
        """Bolt deep-copies a request for each lazy listener, and a deep copy of its context
        copies the request's own WebClient, logger and say / respond with it: most of a mention's
        CPU outside our code. Here the body, query and headers are copied, and the context one
        level down (a new dict, so what Bolt adds for the lazy run stays there); its values are
        shared, since they were made for this one request, which ends with its ack."""
        return ParsedRequest(
            raw_body=self.raw_body, body=copy.deepcopy(self.body, memo),
            query={name: list(values) for name, values in self.query.items()},
            headers={name: list(values) for name, values in self.headers.items()},
            context=dict(self.context),
        )


def _read_body(environ: dict[str, Any], length: int) -> bytes:
    """The body, within BODY_TIMEOUT in all. Under gunicorn (which lends its socket as
    `gunicorn.socket`) each wait is bounded, so a client that announces a body and sends nothing
    holds a worker thread for seconds, not for as long as it keeps the connection open."""
    sock = environ.get("gunicorn.socket")
    previous = sock.gettimeout() if sock is not None else None
    deadline = time.monotonic() + BODY_TIMEOUT
    chunks: list[bytes] = []
    received = 0
    try:
        while received < length:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if sock is not None:
                sock.settimeout(remaining)
            chunk = environ["wsgi.input"].read(min(_CHUNK, length - received))
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
    finally:
        if sock is not None:
            sock.settimeout(previous)
    return b"".join(chunks)


def _refuse(start_response: Callable[..., Any], status: str, problem: str) -> list[bytes]:
    log.warning("refused a request to /slack/events (%s): %s", status.split()[0], problem)
    return _respond(start_response, status, f"bad request: {problem}")


# -- reading a checked payload -------------------------------------------------------------------

def clicker(body: dict) -> str | None:
    """The clicking person's Slack id, or None: an answer is never stored for user ''."""
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else None
    return user_id if isinstance(user_id, str) and _USER_ID.fullmatch(user_id) else None


def clicked_in(body: dict) -> str:
    """The channel the button was clicked in: a quiz answers only in its own channel."""
    channel = body.get("channel")
    container = body.get("container")
    return ((channel.get("id") if isinstance(channel, dict) else None)
            or (container.get("channel_id") if isinstance(container, dict) else None) or "")


def clicked_message(body: dict) -> str:
    """The ts of the message whose button was clicked (ephemeral ones too): what identifies an answer."""
    container = body.get("container")
    ts = container.get("message_ts") if isinstance(container, dict) else None
    message = body.get("message")
    return (ts if isinstance(ts, str) else None) or (message.get("ts") if isinstance(message, dict) else None) or ""
