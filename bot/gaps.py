"""`srm gaps`: what people said the bot got wrong or could not answer, grouped by what it matched,
each group with a YAML stub for whoever fixes `knowledge/`. Pure: rows in, text out."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.knowledge import KnowledgeBase
from bot.storage.feedback import FeedbackRow

NOTHING = "(nothing matched)"
_SINCE = re.compile(r"^([1-9][0-9]{0,3})([dhw])$")


def parse_since(text: str) -> timedelta:
    """`30d`, `12h`, `2w`."""
    match = _SINCE.match(text.strip().lower())
    if match is None:
        raise ValueError(f"--since {text!r}: use a number and d, h or w, for example 30d")
    n = int(match[1])
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[match[2]]


@dataclass
class Gap:
    entry: str
    down: int = 0
    up: int = 0
    reports: int = 0
    unanswered: int = 0
    human: int = 0
    questions: list[str] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    """(what is wrong, source) of each report."""

    @property
    def weight(self) -> int:
        """What needs attention most: reports and unanswered questions, then 👎 and asks for a human."""
        return 3 * (self.reports + self.unanswered) + 2 * self.human + self.down


def group(rows: Iterable[FeedbackRow]) -> list[Gap]:
    gaps: dict[str, Gap] = {}
    for row in rows:
        gap = gaps.setdefault(row.entry or NOTHING, Gap(row.entry or NOTHING))
        if row.kind == "up":
            gap.up += 1
        elif row.kind == "down":
            gap.down += 1
        elif row.kind == "human":
            gap.human += 1
        elif row.kind == "report":
            gap.reports += 1
            gap.details.append((row.detail or "", row.source or ""))
        elif row.kind == "unanswered":
            gap.unanswered += 1
        if row.question and row.kind in ("report", "unanswered") and row.question not in gap.questions:
            gap.questions.append(row.question)
    return sorted((g for g in gaps.values() if g.weight), key=lambda g: (-g.weight, g.entry))


def _quote(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_stub(kb: KnowledgeBase, gap: Gap) -> str:
    """A starting point in the knowledge base's own format: a facet (condition) for an entry that
    was answered wrongly or too coarsely, a new entry or aliases when nothing matched."""
    questions = gap.questions[:5]
    keywords = ", ".join(_quote(q.lower().rstrip("?"))[:80] for q in questions) or "TODO"
    sources = [s for _, s in gap.details if s][:3]
    source_lines = "\n".join(f"    - {s}" for s in sources) or "    - TODO https://docs.aws.amazon.com/..."
    service, _, topic = gap.entry.partition("/")
    if gap.entry != NOTHING and service in kb.services and topic:
        return (f"# knowledge/services/{service}.yaml, under topics: {topic}: conditions:\n"
                f"- when: TODO the case these questions name\n"
                f"  then: TODO who does what, from the source\n"
                f"  owner: TODO aws | customer | shared\n"
                f"  keywords: [{keywords}]\n"
                f"  sources:\n{source_lines}\n")
    if gap.entry != NOTHING and service in kb.services:
        return (f"# knowledge/services/{service}.yaml: a topic these questions ask about, or layer words\n"
                f"# keywords seen: [{keywords}]\n")
    return ("# nothing matched: a new service (knowledge/services/<id>.yaml), or aliases / keywords for one\n"
            "id: TODO\nname: TODO\nmodel: TODO infrastructure | container | managed | abstracted\n"
            f"aliases: [{keywords}]\n"
            f"sources:\n{source_lines.replace('    ', '  ')}\n")


def markdown(kb: KnowledgeBase, gaps: list[Gap], since: str) -> str:
    if not gaps:
        return f"# Knowledge gaps (last {since})\n\nNothing reported, no unanswered questions.\n"
    out = [f"# Knowledge gaps (last {since})", ""]
    for gap in gaps:
        out += [f"## {gap.entry}", "",
                f"👎 {gap.down} · reports {gap.reports} · unanswered {gap.unanswered} · asked a human {gap.human}"
                f" · 👍 {gap.up}", ""]
        if gap.questions:
            out += ["Questions:", *(f"- {' '.join(q.split())}" for q in gap.questions[:20]), ""]
        if gap.details:
            out += ["Reports:", *(f"- {' '.join(what.split())}" + (f" ({source})" if source else "")
                                  for what, source in gap.details[:20]), ""]
        out += ["```yaml", yaml_stub(kb, gap).rstrip(), "```", ""]
    return "\n".join(out)


def csv_text(gaps: list[Gap]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["entry", "down", "reports", "unanswered", "asked_human", "up", "questions", "reports_text"])
    for gap in gaps:
        writer.writerow([gap.entry, gap.down, gap.reports, gap.unanswered, gap.human, gap.up,
                         " | ".join(" ".join(q.split()) for q in gap.questions),
                         " | ".join(" ".join(w.split()) + (f" ({s})" if s else "") for w, s in gap.details)])
    return buffer.getvalue()
