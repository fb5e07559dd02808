"""Quiz buttons: an answer (quiz_answer_0..2) and "Full answer". Acked at once; the work runs in
lazy listeners, since it touches the database and the Web API."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.quiz.schedule import local_date
from bot.quiz.scores import streak
from bot.slack import blocks, quiz_blocks
from bot.slack.deps import Deps
from bot.slack.inbound import clicked_in, clicker
from bot.slack.listeners.owners_commands import workspace_of
from bot.slack.quiz_poster import QuizPoster

UNAVAILABLE = ":hourglass: I can't record quiz answers right now. Please try again in a minute."
GONE = "This quiz is no longer available."
NO_USER = "I couldn't tell who clicked, so I didn't record an answer. Please try again."
log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    poster = QuizPoster(deps.quiz, deps.bank)
    store = deps.quiz

    def answer(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        try:
            record_answer(body, action, respond, client, context)
        except SQLAlchemyError:
            log.exception("quiz answer not recorded: database unavailable")
            respond(text=UNAVAILABLE, response_type="ephemeral", replace_original=False)

    def record_answer(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        def reply(text: str) -> None:
            respond(text=text, response_type="ephemeral", replace_original=False)

        user = clicker(body)
        if user is None:
            log.warning("quiz click without a user id refused")
            reply(NO_USER)
            return
        parsed = quiz_blocks.read_answer_value(action.get("value"), action.get("action_id"))
        quiz = store.quiz(parsed[0], context.team_id or "", context.enterprise_id or "") if parsed else None
        if parsed is None or quiz is None or quiz.key.channel_id != clicked_in(body):
            reply(GONE)  # a forged value, another workspace's quiz, or another channel's
            return
        choice = parsed[1]
        question = poster.question(quiz)
        if quiz.revealed:
            reply(quiz_blocks.closed_text(question, quiz.answer))
            return
        now = deps.clock()
        if not store.record_answer(quiz, user, choice, now):
            reply(quiz_blocks.already_answered_text(store.answer_of(quiz.id, user) or choice))
            return
        stored = store.schedule(quiz.key)
        days = stored.schedule.days if stored else "weekdays"
        run = streak(store.correct_dates(quiz.key, user), local_date(quiz.tz, now), days)
        respond(blocks=quiz_blocks.feedback_blocks(question, choice, run),
                text=quiz_blocks.feedback_text(question, choice), response_type="ephemeral",
                replace_original=False)
        poster.refresh_count(client, quiz, now)

    def full_answer(action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        found = deps.answerer.answer_entry("", action.get("value", ""))
        if found is None:
            respond(text="That answer is no longer in the knowledge base.", response_type="ephemeral",
                    replace_original=False)
            return
        org = deps.org_owners.for_answer(client, workspace_of(context), found)
        respond(blocks=blocks.answer_blocks(deps.kb, found, shareable=True, org=org), response_type="ephemeral",
                text=blocks.answer_fallback_text(deps.kb, found), replace_original=False)

    app.action(re.compile(rf"^{quiz_blocks.ANSWER_ACTION}_[0-2]$"))(ack=_ack, lazy=[answer])
    app.action(quiz_blocks.FULL_ANSWER_ACTION)(ack=_ack, lazy=[full_answer])
