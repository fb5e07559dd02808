"""Is a mention part of an incident? Then the answer leads with what to do now.

Two signals, either enough: the channel's name follows an incident convention
(`#inc-2231-payments`, `#sev1-checkout`, `#incident-s3`, `#war-room`), or the message itself
talks like one ("prod bucket went public", "compromised", "outage").
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from cachetools import TLRUCache, cached
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
    miner cryptomining public stolen malware ransom flood flooded hijacked ddos""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def is_incident_channel(name: str) -> bool:
    return bool(_INCIDENT_CHANNEL.search(name.lower()))


def sounds_like_incident(text: str) -> bool:
    """Words, not whitespace-split chunks: "incident:" and "(breach)" count too."""
    return any(word in _INCIDENT_WORDS for word in _WORD.findall(clean_text(text)))


NAME_TTL = 3600.0
"""Seconds a channel's name is trusted: channels are renamed, rarely."""
FAILURE_TTL = 60.0
"""Seconds a failed lookup (a 429, a timeout, a channel the bot cannot see) is remembered: long
enough not to hammer the Web API, short enough that one failure does not turn incident replies
off in that channel."""


def channel_names(*, timer: Callable[[], float] = time.monotonic) -> Callable[[WebClient, str], str]:
    """A per-process cache of channel names (conversations.info, scopes channels:read and
    groups:read); a channel it cannot see reads as unnamed. Concurrent lookups of one channel
    make one call: the others wait for it."""

    def ttu(_channel: str, name: str | None, now: float) -> float:
        return now + (NAME_TTL if name is not None else FAILURE_TTL)

    lookups = threading.Condition()

    @cached(TLRUCache(maxsize=10_000, ttu=ttu, timer=timer), key=lambda _client, channel: channel,
            condition=lookups)
    def lookup(client: WebClient, channel: str) -> str | None:
        try:
            return client.conversations_info(channel=channel).get("channel", {}).get("name", "")
        except SlackApiError as error:
            log.info("no name for %s: %s", channel, error.response.get("error"))
            return None
        except OSError as error:  # unreachable or timed out: answer without the incident lead
            log.info("no name for %s: %s", channel, error)
            return None

    def name_of(client: WebClient, channel: str) -> str:
        return lookup(client, channel) or ""

    return name_of
