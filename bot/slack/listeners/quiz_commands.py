"""`/srm quiz ...`: run after the ack (they touch the database and the Web API)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.deps import Deps
from bot.slack.quiz.service import QuizService
from bot.slack.srm_command import parse_srm
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)


def handle(deps: Deps) -> Callable[..., None]:
    service = QuizService(deps.quiz, deps.bank, deps.limits, deps.clock)

    def quiz_command(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        words = parse_srm(command.get("text", ""), deps.answerer).text.split()
        key = ChannelKey(context.team_id or command.get("team_id") or "", context.enterprise_id or "",
                         command.get("channel_id", ""))
        try:
            shown = service.command(client, words, key=key, user=command.get("user_id", ""))
        except SQLAlchemyError:
            log.exception("quiz command failed: database unavailable")
            respond(text=":hourglass: The quiz can't reach its database right now. Please try again in a minute.",
                    response_type="ephemeral")
            return
        respond(text=shown.text, response_type="ephemeral", **({"blocks": shown.blocks} if shown.blocks else {}))

    return quiz_command
