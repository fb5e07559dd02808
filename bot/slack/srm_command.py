"""The grammar of `/srm ...`: which surface a command's text asks for. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.answering import Answerer, clean_text

Kind = Literal["help", "services", "topics", "overview", "compare", "ask", "quiz"]


@dataclass(frozen=True)
class SrmCommand:
    kind: Kind
    text: str = ""
    services: tuple[str, ...] = ()
    error: str = ""


def parse_srm(text: str, answerer: Answerer) -> SrmCommand:
    words = clean_text(text).split()
    first = words[0] if words else ""
    if not words or first in ("help", "h", "usage"):
        return SrmCommand("help")
    if len(words) == 1 and first in ("services", "service", "list"):
        return SrmCommand("services")
    if len(words) == 1 and first in ("topics", "topic"):
        return SrmCommand("topics")
    if first == "quiz":
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
