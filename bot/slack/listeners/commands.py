"""`/srm`: a question is answered in the HTTP response itself, so the answer arrives in one round
trip; stored commands (quiz, escalate, owners) are acked and answered by lazy listeners."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.answering import Answer, display_question
from bot.answering.corrections import corrections
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.listeners import feedback, owners_commands, quiz_commands
from bot.slack.listeners.feedback import UnansweredRecorder
from bot.slack.listeners.owners_commands import OnlyOwnersCommands, is_owners_command, workspace_of
from bot.slack.owners_blocks import OrgOwner
from bot.slack.srm_command import SrmCommand, is_escalate_command, is_quiz_command, parse_srm
from bot.storage.owners_store import Workspace


def is_stored_command(text: str) -> bool:
    """`/srm quiz …`, `/srm escalate …` and `/srm owners …`: they read or change what is stored,
    so they are acked at once and answered by lazy listeners."""
    return is_quiz_command(text) or is_escalate_command(text) or is_owners_command(text)


class AnswerInResponse(Middleware):
    """Answers `/srm <question>` in the HTTP response itself, before Bolt matches listeners.

    A global middleware that returns the response, as Bolt's own url_verification does: an answer
    is a pure function of the text and the org owner, and for a question asked again Bolt's
    listener path (a matcher and an ack that each build every keyword argument, then a second JSON
    encoding of the blocks) took longer than the answer. Stored commands go on to their listeners.
    It runs after Bolt's request verification and authorization, like any listener."""

    def __init__(self, responses: SrmResponses, record_unanswered: UnansweredRecorder) -> None:
        self.responses = responses
        self.record_unanswered = record_unanswered

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:
        command = req.body
        text = command.get("text") or ""
        if command.get("command") != "/srm" or is_stored_command(text):
            return next()

        def unanswered(answer: Answer) -> None:
            self.record_unanswered(command.get("team_id", ""), command.get("enterprise_id") or "",
                                   command.get("channel_id", ""), command.get("user_id", ""), answer)

        context = req.context
        body = self.responses.body(text, context.client, workspace_of(context), unanswered)
        return BoltResponse(status=200, body=body, headers=JSON)


JSON = {"content-type": "application/json;charset=utf-8"}


def register(app: App, deps: Deps) -> None:
    def ack_stored(ack: Ack) -> None:
        ack()  # stored commands touch the database and Slack: answered right after, via respond()

    quiz = quiz_commands.handle(deps)
    escalate = feedback.escalate_command(deps)

    def stored(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        run = escalate if is_escalate_command(command.get("text", "")) else quiz
        run(command=command, respond=respond, client=client, context=context)

    app.use(AnswerInResponse(SrmResponses(deps), feedback.unanswered_recorder(deps)))
    app.command("/srm", middleware=[OnlyOwnersCommands()])(ack=ack_stored, lazy=[owners_commands.handle(deps)])
    app.command("/srm")(ack=ack_stored, lazy=[stored])


class SrmResponses:
    """The ephemeral response to `/srm <text>`, as the JSON body of the HTTP response.

    Answering takes well under a millisecond, the workspace's owners come from the per-process
    cache (bot/storage/owners_cache.py), and an unanswered question is handed to `unanswered`
    (which writes it off the request's path). A question asked again with the same org owner
    gets the body encoded the first time: it is a pure function of the two, and an incident
    channel asks the same question many times. Kept as the JSON text (about 3 KB each), so
    nothing is shared between responses and nothing is encoded twice."""

    RECENT = 1024
    """Answers kept per process: at most ~3 MB."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._recent: dict[tuple[str, OrgOwner | None], str] = {}
        """(question, org owner) -> the response's JSON; oldest first."""
        self._evicting = threading.Lock()

    def body(self, text: str, client: WebClient | None = None, ws: Workspace | None = None,
             unanswered: Callable[[Answer], None] | None = None) -> str:
        deps = self.deps
        parsed = parse_srm(text, deps.answerer)
        if parsed.kind != "ask":
            return _encoded({**self._surface(parsed, client, ws), "response_type": "ephemeral"})
        answer = deps.answerer.ask(parsed.text)
        if unanswered is not None and not answer.matched:
            unanswered(replace(answer, question=display_question(parsed.text)))
        org = deps.org_owners.for_answer(client, ws, answer) if client and ws else None
        key = (parsed.text, org)
        recent = self._recent.get(key)
        if recent is not None:
            return recent
        encoded = _encoded({**self._answer(parsed.text, org), "response_type": "ephemeral"})
        with self._evicting:  # readers need no lock: a dict's get and set are atomic
            while len(self._recent) >= self.RECENT:
                del self._recent[next(iter(self._recent))]  # the oldest
            self._recent[key] = encoded
        return encoded

    def _surface(self, parsed: SrmCommand, client: WebClient | None, ws: Workspace | None) -> dict[str, Any]:
        """Help, the lists, an overview or a comparison: everything but an answer."""
        deps, kb = self.deps, self.deps.kb
        if parsed.kind == "help":
            return {"blocks": blocks.help_blocks(), "text": blocks.HELP_TEXT}
        if parsed.kind == "services":
            return {"blocks": blocks.services_blocks(kb), "text": f"Services I know: {', '.join(kb.services)}."}
        if parsed.kind == "topics":
            return {"blocks": blocks.topics_blocks(kb),
                    "text": f"Topics I know: {', '.join(t.name for t in kb.topics.values())}."}
        if parsed.kind == "overview":
            (service,) = parsed.services
            org = deps.org_owners.for_overview(client, ws, kb, service) if client else None
            return {"blocks": blocks.overview_blocks(kb, service, org), "text": blocks.overview_text(kb, service)}
        if parsed.error:
            return {"text": parsed.error}
        first, second = parsed.services
        return {"blocks": blocks.compare_blocks(kb, first, second), "text": blocks.compare_text(kb, first, second)}

    def _answer(self, text: str, org: OrgOwner | None) -> dict[str, Any]:
        kb, answerer = self.deps.kb, self.deps.answerer
        answer = replace(answerer.ask(text), question=display_question(text))
        fixed = corrections(answerer.index, text) if answer.matched else ()
        return {"blocks": blocks.answer_blocks(kb, answer, mode="srm", corrections=fixed, org=org),
                "text": blocks.answer_fallback_text(kb, answer)}


def _encoded(response: dict[str, Any]) -> str:
    return json.dumps(response, ensure_ascii=False, separators=(",", ":"))
