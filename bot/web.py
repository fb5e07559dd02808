"""The production entry point: a WSGI app for gunicorn (`Procfile` web:)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy.exc import SQLAlchemyError

from bot import settle
from bot.compiled import load_compiled
from bot.config import Settings, configure_logging
from bot.slack.app import create_app
from bot.slack.deps import Deps
from bot.slack.inbound import guard
from bot.storage import EventLedger, make_engine
from bot.storage.migrate import require_current

log = logging.getLogger(__name__)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def build_deps(settings: Settings) -> Deps:
    compiled = load_compiled(settings.knowledge_dir, settings.cache_dir)  # the YAML only when it changed
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    installations = None
    if settings.oauth:  # imported only here: slack-sdk's SQLAlchemy stores cost every worker memory
        from bot.slack.installations import installation_store

        installations = installation_store(settings, engine)
    return Deps(answerer=compiled.answerer, ledger=EventLedger(engine), installations=installations,
                bank=compiled.bank, playbooks=compiled.playbooks)


def wsgi_app(slack: SlackRequestHandler, signing_secret: str) -> WSGIApp:
    """Slack's routes behind the inbound guard (signature on the raw body, then shape), plus
    /healthz for load balancers."""
    slack_routes = guard(slack, signing_secret)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        return slack_routes(environ, start_response)

    return app


def create_wsgi(settings: Settings | None = None) -> WSGIApp:
    """gunicorn 'bot.web:create_wsgi()': validate settings, knowledge and schema, then serve."""
    settings = settings or Settings.from_env()
    settings.require_http()
    configure_logging(settings.log_level)
    deps = build_deps(settings)
    try:
        require_current(deps.ledger.engine)
    except SQLAlchemyError as error:
        # Unreachable, not out of date: a worker restarted during a database outage still serves
        # answers (gunicorn would otherwise stop every worker when one fails to boot).
        log.warning("database unreachable at start-up (%s); serving without the schema check",
                    error.__class__.__name__)
    app = wsgi_app(SlackRequestHandler(create_app(settings, deps)), settings.slack_signing_secret)
    settle()  # bot/__init__.py: garbage collection resumes, start-up's objects frozen
    return app
