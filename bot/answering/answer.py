"""The one structured result every surface renders (see shared/answer-contract.md, version 2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.answering.headline import headline
from bot.knowledge import Condition, Layer, Owner, Ruling, Source


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
class Aspect:
    """The part of a ruling the question named: one facet (a case) or one layer of the stack."""

    kind: Literal["facet", "layer"]
    name: str
    owner: Owner
    text: str
    sources: tuple[Source, ...] = ()

    @classmethod
    def of_facet(cls, facet: Condition) -> Aspect:
        return cls("facet", facet.when, facet.owner or "shared", facet.then, facet.sources)

    @classmethod
    def of_layer(cls, layer: Layer) -> Aspect:
        return cls("layer", layer.name, layer.owner, layer.text, layer.sources)


@dataclass(frozen=True)
class OptionAnswer:
    """One option of a pasted multiple-choice question, answered on its own."""

    label: str
    text: str
    answer: Answer

    @property
    def owner(self) -> Owner | None:
        return self.answer.owner


@dataclass(frozen=True)
class Answer:
    question: str
    matched: bool
    confidence: float
    service: str | None = None
    topic: str | None = None
    owner: Owner | None = None
    """The owner of what was asked: the named facet or layer, else the ruling's."""
    summary: str = ""
    aws: tuple[str, ...] = ()
    customer: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    entry: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    ruling_owner: Owner | None = None
    aspect: Aspect | None = None
    headline: str = ""
    conditions: tuple[Condition, ...] = ()
    layers: tuple[Layer, ...] | None = None
    """The service's ownership stack, for an overview (topic None) only."""
    verified: str | None = None
    depends: tuple[Condition, ...] = ()
    """Two or more named parts whose owners differ: the answer says it depends and shows them."""
    options: tuple[OptionAnswer, ...] | None = None
    """A pasted multiple-choice question: every option with its own owner."""
    refusal: str = ""
    """Why there is no answer (unmatched only): shown to people, not part of the contract."""

    @classmethod
    def from_ruling(
        cls,
        question: str,
        ruling: Ruling,
        confidence: float,
        alternatives: tuple[Alternative, ...] = (),
        *,
        service_name: str = "",
        topic_name: str = "",
        aspect: Aspect | None = None,
        depends: tuple[Condition, ...] = (),
        layers: tuple[Layer, ...] | None = None,
        tally: dict[Owner, int] | None = None,
    ) -> Answer:
        """The ruling as an answer, led by the part the question named, if any."""
        conditions = ruling.conditions
        if depends:
            conditions = (*depends, *(c for c in conditions if c not in depends))
        elif aspect is not None and aspect.kind == "facet":
            # The ruling's own case, or its topic's (knowledge/topics.yaml), which is shown only when named.
            named = next((c for c in conditions if c.when == aspect.name), None) or Condition(
                aspect.name, aspect.text, aspect.owner, sources=aspect.sources)
            conditions = (named, *(c for c in conditions if c is not named))
        owner: Owner = "shared" if depends else aspect.owner if aspect else ruling.owner
        sources = ruling.sources
        if aspect is not None:
            sources = (*aspect.sources, *(s for s in ruling.sources if s not in aspect.sources))
        return cls(
            question=question,
            matched=True,
            confidence=confidence,
            service=ruling.service,
            topic=ruling.topic,
            owner=owner,
            summary=ruling.summary,
            aws=ruling.aws,
            customer=ruling.customer,
            sources=sources,
            entry=ruling.entry,
            alternatives=alternatives,
            ruling_owner=ruling.owner,
            aspect=aspect,
            headline=headline(ruling, service_name, topic_name, aspect=aspect, depends=depends, tally=tally),
            conditions=conditions,
            layers=layers,
            verified=ruling.verified or None,
            depends=depends,
        )

    def to_contract(self) -> dict[str, Any]:
        """Exactly the keys of the answer contract (version 2), in its order."""
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
            "sources": [{"url": s.url, "title": s.title} for s in self.sources],
            "entry": self.entry,
            "alternatives": [
                {"service": a.service, "topic": a.topic, "confidence": round(a.confidence, 2)}
                for a in self.alternatives
            ],
            "ruling_owner": self.ruling_owner,
            "aspect": None if self.aspect is None else {
                "kind": self.aspect.kind, "name": self.aspect.name, "owner": self.aspect.owner,
                "text": self.aspect.text,
            },
            "headline": self.headline,
            "conditions": [{"when": c.when, "then": c.then, "owner": c.owner} for c in self.conditions],
            "layers": None if self.layers is None else [{"layer": la.name, "owner": la.owner} for la in self.layers],
            "verified": self.verified,
            "options": None if self.options is None else [
                {"label": o.label, "text": o.text, "owner": o.owner, "entry": o.answer.entry} for o in self.options
            ],
        }
