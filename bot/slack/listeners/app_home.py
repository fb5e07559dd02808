"""The App Home tab: the model, an "Ask a question" button, the person's quiz results and the
channels where the quiz runs (with on/off)."""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.answering import display_question
from bot.slack import blocks, home_blocks
from bot.slack.deps import Deps
from bot.slack.listeners import feedback
from bot.slack.listeners.owners_commands import workspace_of
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
        try:
            client.views_publish(user_id=user, view=blocks.home_view(deps.kb, stats_blocks=quiz,
                                                                     lead_blocks=home_blocks.ask_button_blocks()))
        except SlackApiError as error:  # the person sees the previous Home; the next open publishes again
            log.warning("views.publish for %s failed: HTTP %s", user, error.response.status_code)

    def publish_home(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event.get("user")
        if not isinstance(user, str) or not user:
            log.warning("app_home_opened without a user: no App Home to publish")
            return
        publish(client, context, user)

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

    def open_ask(body: dict, client: WebClient) -> None:
        client.views_open(trigger_id=body.get("trigger_id", ""), view=home_blocks.ask_modal())

    record_unanswered = feedback.unanswered_recorder(deps)

    def ask(ack: Ack, view: dict, body: dict, client: WebClient, context: BoltContext) -> None:
        """Answered inside the ack, in the same modal: answering takes well under a millisecond."""
        question = home_blocks.read_question(view)
        if not question:
            ack(response_action="errors",
                errors={home_blocks.ASK_BLOCK: "Type a question, for example: who patches rds?"})
            return
        answer = replace(deps.answerer.ask(question), question=display_question(question))
        org = deps.org_owners.for_answer(client, workspace_of(context), answer)  # per-process cache, budgeted
        ack(response_action="update", view=home_blocks.answered_modal(deps.kb, question, answer, org))
        record_unanswered(context.team_id or "", context.enterprise_id or "", "app_home",
                          (body.get("user") or {}).get("id") or "", answer)

    app.event("app_home_opened")(ack=_ack, lazy=[publish_home])
    app.action(home_blocks.ASK_ACTION)(ack=_ack, lazy=[open_ask])
    app.view(home_blocks.ASK_CALLBACK)(ask)
    app.action(quiz_blocks.HOME_TOGGLE_ACTION)(ack=_ack, lazy=[toggle])
