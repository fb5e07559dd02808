"""What the quiz needs to know about people from Slack (users.info, scope users:read)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


def _info(client: WebClient, user: str) -> dict:
    try:
        return client.users_info(user=user).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", user, error.response.get("error"))
        return {}


def user_tz(client: WebClient, user: str) -> str | None:
    """The person's time zone as Slack reports it."""
    return _info(client, user).get("tz")


def display_names(client: WebClient, users: Iterable[str]) -> dict[str, str]:
    """A name per person for boards posted to a channel: a name, not a mention, so nobody is pinged.
    Display name first (what people see in Slack), then the real name; 'someone' if Slack won't say."""
    names: dict[str, str] = {}
    for user in dict.fromkeys(users):
        info = _info(client, user)
        profile = info.get("profile") or {}
        names[user] = (profile.get("display_name") or profile.get("real_name") or info.get("real_name")
                       or info.get("name") or "someone")
    return names
