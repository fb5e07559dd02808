"""The Bolt app, built in a factory: importing this module never talks to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.slack.deps import Deps
from bot.slack.listeners import register_listeners
from bot.storage import EventLedger

log = logging.getLogger(__name__)


def build_client(settings: Settings, token: str | None = None) -> WebClient:
    """The one Web API client: base URL and retry handlers set here are copied by Bolt into
    every per-request client, so 429s are retried after Retry-After everywhere."""
    return WebClient(
        token=token if token is not None else settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1),
                        RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def create_app(settings: Settings, deps: Deps, *, client: WebClient | None = None) -> App:
    """The Bolt app, in the mode the settings choose: one workspace (SLACK_BOT_TOKEN) or OAuth
    (any number, tokens in `deps.installations`). Slow work runs in lazy listeners, so with
    process_before_response the HTTP response never waits on Slack's Web API."""
    common = {
        "name": "srm",
        "signing_secret": settings.slack_signing_secret,
        "client": client or build_client(settings),
        "process_before_response": True,
    }
    if settings.oauth:
        if deps.installations is None:
            raise ValueError("OAuth mode needs deps.installations")
        from bot.slack.installations import oauth_settings  # OAuth mode only: see bot.web.build_deps

        app = App(**common, oauth_settings=oauth_settings(settings, deps.installations, deps.ledger.engine))
    else:
        app = App(**common, token=settings.slack_bot_token)
    app.use(SkipDuplicateEvents(deps.ledger))
    register_listeners(app, deps)
    return app


class SkipDuplicateEvents(Middleware):
    """Answer each event_id once, whichever delivery (first or retry) reaches us first.

    A Middleware subclass, not a function: Bolt calls it directly, without building keyword
    arguments, which matters on the path every slash command takes too.
    """

    def __init__(self, ledger: EventLedger) -> None:
        self.ledger = ledger

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            try:
                first = self.ledger.claim(f"event:{event_id}", body.get("team_id") or "")
            except SQLAlchemyError:
                log.exception("event ledger unavailable; processing %s without de-duplication", event_id)
                first = True
            if not first:
                return BoltResponse(status=200, body="")
        return next()
