""""Page <owner>" in an incident reply: one message in the thread that mentions the owner,
attributed to the person who clicked, once per owner per thread however many click at once
(a unique key in the database decides; later clicks hear who paged and when)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.slack import owners_blocks
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.inbound import clicked_in, clicker
from bot.slack.listeners.owners_commands import workspace_of
from bot.text import describe

log = logging.getLogger(__name__)

UNAVAILABLE = ":hourglass: I can't page anyone right now (no database). Please try again in a minute."


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    store = deps.owners

    def page(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        def reply(text: str) -> None:
            respond(text=text, response_type="ephemeral", replace_original=False)

        user, channel, ws = clicker(body), clicked_in(body), workspace_of(context)
        parsed = owners_blocks.read_page_value(action.get("value", ""))
        if user is None or not channel or ws is None or parsed is None:
            reply("I couldn't tell who asked, where or whom to page, so I paged nobody.")
            return
        entry, thread, owner_key = parsed
        answer = deps.answerer.answer_entry("", entry)
        try:
            _, owners = store.load(ws)  # fresh: page whoever owns it now, not a cached owner
            assignment = owners.owner_of(answer.service, answer.topic) if answer else None
            if answer is None or assignment is None or assignment.owner.key != owner_key:
                reply("The owner of this has changed since I answered, so I paged nobody. "
                      "Ask me again for the current owner.")
                return
            owner = assignment.owner
            org = deps.org_owners.resolve(client, ws, owner)
            if not org.exists:
                reply(f"{owners_blocks.shown(org)}; I paged nobody.")
                return
            claim = store.claim_page(ws, channel, thread, owner.key, user, deps.clock())
            if not claim.won:
                reply(owners_blocks.already_paged_text(org.label, claim.paged_by, claim.paged_at))
                return
            try:
                client.chat_postMessage(
                    channel=channel, thread_ts=thread,
                    text=owners_blocks.page_text(owner, user, answer.headline,
                                                 describe(deps.kb, answer.service, answer.topic)))
            except SlackApiError as error:
                store.release_page(ws, channel, thread, owner.key)  # not paged: the next click may try
                reply(explain_post_error(error))
                return
        except SQLAlchemyError:
            log.exception("page not sent: database unavailable")
            reply(UNAVAILABLE)
            return
        reply(f":white_check_mark: Paged {owners_blocks.shown(org)} in this thread.")

    app.action(owners_blocks.PAGE_ACTION)(ack=_ack, lazy=[page])
