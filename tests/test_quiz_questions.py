"""The question bank: generated where the owner is unambiguous, hand-written in knowledge/quiz.yaml,
validated like the rest of the knowledge base, and every question renders within Slack's limits."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bot.cli import main
from bot.knowledge import DEFAULT_DIR, KnowledgeBase, KnowledgeError
from bot.quiz.questions import HAND_PREFIX, QuestionBank, check_quiz, load_bank
from bot.slack import quiz_blocks

from .test_blocks import check_limits


@pytest.fixture(scope="module")
def bank(kb: KnowledgeBase) -> QuestionBank:
    return load_bank(kb)


def test_generated_questions_come_only_from_unambiguous_reviewed_rulings(kb: KnowledgeBase,
                                                                        bank: QuestionBank) -> None:
    generated = [q for q in bank.questions.values() if not q.id.startswith(HAND_PREFIX)]
    assert len(generated) > 200
    for question in generated:
        ruling = kb.entry(question.id)
        assert ruling is not None and question.entry == ruling.entry
        assert ruling.owner == question.answer in ("aws", "customer")
        assert not ruling.conditions and ruling.reviewed
        assert question.explanation.endswith(ruling.summary) and question.explanation.startswith(
            ("AWS owns", "You own"))
    ec2 = bank.get("ec2/patching")
    assert ec2 is None, "ec2/patching has conditions: generation must leave it to quiz.yaml"
    assert bank.get("quiz/iaas-guest-os") is not None


def test_hand_written_questions_cover_what_generation_cannot(bank: QuestionBank) -> None:
    hand = {q.id: q for q in bank.questions.values() if q.id.startswith(HAND_PREFIX)}
    assert {"quiz/iaas-guest-os", "quiz/paas-engine", "quiz/saas-operation", "quiz/soc2-reports"} <= set(hand)
    assert hand["quiz/soc2-reports"].answer == "aws"
    assert any(q.answer == "shared" for q in hand.values())


def test_every_question_has_an_explanation_an_aws_source_and_a_valid_entry(kb: KnowledgeBase,
                                                                          bank: QuestionBank) -> None:
    for question in bank.questions.values():
        assert question.text.endswith("?") and question.explanation
        assert question.sources
        for source in question.sources:
            parsed = urlparse(source.url)
            assert parsed.scheme == "https" and (parsed.hostname or "").endswith("amazon.com"), source
            assert source.title and source.title != source.url, source
        if question.entry:
            assert kb.entry(question.entry) is not None, question.id


def test_every_question_renders_within_slack_limits(bank: QuestionBank) -> None:
    for question in bank.questions.values():
        check_limits(quiz_blocks.quiz_blocks(question, 2**31, 1234, "Mon 31 Mar 17:00 CEST (15:00 UTC)"))
        check_limits(quiz_blocks.reveal_blocks(question, 100, 37))
        for choice in quiz_blocks.CHOICES:
            check_limits(quiz_blocks.feedback_blocks(question, choice, 12))
        values = [e["value"] for b in quiz_blocks.quiz_blocks(question, 7, 0, "x") if b["type"] == "actions"
                  for e in b["elements"]]
        assert [quiz_blocks.read_answer_value(v) for v in values] == [(7, c) for c in quiz_blocks.CHOICES]


# -- validation -----------------------------------------------------------------------------------

@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, root)
    return root


def _break(root: Path, old: str, new: str) -> int:
    path = root / "quiz.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_problems_name_file_line_and_field(kb: KnowledgeBase, kb_copy: Path) -> None:
    answer_line = _break(kb_copy, "    answer: aws\n", "    answer: amazon\n")
    source_line = _break(kb_copy, "      - https://aws.amazon.com/compliance/soc-faqs/\n",
                         "      - http://example.com/soc\n")
    entry_line = _break(kb_copy, "    entry: general/physical\n", "    entry: general/nowhere\n")
    problems = [str(p) for p in check_quiz(kb_copy, kb)]
    assert any(p.startswith(f"knowledge/quiz.yaml:{answer_line}: questions[1].answer: must be one of")
               for p in problems)
    # reported at its list's `sources:` key, two lines up, as in the rest of the knowledge base
    assert f"knowledge/quiz.yaml:{source_line - 2}: questions[4].sources: 'http://example.com/soc' is not an " \
           "https AWS documentation URL" in problems
    assert f"knowledge/quiz.yaml:{entry_line}: questions[9].entry: unknown knowledge base entry " \
           "'general/nowhere'" in problems
    with pytest.raises(KnowledgeError):
        load_bank(kb, kb_copy)


def test_missing_fields_and_duplicates_are_listed(kb: KnowledgeBase, kb_copy: Path) -> None:
    (kb_copy / "quiz.yaml").write_text(
        "questions:\n"
        "  - id: one\n    question: Who?\n    answer: aws\n    explanation: x\n    sources: [https://aws.amazon.com/a]\n"
        "  - id: one\n    question: No question mark\n    answer: aws\n    colour: red\n", encoding="utf-8")
    problems = [str(p) for p in check_quiz(kb_copy, kb)]
    assert "knowledge/quiz.yaml:7: questions[1].id: duplicate question id 'one'" in problems
    assert "knowledge/quiz.yaml:8: questions[1].question: must be a question (end with ?)" in problems
    assert any(p.startswith("knowledge/quiz.yaml:10: questions[1].colour: unknown field") for p in problems)
    assert "knowledge/quiz.yaml:7: questions[1].explanation: is missing" in problems
    assert "knowledge/quiz.yaml:7: questions[1].sources: is missing" in problems


def test_kb_check_reports_quiz_problems(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(kb_copy, "    answer: aws\n", "    answer: amazon\n")
    assert main(["--knowledge", str(kb_copy), "kb", "check"]) == 1
    err = capsys.readouterr().err
    assert "quiz.yaml" in err and "answer: must be one of" in err


def test_kb_check_counts_quiz_questions(capsys: pytest.CaptureFixture[str], bank: QuestionBank) -> None:
    assert main(["kb", "check"]) == 0
    assert f"{len(bank)} quiz questions" in capsys.readouterr().out
