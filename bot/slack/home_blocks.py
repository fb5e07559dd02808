"""Block Kit for the App Home's "Ask a question": a button, a modal with one input, and the
answer shown in that same modal (with the input kept, to ask another). Pure functions."""

from __future__ import annotations

from typing import Any

from bot.answering import Answer
from bot.knowledge import KnowledgeBase
from bot.slack import blocks as render
from bot.slack.owners_blocks import OrgOwner

ASK_ACTION = "home_ask"
ASK_CALLBACK = "home_ask_question"
ASK_BLOCK = "question"
MAX_QUESTION = 300


def ask_button_blocks() -> list[render.Block]:
    return [{"type": "actions", "block_id": "home_ask", "elements": [{
        "type": "button", "action_id": ASK_ACTION, "style": "primary",
        "text": {"type": "plain_text", "text": "Ask a question", "emoji": True},
        "accessibility_label": "Ask who owns a piece of cloud security, answered in a window"}]}]


def ask_modal(question: str = "", answer_blocks: list[render.Block] | None = None) -> dict[str, Any]:
    """One input; after a question, its answer below it (the input keeps the question)."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": ASK_BLOCK, "max_length": MAX_QUESTION,
                               "placeholder": {"type": "plain_text", "text": "who patches rds?"}}
    if question:
        element["initial_value"] = question[:MAX_QUESTION]
    view_blocks: list[render.Block] = [
        {"type": "input", "block_id": ASK_BLOCK, "element": element,
         "label": {"type": "plain_text", "text": "Your question", "emoji": True}},
    ]
    if answer_blocks:
        view_blocks += [{"type": "divider"}, *answer_blocks]
    return {"type": "modal", "callback_id": ASK_CALLBACK,
            "title": {"type": "plain_text", "text": "Who owns it?", "emoji": True},
            "submit": {"type": "plain_text", "text": "Ask", "emoji": True},
            "close": {"type": "plain_text", "text": "Close", "emoji": True},
            "blocks": view_blocks[:100]}


def read_question(view: dict[str, Any]) -> str:
    values = (view.get("state") or {}).get("values") or {}
    value = ((values.get(ASK_BLOCK) or {}).get(ASK_BLOCK) or {}).get("value")
    return value.strip() if isinstance(value, str) else ""


def answered_modal(kb: KnowledgeBase, question: str, answer: Answer, org: OrgOwner | None = None) -> dict[str, Any]:
    """The modal again with the answer under the question (and, with `org`, who in the customer's
    org owns it); no share, feedback or Page buttons (a modal has no channel to post in)."""
    shown = render.answer_blocks(kb, answer, feedback=False, org=org)
    shown = [b for b in shown if b.get("type") != "actions"]  # their buttons answer in a channel, not here
    return ask_modal(question, shown)
