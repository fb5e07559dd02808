"""Buttons: share an answer publicly, or answer the "did you mean" choice in place."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.inbound import clicked_in, clicker
from bot.slack.listeners.owners_commands import workspace_of


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    kb = deps.kb

    def share(body: dict, action: dict, client: WebClient, respond: Respond, context: BoltContext) -> None:
        entry, question = blocks.read_button_value(action.get("value", ""))
        answer = deps.answerer.answer_entry(question, entry)
        if answer is None:
            respond(text="That answer is no longer in the knowledge base.", response_type="ephemeral",
                    replace_original=False)
            return
        user, channel = clicker(body), clicked_in(body)
        if user is None or not channel:
            respond(text="I couldn't tell who shared this or where, so I didn't post it.",
                    response_type="ephemeral", replace_original=False)
            return
        try:
            client.chat_postMessage(channel=channel, blocks=blocks.answer_blocks(
                kb, answer, shared_by=user, org=deps.org_owners.for_answer(client, workspace_of(context), answer)),
                                    text=blocks.answer_fallback_text(kb, answer))
        except SlackApiError as error:
            respond(text=explain_post_error(error), response_type="ephemeral", replace_original=False)
            return
        respond(delete_original=True)

    def did_you_mean(action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        entry, question = blocks.read_button_value(action.get("value", ""))
        answer = deps.answerer.answer_entry(question, entry)
        if answer is None:
            respond(text="That answer is no longer in the knowledge base.", replace_original=False)
            return
        respond(blocks=blocks.answer_blocks(kb, answer, shareable=True,
                                            org=deps.org_owners.for_answer(client, workspace_of(context), answer)),
                text=blocks.answer_fallback_text(kb, answer), replace_original=True)

    app.action(blocks.SHARE_ACTION)(ack=_ack, lazy=[share])
    app.action(re.compile(rf"^{blocks.DID_YOU_MEAN_ACTION}_\d$"))(ack=_ack, lazy=[did_you_mean])
