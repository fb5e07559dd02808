"""The default answer fits one phone screen, for every cell and every part a question can name.

Counted as a phone renders it (`blocks.phone_lines`: ~40 characters a line, links by their
titles, an emoji as two characters, a row of buttons two lines tall), over every service x
topic (39 x 21 = 819 cells), every facet-named and layer-named variant, and every way an answer
is shown (/srm with the question echoed, posted with "Shared by", a thread reply).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.answering import Answer, Answerer
from bot.knowledge import KnowledgeBase
from bot.slack import blocks as render

from .test_blocks import check_limits

LONG_QUESTION = "who owns this " + "x" * 2000


def every_cell(kb: KnowledgeBase, answerer: Answerer) -> Iterator[tuple[str, Answer]]:
    """(label, answer) for every service x topic, and every facet (its topic's cases too) and layer of each."""
    for service in kb.services.values():
        for tid, ruling in service.rulings.items():
            entry = f"{service.id}/{tid}"
            answer = answerer.answer_part(f"who owns {service.id} {tid}", entry)
            assert answer is not None
            yield entry, answer
            for facet in (*ruling.facets, *kb.topics[tid].cases):
                part = answerer.answer_part(LONG_QUESTION, entry, (facet.when,))
                assert part is not None and part.aspect is not None and part.aspect.name == facet.when
                yield f"{entry} [{facet.when}]", part
            for layer in service.layers:
                if tid in layer.topics:
                    part = answerer.answer_part(LONG_QUESTION, entry, (layer.name,))
                    assert part is not None and part.aspect is not None
                    yield f"{entry} [{layer.name}]", part


def test_there_are_819_cells(kb: KnowledgeBase) -> None:
    assert sum(len(s.rulings) for s in kb.services.values()) == 819


@pytest.mark.parametrize("mode", ["srm", "post", "thread"])
def test_default_answer_fits_one_phone_screen_for_every_cell_and_facet(
    kb: KnowledgeBase, answerer: Answerer, mode: render.Mode
) -> None:
    too_long = []
    count = 0
    for label, answer in every_cell(kb, answerer):
        message = render.answer_blocks(kb, answer, mode=mode, shared_by="U0001" if mode == "post" else None)
        check_limits(message)
        lines = render.phone_lines(message)
        count += 1
        if lines > render.PHONE_LINES:
            too_long.append((lines, label))
        assert render.visible_text(message[0]["text"]["text"]).startswith("##"), "verdict first, with its emoji"
        assert message[-1]["type"] == "actions" and message[-1]["elements"][0]["action_id"] == render.MORE_ACTION
    assert count > 819
    assert not too_long, f"over {render.PHONE_LINES} lines: {sorted(too_long, reverse=True)[:10]}"


def test_expanded_answer_has_everything_and_stays_within_limits(kb: KnowledgeBase, answerer: Answerer) -> None:
    for label, answer in every_cell(kb, answerer):
        ref = render.AnswerRef.of(answer, "srm")
        message = render.render_answer(kb, answer, ref, expanded=True)
        check_limits(message)
        text = "\n".join(render.visible_text(t) for t in _texts(message))
        assert (not answer.aws) or "What AWS does" in text, label
        for cond in answer.conditions:
            assert render.visible_text(render.escape(cond.then))[:60] in text, (label, cond.when)
        if kb.services[answer.service or ""].layers:
            assert "Who owns each layer" in text, label
        assert message[-1]["elements"][0]["action_id"] == render.LESS_ACTION


def test_collapsed_answer_reads_in_order_verdict_summary_you_do_cases_sources(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    answer = answerer.ask("who patches rds")
    message = render.answer_blocks(kb, answer, mode="srm")
    texts = [render.visible_text(t) for t in _texts(message)]
    assert texts[0] == "## AWS owns patching and upgrades on Amazon RDS — 5 exceptions are yours"
    assert texts[1].startswith("Amazon RDS · Patching and upgrades · You asked: “who patches rds”")
    assert texts[2].startswith("AWS patches the host OS")
    assert texts[3].startswith("You do\n• Choose the maintenance window")
    assert texts[3].count("•") <= render.MAX_YOU_DO
    assert "## You: Auto minor version upgrade is off" in texts[4]
    assert "RDS User Guide: Maintaining a DB instance" in texts[5]
    assert [e["text"]["text"] for e in message[-1]["elements"]] == ["More", "Share in channel"]
    assert "What AWS does" not in "\n".join(texts), "behind More"


def test_phone_lines_counts_wrapping_links_and_buttons() -> None:
    assert render.text_lines("x" * 40) == 1
    assert render.text_lines("x" * 41) == 2
    assert render.text_lines("a\nb") == 2
    assert render.text_lines("<https://docs.aws.amazon.com/very/long/url/that/is/not/shown|Title>") == 1
    assert render.text_lines(":cloud: *AWS*") == 1
    assert render.phone_lines([{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "More"}}]}]) == 2


