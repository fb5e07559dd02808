"""Mentions and direct messages: acknowledged at once, answered in a thread right after."""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_bolt import Ack, App, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import clean_text, display_question
from bot.answering.playbooks import PlaybookIndex
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.incident import channel_names, is_incident_channel, sounds_like_incident
from bot.slack.listeners.owners_commands import workspace_of

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    name_of = channel_names()
    playbooks = PlaybookIndex(deps.playbooks)  # loaded and validated at start-up (Deps)

    def in_incident(client: WebClient, channel: str, text: str) -> bool:
        return sounds_like_incident(text) or is_incident_channel(name_of(client, channel))

    def reply_to_message(event: dict, say: Say, client: WebClient, context: dict) -> None:
        if event.get("type") == "message" and (event.get("channel_type") != "im" or event.get("subtype")):
            return  # only plain DMs; channel messages arrive as app_mention
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return  # never answer bots, ourselves included
        team = context.get("team_id") or ""
        channel, ts = event.get("channel"), event.get("ts")
        if not isinstance(channel, str) or not channel or not isinstance(ts, str) or not ts:
            log.warning("%s without a channel or ts: nowhere to reply", event.get("type"))
            return
        # One claim per message covers Slack's retries and a DM mention delivered as both message
        # and app_mention; it never holds the reply past its budget.
        if not deps.ledger.start_claim(f"reply:{team}:{channel}:{ts}", team).first():
            return  # another delivery of this message got there first
        text = event.get("text") if isinstance(event.get("text"), str) else ""  # no text to read: short help
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        thread_ts = event.get("thread_ts") or (None if in_dm else ts)
        kb = deps.kb
        if not clean_text(text):
            reply_blocks, fallback = blocks.help_blocks(), blocks.HELP_TEXT
        else:
            answer = replace(deps.answerer.ask(text), question=display_question(text))
            playbook = playbooks.playbook_for(text, answer)
            incident = not in_dm and in_incident(client, channel, text)
            # Whose containment it is: a playbook's owner, else the answer's.
            subject = replace(answer, owner=playbook.owner) if incident and playbook is not None else answer
            org = deps.org_owners.for_answer(client, workspace_of(context), subject,
                                             page_thread=thread_ts if incident else None)
            if incident and (playbook is not None or answer.owner == "aws"):
                reply_blocks = blocks.incident_blocks(kb, answer, playbook, org=org)
                fallback = blocks.incident_text(answer, playbook)
            else:
                reply_blocks = blocks.answer_blocks(kb, answer, mode="thread", org=org)
                fallback = blocks.answer_fallback_text(kb, answer)
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
