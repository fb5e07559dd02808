"""Block Kit for acting on an answer: 👍 / 👎 (Slack's native feedback buttons in a
`context_actions` block) and an overflow menu ("Report a wrong answer", "Ask a human"), plus the
report modal. Pure functions; self-contained so bot.slack.blocks can append them in one line.

What the buttons carry: the feedback buttons' values hold the entry the bot answered from (no
question text: a vote keeps none); the overflow's block_id holds the entry and the first words of
the question, which a report or "ask a human" needs (Slack sends no message with a click on an
ephemeral answer, and an overflow option's value is limited to 150 characters).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

Block = dict[str, Any]

FEEDBACK_ACTION = "answer_feedback"
MORE_ACTION = "answer_more_actions"
REPORT_OPTION = "report"
HUMAN_OPTION = "human"
REPORT_CALLBACK = "report_wrong_answer"
MAX_BLOCK_ID = 255
MAX_VALUE = 2000
UP, DOWN = "up", "down"


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


@lru_cache(maxsize=4096)  # two per answer, and the entries are a few hundred
def feedback_value(entry: str | None, vote: str) -> str:
    return json.dumps({"e": entry or "", "v": vote})[:MAX_VALUE]


def read_feedback_value(value: object) -> tuple[str, str] | None:
    """(entry, up|down), or None for anything these buttons cannot have sent."""
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("v") not in (UP, DOWN) or not isinstance(data.get("e"), str):
        return None
    return data["e"][:255], data["v"]


def _more_block_id(entry: str | None, question: str) -> str:
    """The overflow's block_id: {"e": entry, "q": first words of the question}, within 255 chars."""
    words = " ".join(question.split())
    for cut in range(len(words), -1, -8):
        block_id = json.dumps({"e": entry or "", "q": words[:cut]}, ensure_ascii=False)
        if len(block_id) <= MAX_BLOCK_ID:
            return block_id
    return json.dumps({"e": (entry or "")[:200], "q": ""})


def read_more_block_id(block_id: object) -> tuple[str, str]:
    try:
        data = json.loads(block_id) if isinstance(block_id, str) else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return str(data.get("e") or "")[:255], str(data.get("q") or "")


def answer_feedback_blocks(entry: str | None, question: str, *, refusal: bool = False) -> list[Block]:
    """What every answer ends with: 👍 / 👎, and "More actions" (report, ask a human). Under a
    refusal (`entry` None) the report is of a missing answer."""
    report = "Report a missing answer" if refusal else "Report a wrong answer"
    return [
        {"type": "context_actions", "elements": [{
            "type": "feedback_buttons", "action_id": FEEDBACK_ACTION,
            "positive_button": {"text": _plain("👍"), "value": feedback_value(entry, UP),
                                "accessibility_label": "This answer helped"},
            "negative_button": {"text": _plain("👎"), "value": feedback_value(entry, DOWN),
                                "accessibility_label": "This answer did not help"},
        }]},
        {"type": "actions", "block_id": _more_block_id(entry, question), "elements": [{
            "type": "overflow", "action_id": MORE_ACTION,
            "options": [{"text": _plain(report), "value": REPORT_OPTION},
                        {"text": _plain("Ask a human"), "value": HUMAN_OPTION}],
        }]},
    ]


def report_modal(entry: str, question: str, channel: str, message_ts: str) -> dict[str, Any]:
    """"Report a wrong answer": what is wrong (required), a source (optional)."""
    metadata = json.dumps({"e": entry, "q": question[:1500], "c": channel, "m": message_ts}, ensure_ascii=False)
    title, label = ("Report a wrong answer", "What is wrong?") if entry else \
        ("Report a missing answer", "What should the answer be?")  # under a refusal (no entry)
    return {
        "type": "modal", "callback_id": REPORT_CALLBACK, "private_metadata": metadata[:3000],
        "title": _plain(title), "submit": _plain("Send report"), "close": _plain("Cancel"),
        "blocks": [
            {"type": "input", "block_id": "what", "label": _plain(label),
             "element": {"type": "plain_text_input", "action_id": "what", "multiline": True, "max_length": 2000,
                         "placeholder": _plain("For example: with customer managed keys, rotation is yours")}},
            {"type": "input", "block_id": "source", "optional": True, "label": _plain("Source (a link)"),
             "element": {"type": "url_text_input", "action_id": "source"},
             "hint": _plain("The AWS documentation that says so, if you have it.")},
        ],
    }


def read_report(view: dict[str, Any]) -> tuple[dict[str, str], str, str]:
    """(the answer it reports: entry/question/channel/message, what is wrong, source) from a submission."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    values = (view.get("state") or {}).get("values") or {}
    what = ((values.get("what") or {}).get("what") or {}).get("value") or ""
    source = ((values.get("source") or {}).get("source") or {}).get("value") or ""
    meta = {k: str(meta.get(k) or "") for k in ("e", "q", "c", "m")} if isinstance(meta, dict) else {}
    return meta, what.strip(), source.strip()


def thanks_view(text: str) -> dict[str, Any]:
    return {"type": "modal", "title": _plain("Thank you"), "close": _plain("Close"),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
