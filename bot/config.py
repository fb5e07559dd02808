"""Configuration from the environment, read and checked in one place.

A missing or malformed setting stops start-up with one line naming it, before anything talks
to Slack or the database.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///srm.sqlite3"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is the one line to show."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_redirect_uri: str = ""
    slack_api_url: str = SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    log_level: str = "INFO"
    knowledge_dir: Path | None = None
    """SRM_KNOWLEDGE_DIR; None is the knowledge base that ships with the code."""
    db_pool_size: int = 5
    """Connections per process: size it to the threads that reach the database (gunicorn --threads)."""
    cache_dir: Path | None = None
    """SRM_CACHE_DIR: where the compiled knowledge base is kept between starts; None: no cache."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        api_url = env.get("SLACK_API_URL", "").strip() or SLACK_API_URL
        parsed = urlparse(api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(f"SLACK_API_URL must be an http(s) URL, got {api_url!r}")
        if not api_url.endswith("/"):
            api_url += "/"
        port = _bounded_int(env, "PORT", 3000, 1, 65535)
        level = (env.get("LOG_LEVEL", "INFO").strip() or "INFO").upper()
        if level not in _LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {level!r}")
        pool_size = _bounded_int(env, "DB_POOL_SIZE", 5, 1, 100)
        return cls(
            slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
            slack_app_token=env.get("SLACK_APP_TOKEN", "").strip(),
            slack_client_id=env.get("SLACK_CLIENT_ID", "").strip(),
            slack_client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
            slack_redirect_uri=env.get("SLACK_REDIRECT_URI", "").strip(),
            slack_api_url=api_url,
            database_url=normalize_database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL),
            port=port,
            log_level=level,
            knowledge_dir=knowledge_dir(env),
            db_pool_size=pool_size,
            cache_dir=cache_dir(env),
        )

    @property
    def oauth(self) -> bool:
        return bool(self.slack_client_id or self.slack_client_secret)

    def require_http(self) -> None:
        """What the HTTP app needs: a signing secret, and exactly one way to get a bot token."""
        if not self.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials)")
        self._require_token_mode()

    def require_socket(self) -> None:
        if not self.slack_app_token:
            raise ConfigError("SLACK_APP_TOKEN is not set (an xapp- token with connections:write)")
        if not self.slack_app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
        self._require_token_mode()

    def require_bot_token(self) -> None:
        if not self.slack_bot_token:
            raise ConfigError("SLACK_BOT_TOKEN is not set (OAuth & Permissions > Bot User OAuth Token)")
        if not self.slack_bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")

    def _require_token_mode(self) -> None:
        if self.oauth and self.slack_bot_token:
            raise ConfigError(
                "Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET "
                "(OAuth, many workspaces), not both"
            )
        if self.oauth:
            if not (self.slack_client_id and self.slack_client_secret):
                missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
                raise ConfigError(f"{missing} is not set (OAuth mode needs both client id and secret)")
            return
        self.require_bot_token()


def knowledge_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """SRM_KNOWLEDGE_DIR, for every process and command alike (`srm ask`, `srm kb …`, web, clock).

    Read on its own as well as in Settings, so `srm ask` and `srm kb check` need no Slack settings.
    A folder that is not there stops start-up: a typo must not silently fall back to the shipped one.
    """
    env = os.environ if environ is None else environ
    text = env.get("SRM_KNOWLEDGE_DIR", "").strip()
    return require_dir(Path(text).expanduser(), "SRM_KNOWLEDGE_DIR") if text else None


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """SRM_CACHE_DIR, else $XDG_CACHE_HOME/srm-bot, else ~/.cache/srm-bot; `off` turns the cache off.

    Read on its own too, like knowledge_dir: `srm ask` uses the cache without any Slack setting.
    The folder need not exist (it is created 0700 on first use); one that cannot be used is
    skipped with one log line, never an error: the cache only saves start-up time.
    """
    env = os.environ if environ is None else environ
    text = env.get("SRM_CACHE_DIR", "").strip()
    if text.lower() == "off":
        return None
    if text:
        return Path(text).expanduser()
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "srm-bot"
    try:
        return Path.home() / ".cache" / "srm-bot"
    except RuntimeError:  # no HOME and no passwd entry (some containers): no cache
        return None


def require_dir(path: Path, name: str) -> Path:
    if not path.is_dir():
        raise ConfigError(f"{name} is not a folder: {str(path)!r} (it should hold the knowledge base's YAML)")
    return path


def _bounded_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip() or str(default)
    if not text.isdigit() or not low <= int(text) <= high:
        raise ConfigError(f"{name} must be a number from {low} to {high}, got {text!r}")
    return int(text)


def normalize_database_url(url: str) -> str:
    """Heroku hands out `postgres://`, which SQLAlchemy 2 rejects; use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class _RedactTokens(logging.Filter):
    """Never let a Slack token reach a log line, whoever logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def redact(text: str) -> str:
    return re.sub(r"xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+", "xox…(redacted)", text)


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _RedactTokens) for f in handler.filters):
            handler.addFilter(_RedactTokens())
