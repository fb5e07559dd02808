"""The `clock:` process: once a minute, post the quizzes that are due, reveal the ones that have
closed and catch up on answer counts. Never inside the web workers.

Doubles are impossible by construction (unique keys in QuizStore), so running two clocks, or a
clock plus `srm quiz post` from cron, is safe; a clock that was down catches up the same day.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient

from bot.config import Settings
from bot.quiz.schedule import due_date
from bot.slack.app import build_client
from bot.slack.quiz.poster import PostResult, QuizPoster
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)

TokenFor = Callable[[str, str], str]
"""(team_id, enterprise_id) -> bot token. The one place a clock process gets a token."""
SPACING = 1.1
"""Seconds between posts: Slack allows about one message per second."""


def single_workspace_tokens(settings: Settings) -> TokenFor:
    """SLACK_BOT_TOKEN for every workspace: the single-workspace install."""

    def token_for(team_id: str, enterprise_id: str) -> str:
        return settings.slack_bot_token

    return token_for


class QuizClock:
    """One tick a minute: post what is due, reveal what has closed, catch up on counts."""

    def __init__(self, poster: QuizPoster, settings: Settings, *, token_for: TokenFor | None = None,
                 spacing: float = SPACING, sleep: Callable[[float], None] = time.sleep) -> None:
        self.poster = poster
        self.settings = settings
        self.token_for = token_for or single_workspace_tokens(settings)
        self.spacing = spacing
        self.sleep = sleep
        self._clients: dict[tuple[str, str], WebClient] = {}

    def client_for(self, key: ChannelKey) -> WebClient:
        workspace = (key.team_id, key.enterprise_id)
        if workspace not in self._clients:
            self._clients[workspace] = build_client(self.settings, token=self.token_for(*workspace))
        return self._clients[workspace]

    def post_channel(self, key: ChannelKey, now: datetime) -> PostResult:
        return self.poster.post(self.client_for(key), key, now)

    def tick(self, now: datetime) -> list[PostResult]:
        """Never raises: one channel's trouble must not stop the others or the clock."""
        self._clients.clear()  # tokens may change between ticks
        results: list[PostResult] = []
        called_slack = False
        store = self.poster.store
        for stored in store.active_schedules():
            day = due_date(stored.schedule, now, stored.active_from)
            if day is None or store.has_slot(stored.key, day.isoformat()):
                continue
            if called_slack and self.spacing:
                self.sleep(self.spacing)
            try:
                result = self.post_channel(stored.key, now)
            except Exception:
                log.exception("quiz for %s failed", stored.key.channel_id)
                continue
            called_slack = called_slack or result.status != "already"
            results.append(result)
        for step in (self.poster.reveal_due, self.poster.refresh_counts):
            try:
                step(self.client_for, now)
            except Exception:
                log.exception("quiz clock step %s failed", step.__name__)
        return results


def run_forever(clock: QuizClock, now: Callable[[], datetime],
                hourly: Callable[[], object] | None = None) -> None:
    """Tick at the top of every minute (and once at start, to catch up after a restart);
    run `hourly` housekeeping (forgetting old event claims) once an hour.

    coalesce and max_instances=1: a slow tick is never run twice at once nor queued up.
    """
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(lambda: clock.tick(now()), "cron", second=0, coalesce=True, max_instances=1,
                      misfire_grace_time=50, next_run_time=now())
    if hourly is not None:
        scheduler.add_job(hourly, "interval", hours=1, coalesce=True, max_instances=1, next_run_time=now())
    log.info("quiz clock started")
    scheduler.start()
