"""Mentions and direct messages: acknowledged at once, answered in a thread right after."""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_bolt import Ack, App, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.answering import clean_text, display_question
from bot.answering.followup import ThreadContext, follow_up
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.incident import channel_names, is_incident_channel, sounds_like_incident
from bot.slack.listeners import feedback
from bot.storage.threads import ThreadContexts, ThreadKey

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    name_of = channel_names()
    threads = ThreadContexts(deps.ledger.engine)
    record_unanswered = feedback.unanswered_recorder(deps)

    def earlier(key: ThreadKey | None) -> ThreadContext | None:
        """The thread's context; none (answer on its own) when the database cannot say."""
        if key is None:
            return None
        try:
            return threads.get(key, deps.clock())
        except SQLAlchemyError as error:
            log.warning("thread context unavailable (%s); answering on its own", error.__class__.__name__)
            return None

    def remember(key: ThreadKey, answer_context: ThreadContext | None) -> None:
        if answer_context is None:
            return
        try:
            threads.save(key, answer_context, deps.clock())
        except SQLAlchemyError as error:
            log.warning("thread context not saved (%s)", error.__class__.__name__)

    def in_incident(client: WebClient, channel: str, text: str) -> bool:
        return sounds_like_incident(text) or is_incident_channel(name_of(client, channel))

    def reply_to_message(event: dict, say: Say, client: WebClient, context: dict) -> None:
        if event.get("type") == "message" and (event.get("channel_type") != "im" or event.get("subtype")):
            return  # only plain DMs; channel messages arrive as app_mention
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return  # never answer bots, ourselves included
        team = context.get("team_id") or ""
        channel, ts = event.get("channel", ""), event.get("ts", "")
        # One claim per message covers Slack's retries and a DM mention delivered as both message
        # and app_mention; it runs while the reply is built, and never holds it past its budget.
        claim = deps.ledger.start_claim(f"reply:{team}:{channel}:{ts}", team)
        text = event.get("text") or ""
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        thread_ts = event.get("thread_ts") or (None if in_dm else ts)
        enterprise = context.get("enterprise_id") or ""
        # A mention inside a thread (or any DM) may follow up on the answer given there.
        asked_in = event.get("thread_ts") or ("" if in_dm else None)
        reply_thread = ThreadKey(team, enterprise, channel, thread_ts or "")
        kb = deps.kb
        answer_context: ThreadContext | None = None
        if not clean_text(text):
            reply_blocks, fallback = blocks.help_blocks(), "Ask me who owns a piece of cloud security."
        else:
            before = earlier(None if asked_in is None else ThreadKey(team, enterprise, channel, asked_in))
            answer = replace(follow_up(deps.answerer, text, before), question=display_question(text))
            answer_context = ThreadContext.of(answer)
            record_unanswered(team, enterprise, channel, event.get("user") or "", answer)
            incident = not in_dm and in_incident(client, channel, text)
            reply_blocks = blocks.answer_blocks(kb, answer, incident=incident)
            fallback = blocks.answer_fallback_text(kb, answer)
        if not claim.first():
            return  # another delivery of this message got there first
        remember(reply_thread, answer_context)  # before the post: a follow-up may come the moment it shows
        try:
            say(blocks=reply_blocks, text=fallback, thread_ts=thread_ts)
        except SlackApiError as error:
            _tell_asker(client, event, explain_post_error(error))

    app.event("app_mention")(ack=_ack, lazy=[reply_to_message])
    app.event("message")(ack=_ack, lazy=[reply_to_message])


def _tell_asker(client: WebClient, event: dict, message: str) -> None:
    try:
        client.chat_postEphemeral(channel=event.get("channel", ""), user=event.get("user", ""), text=message,
                                  thread_ts=event.get("thread_ts"))
    except SlackApiError as error:
        log.warning("could not reply in %s: %s", event.get("channel"), error.response.get("error"))
