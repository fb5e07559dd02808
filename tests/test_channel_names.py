"""Channel names for the incident lead: a failed lookup is remembered briefly, not for the life of
the process, and concurrent lookups of one channel make one call. Over real HTTP to the Web API
stand-in, through slack_sdk's base URL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from slack_sdk import WebClient

from bot.slack.incident import FAILURE_TTL, NAME_TTL, channel_names

from . import slack_harness as h

INCIDENT = h.Reply(body={"ok": True, "channel": {"id": "C0INC", "name": "inc-42-payments"}})


def client(api: h.WebApiStandIn) -> WebClient:
    return WebClient(token=h.BOT_TOKEN, base_url=api.api_url, timeout=5)  # no retry handlers: one 429 is one call


def test_a_failed_lookup_is_retried_after_a_short_while() -> None:
    api = h.WebApiStandIn()
    try:
        now = [0.0]
        name_of = channel_names(timer=lambda: now[0])
        api.script("conversations.info", h.Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}),
                   INCIDENT)
        assert name_of(client(api), "C0INC") == ""
        now[0] += FAILURE_TTL - 1
        assert name_of(client(api), "C0INC") == "", "the failure is remembered for a while"
        assert len(api.of("conversations.info")) == 1
        now[0] += 2
        assert name_of(client(api), "C0INC") == "inc-42-payments", "and then looked up again"
        now[0] += NAME_TTL - 1
        assert name_of(client(api), "C0INC") == "inc-42-payments"
        assert len(api.of("conversations.info")) == 2, "a name is kept far longer"
    finally:
        api.close()


def test_concurrent_lookups_of_one_channel_make_one_call() -> None:
    api = h.WebApiStandIn()
    try:
        api.script("conversations.info", INCIDENT)
        name_of = channel_names()
        start = threading.Barrier(12)

        def look(_: int) -> str:
            start.wait()
            return name_of(client(api), "C0INC")

        with ThreadPoolExecutor(max_workers=12) as pool:
            names = list(pool.map(look, range(12)))
        assert names == ["inc-42-payments"] * 12
        assert len(api.of("conversations.info")) == 1
    finally:
        api.close()
