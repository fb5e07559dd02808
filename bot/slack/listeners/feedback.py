"""Acting on an answer: 👍 / 👎, "Report a wrong answer" (a modal), "Ask a human" (posted to the
channel the workspace chose with `/srm escalate #channel`), and recording questions the bot could
not answer. Parse → store → reply; the store's unique keys make every count exactly-once."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.answering import Answer
from bot.slack import feedback_blocks as fb
from bot.slack.blocks import escape, truncate
from bot.slack.deps import Deps
from bot.slack.errors import explain_post_error
from bot.slack.inbound import clicked_in, clicked_message, clicker
from bot.storage.batch import BatchWriter
from bot.storage.feedback import AnswerKey, Unanswered

log = logging.getLogger(__name__)

UNAVAILABLE = ":hourglass: I can't save that right now. Please try again in a minute."
NO_CHANNEL = ("Nobody has chosen a channel for questions to a human yet. Someone can set one with "
              "`/srm escalate #channel`.")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,30})(?:\|[^>]*)?>")
_NAME = re.compile(r"#?([a-z0-9][a-z0-9_-]{0,79})")


def _ack(ack: Ack) -> None:
    ack()


def _ephemeral(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def register(app: App, deps: Deps) -> None:
    store = deps.feedback

    def key_of(body: dict, context: BoltContext) -> AnswerKey:
        return AnswerKey(context.team_id or "", context.enterprise_id or "", clicked_in(body), clicked_message(body))

    def vote(body: dict, action: dict, respond: Respond, context: BoltContext) -> None:
        parsed = fb.read_feedback_value(action.get("value"))
        user = clicker(body)
        if parsed is None or user is None:
            _ephemeral(respond, "I couldn't read that feedback, so I didn't count it.")
            return
        entry, kind = parsed
        try:
            first = store.record(key_of(body, context), user, "vote", kind, deps.clock(), entry=entry)  # type: ignore[arg-type]
        except SQLAlchemyError:
            log.exception("feedback not recorded: database unavailable")
            _ephemeral(respond, UNAVAILABLE)
            return
        if not first:
            _ephemeral(respond, "You already gave feedback on this answer. Thank you!")
        elif kind == fb.UP:
            _ephemeral(respond, "Thanks, glad it helped.")
        else:
            _ephemeral(respond, "Thanks for telling me. If something in it is wrong, *Report a wrong answer* "
                                "in the answer's menu (⋯) says what, and someone fixes the knowledge base.")

    def more(body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        choice = (action.get("selected_option") or {}).get("value")
        entry, question = fb.read_more_block_id(action.get("block_id"))
        user = clicker(body)
        if user is None:
            _ephemeral(respond, "I couldn't tell who asked, so I did nothing.")
            return
        key = key_of(body, context)
        if choice == fb.REPORT_OPTION:
            try:
                client.views_open(trigger_id=body.get("trigger_id", ""),
                                  view=fb.report_modal(entry, question, key.channel_id, key.message_ts))
            except SlackApiError as error:  # a trigger_id lives three seconds
                log.info("report modal not opened: %s", error.response.get("error"))
                _ephemeral(respond, "Slack didn't let me open the report form in time. Please try again.")
        elif choice == fb.HUMAN_OPTION:
            ask_a_human(client, respond, key, user, entry, question)

    def ask_a_human(client: WebClient, respond: Respond, key: AnswerKey, user: str, entry: str,
                    question: str) -> None:
        try:
            channel = store.escalation(key.team_id, key.enterprise_id)
            if channel is None:
                _ephemeral(respond, NO_CHANNEL)
                return
            if not store.record(key, user, "human", "human", deps.clock(), entry=entry):
                _ephemeral(respond, f"You already asked a human about this answer, in <#{channel}>.")
                return
        except SQLAlchemyError:
            log.exception("ask a human: database unavailable")
            _ephemeral(respond, UNAVAILABLE)
            return
        asked = f"“{escape(truncate(question, 500))}”" if question.strip() else "(no question text)"
        where = f" in <#{key.channel_id}>" if key.channel_id and not key.channel_id.startswith("D") else ""
        text = (f":raising_hand: <@{user}> asked{where}: {asked}\n"
                + (f"I answered from `{escape(entry)}`, and they'd like a person to confirm or correct it." if entry
                   else "I couldn't answer it, and they'd like a person to."))
        try:
            client.chat_postMessage(channel=channel, text=text, unfurl_links=False)
        except SlackApiError as error:
            store.withdraw(key, user, "human")
            _ephemeral(respond, explain_post_error(error))
            return
        _ephemeral(respond, f"I posted your question in <#{channel}>; someone there can pick it up.")

    def report(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
        """Inside the ack: the modal closes or shows the error right where the person typed."""
        meta, what, source = fb.read_report(view)
        user = clicker(body)
        if not what or user is None:
            ack(response_action="errors", errors={"what": "Say what is wrong, in a few words."})
            return
        key = AnswerKey(context.team_id or "", context.enterprise_id or "", meta.get("c", ""), meta.get("m", ""))
        try:
            first = store.record(key, user, "report", "report", deps.clock(), entry=meta.get("e"),
                                 question=meta.get("q"), detail=what, source=source)
        except SQLAlchemyError:
            log.exception("report not recorded: database unavailable")
            ack(response_action="errors", errors={"what": "I can't save reports right now. Try again in a minute."})
            return
        if not first:
            ack(response_action="errors", errors={"what": "You already reported this answer. Thank you!"})
            return
        ack(response_action="update", view=fb.thanks_view(
            "Thank you. Your report goes to whoever maintains the knowledge base (`srm gaps`)."))

    app.action(fb.FEEDBACK_ACTION)(ack=_ack, lazy=[vote])
    app.action(fb.MORE_ACTION)(ack=_ack, lazy=[more])
    app.view(fb.REPORT_CALLBACK)(report)


UnansweredRecorder = Callable[[str, str, str, str, Answer], None]
"""record(team, enterprise, channel, user, answer)"""


def unanswered_recorder(deps: Deps) -> UnansweredRecorder:
    """Record a question the bot did not answer, off the request's path (the /srm reply is built
    inside the ack and must not wait on the database), many to a transaction."""
    writer = BatchWriter(deps.feedback.record_unanswered_many, what="unanswered questions")

    def record(team: str, enterprise: str, channel: str, user: str, answer: Answer) -> None:
        if answer.matched or not answer.question.strip() or not team:
            return
        guess = answer.alternatives[0].entry if answer.alternatives else None
        writer.put(Unanswered(team, enterprise, channel, user, answer.question, guess, deps.clock()))

    return record


def escalate_command(deps: Deps) -> Callable[..., None]:
    """`/srm escalate #channel`: where "Ask a human" posts, for the whole workspace;
    `/srm escalate off` stops it; `/srm escalate` says where it goes now."""

    def run(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        arg = command.get("text", "").strip()[len("escalate"):].strip()
        team, enterprise = context.team_id or command.get("team_id") or "", context.enterprise_id or ""
        user = command.get("user_id", "")
        try:
            if not arg:
                channel = deps.feedback.escalation(team, enterprise)
                respond(text=f"*Ask a human* posts to <#{channel}>." if channel else NO_CHANNEL,
                        response_type="ephemeral")
                return
            if arg.lower() == "off":
                deps.feedback.set_escalation(team, enterprise, None, user, deps.clock())
                respond(text="*Ask a human* is off: answers will say no channel is chosen.", response_type="ephemeral")
                return
            channel = channel_id(client, arg)
            if channel is None:
                respond(text=f"I can't find the channel `{escape(arg)}`. Use `/srm escalate #channel`.",
                        response_type="ephemeral")
                return
            deps.feedback.set_escalation(team, enterprise, channel, user, deps.clock())
        except SQLAlchemyError:
            log.exception("escalate: database unavailable")
            respond(text=UNAVAILABLE, response_type="ephemeral")
            return
        respond(text=f":white_check_mark: *Ask a human* on any answer now posts the question, attributed, to "
                     f"<#{channel}>. Invite me there (`/invite @srm`) if I'm not a member yet.",
                response_type="ephemeral")

    return run


def channel_id(client: WebClient, text: str) -> str | None:
    """`<#C123|name>` as Slack escapes it, or `#name` as typed (looked up with conversations.list)."""
    mention = _CHANNEL.search(text)
    if mention:
        return mention[1]
    named = _NAME.fullmatch(text.strip().lower())
    if named is None:
        return None
    cursor = None
    for _ in range(10):  # at most 10 pages of 200: a large workspace is still a bounded look-up
        try:
            page = client.conversations_list(types="public_channel,private_channel", exclude_archived=True,
                                             limit=200, cursor=cursor)
        except SlackApiError as error:
            log.warning("conversations.list failed: %s", error.response.get("error"))
            return None
        for channel in page.get("channels") or []:
            if channel.get("name") == named[1]:
                return channel.get("id")
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None
