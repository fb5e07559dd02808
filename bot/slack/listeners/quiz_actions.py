"""Quiz buttons: an answer (quiz_answer_0..2), "Full answer" and the leaderboard's "Post to
channel". Acked at once; the work runs in lazy listeners, since it touches the database and the
Web API. What a click tells the clicker opens in a modal in front of them (the click's
trigger_id), not as an ephemeral at the bottom of the channel."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.inbound import clicked_in, clicker
from bot.slack.listeners.owners_commands import workspace_of
from bot.slack.quiz import blocks as quiz_blocks
from bot.slack.quiz.service import UNAVAILABLE, QuizService, Shown
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def show(client: WebClient, body: dict, respond: Respond, shown: Shown) -> None:
    """In a modal via the click's trigger_id; as an ephemeral only if Slack will not open one
    (a trigger_id lives three seconds)."""
    trigger = body.get("trigger_id")
    if isinstance(trigger, str) and trigger:
        try:
            client.views_open(trigger_id=trigger, view=quiz_blocks.modal(shown.title, shown.as_blocks()))
            return
        except SlackApiError as error:
            log.info("quiz modal not opened (%s); replying ephemerally", error.response.get("error"))
    respond(text=shown.text, blocks=shown.blocks or None, response_type="ephemeral", replace_original=False)


def register(app: App, deps: Deps) -> None:
    service = QuizService(deps.quiz, deps.bank, deps.limits, deps.clock)

    def answer(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        try:
            shown, quiz = service.answer(team=context.team_id or "", enterprise=context.enterprise_id or "",
                                         channel=clicked_in(body), user=clicker(body), value=action.get("value"),
                                         action_id=action.get("action_id"))
        except SQLAlchemyError:
            log.exception("quiz answer not recorded: database unavailable")
            shown, quiz = Shown(UNAVAILABLE), None
        show(client, body, respond, shown)
        if quiz is not None:
            service.refresh_count(client, quiz)

    def full_answer(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        found = deps.answerer.answer_entry("", action.get("value", ""))
        if found is None:
            respond(text="That answer is no longer in the knowledge base.", response_type="ephemeral",
                    replace_original=False)
            return
        text = blocks.answer_fallback_text(deps.kb, found)
        org = deps.org_owners.for_answer(client, workspace_of(context), found)
        view = body.get("view")
        if isinstance(view, dict) and body.get("trigger_id"):  # clicked inside the feedback modal
            client.views_push(trigger_id=body["trigger_id"], view=quiz_blocks.modal(
                "Full answer", blocks.answer_blocks(deps.kb, found, feedback=False, org=org)))
            return
        respond(blocks=blocks.answer_blocks(deps.kb, found, shareable=True, org=org), response_type="ephemeral",
                text=text, replace_original=False)

    def post_leaderboard(body: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        user, channel = clicker(body), clicked_in(body)
        if user is None or not channel:
            respond(text="I couldn't tell who asked or where, so I didn't post it.", response_type="ephemeral",
                    replace_original=False)
            return
        key = ChannelKey(context.team_id or "", context.enterprise_id or "", channel)
        try:
            shown = service.leaderboard_for_channel(client, key, user)
        except SQLAlchemyError:
            log.exception("leaderboard unavailable")
            respond(text=UNAVAILABLE, response_type="ephemeral", replace_original=False)
            return
        try:
            client.chat_postMessage(channel=channel, text=shown.text, blocks=shown.blocks)
        except SlackApiError as error:
            respond(text=explain_post_error(error), response_type="ephemeral", replace_original=False)
            return
        respond(delete_original=True)

    app.action(re.compile(rf"^{quiz_blocks.ANSWER_ACTION}_[0-2]$"))(ack=_ack, lazy=[answer])
    app.action(quiz_blocks.FULL_ANSWER_ACTION)(ack=_ack, lazy=[full_answer])
    app.action(quiz_blocks.LEADERBOARD_POST_ACTION)(ack=_ack, lazy=[post_leaderboard])
