"""The App Home tab: the model, an "Ask a question" button, the person's quiz results and the
channels where the quiz runs (with on/off)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.quiz import blocks as quiz_blocks
from bot.slack.quiz.service import QuizService
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    service = QuizService(deps.quiz, deps.bank, deps.limits, deps.clock)

    def publish(client: WebClient, context: BoltContext, user: str) -> None:
        try:
            quiz = service.home_blocks(context.team_id or "", context.enterprise_id or "", user)
        except SQLAlchemyError:
            log.exception("quiz stats unavailable; publishing the App Home without them")
            quiz = []
        client.views_publish(user_id=user, view=blocks.home_view(deps.kb, stats_blocks=quiz))

    def publish_home(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        publish(client, context, event["user"])

    def toggle(body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
        state, _, channel = str(action.get("value", "")).partition(":")
        user = (body.get("user") or {}).get("id")
        if state not in ("on", "off") or not channel or not user:
            return
        try:
            service.toggle(ChannelKey(context.team_id or "", context.enterprise_id or "", channel), state == "on")
        except SQLAlchemyError:
            log.exception("quiz toggle failed: database unavailable")
        publish(client, context, user)

    app.event("app_home_opened")(ack=_ack, lazy=[publish_home])
    app.action(quiz_blocks.HOME_TOGGLE_ACTION)(ack=_ack, lazy=[toggle])
