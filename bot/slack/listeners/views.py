"""The App Home tab, with the person's own quiz results."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.quiz.schedule import local_date
from bot.quiz.scores import streak
from bot.slack import blocks, quiz_blocks
from bot.slack.deps import Deps
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def stats_blocks(deps: Deps, team: str, enterprise: str, user: str) -> list[blocks.Block]:
    """Totals over every channel, and the best current streak with where it runs."""
    store = deps.quiz
    per_channel = store.user_stats(team, enterprise, user)
    now = deps.clock()
    best, best_channel = 0, None
    for stats in per_channel:
        key = ChannelKey(team, enterprise, stats.channel_id)
        stored = store.schedule(key)
        tz, days = (stored.schedule.tz, stored.schedule.days) if stored else ("UTC", "weekdays")
        run = streak(store.correct_dates(key, user), local_date(tz, now), days)
        if run > best:
            best, best_channel = run, stats.channel_id
    return quiz_blocks.stats_blocks(sum(s.answered for s in per_channel), sum(s.right for s in per_channel),
                                    best, best_channel)


def register(app: App, deps: Deps) -> None:
    def publish_home(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event.get("user")
        if not isinstance(user, str) or not user:
            log.warning("app_home_opened without a user: no App Home to publish")
            return
        try:
            stats = stats_blocks(deps, context.team_id or "", context.enterprise_id or "", user)
        except SQLAlchemyError:
            log.exception("quiz stats unavailable; publishing the App Home without them")
            stats = []
        try:
            client.views_publish(user_id=user, view=blocks.home_view(deps.kb, stats_blocks=stats))
        except SlackApiError as error:  # the person sees the previous Home; the next open publishes again
            log.warning("views.publish for %s failed: HTTP %s", user, error.response.status_code)

    app.event("app_home_opened")(ack=_ack, lazy=[publish_home])
