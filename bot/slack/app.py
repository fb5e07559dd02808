"""The Bolt app, built in a factory: importing this module never talks to Slack."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.config import Settings
from bot.slack.deps import Deps
from bot.slack.listeners import register_listeners

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
    process_before_response the HTTP response never waits on Slack's Web API, nor on the
    database: nothing before the ack touches it (a reply is claimed per message after the ack,
    which covers Slack's retries and a DM that is also a mention)."""
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
    register_listeners(app, deps)
    return app

