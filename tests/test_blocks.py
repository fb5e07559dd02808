"""Every message the bot can send stays within Slack's Block Kit limits.

slack_sdk.models validates most limits but not the 50-block cap nor the 2000 characters of a
section field, so those are checked here directly.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.answering import Answer, Answerer
from bot.knowledge import KnowledgeBase
from bot.slack import blocks as render


def check_limits(message: list[dict[str, Any]]) -> None:
    assert 0 < len(message) <= 50
    for block in message:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()  # raises SlackObjectFormationError past a limit
        parsed.to_dict()  # validates nested elements too (button text, accessibility_label)
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            for field in block.get("fields", []):
                assert len(field["text"]) <= 2000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        assert len(block.get("block_id", "")) <= 255
        if block["type"] == "actions":
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)), "action ids must be unique within a block"
            for element in block["elements"]:
                if element["type"] == "overflow":
                    assert 2 <= len(element["options"]) <= 5
                    for option in element["options"]:
                        assert len(option["text"]["text"]) <= 75 and len(option["value"]) <= 150
                    continue
                if element["type"] == "button":
                    assert len(element["text"]["text"]) <= 75
                    assert 0 < len(element.get("accessibility_label", "")) <= 75, "buttons say what they do"
                assert len(element.get("value", "")) <= 2000
                assert len(element.get("accessibility_label", "")) <= 75
        if block["type"] == "context_actions":
            assert 1 <= len(block["elements"]) <= 5
            for element in block["elements"]:
                assert element["type"] in ("feedback_buttons", "icon_button")
                for side in ("positive_button", "negative_button"):
                    button = element[side]
                    assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= 2000
                    assert len(button.get("accessibility_label", "")) <= 75


def every_answer(kb: KnowledgeBase, answerer: Answerer) -> list[Answer]:
    entries = [s.id for s in kb.services.values()]
    entries += [f"{s.id}/{t}" for s in kb.services.values() for t in kb.topics]
    entries += [g.ruling.entry for g in kb.general]
    answers = [answerer.answer_entry("who owns this " + "x" * 2000, e) for e in entries]
    assert all(answers)
    return [a for a in answers if a]


def test_every_answer_renders_within_limits(kb: KnowledgeBase, answerer: Answerer) -> None:
    answers = every_answer(kb, answerer)
    assert len(answers) == 39 + 39 * 21 + len(kb.general)
    for answer in answers:
        for options in ({}, {"incident": True}, {"shareable": True}, {"shared_by": "U0001"}):
            check_limits(render.answer_blocks(kb, answer, **options))


def test_every_overview_and_comparison_renders_within_limits(kb: KnowledgeBase) -> None:
    services = list(kb.services)
    for service in services:
        check_limits(render.overview_blocks(kb, service))
    for first, second in pairwise(services + services[:1]):
        check_limits(render.compare_blocks(kb, first, second))


def test_fixed_messages_render_within_limits(kb: KnowledgeBase) -> None:
    check_limits(render.help_blocks())
    check_limits(render.services_blocks(kb))
    check_limits(render.topics_blocks(kb))
    check_limits(render.home_view(kb)["blocks"])


@pytest.mark.parametrize("question", ["who patches lambada", "who patches gcp cloud sql", "", "???"])
def test_refusals_render_within_limits(kb: KnowledgeBase, answerer: Answerer, question: str) -> None:
    check_limits(render.answer_blocks(kb, answerer.ask(question)))


def test_answer_leads_with_the_verdict(kb: KnowledgeBase, answerer: Answerer) -> None:
    message = render.answer_blocks(kb, answerer.ask("who patches rds"), mode="srm")
    verdict = ":cloud: *AWS owns patching and upgrades on Amazon RDS — 5 exceptions are yours*"
    assert message[0]["text"]["text"] == verdict
    assert "You asked: “who patches rds”" in message[1]["elements"][0]["text"]
    assert [b["type"] for b in message][-3:] == ["context_actions", "actions", "actions"], \
        "👍 / 👎 and the ⋯ menu, then More / Share last"


def test_refusal_shows_what_was_typed(kb: KnowledgeBase, answerer: Answerer) -> None:
    message = render.answer_blocks(kb, answerer.ask("who patches lamdba <!channel>"))
    text = "\n".join(e["text"] for b in message if b["type"] == "context" for e in b["elements"])
    assert "You asked: “who patches lamdba &lt;!channel&gt;”" in text


def test_escape() -> None:
    assert render.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_button_value_round_trips_and_fits() -> None:
    value = render.button_value("rds/patching", "q" * 5000)
    assert len(value) <= 2000
    assert render.read_button_value(value) == ("rds/patching", "q" * render.MAX_QUESTION_ECHO)
    assert render.read_button_value("not json") == ("", "")
    ref = render.AnswerRef("eks/patching", "who patches our nodes", ("Self-managed nodes",), "post", "U0001",
                           (("nodez", "nodes"),))
    assert render.AnswerRef.decode(ref.encode()) == ref
    huge = render.AnswerRef("eks/patching", "q" * 300, tuple("p" * 300 for _ in range(5)), "srm", "",
                            tuple(("x" * 300, "y" * 300) for _ in range(5)))
    assert len(huge.encode()) <= 2000 and render.AnswerRef.decode(huge.encode()) is not None
    assert render.AnswerRef.decode('{"e": 1, "m": "evil"}') == render.AnswerRef("1", "")
    assert render.AnswerRef.decode('{"e": "s3", "p": "abc"}') is None
    assert render.AnswerRef.decode("[1]") is None
