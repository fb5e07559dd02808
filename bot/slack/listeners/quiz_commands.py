"""`/srm quiz ...`: run after the ack (they touch the database and the Web API)."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Respond

from bot.slack.deps import Deps


def handle(deps: Deps) -> Callable[..., None]:
    def quiz_command(command: dict, respond: Respond) -> None:
        respond(text="The daily quiz is not available yet.", response_type="ephemeral")

    return quiz_command
