"""`/srm quiz ...`: run after the ack (they touch the database and the Web API)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.quiz.schedule import ScheduleError, local_date, local_label, next_slot, parse_schedule
from bot.quiz.scores import rank, week_start
from bot.slack import quiz_blocks
from bot.slack.blocks import escape
from bot.slack.deps import Deps
from bot.slack.errors import POST_ERRORS
from bot.slack.quiz_poster import QuizPoster
from bot.slack.srm_command import parse_srm
from bot.storage.quiz_store import ChannelKey

log = logging.getLogger(__name__)


def user_tz(client: WebClient, user: str) -> str | None:
    """The person's time zone as Slack reports it (users.info, scope users:read)."""
    try:
        return client.users_info(user=user).get("user", {}).get("tz")
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", user, error.response.get("error"))
        return None


def handle(deps: Deps) -> Callable[..., None]:
    poster = QuizPoster(deps.quiz, deps.bank)
    store = deps.quiz

    def quiz_command(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        try:
            run(command, respond, client, context)
        except SQLAlchemyError:
            log.exception("quiz command failed: database unavailable")
            respond(text=":hourglass: The quiz can't reach its database right now. Please try again in a minute.",
                    response_type="ephemeral")

    def run(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        words = parse_srm(command.get("text", ""), deps.answerer).text.split()
        sub = words[0].lower() if words else "help"
        user = command.get("user_id", "")
        team = context.team_id or command.get("team_id") or ""
        enterprise = context.enterprise_id or ""
        key = ChannelKey(team, enterprise, command.get("channel_id", ""))
        now = deps.clock()

        def reply(text: str, **extra: object) -> None:
            respond(text=text, response_type="ephemeral", **extra)

        if sub == "on":
            try:
                schedule = parse_schedule(words[1:], lambda: user_tz(client, user))
            except ScheduleError as error:
                reply(":warning: " + "\n".join(escape(problem) for problem in error.problems))
                return
            store.save_schedule(key, schedule, user, now)
            reply(f":white_check_mark: Daily quiz on in <#{key.channel_id}>: {escape(schedule.describe())}.\n"
                  f"First one: {local_label(next_slot(schedule, now), schedule.tz)}. "
                  "I need to be a member of the channel (`/invite @srm`).")
        elif sub == "off":
            was_on = store.turn_off(key, now)
            reply("The daily quiz is off in this channel." if was_on else "The daily quiz wasn't on here.")
        elif sub == "status":
            reply(_status(deps, key, now))
        elif sub == "now":
            stored = store.schedule(key)
            tz = stored.schedule.tz if stored else (user_tz(client, user) or "UTC")
            result = poster.post(client, key, now, extra=True, default_tz=tz)
            if result.status == "failed":
                reply(POST_ERRORS.get(result.error, f"Slack refused the quiz ({result.error}). Please try again."))
            else:
                reply("Posted a quiz question here.")
        elif sub == "leaderboard":
            stored = store.schedule(key)
            today = local_date(stored.schedule.tz if stored else "UTC", now)
            respond(blocks=quiz_blocks.leaderboard_blocks(rank(store.scores(key, since=week_start(today))),
                                                          rank(store.scores(key))),
                    text="Quiz leaderboard", response_type="ephemeral")
        elif sub in ("optout", "optin"):
            store.set_optout(team, enterprise, user, sub == "optout", now)
            reply("You're off the quiz leaderboards. `/srm quiz optin` puts you back." if sub == "optout"
                  else "You're back on the quiz leaderboards.")
        else:
            unknown = "" if sub == "help" else f"I don't know `/srm quiz {escape(sub)}`.\n"
            reply(unknown + quiz_blocks.QUIZ_HELP)

    return quiz_command


def _status(deps: Deps, key: ChannelKey, now: datetime) -> str:
    stored = deps.quiz.schedule(key)
    if stored is None or stored.state == "off":
        return "The daily quiz is off in this channel. Turn it on with `/srm quiz on`."
    if stored.state == "paused":
        return (f"The daily quiz is paused here ({stored.paused_reason}): {escape(stored.schedule.describe())}. "
                "Run `/srm quiz on` to restart it.")
    return (f"The daily quiz is on: {escape(stored.schedule.describe())}.\n"
            f"Next quiz: {local_label(next_slot(stored.schedule, now), stored.schedule.tz)}.")
