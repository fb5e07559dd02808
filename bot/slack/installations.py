"""Many workspaces: OAuth install through Bolt, installations kept with slack-sdk's SQLAlchemy
stores on the bot's own database (not the file stores, which break on ephemeral disks and with
more than one process)."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.cacheable_installation_store import CacheableInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings

BOT_SCOPES = ("commands", "app_mentions:read", "chat:write", "im:history", "users:read", "channels:read",
              "groups:read", "usergroups:read")
"""The scopes the code needs and no more; manifest.yml lists the same (tests/test_config.py)."""
STATE_EXPIRATION_SECONDS = 600


def installation_store(settings: Settings, engine: Engine, *, cached: bool = True) -> InstallationStore:
    """Installations on the shared database. The web process caches them, so a database blip
    does not stop workspaces it has already seen from being answered; the clock reads them
    fresh, so an uninstalled workspace is never posted to."""
    store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    return CacheableInstallationStore(store) if cached else store


def oauth_settings(settings: Settings, store: InstallationStore, engine: Engine) -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri or None,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine),
    )


def bot_token_lookup(store: InstallationStore) -> Callable[[str, str], str]:
    """token_for(team_id, enterprise_id) for processes with no incoming request (the quiz clock)."""

    def token_for(team_id: str, enterprise_id: str) -> str:
        bot = store.find_bot(enterprise_id=enterprise_id or None, team_id=team_id or None,
                             is_enterprise_install=False)
        if bot is None or not bot.bot_token:
            raise LookupError(f"no installation for team {team_id}")
        return bot.bot_token

    return token_for
