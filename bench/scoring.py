"""How an evaluation case is scored: one definition for the tests, the benchmarks and the report.

A case is right when the answer names the service and topic the case expects (or one of its
`alt_services` / `alt_topics`, where two are defensible) with one of its `owners`; a must-not
case (`answer: false`) is right when nothing is answered. Only `matched`, `service`, `topic` and
`owner` are read, so any version of the bot can be scored, including the one before a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "eval"


class Verdict(Protocol):
    matched: bool
    service: str | None
    topic: str | None
    owner: str | None


def load_cases(path: Path | str) -> list[dict[str, Any]]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def on_topic(case: dict[str, Any]) -> bool:
    return case.get("answer", True) is not False


def is_right(case: dict[str, Any], verdict: Verdict) -> bool:
    if not on_topic(case):
        return not verdict.matched
    services = {case["service"], *case.get("alt_services", ())}
    topics = {case["topic"], *case.get("alt_topics", ())}
    return (verdict.matched and verdict.service in services and verdict.topic in topics
            and verdict.owner in case["owners"])


def owner_right(case: dict[str, Any], verdict: Verdict) -> bool:
    """The owner alone: what a person acts on, even when the answer was filed under another topic."""
    return verdict.matched and verdict.owner in case["owners"]


@dataclass(frozen=True)
class Score:
    on_topic: int
    right: int
    answered: int
    """On-topic questions given a confident answer."""
    owner_right: int
    """Confident answers whose owner is right."""
    must_not: int
    must_not_answered: int
    options: int = 0
    """Options of pasted multiple-choice questions, and how many got the right owner."""
    options_right: int = 0

    @property
    def confident_wrong(self) -> int:
        """Confident answers that are not right (wrong service, topic or owner)."""
        return self.answered - self.right

    def line(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a / b:6.1%}" if b else "   n/a"

        return (f"{name:<22} {self.on_topic:>4} on-topic: right {pct(self.right, self.on_topic)}, "
                f"answered {pct(self.answered, self.on_topic)}, wrong when answered "
                f"{pct(self.confident_wrong, self.answered)}, owner right when answered "
                f"{pct(self.owner_right, self.answered)}; must-not answered "
                f"{self.must_not_answered}/{self.must_not}"
                + (f"; options right {pct(self.options_right, self.options)} of {self.options}"
                   if self.options else ""))


def options_right(case: dict[str, Any], verdict: Any) -> tuple[int, int]:
    """(right, total) over a multiple-choice case's options; a bot without options gets none right."""
    expected: dict[str, str] = {str(k): v for k, v in (case.get("options") or {}).items()}
    got = {o.label: o.owner for o in (getattr(verdict, "options", None) or ())}
    return sum(got.get(label) == owner for label, owner in expected.items()), len(expected)


def score(cases: list[dict[str, Any]], verdicts: list[Verdict]) -> Score:
    topical = [(c, v) for c, v in zip(cases, verdicts, strict=True) if on_topic(c)]
    refuse = [v for c, v in zip(cases, verdicts, strict=True) if not on_topic(c)]
    return Score(
        on_topic=len(topical),
        right=sum(is_right(c, v) for c, v in topical),
        answered=sum(v.matched for _, v in topical),
        owner_right=sum(owner_right(c, v) for c, v in topical),
        must_not=len(refuse),
        must_not_answered=sum(v.matched for v in refuse),
        options=sum(options_right(c, v)[1] for c, v in topical),
        options_right=sum(options_right(c, v)[0] for c, v in topical),
    )
