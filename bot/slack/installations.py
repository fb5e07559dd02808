"""Many workspaces: OAuth install through Bolt, installations kept with slack-sdk's SQLAlchemy
stores on the bot's own database (not the file stores, which break on ephemeral disks and with
more than one process)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from logging import Logger
from typing import Any, TypeVar

from cachetools import LRUCache, TTLCache
from slack_bolt import BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings

BOT_SCOPES = ("commands", "app_mentions:read", "chat:write", "im:history", "users:read", "channels:read",
              "groups:read", "usergroups:read")
"""The scopes the code needs and no more; manifest.yml lists the same (tests/test_config.py)."""
STATE_EXPIRATION_SECONDS = 600
INSTALLATION_TTL = 30.0
"""Seconds a process trusts its copy of a workspace's installation: a reinstall through another
process (a new token) reaches every process within this, or at once when the old token fails."""

log = logging.getLogger(__name__)
T = TypeVar("T", Bot, Installation)


def installation_store(settings: Settings, engine: Engine, *, cached: bool = True) -> InstallationStore:
    """Installations on the shared database. The web process caches them briefly (see
    `ExpiringInstallationStore`); the clock reads them fresh, so an uninstalled workspace is
    never posted to."""
    store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    return ExpiringInstallationStore(store) if cached else store


class ExpiringInstallationStore(InstallationStore):
    """A short-lived per-process copy of installations, in front of the shared store.

    Short-lived, because another process may replace a workspace's token (uninstall, reinstall)
    at any time; `forget` drops a workspace's copy at once when its token is refused. While the
    database is unreachable, the last copy seen is served, so workspaces already answered keep
    being answered through a blip.
    """

    def __init__(self, underlying: InstallationStore, *, ttl: float = INSTALLATION_TTL,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.underlying = underlying
        self._fresh: TTLCache[Hashable, Any] = TTLCache(maxsize=10_000, ttl=ttl, timer=timer)
        self._last: LRUCache[Hashable, Any] = LRUCache(maxsize=10_000)
        self._lock = threading.Lock()

    @property
    def logger(self) -> Logger:
        return self.underlying.logger

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        team = "" if is_enterprise_install or team_id is None else team_id
        return self._cached(("bot", enterprise_id or "", team), lambda: self.underlying.find_bot(
            enterprise_id=enterprise_id, team_id=team, is_enterprise_install=is_enterprise_install))

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        team = "" if is_enterprise_install or team_id is None else team_id
        return self._cached(("installation", enterprise_id or "", team, user_id or ""),
                            lambda: self.underlying.find_installation(
                                enterprise_id=enterprise_id, team_id=team, user_id=user_id,
                                is_enterprise_install=is_enterprise_install))

    def save(self, installation: Installation) -> None:
        self.underlying.save(installation)
        self.forget(installation.enterprise_id, installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        self.underlying.save_bot(bot)
        self.forget(bot.enterprise_id, bot.team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.underlying.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(enterprise_id, team_id)

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        self.underlying.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.forget(enterprise_id, team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.underlying.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(enterprise_id, team_id)

    def forget(self, enterprise_id: str | None, team_id: str | None) -> bool:
        """Drop this process's copy of a workspace; True if there was one."""
        workspace = (enterprise_id or "", team_id or "")
        with self._lock:
            keys = [k for cache in (self._fresh, self._last) for k in list(cache.keys()) if k[1:3] == workspace]
            for key in keys:
                self._fresh.pop(key, None)
                self._last.pop(key, None)
        return bool(keys)

    def _cached(self, key: tuple[str, ...], fetch: Callable[[], T | None]) -> T | None:
        with self._lock:
            if key in self._fresh:
                return self._fresh[key]
        try:
            value = fetch()  # outside the lock: one slow lookup must not hold up other workspaces
        except SQLAlchemyError:
            with self._lock:
                if key not in self._last:
                    raise
                log.warning("installation store unavailable; using the last copy of %s", key[1:3])
                return self._last[key]
        if value is not None:  # a workspace not (yet) installed is looked up again next time
            with self._lock:
                self._fresh[key] = self._last[key] = value
        return value


class RefetchingAuthorize(InstallationStoreAuthorize):
    """Bolt's authorize (which checks the stored token with auth.test on every request), plus one
    second chance: when the cached token is refused (invalid_auth, token_revoked — typically the
    workspace reinstalled through another process, which stored a new one), forget the cached
    copy and authorize again from the database before giving up."""

    def __call__(self, *, context: BoltContext, enterprise_id: str | None, team_id: str | None,
                 user_id: str | None, **actor: Any) -> AuthorizeResult | None:
        result = super().__call__(context=context, enterprise_id=enterprise_id, team_id=team_id,
                                  user_id=user_id, **actor)
        store = self.installation_store
        if result is None and isinstance(store, ExpiringInstallationStore) and store.forget(enterprise_id, team_id):
            log.info("stored token for team %s refused; authorizing again from the database", team_id)
            result = super().__call__(context=context, enterprise_id=enterprise_id, team_id=team_id,
                                      user_id=user_id, **actor)
        return result


def oauth_settings(settings: Settings, store: InstallationStore, engine: Engine) -> OAuthSettings:
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri or None,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine),
    )
    oauth.authorize = RefetchingAuthorize(logger=logging.getLogger("slack_bolt.oauth"), installation_store=store,
                                          client_id=oauth.client_id, client_secret=oauth.client_secret,
                                          bot_only=True)
    return oauth


def bot_token_lookup(store: InstallationStore) -> Callable[[str, str], str]:
    """token_for(team_id, enterprise_id) for processes with no incoming request (the quiz clock)."""

    def token_for(team_id: str, enterprise_id: str) -> str:
        bot = store.find_bot(enterprise_id=enterprise_id or None, team_id=team_id or None,
                             is_enterprise_install=False)
        if bot is None or not bot.bot_token:
            raise LookupError(f"no installation for team {team_id}")
        return bot.bot_token

    return token_for
