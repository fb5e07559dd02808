"""The question bank: generated from the knowledge base where the owner is unambiguous, plus
hand-written questions in `knowledge/quiz.yaml` for what generation cannot phrase well.

Validated like the rest of the knowledge base: every problem as `file:line: field: message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.answering.headline import headline
from bot.knowledge import DEFAULT_DIR, KnowledgeBase, KnowledgeError, Owner, Ruling, Source
from bot.knowledge.reader import read_mapping
from bot.knowledge.yamlio import Problem

QUIZ_FILE = "quiz.yaml"
HAND_PREFIX = "quiz/"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELDS = ("id", "question", "answer", "explanation", "sources", "entry")

# How each topic reads as a question; `{service}` is the service's name.
TEMPLATES: Mapping[str, str] = {
    "patching": "On {service}, who applies the patches and upgrades?",
    "incident-response": "On {service}, who analyses the logs and responds to security incidents?",
    "billing": "On {service}, who watches usage and cost and sets billing alarms?",
    "compliance": "On {service}, who owns the compliance work?",
    "access-control": "On {service}, who controls resource policies, public access and sharing?",
    "encryption-in-transit": "On {service}, who makes sure connections are encrypted in transit?",
    "encryption-at-rest": "On {service}, who turns on and manages encryption of the stored data?",
    "backup": "On {service}, who takes the backups and tests restores?",
    "logging": "On {service}, who turns on and configures logs, metrics and alarms?",
    "lifecycle": "On {service}, who sets retention, expiry and deletion of data?",
    "durability": "On {service}, who keeps the stored data durable and replicated?",
    "ddos": "On {service}, who protects against DDoS attacks?",
    "availability": "On {service}, who designs for Multi-AZ or multi-Region resilience?",
    "data-classification": "On {service}, who knows what data is stored and how sensitive it is?",
    "iam": "On {service}, who manages users, roles, policies and MFA?",
    "application": "On {service}, who secures the application code and its dependencies?",
    "os-config": "On {service}, who installs, configures and hardens the operating system?",
    "network-config": "On {service}, who decides subnets, security groups and what is exposed to the internet?",
    "service-config": "On {service}, who configures the service itself (parameters, versions, settings)?",
    "virtualization": "On {service}, who secures the hypervisor and host operating system?",
    "physical": "On {service}, who secures the data centres and the hardware?",
}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    """The entry id for a generated question ("ec2/patching"), `quiz/<id>` for a hand-written one."""
    text: str
    answer: Owner
    explanation: str
    sources: tuple[Source, ...]
    entry: str | None = None
    """The knowledge base entry with the full answer, linked from the reveal."""


@dataclass(frozen=True, slots=True)
class QuestionBank:
    questions: Mapping[str, Question]

    @property
    def answers(self) -> dict[str, str]:
        """Question id -> its answer: what choosing the next question needs."""
        return {q.id: q.answer for q in self.questions.values()}

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def __len__(self) -> int:
        return len(self.questions)


def unambiguous(ruling: Ruling) -> bool:
    """Generated questions only where one side owns it outright: no conditions, no "shared",
    and only rulings reviewed for the service (not the service model's defaults)."""
    return ruling.reviewed and ruling.owner in ("aws", "customer") and not ruling.conditions


def generated(kb: KnowledgeBase) -> Iterator[Question]:
    for service in kb.services.values():
        for topic_id, ruling in service.rulings.items():
            if not unambiguous(ruling) or not ruling.sources:
                continue
            template = TEMPLATES.get(topic_id, "On {service}, who owns {topic}?")
            text = template.format(service=service.name, topic=kb.topics[topic_id].name.lower())
            verdict = headline(ruling, service.name, kb.topics[topic_id].name)
            yield Question(id=ruling.entry, text=text, answer=ruling.owner,
                           explanation=f"{verdict}. {ruling.summary}", sources=ruling.sources, entry=ruling.entry)


def _hand_written(root: Path, kb: KnowledgeBase | None, problems: list[Problem]) -> list[Question]:
    path = root / QUIZ_FILE
    if not path.exists():
        return []
    data, reader = read_mapping(path, root, problems, kb.source_titles if kb is not None else None)
    if data is None:
        return []
    questions: list[Question] = []
    seen: set[str] = set()
    for field, node in reader.records(data, "questions", "questions", must_be="must be a list of questions"):
        reader.unknown_keys(node, _FIELDS, field)
        qid = reader.text(node, "id", f"{field}.id")
        if qid and not _ID.match(qid):
            reader.problem(node, "id", f"{field}.id", "must be lower-case letters, digits and dashes")
        if qid in seen:
            reader.problem(node, "id", f"{field}.id", f"duplicate question id {qid!r}")
        seen.add(qid)
        text = reader.text(node, "question", f"{field}.question")
        if text and not text.endswith("?"):
            reader.problem(node, "question", f"{field}.question", "must be a question (end with ?)")
        answer = reader.owner(node, "answer", f"{field}.answer")
        explanation = reader.text(node, "explanation", f"{field}.explanation")
        sources = reader.sources(node, "sources", f"{field}.sources")
        entry = reader.text(node, "entry", f"{field}.entry", required=False) or None
        if entry and kb is not None and kb.entry(entry) is None:
            reader.problem(node, "entry", f"{field}.entry", f"unknown knowledge base entry {entry!r}")
        questions.append(Question(id=HAND_PREFIX + qid, text=text, answer=answer, explanation=explanation,
                                  sources=sources, entry=entry))
    return questions


def check_quiz(root: Path | str | None, kb: KnowledgeBase | None) -> list[Problem]:
    """Problems in `quiz.yaml`; with no knowledge base, entries cannot be checked."""
    problems: list[Problem] = []
    _hand_written(Path(root or DEFAULT_DIR).resolve(), kb, problems)
    return problems


def load_bank(kb: KnowledgeBase, root: Path | str | None = None) -> QuestionBank:
    """Every question; raise KnowledgeError listing each problem in the hand-written ones."""
    problems: list[Problem] = []
    hand = _hand_written(Path(root or DEFAULT_DIR).resolve(), kb, problems)
    if problems:
        raise KnowledgeError(problems)
    questions = {q.id: q for q in generated(kb)}
    questions.update((q.id, q) for q in hand)
    return QuestionBank(questions)
