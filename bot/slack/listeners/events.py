"""Mentions and direct messages: acknowledged at once, answered in a thread right after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import TypeVar

from slack_bolt import Ack, App, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.answering import Answer, clean_text, display_question
from bot.answering.followup import ThreadContext, follow_up
from bot.answering.playbooks import PlaybookIndex
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.incident import channel_names, is_incident_channel, sounds_like_incident
from bot.slack.listeners import feedback
from bot.slack.listeners.owners_commands import workspace_of
from bot.storage.threads import ThreadContexts, ThreadKey

log = logging.getLogger(__name__)

THREAD_BUDGET = 0.25
"""Seconds a reply waits to read or save its thread's context; past it the reply goes out as if
the thread had none (a database that hangs must not hold answers, see tests/test_database_hang.py)."""
T = TypeVar("T")


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    name_of = channel_names()
    threads = ThreadContexts(deps.ledger.engine)
    record_unanswered = feedback.unanswered_recorder(deps)
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="srm-threads")

    def within_budget(work: Callable[[], T], what: str) -> T | None:
        """`work` on the pool, waited on for at most THREAD_BUDGET; None when it fails or is late."""
        future = pool.submit(work)
        try:
            return future.result(timeout=THREAD_BUDGET)
        except FutureTimeout:
            future.cancel()  # not started yet: never will, so a hung database builds no backlog
            log.warning("%s: no answer from the database within %.0f ms", what, THREAD_BUDGET * 1000)
        except SQLAlchemyError as error:
            log.warning("%s (%s)", what, error.__class__.__name__)
        return None

    def earlier(key: ThreadKey | None) -> ThreadContext | None:
        """The thread's context; none (answer on its own) when the database cannot say in time."""
        if key is None:
            return None
        now = deps.clock()
        return within_budget(lambda: threads.get(key, now), "thread context unavailable; answering on its own")

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
        text = event.get("text") if isinstance(event.get("text"), str) else ""  # no text to read: short help
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        thread_ts = event.get("thread_ts") or (None if in_dm else ts)
        enterprise = context.get("enterprise_id") or ""
        # A mention inside a thread (or any DM) may follow up on the answer given there.
        asked_in = event.get("thread_ts") or ("" if in_dm else None)
        reply_thread = ThreadKey(team, enterprise, channel, thread_ts or "")
        kb = deps.kb
        answer: Answer | None = None
        if clean_text(text):
            before = earlier(None if asked_in is None else ThreadKey(team, enterprise, channel, asked_in))
            answer = replace(follow_up(deps.answerer, text, before), question=display_question(text))
        # One claim per message covers Slack's retries and a DM mention delivered as both message
        # and app_mention. The thread's context is written with it, in one transaction, before the
        # post (a follow-up may come the moment it shows). It runs while the reply is rendered, and
        # never holds the reply past its budget.
        answer_context = ThreadContext.of(answer) if answer is not None else None
        then = threads.row(reply_thread, answer_context, deps.clock()) if answer_context else None
        claim = deps.ledger.start_claim(f"reply:{team}:{channel}:{ts}", team, then)
        if answer is None:
            reply_blocks, fallback = blocks.help_blocks(), blocks.HELP_TEXT
        else:
            incident = not in_dm and in_incident(client, channel, text)
            playbook = playbooks.playbook_for(text, answer) if incident else None
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
        if not claim.first():
            return  # another delivery of this message got there first
        if answer is not None:
            record_unanswered(team, enterprise, channel, event.get("user") or "", answer)
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
