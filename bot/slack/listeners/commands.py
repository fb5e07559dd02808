"""`/srm`: answered inside the ack itself, so the answer arrives in one round trip."""

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
from bot.slack.listeners.owners_commands import OnlyOwnersCommands, is_owners_command, workspace_of
from bot.slack.owners_blocks import OrgOwner
from bot.slack.srm_command import is_escalate_command, is_quiz_command, parse_srm
from bot.storage.owners_store import Workspace


class SkipQuizCommands(Middleware):
    """Lets `/srm quiz ...`, `/srm escalate ...` and `/srm owners ...` fall through to the
    listeners registered after this one.

    Listener middleware rather than a matcher function: Bolt runs it without building keyword
    arguments, and every /srm passes through it, so answers stay on the fastest path."""

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:
        text = req.body.get("text", "")
        return None if is_quiz_command(text) or is_escalate_command(text) or is_owners_command(text) else next()


def register(app: App, deps: Deps) -> None:
    def ack_quiz(ack: Ack) -> None:
        ack()  # quiz commands touch the database and Slack: answered right after, via respond()

    record_unanswered = feedback.unanswered_recorder(deps)
    quiz = quiz_commands.handle(deps)
    escalate = feedback.escalate_command(deps)
    responses = SrmResponses(deps)

    def srm(ack: Ack, command: dict, client: WebClient, context: BoltContext) -> None:
        def unanswered(answer: Answer) -> None:
            record_unanswered(command.get("team_id", ""), command.get("enterprise_id") or "",
                              command.get("channel_id", ""), command.get("user_id", ""), answer)

        ack(**responses.response(command.get("text", ""), client, workspace_of(context), unanswered))

    def stored(command: dict, **kwargs: Any) -> None:
        (escalate if is_escalate_command(command.get("text", "")) else quiz)(command=command, **kwargs)

    def lazy(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        stored(command, respond=respond, client=client, context=context)

    app.command("/srm", middleware=[SkipQuizCommands()])(srm)
    app.command("/srm", middleware=[OnlyOwnersCommands()])(ack=ack_quiz, lazy=[owners_commands.handle(deps)])
    app.command("/srm")(ack=ack_quiz, lazy=[lazy])


class SrmResponses:
    """The ephemeral response to `/srm <text>`, built inside the ack.

    Answering takes well under a millisecond, the workspace's owners come from the per-process
    cache (bot/storage/owners_cache.py), and an unanswered question is handed to `unanswered`
    (which writes it off the request's path). A question asked again with the same org owner
    gets the blocks rendered the first time: they are a pure function of the two, and an
    incident channel asks the same question many times. They are kept as JSON (about 3 KB each,
    a third of the objects' size), so every response is a fresh copy that nothing can share."""

    RECENT = 1024
    """Rendered answers kept per process: at most ~3 MB."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._recent: dict[tuple[str, OrgOwner | None], tuple[str, str]] = {}
        """(question, org owner) -> (the blocks as JSON, the fallback text); oldest first."""
        self._evicting = threading.Lock()

    def response(self, text: str, client: WebClient | None = None, ws: Workspace | None = None,
                 unanswered: Callable[[Answer], None] | None = None) -> dict:
        deps, kb = self.deps, self.deps.kb
        parsed = parse_srm(text, deps.answerer)
        if parsed.kind == "help":
            return {"blocks": blocks.help_blocks(), "text": blocks.HELP_TEXT, "response_type": "ephemeral"}
        if parsed.kind == "services":
            return {"blocks": blocks.services_blocks(kb), "response_type": "ephemeral",
                    "text": f"Services I know: {', '.join(kb.services)}."}
        if parsed.kind == "topics":
            return {"blocks": blocks.topics_blocks(kb), "response_type": "ephemeral",
                    "text": f"Topics I know: {', '.join(t.name for t in kb.topics.values())}."}
        if parsed.kind == "overview":
            (service,) = parsed.services
            org = deps.org_owners.for_overview(client, ws, kb, service) if client else None
            return {"blocks": blocks.overview_blocks(kb, service, org), "response_type": "ephemeral",
                    "text": blocks.overview_text(kb, service)}
        if parsed.kind == "compare":
            if parsed.error:
                return {"text": parsed.error, "response_type": "ephemeral"}
            first, second = parsed.services
            return {"blocks": blocks.compare_blocks(kb, first, second), "response_type": "ephemeral",
                    "text": blocks.compare_text(kb, first, second)}
        answer = deps.answerer.ask(parsed.text)
        if unanswered is not None and not answer.matched:
            unanswered(replace(answer, question=display_question(parsed.text)))
        org = deps.org_owners.for_answer(client, ws, answer) if client and ws else None
        return {**self._rendered(parsed.text, org), "response_type": "ephemeral"}

    def _rendered(self, text: str, org: OrgOwner | None) -> dict[str, Any]:
        key = (text, org)
        recent = self._recent.get(key)
        if recent is not None:
            return {"blocks": json.loads(recent[0]), "text": recent[1]}
        kb, answerer = self.deps.kb, self.deps.answerer
        answer = replace(answerer.ask(text), question=display_question(text))
        fixed = corrections(answerer.index, text) if answer.matched else ()
        rendered = blocks.answer_blocks(kb, answer, mode="srm", corrections=fixed, org=org)
        fallback = blocks.answer_fallback_text(kb, answer)
        kept = (json.dumps(rendered, ensure_ascii=False, separators=(",", ":")), fallback)
        with self._evicting:  # readers need no lock: a dict's get and set are atomic
            while len(self._recent) >= self.RECENT:
                del self._recent[next(iter(self._recent))]  # the oldest
            self._recent[key] = kept
        return {"blocks": rendered, "text": fallback}
