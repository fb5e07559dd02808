"""Views of the knowledge base for the people who maintain it: one service whole, and what is stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from bot.knowledge.schema import KnowledgeBase, Ruling, Service

LABELS = {"aws": "AWS", "customer": "You", "shared": "Shared", None: "-"}


def _ruling_lines(ruling: Ruling, title: str, model: str) -> Iterator[str]:
    origin = "own ruling" if ruling.reviewed else f"TEMPLATE models.yaml:{model} (reviewed {ruling.verified})"
    yield f"## {title} — {LABELS[ruling.owner]}   [{origin}; verified {ruling.verified}]"
    if ruling.headline:
        yield f"headline: {ruling.headline}"
    yield ruling.summary
    yield from (f"  AWS: {item}" for item in ruling.aws)
    yield from (f"  You: {item}" for item in ruling.customer)
    for c in ruling.conditions:
        kind = "facet" if c.is_facet else "condition"
        words = f"  words: {', '.join(c.keywords)}" if c.keywords else ""
        words += f"  unless: {', '.join(c.unless)}" if c.unless else ""
        yield f"  {kind} [{LABELS[c.owner]}] {c.when}: {c.then}{words}"
    yield from (f"  source: {s.title} <{s.url}>" for s in ruling.sources)


def show_service(kb: KnowledgeBase, service: Service) -> str:
    """Every resolved ruling of one service, as a reviewer of a pull request needs to see it."""
    lines = [f"# {service.name} ({service.id}) — {service.category}, model {service.model}"]
    if service.descriptions:
        lines.append(f"descriptions: {', '.join(service.descriptions)}")
    lines.append("")
    lines.append("Layers (top to bottom):")
    for layer in service.layers:
        unless = f"; unless: {', '.join(layer.unless)}" if layer.unless else ""
        lines.append(f"  {LABELS[layer.owner]:<6} {layer.name} — {layer.text}   [words: {', '.join(layer.words)}"
                     f"{unless}; topics: {', '.join(layer.topics)}; verified {layer.verified}]")
    if not service.layers:
        lines.append("  (none yet)")
    lines += ["", *_ruling_lines(service.overview, "Overview", service.model)]
    for tid, topic in kb.topics.items():
        lines += ["", *_ruling_lines(service.rulings[tid], f"{topic.name} ({tid})", service.model)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Stale:
    what: str
    verified: str


def stale(kb: KnowledgeBase, days: int, today: dt.date | None = None) -> list[Stale]:
    """Rulings, facets and layers last verified more than `days` ago, oldest first."""
    cutoff = (today or dt.date.today()) - dt.timedelta(days=days)
    found: list[Stale] = []

    def check(what: str, verified: str) -> None:
        try:
            old = dt.date.fromisoformat(verified) < cutoff
        except ValueError:
            old = True
        if old:
            found.append(Stale(what, verified or "never"))

    for service in kb.services.values():
        for ruling in (service.overview, *service.rulings.values()):
            check(ruling.entry, ruling.verified)
            for facet in ruling.facets:
                if facet.verified != ruling.verified:
                    check(f"{ruling.entry} facet {facet.when!r}", facet.verified)
        for layer in service.layers:
            check(f"{service.id} layer {layer.name!r}", layer.verified)
    for general in kb.general:
        check(general.ruling.entry, general.ruling.verified)
    return sorted(found, key=lambda s: (s.verified, s.what))
