"""Buttons and menus on answers: More / Less in place, Share, "did you mean", the full answer
(only you), and an overview's "Ask about one topic". Parse, call the domain, render."""

from __future__ import annotations

import re
from dataclasses import replace

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import Answer
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.inbound import clicked_in, clicker
from bot.slack.listeners.owners_commands import workspace_of
from bot.slack.owners_blocks import OrgOwner

GONE = "That answer is no longer in the knowledge base."


def _ack(ack: Ack) -> None:
    ack()


def _message_ts(body: dict) -> str:
    message, container = body.get("message"), body.get("container")
    ts = (message.get("ts") if isinstance(message, dict) else None) or \
        (container.get("message_ts") if isinstance(container, dict) else None)
    return ts if isinstance(ts, str) else ""


def _is_ephemeral(body: dict) -> bool:
    container = body.get("container")
    return not isinstance(container, dict) or container.get("is_ephemeral", True) is not False


def _page_thread(body: dict) -> str | None:
    """The incident thread of a message that carries a Page button, so More / Less keep it."""
    message = body.get("message")
    if not isinstance(message, dict) or not isinstance(message.get("blocks"), list):
        return None
    paged = any(isinstance(b, dict) and b.get("block_id") == "org_owner_page" for b in message["blocks"])
    thread = message.get("thread_ts")
    return thread if paged and isinstance(thread, str) and thread else None


def register(app: App, deps: Deps) -> None:
    kb = deps.kb

    def answer_of(ref: blocks.AnswerRef | None) -> Answer | None:
        if ref is None:
            return None
        if ref.choices:  # multiple choice: every option answered again from the question itself
            answer = deps.answerer.ask(ref.question)
            if answer.matched and answer.options is not None:
                return replace(answer, question=ref.question)
        return deps.answerer.answer_part(ref.question, ref.entry, ref.parts)

    def org_of(client: WebClient, context: BoltContext, answer: Answer,
               page_thread: str | None = None) -> OrgOwner | None:
        return deps.org_owners.for_answer(client, workspace_of(context), answer, page_thread=page_thread)

    def toggle(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        """More / Less: the same message, expanded or collapsed, in place. An ephemeral answer
        is replaced through its response_url; a posted one with chat.update."""
        ref = blocks.AnswerRef.decode(action.get("value", ""))
        answer = answer_of(ref)
        if ref is None or answer is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        expanded = action.get("action_id") == blocks.MORE_ACTION
        org = org_of(client, context, answer, _page_thread(body))
        message = blocks.render_answer(kb, answer, ref, expanded=expanded, org=org)
        text = blocks.answer_fallback_text(kb, answer)
        channel, ts = clicked_in(body), _message_ts(body)
        if _is_ephemeral(body) or not (channel and ts):
            respond(blocks=message, text=text, replace_original=True)
            return
        try:
            client.chat_update(channel=channel, ts=ts, blocks=message, text=text)
        except SlackApiError as error:
            respond(text=explain_post_error(error), response_type="ephemeral", replace_original=False)

    def share(body: dict, action: dict, client: WebClient, respond: Respond, context: BoltContext) -> None:
        ref = blocks.AnswerRef.decode(action.get("value", ""))
        answer = answer_of(ref)
        if ref is None or answer is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        user, channel = clicker(body), clicked_in(body)
        if user is None or not channel:
            respond(text="I couldn't tell who shared this or where, so I didn't post it.",
                    response_type="ephemeral", replace_original=False)
            return
        posted = blocks.AnswerRef(ref.entry, ref.question, ref.parts, "post", user, choices=ref.choices)
        try:
            client.chat_postMessage(channel=channel, blocks=blocks.render_answer(
                kb, answer, posted, org=org_of(client, context, answer)),
                                    text=blocks.answer_fallback_text(kb, answer))
        except SlackApiError as error:
            respond(text=explain_post_error(error), response_type="ephemeral", replace_original=False)
            return
        respond(delete_original=True)

    def share_overview(body: dict, action: dict, client: WebClient, respond: Respond, context: BoltContext) -> None:
        service = action.get("value", "")
        user, channel = clicker(body), clicked_in(body)
        if service not in kb.services or user is None or not channel:
            respond(text="I couldn't share that overview.", response_type="ephemeral", replace_original=False)
            return
        org = deps.org_owners.for_overview(client, workspace_of(context), kb, service)
        try:
            client.chat_postMessage(channel=channel, blocks=blocks.overview_blocks(kb, service, org, shared_by=user),
                                    text=blocks.overview_text(kb, service))
        except SlackApiError as error:
            respond(text=explain_post_error(error), response_type="ephemeral", replace_original=False)
            return
        respond(delete_original=True)

    def did_you_mean(action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        ref = blocks.AnswerRef.decode(action.get("value", ""))
        answer = answer_of(ref)
        if answer is None:
            respond(text=GONE, replace_original=False)
            return
        respond(blocks=blocks.answer_blocks(kb, answer, mode="srm", org=org_of(client, context, answer)),
                text=blocks.answer_fallback_text(kb, answer), replace_original=True)

    def full_answer(action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        """From an incident reply: the whole answer, expanded, only for the person who asked."""
        ref = blocks.AnswerRef.decode(action.get("value", ""))
        answer = answer_of(ref)
        if ref is None or answer is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        respond(blocks=blocks.render_answer(kb, answer, ref, expanded=True, org=org_of(client, context, answer)),
                response_type="ephemeral", text=blocks.answer_fallback_text(kb, answer), replace_original=False)

    def ask_topic(action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        """An overview's "Ask about one topic": that topic's answer replaces the overview."""
        entry = (action.get("selected_option") or {}).get("value", "")
        ruling = kb.entry(entry) if isinstance(entry, str) else None
        if ruling is None or ruling.service is None or ruling.topic is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        question = f"{kb.services[ruling.service].name}: {kb.topics[ruling.topic].name}"
        answer = deps.answerer.answer_entry(question, entry)
        if answer is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        respond(blocks=blocks.answer_blocks(kb, answer, mode="srm", org=org_of(client, context, answer)),
                text=blocks.answer_fallback_text(kb, answer), replace_original=True)

    app.action(re.compile(rf"^({blocks.MORE_ACTION}|{blocks.LESS_ACTION})$"))(ack=_ack, lazy=[toggle])
    app.action(blocks.SHARE_ACTION)(ack=_ack, lazy=[share])
    app.action(blocks.SHARE_OVERVIEW_ACTION)(ack=_ack, lazy=[share_overview])
    app.action(re.compile(rf"^{blocks.DID_YOU_MEAN_ACTION}_\d$"))(ack=_ack, lazy=[did_you_mean])
    app.action(blocks.FULL_ANSWER_ACTION)(ack=_ack, lazy=[full_answer])
    app.action(blocks.ASK_TOPIC_ACTION)(ack=_ack, lazy=[ask_topic])
    app.action(blocks.PLAYBOOK_LINK_ACTION)(_ack)  # a link button still sends an action: acknowledge it
