"""`/srm`: answered inside the ack itself, so the answer arrives in one round trip."""

from __future__ import annotations

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

    def srm(ack: Ack, command: dict, client: WebClient, context: BoltContext) -> None:
        def unanswered(answer: Answer) -> None:
            record_unanswered(command.get("team_id", ""), command.get("enterprise_id") or "",
                              command.get("channel_id", ""), command.get("user_id", ""), answer)

        ack(**srm_response(deps, command.get("text", ""), client, workspace_of(context), unanswered))

    def stored(command: dict, **kwargs: Any) -> None:
        (escalate if is_escalate_command(command.get("text", "")) else quiz)(command=command, **kwargs)

    def lazy(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        stored(command, respond=respond, client=client, context=context)

    app.command("/srm", middleware=[SkipQuizCommands()])(srm)
    app.command("/srm", middleware=[OnlyOwnersCommands()])(ack=ack_quiz, lazy=[owners_commands.handle(deps)])
    app.command("/srm")(ack=ack_quiz, lazy=[lazy])


def srm_response(deps: Deps, text: str, client: WebClient | None = None, ws: Workspace | None = None,
                 unanswered: Callable[[Answer], None] | None = None) -> dict:
    """The ephemeral response to `/srm <text>`: answering takes well under a millisecond, the
    workspace's owners come from the per-process cache (bot/storage/owners_cache.py), and an
    unanswered question is handed to `unanswered` (which writes it off the request's path)."""
    kb = deps.kb
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
    answer = replace(answer, question=display_question(parsed.text))
    if unanswered is not None and not answer.matched:
        unanswered(answer)
    fixed = corrections(deps.answerer.index, parsed.text) if answer.matched else ()
    return {
        "blocks": blocks.answer_blocks(kb, answer, mode="srm", corrections=fixed,
                                       org=deps.org_owners.for_answer(client, ws, answer) if client else None),
        "text": blocks.answer_fallback_text(kb, answer),
        "response_type": "ephemeral",
    }
