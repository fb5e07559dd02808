"""The grammar of `/srm ...`: which surface a command's text asks for. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answering import Answerer

Kind = Literal["help", "services", "topics", "overview", "compare", "ask", "quiz"]


@dataclass(frozen=True)
class SrmCommand:
    kind: Kind
    text: str = ""
    services: tuple[str, ...] = ()
    error: str = ""


_QUIZ = re.compile(r"^\s*quiz\b", re.IGNORECASE)
_ESCALATE = re.compile(r"^\s*escalate\b", re.IGNORECASE)


def is_quiz_command(text: str) -> bool:
    """Cheap: checked on every /srm before the answer is built."""
    return bool(_QUIZ.match(text))


def is_escalate_command(text: str) -> bool:
    """`/srm escalate #channel`: where "Ask a human" posts (stored, so answered after the ack)."""
    return bool(_ESCALATE.match(text))


def parse_srm(text: str, answerer: Answerer) -> SrmCommand:
    words = answerer.index.scan(text).words  # scanned once: answering the text reuses it
    first = words[0] if words else ""
    if not words or first in ("help", "h", "usage"):
        return SrmCommand("help")
    if len(words) == 1 and first in ("services", "service", "list"):
        return SrmCommand("services")
    if len(words) == 1 and first in ("topics", "topic"):
        return SrmCommand("topics")
    if is_quiz_command(text):
        return SrmCommand("quiz", text=text.strip()[4:].strip())
    if first == "compare":
        named = answerer.services_in(" ".join(words[1:]))
        if len(named) != 2:
            return SrmCommand("compare", error="Name two services, for example `/srm compare ec2 fargate`.")
        return SrmCommand("compare", services=(named[0], named[1]))
    service = answerer.service_named(text)
    if service:
        return SrmCommand("overview", services=(service,))
    return SrmCommand("ask", text=text)
