"""Is a mention part of an incident? Then the answer leads with what to do now.

Two signals, either enough: the channel's name follows an incident convention
(`#inc-2231-payments`, `#sev1-checkout`, `#incident-s3`, `#war-room`), or the message itself
talks like one ("prod bucket went public", "compromised", "outage").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import clean_text

log = logging.getLogger(__name__)

_INCIDENT_CHANNEL = re.compile(
    r"(^|[-_])(inc|incident|incidents|sev[0-4]?|outage|outages|war-?room|warroom|ir|postmortem|security-alerts?)"
    r"([-_0-9]|$)"
)
_INCIDENT_WORDS = frozenset(
    """incident incidents outage outages down breach breached compromised compromise hacked leaked leak
    exposed prod production sev sev0 sev1 sev2 p0 p1 urgent asap attack attacker ransomware exfiltration
    miner cryptomining public""".split()
)


def is_incident_channel(name: str) -> bool:
    return bool(_INCIDENT_CHANNEL.search(name.lower()))


def sounds_like_incident(text: str) -> bool:
    return any(word in _INCIDENT_WORDS for word in clean_text(text).replace("-", " ").split())


def channel_names() -> Callable[[WebClient, str], str]:
    """A per-process cache of channel names (conversations.info, scopes channels:read and
    groups:read); a channel it cannot see reads as unnamed."""
    cache: dict[str, str] = {}

    def name_of(client: WebClient, channel: str) -> str:
        if channel not in cache:
            try:
                cache[channel] = client.conversations_info(channel=channel).get("channel", {}).get("name", "")
            except SlackApiError as error:
                log.info("no name for %s: %s", channel, error.response.get("error"))
                cache[channel] = ""
        return cache[channel]

    return name_of