def test_every_button_says_what_it_does_and_no_emoji_stands_alone(kb: KnowledgeBase, answerer: Answerer) -> None:
    for question in ("who patches rds", "who patches the self managed nodes on our eks cluster", "lambda",
                     "who patches lamdba"):
        answer = answerer.ask(question)
        for message in (render.answer_blocks(kb, answer, mode="srm"),
                        render.render_answer(kb, answer, render.AnswerRef.of(answer), expanded=True)
                        if answer.matched else []):
            _check_accessible(message)
    for service in kb.services:
        _check_accessible(render.overview_blocks(kb, service))
    _check_accessible(render.compare_blocks(kb, "ec2", "fargate"))


def _check_accessible(message: list[dict]) -> None:
    for block in message:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert element.get("accessibility_label"), element
        for text in _texts([block]):
            for emoji in re.findall(r":(cloud|bust_in_silhouette|handshake):", text):
                word = {"cloud": "AWS", "bust_in_silhouette": "You", "handshake": "Shared"}[emoji]
                after = text.split(f":{emoji}:", 1)[1].lstrip(" *")
                assert after.startswith((word, "Yours", "It depends", "AWS", "Shared")), text
            assert "→" not in text and "->" not in text, text


def test_one_vocabulary_on_answers_overviews_and_quiz_buttons(kb: KnowledgeBase, answerer: Answerer) -> None:
    from bot.quiz.questions import Question
    from bot.slack.quiz import blocks as quiz_blocks

    question = Question(id="q1", text="Who patches RDS?", answer="aws", explanation="", sources=())
    buttons = next(b for b in quiz_blocks.quiz_blocks(question, 1, 0, "10:00") if b["type"] == "actions")
    assert [e["text"]["text"] for e in buttons["elements"]] == [render.owner_tag(c) for c in quiz_blocks.CHOICES]
    overview = "\n".join(_texts(render.overview_blocks(kb, "lambda")))
    assert render.owner_tag("customer") in overview and render.owner_tag("aws") in overview
    home = "\n".join(_texts(render.home_view(kb)["blocks"]))
    assert render.owner_tag("aws") in home and render.owner_tag("customer") in home


def _texts(message: list[dict]) -> list[str]:
    out = []
    for block in message:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
        out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return out


@pytest.mark.parametrize("mode", ["srm", "post", "thread"])
def test_a_long_multiple_choice_answer_fits_one_phone_screen_with_every_option(
    kb: KnowledgeBase, answerer: Answerer, mode: render.Mode
) -> None:
    """Six long options: each keeps its own line (cut to fit), with its owner; nothing is dropped."""
    long = "and then review the resulting configuration carefully with every team involved " * 2
    question = ("Which of these are AWS's responsibility? 1) patching the hypervisor " + long
                + "2) encrypting the data in an s3 bucket " + long + "3) physical security of data centers " + long
                + "4) rotating iam access keys " + long + "5) replacing failed disks in rds " + long
                + "6) configuring security groups on ec2 " + long)
    answer = answerer.ask(question)
    assert answer.options is not None and len(answer.options) == 6
    message = render.answer_blocks(kb, answer, mode=mode, shared_by="U0001" if mode == "post" else None)
    check_limits(message)
    assert render.phone_lines(message) <= render.PHONE_LINES
    text = "\n".join(b["text"]["text"] for b in message if b["type"] == "section")
    listed = [line for line in text.split("\n") if line.startswith("• ")]
    assert [line.split("*")[1] for line in listed] == [f"{i}." for i in range(1, 7)]
    for line, option in zip(listed, answer.options, strict=True):
        assert line.startswith(f"• {render.owner_tag(option.owner)}: " if option.owner else "• :grey_question:")


def test_the_case_asked_about_is_not_listed_again_among_the_cases(kb: KnowledgeBase, answerer: Answerer) -> None:
    checked = 0
    for label, answer in every_cell(kb, answerer):
        if answer.aspect is None or answer.aspect.kind != "facet":
            continue
        texts = [b["text"]["text"] for b in render.answer_blocks(kb, answer, mode="srm")
                 if b["type"] == "section" and "text" in b]
        listed = f": {render.escape(answer.aspect.name)}"
        assert not any(line.startswith("• ") and line.endswith(listed)
                       for text in texts for line in text.split("\n")), label
        checked += 1
    assert checked > 500  # every facet of every cell, and each topic's cases
