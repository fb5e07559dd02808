"""Who in the customer's org owns the customer side: scopes, owners, precedence. Pure; no Slack.

A workspace maps a scope — a cell (`eks/patching`), a service (`eks`), a topic (`patching`) or
the default (`*`) — to a user group, a person or a channel. The most specific scope wins.
Owners are kept as ids (what Slack sends), never as the text people typed: handles are renamed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

OwnerKind = Literal["usergroup", "user", "channel"]
OWNER_KINDS: tuple[OwnerKind, ...] = ("usergroup", "user", "channel")

# Slack's escaped forms: <!subteam^S0123|@handle>, <@U0123|name>, <#C0123|name> (label optional).
_MARKUP = re.compile(r"^<(?:!subteam\^(?P<group>S[A-Z0-9]{1,31})|@(?P<user>[UW][A-Z0-9]{1,31})"
                     r"|#(?P<channel>[CG][A-Z0-9]{1,31}))(?:\|(?P<label>[^<>]{0,250}))?>$")
# The same owner written for a file: usergroup:S0123, user:U0123, channel:C0123.
_PREFIXED = re.compile(r"^(?P<kind>usergroup|user|channel):(?P<id>[A-Z0-9]{2,32})$")
_ID_FIRST = {"usergroup": "S", "user": "UW", "channel": "CG"}
_HANDLE = re.compile(r"^@(?P<handle>[a-z0-9][a-z0-9._-]{0,79})$")


@dataclass(frozen=True)
class OwnerRef:
    """A user group, person or channel, by Slack id; `label` is the name last seen (a fallback
    when Slack cannot be asked, and what the matrix export prints)."""

    kind: OwnerKind
    id: str
    label: str = ""

    @property
    def key(self) -> str:
        """`usergroup:S0123`: how files and button values name it, and what Page claims are keyed on."""
        return f"{self.kind}:{self.id}"

    @property
    def mention(self) -> str:
        """The markup that notifies: used only in the one message a person asks for (Page)."""
        return {"usergroup": f"<!subteam^{self.id}>", "user": f"<@{self.id}>", "channel": f"<#{self.id}>"}[self.kind]

    def fallback_label(self) -> str:
        if self.label:
            return self.label
        return {"usergroup": f"user group {self.id}", "user": f"user {self.id}", "channel": f"channel {self.id}"}[
            self.kind]

    def same_target(self, other: OwnerRef | None) -> bool:
        return other is not None and other.key == self.key


class OwnerError(ValueError):
    """Text that is not an owner; the message says what is expected."""


OWNER_HELP = ("a user group (type `@platform-oncall`), a person (`@jane`) or a channel (`#sec-team`); "
              "in a file: `usergroup:S0123ABC`, `user:U0123ABC` or `channel:C0123ABC`")


def parse_owner(text: str) -> OwnerRef:
    """An owner as Slack sends it in a slash command, or as written in an owners file."""
    text = text.strip()
    markup = _MARKUP.match(text)
    if markup:
        label = (markup.group("label") or "").strip()
        if markup.group("group"):
            return OwnerRef("usergroup", markup.group("group"), label if label.startswith("@") or not label
                            else "@" + label)
        if markup.group("user"):
            return OwnerRef("user", markup.group("user"), label)
        return OwnerRef("channel", markup.group("channel"), "#" + label if label and not label.startswith("#")
                        else label)
    prefixed = _PREFIXED.match(text)
    if prefixed:
        kind: OwnerKind = prefixed.group("kind")  # type: ignore[assignment]
        ident = prefixed.group("id")
        if ident[0] not in _ID_FIRST[kind]:
            raise OwnerError(f"a {kind} id starts with {' or '.join(_ID_FIRST[kind])} (got {ident!r})")
        return OwnerRef(kind, ident)
    raise OwnerError(f"expected {OWNER_HELP}")


def bare_handle(text: str) -> str | None:
    """`@platform-oncall` typed where Slack did not escape it (an app whose /srm does not escape
    mentions): a user group handle to look up, without the @."""
    found = _HANDLE.match(text.strip().lower())
    return found.group("handle") if found else None


# -- scopes -------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Scope:
    """('', '') is the default `*`; a service alone, a topic alone, or both (a cell)."""

    service: str = ""
    topic: str = ""

    @property
    def rank(self) -> int:
        """Higher wins: cell 3, service 2, topic 1, default 0."""
        return (2 if self.service else 0) + (1 if self.topic else 0)

    def label(self, services: Iterable[str] = (), topics: Iterable[str] = ()) -> str:
        """The short form people type; a name that is both a service and a topic (`iam`) is
        written `iam/*` (the service) or `*/iam` (the topic)."""
        if self.service and self.topic:
            return f"{self.service}/{self.topic}"
        if self.service:
            return f"{self.service}/*" if self.service in set(topics) else self.service
        if self.topic:
            return f"*/{self.topic}" if self.topic in set(services) else self.topic
        return "*"


DEFAULT_SCOPE = Scope()


class ScopeError(ValueError):
    """Text that is not a scope of this knowledge base; the message says why."""


def parse_scope(text: str, services: Iterable[str], topics: Iterable[str]) -> Scope:
    """`*`, a topic id, a service id, `service/topic`, or the explicit `eks/*` and `*/patching`."""
    services, topics = set(services), set(topics)
    raw = text.strip().lower()
    head, slash, tail = raw.partition("/")
    if raw in ("*", "*/*"):
        return DEFAULT_SCOPE
    if slash:
        if head != "*" and head not in services:
            raise ScopeError(f"no service `{head}`{_suggest(head, services)}")
        if tail != "*" and tail not in topics:
            raise ScopeError(f"no topic `{tail}`{_suggest(tail, topics)}")
        return Scope("" if head == "*" else head, "" if tail == "*" else tail)
    if raw in services and raw in topics:
        raise ScopeError(f"`{raw}` is both a service and a topic: write `{raw}/*` for the service "
                         f"or `*/{raw}` for the topic")
    if raw in services:
        return Scope(service=raw)
    if raw in topics:
        return Scope(topic=raw)
    raise ScopeError(f"`{raw}` is not a service, a topic, `service/topic` or `*`{_suggest(raw, services | topics)}")


def _suggest(word: str, known: set[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


# -- the mapping --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assignment:
    scope: Scope
    owner: OwnerRef
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class OwnerMap:
    """One workspace's mapping, immutable: cached and shared by threads as it is."""

    assignments: Mapping[Scope, Assignment]

    def owner_of(self, service: str | None, topic: str | None) -> Assignment | None:
        """The most specific assignment for an answer: cell, then service, then topic, then `*`."""
        get = self.assignments.get
        return ((get(Scope(service, topic)) if service and topic else None)
                or (get(Scope(service=service)) if service else None)
                or (get(Scope(topic=topic)) if topic else None)
                or get(DEFAULT_SCOPE))

    def __bool__(self) -> bool:
        return bool(self.assignments)

    def sorted(self) -> list[Assignment]:
        """Most general first, then by name: `*`, topics, services, cells."""
        return sorted(self.assignments.values(), key=lambda a: (a.scope.rank, a.scope.service, a.scope.topic))


EMPTY = OwnerMap({})


def shows_org_owner(answer_owner: str | None) -> bool:
    """The line is added where the customer has a part: the owner of what was asked is You or Shared."""
    return answer_owner in ("customer", "shared")
