"""The knowledge base as immutable values: what the matcher searches and the renderers show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Owner = Literal["aws", "customer", "shared"]
OWNERS: tuple[Owner, ...] = ("aws", "customer", "shared")
MODELS: tuple[str, ...] = ("infrastructure", "container", "managed", "abstracted")


@dataclass(frozen=True, slots=True)
class Source:
    """An AWS page a fact rests on, with the title people see instead of its URL."""

    url: str
    title: str


@dataclass(frozen=True, slots=True)
class Condition:
    """Where ownership depends on a setting: shown as its own line, not buried in prose.

    A condition with keywords is a *facet*: a case a question can name ("our own KMS key",
    "an HTTP flood"); the answer then leads with it and takes its owner."""

    when: str
    then: str
    owner: Owner | None = None
    keywords: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    """Its own pages where they differ from the ruling's."""
    verified: str = ""
    """ISO date it was last checked against its sources (the ruling's when not given)."""
    unless: tuple[str, ...] = ()
    """Words that say the question is about another kind of the service or another state of the
    resource, where this case does not hold ("serverless" for a node-based cluster's updates,
    "rotation enabled" for a key whose rotation is off): named, they rule the facet out."""
    services: tuple[str, ...] = ()
    """A topic's case only: the services it is true of (every service when empty). "The failover itself,
    once a managed database runs Multi-AZ" is the databases', not Route 53's."""

    @property
    def is_facet(self) -> bool:
        return bool(self.keywords)


@dataclass(frozen=True, slots=True)
class Layer:
    """One level of a service's ownership stack ("the host OS and kernel"), top to bottom."""

    name: str
    owner: Owner
    text: str
    words: tuple[str, ...]
    """What people call it ("kernel", "the box underneath", "base image")."""
    topics: tuple[str, ...]
    """The topics it answers for; the first is used when the question names no topic."""
    sources: tuple[Source, ...]
    verified: str
    unless: tuple[str, ...] = ()
    """Phrases that rule the layer out even when its words are said, as a facet's `unless` does
    ("event history" is not what "a year of event history" asks about)."""


@dataclass(frozen=True, slots=True)
class Ruling:
    """Who owns one thing (a service's topic, a service overview, or a general statement)."""

    entry: str
    service: str | None
    topic: str | None
    owner: Owner
    summary: str
    aws: tuple[str, ...]
    customer: tuple[str, ...]
    sources: tuple[Source, ...]
    conditions: tuple[Condition, ...] = ()
    reviewed: bool = True
    """False when the text comes from the service model's defaults (a reviewer confirmed it
    applies to this service: see `from_model` in the service file)."""
    verified: str = ""
    """ISO date the ruling was last checked against its sources."""
    headline: str = ""
    """One line true even with the exceptions; generated when the YAML gives none."""

    @property
    def facets(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.is_facet)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    area: str
    description: str
    strong: tuple[str, ...]
    """Phrases that name the topic on their own ("patching", "tls")."""
    weak: tuple[str, ...]
    """Phrases that hint at it but also mean other things ("update", "port")."""
    cases: tuple[Condition, ...] = ()
    """Facets true of the topic on every service ("our own KMS key", "the libraries we bundle"):
    an answer leads with one when the question names it and the service's ruling names no part."""


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name: str
    model: str
    """Which defaults apply: infrastructure, container, managed or abstracted."""
    category: str
    """The seed's service-model label shown to people: IaaS, PaaS, SaaS, container, abstracted."""
    aliases: tuple[str, ...]
    hints: tuple[str, ...]
    """Resource words ("function", "distribution") that suggest the service when none is named."""
    resource_ids: tuple[str, ...]
    """Prefixes of its resource ids ("vol" in vol-0abc...), as pasted from consoles and logs."""
    overview: Ruling
    rulings: Mapping[str, Ruling]
    """Every topic id resolved: the service's own override, else its model's reviewed default."""
    layers: tuple[Layer, ...] = ()
    """The ownership stack, top (your code) to bottom (the physical layer)."""
    descriptions: tuple[str, ...] = ()
    """What people call it when they do not know its name ("the warehouse", "hosted postgres")."""
    mechanisms: tuple[str, ...] = ()
    """What it does to things other services keep in it ("rotate" for Secrets Manager): named beside
    another service, a question asking for that is about this one."""


@dataclass(frozen=True, slots=True)
class GeneralEntry:
    """A statement about the model in general (no service): the seed's lists and tables."""

    ruling: Ruling
    keywords: tuple[str, ...]
    """Phrases that pick this entry over the topic's default one."""
    frames: tuple[str, ...] = ()
    """Question shapes ("what do I own") that pick this entry only when nothing more specific
    (a keyword, a topic, a service) is asked."""
    default: bool = False
    """The entry answered for its topic when no keyword points elsewhere."""


@dataclass(frozen=True, slots=True)
class Pointer:
    """Where a pasted artefact (a finding type, a control id) points: a service (None: one the
    bot does not cover, or not known from the artefact alone) and a topic."""

    service: str | None
    topic: str | None


@dataclass(frozen=True, slots=True)
class Artefacts:
    """Machine text pasted in incidents, resolved from data (knowledge/artefacts/)."""

    controls: Mapping[str, Pointer] = field(default_factory=dict)
    """Security Hub control id, lower case ("s3.8") -> where it points."""
    findings: Mapping[str, Pointer] = field(default_factory=dict)
    """GuardDuty finding type without its suffixes ("recon:ec2/portprobeunprotectedport")."""
    resource_types: Mapping[str, str | None] = field(default_factory=dict)
    """GuardDuty ResourceTypeAffected, lower case -> service id."""
    purposes: Mapping[str, str] = field(default_factory=dict)
    """GuardDuty ThreatPurpose, lower case -> topic id."""
    failed_control: tuple[Condition, ...] = ()
    """What a Security Hub control that failed means for ownership, whatever the control: led with
    when a question cites a control as failing and names no part that is yours."""


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    topics: Mapping[str, Topic]
    services: Mapping[str, Service]
    general: tuple[GeneralEntry, ...]
    out_of_scope: Mapping[str, str] = field(default_factory=dict)
    """Phrase -> what it is (another cloud, an AWS service not covered): never guessed at."""
    tie_break: tuple[str, ...] = ()
    """Topic ids by priority, for a question that names two topics equally."""
    artefacts: Artefacts = field(default_factory=Artefacts)
    equivalents: Mapping[str, str] = field(default_factory=dict)
    """Another cloud's service -> the AWS service id to ask about instead ("azure sql" -> rds)."""
    source_titles: Mapping[str, str] = field(default_factory=dict)
    """URL -> title, from knowledge/sources/: every cited page has one."""

    def ruling(self, service: str, topic: str | None) -> Ruling:
        svc = self.services[service]
        return svc.overview if topic is None else svc.rulings[topic]

    def entry(self, entry_id: str) -> Ruling | None:
        """Look a ruling up by its `entry` id, as buttons and quiz reveals carry it."""
        head, _, tail = entry_id.partition("/")
        if head in self.services:
            return self.ruling(head, tail or None) if (not tail or tail in self.topics) else None
        for general in self.general:
            if general.ruling.entry == entry_id:
                return general.ruling
        return None
