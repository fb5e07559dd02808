"""The one structured result every surface renders (see shared/answer-contract.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.knowledge import Condition, Owner, Ruling


@dataclass(frozen=True)
class Alternative:
    """A "did you mean" choice: enough to answer it in place."""

    service: str | None
    topic: str | None
    confidence: float

    @property
    def entry(self) -> str:
        if self.service is None:
            return f"general/{self.topic}"
        return self.service if self.topic is None else f"{self.service}/{self.topic}"


@dataclass(frozen=True)
class Answer:
    question: str
    matched: bool
    confidence: float
    service: str | None = None
    topic: str | None = None
    owner: Owner | None = None
    summary: str = ""
    aws: tuple[str, ...] = ()
    customer: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    entry: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    conditions: tuple[Condition, ...] = field(default=(), compare=False)
    refusal: str = ""
    """Why there is no answer (unmatched only): shown to people, not part of the contract."""

    @classmethod
    def from_ruling(
        cls,
        question: str,
        ruling: Ruling,
        confidence: float,
        alternatives: tuple[Alternative, ...] = (),
        case: Condition | None = None,
    ) -> Answer:
        """The ruling as an answer; `case` is the condition the question asked about, if any."""
        conditions = ruling.conditions
        owner, summary = ruling.owner, ruling.summary
        if case is not None:
            conditions = (case, *(c for c in conditions if c is not case))
            owner = case.owner or owner
            summary = f"{case.when}: {case.then} {summary}"
        return cls(
            question=question,
            matched=True,
            confidence=confidence,
            service=ruling.service,
            topic=ruling.topic,
            owner=owner,
            summary=summary,
            aws=ruling.aws,
            customer=ruling.customer,
            sources=ruling.sources,
            entry=ruling.entry,
            alternatives=alternatives,
            conditions=conditions,
        )

    def to_contract(self) -> dict[str, Any]:
        """Exactly the keys of the answer contract, in its order."""
        return {
            "question": self.question,
            "matched": self.matched,
            "confidence": round(self.confidence, 2),
            "service": self.service,
            "topic": self.topic,
            "owner": self.owner,
            "summary": self.summary,
            "aws": list(self.aws),
            "customer": list(self.customer),
            "sources": list(self.sources),
            "entry": self.entry,
            "alternatives": [
                {"service": a.service, "topic": a.topic, "confidence": round(a.confidence, 2)}
                for a in self.alternatives
            ],
        }
