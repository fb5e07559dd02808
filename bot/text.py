"""Plain-text renderings of answers and the ownership matrix: the terminal's and Slack's fallback."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from bot.answering import Answer
from bot.answering.headline import lower_first
from bot.knowledge import KnowledgeBase

OWNER_LABELS = {"aws": "AWS", "customer": "You (the customer)", "shared": "Shared"}
MATRIX_LABELS = {"aws": "AWS", "customer": "You", "shared": "Shared"}


def describe(kb: KnowledgeBase, service: str | None, topic: str | None) -> str:
    """A human name for an entry: "Amazon RDS · Patching and upgrades"."""
    parts = []
    if service:
        parts.append(kb.services[service].name)
    if topic:
        parts.append(kb.topics[topic].name)
    return " · ".join(parts) or "The shared responsibility model"


def answer_text(kb: KnowledgeBase, answer: Answer) -> str:
    if not answer.matched:
        lines = [answer.refusal or "I'm not sure what you mean."]
        if answer.alternatives:
            lines.append("Did you mean:")
            lines += [f"  - {describe(kb, a.service, a.topic)}" for a in answer.alternatives]
        else:
            lines.append("Try `srm ask \"who patches rds\"`, or name an AWS service and what you want to know.")
        return "\n".join(lines)
    lines = [
        describe(kb, answer.service, answer.topic),
        answer.headline,
        f"Owner: {OWNER_LABELS[answer.owner or 'shared']}"
        + (f" (the whole ruling: {OWNER_LABELS[answer.ruling_owner]})"
           if answer.ruling_owner and answer.ruling_owner != answer.owner else ""),
        "",
    ]
    if answer.aspect is not None:
        lines += [f"{answer.aspect.name} [{MATRIX_LABELS[answer.aspect.owner]}]: {answer.aspect.text}", ""]
    if answer.layers:
        lines += ["Layers (top to bottom):", *(f"  {MATRIX_LABELS[la.owner]:<6} {la.name}" for la in answer.layers), ""]
    lines += [
        answer.summary,
        "",
        "AWS does:",
        *(f"  - {item}" for item in answer.aws),
        "You do:",
        *(f"  - {item}" for item in answer.customer),
    ]
    if answer.conditions:
        lines.append("It depends:")
        for cond in answer.conditions:
            who = f" [{MATRIX_LABELS[cond.owner]}]" if cond.owner else ""
            lines.append(f"  - If {lower_first(cond.when)}:{who} {cond.then}")
    lines.append(f"Sources (verified {answer.verified}):")
    lines += [f"  {s.title}: {s.url}" for s in answer.sources]
    return "\n".join(lines)


def matrix(kb: KnowledgeBase, fmt: str = "md", org: Mapping[str, str] | None = None) -> str:
    """Every service x topic owner. A `*` marks a cell that comes from the service model's defaults.
    `org` (service id -> owners in the customer's org, bot/owners/matrix.py) adds an "in your org" column."""
    topics = list(kb.topics)
    rows = []
    for service in kb.services.values():
        cells = []
        for tid in topics:
            ruling = service.rulings[tid]
            cells.append(MATRIX_LABELS[ruling.owner] + ("" if ruling.reviewed else "*"))
        rows.append((service.id, service.category, cells + ([org.get(service.id, "")] if org is not None else [])))
    topics_and = [*topics, *(["in your org"] if org is not None else [])]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["service", "category", *topics_and])
        for sid, category, cells in rows:
            writer.writerow([sid, category, *cells])
        return out.getvalue()
    header = "| service | model | " + " | ".join(topics_and) + " |"
    rule = "|" + "---|" * (len(topics_and) + 2)
    body = [f"| {sid} | {category} | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
            for sid, category, cells in rows]
    legend = "\nAWS: AWS owns it. You: the customer owns it. Shared: both must act. *: the service model's default."
    return "\n".join([header, rule, *body]) + "\n" + legend + "\n"
