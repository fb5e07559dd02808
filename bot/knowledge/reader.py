"""Typed, located field access for the knowledge base's YAML files.

Every file (services, models, general entries, quiz questions) is read through one FieldReader,
so all get the same checks and every problem names file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.knowledge.fields import CONDITION, RULING, TOPIC_CASE
from bot.knowledge.schema import OWNERS, Condition, Owner, Ruling, Source
from bot.knowledge.yamlio import Located, LocatedList, Problem, YamlFileError, read_yaml

_SOURCE_HOSTS = ("aws.amazon.com", "docs.aws.amazon.com", "amazon.com")
_AWS_SAMPLES = "https://github.com/aws-samples/"
"""AWS's own published samples, where its incident response playbooks live."""


def read_mapping(
    path: Path, root: Path, problems: list[Problem], titles: Mapping[str, str] | None = None
) -> tuple[Located | None, FieldReader]:
    """One knowledge file as a located mapping, and the reader that reports its problems; a file
    that cannot be read or is not a mapping is a problem, and None."""
    display = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    reader = FieldReader(display, problems, titles)
    try:
        data = read_yaml(path, display)
    except YamlFileError as exc:
        problems.append(exc.problem)
        return None, reader
    if not isinstance(data, Located):
        problems.append(Problem(display, 1, "(file)", "must be a YAML mapping at the top level"))
        return None, reader
    return data, reader


def normalize_phrase(text: str) -> str:
    """The one normal form for aliases and keywords, shared with the question cleaner."""
    return sys.intern(" ".join(re.findall(r"[a-z0-9]+", text.lower())))


class FieldReader:
    """Typed field access that records a Problem instead of raising; every YAML file of the
    knowledge base (quiz.yaml included) is read through it, so all get the same checks."""

    def __init__(self, display: str, problems: list[Problem], titles: Mapping[str, str] | None = None) -> None:
        self.file = display
        self.problems = problems
        self.titles = titles
        """URL -> title (knowledge/sources/); None only while checking a file on its own."""

    def problem(self, node: Any, key: str | int | None, field: str, message: str) -> None:
        line = 1
        if isinstance(node, Located):
            line = node.line_of(str(key)) if key is not None else node.line
        elif isinstance(node, LocatedList):
            line = node.line_of(key) if isinstance(key, int) else node.line
        self.problems.append(Problem(self.file, line, field, message))

    def text(self, node: Located, key: str, field: str, *, required: bool = True) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, None, field, "is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(node, key, field, "must be a non-empty string")
            return ""
        # Interned, as every text below: the same owner, date, URL or id recurs hundreds of times,
        # and one copy of each is a worker's memory saved (and shared again by the pickled cache).
        return sys.intern(" ".join(value.split()))

    def texts(self, node: Located, key: str, field: str, *, required: bool = True) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, None, field, "is missing")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(node, key, field, "must be a list of non-empty strings")
            return ()
        if required and not value:
            self.problem(node, key, field, "must not be empty")
        return tuple(sys.intern(" ".join(v.split())) for v in value)

    def owner(self, node: Located, key: str, field: str, *, default: str | None = None) -> Owner:
        """aws, customer or shared; anything else is a problem (and reads as shared)."""
        value = node.get(key, default)
        if value not in OWNERS:
            self.problem(node, key if key in node else None, field,
                         f"must be one of {', '.join(OWNERS)} (got {value!r})")
            return "shared"
        return sys.intern(value)

    def mapping(self, node: Any, key: str, field: str, *, required: bool = True) -> Located:
        value = node.get(key) if isinstance(node, dict) else None
        if isinstance(value, Located):
            return value
        if value is not None or required:
            self.problem(node, key if value is not None else None, field, "must be a mapping")
        empty = Located()
        empty.line, empty.key_lines = getattr(node, "line", 1), {}
        return empty

    def records(self, node: Any, key: str, field: str, *, required: bool = True, must_be: str = "must be a list",
                item_must_be: str = "must be a mapping") -> list[tuple[str, Located]]:
        """The mappings of the list under `key`, each with its field name (`field[i]`); a missing
        list (when required), a value that is not a list, or an item that is not a mapping is a
        problem, and what can be read is still returned."""
        value = node.get(key) if isinstance(node, dict) else None
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.problem(node, key if isinstance(node, dict) and key in node else None, field, must_be)
            return []
        records = []
        for index, item in enumerate(value):
            if isinstance(item, Located):
                records.append((f"{field}[{index}]", item))
            else:
                self.problem(value, index, f"{field}[{index}]", item_must_be)
        return records

    def unknown_keys(self, node: Located, allowed: Iterable[str], field: str) -> None:
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                self.problem(node, key, f"{field}.{key}", f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def sources(self, node: Located, key: str, field: str, *, required: bool = True) -> tuple[Source, ...]:
        urls = self.texts(node, key, field, required=required)
        sources = []
        for url in urls:
            parsed = urlparse(url)
            host = parsed.hostname or ""
            if not url.startswith(_AWS_SAMPLES) and (parsed.scheme != "https" or not any(
                host == h or host.endswith("." + h) for h in _SOURCE_HOSTS
            )):
                self.problem(node, key, field, f"{url!r} is not an https AWS documentation URL")
            title = (self.titles or {}).get(url, "")
            if self.titles is not None and not title:
                self.problem(node, key, field, f"{url!r} has no title in knowledge/sources/")
            sources.append(Source(url, title or url))
        return tuple(sources)

    def date(self, node: Located, key: str, field: str, *, required: bool = True) -> str:
        """An ISO date (`verified: 2026-11-30`), not in the future."""
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, None, field, "is missing (the date this was last checked against its sources)")
            return ""
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(node, key, field, f"must be a date YYYY-MM-DD (got {value!r})")
            return ""
        if day > dt.date.today():
            self.problem(node, key, field, f"{value} is in the future")
        return sys.intern(day.isoformat())

    def conditions(self, node: Located, key: str, field: str, verified: str = "", *,
                   facets_only: bool = False) -> tuple[Condition, ...]:
        """A list of when/then cases. `verified` is the date a case without its own takes;
        `facets_only` (a topic's cases) requires each to have keywords, an owner, sources and a date."""
        conditions: list[Condition] = []
        for where, item in self.records(node, key, f"{field}.{key}" if field else key, required=False,
                                        item_must_be="must be a mapping with when/then"):
            self.unknown_keys(item, TOPIC_CASE if facets_only else CONDITION, where)
            cond_owner = item.get("owner")
            if cond_owner is not None and cond_owner not in OWNERS:
                self.problem(item, "owner", f"{where}.owner", f"must be one of {', '.join(OWNERS)}")
                cond_owner = None
            keywords = self.texts(item, "keywords", f"{where}.keywords", required=facets_only)
            if keywords and cond_owner is None:
                self.problem(item, "keywords", f"{where}.keywords", "needs an owner: keywords pick this case's owner")
            unless = self.texts(item, "unless", f"{where}.unless", required=False)
            if unless and not keywords:
                self.problem(item, "unless", f"{where}.unless", "only a case with keywords (a facet) can be ruled out")
            conditions.append(
                Condition(self.text(item, "when", f"{where}.when"),
                          self.text(item, "then", f"{where}.then"), cond_owner,
                          tuple(normalize_phrase(k) for k in keywords),
                          sources=self.sources(item, "sources", f"{where}.sources", required=facets_only),
                          verified=self.date(item, "verified", f"{where}.verified", required=facets_only) or verified,
                          unless=tuple(normalize_phrase(u) for u in unless),
                          services=tuple(self.texts(item, "services", f"{where}.services", required=False)))
            )
        return tuple(conditions)

    def ruling(
        self,
        node: Any,
        field: str,
        *,
        entry: str,
        service: str | None,
        topic: str | None,
        fallback_sources: tuple[Source, ...] = (),
        reviewed: bool = True,
        verified: str = "",
        extra_keys: Iterable[str] = (),
    ) -> Ruling | None:
        """`verified` is the date to use when the node has none (a reviewed model default)."""
        if not isinstance(node, Located):
            self.problems.append(Problem(self.file, getattr(node, "line", 1), field, "must be a mapping"))
            return None
        self.unknown_keys(
            node,
            (*RULING, *extra_keys),
            field,
        )
        owner = self.owner(node, "owner", f"{field}.owner", default="shared" if topic is None else None)
        summary = self.text(node, "summary", f"{field}.summary")
        aws = self.texts(node, "aws", f"{field}.aws")
        customer = self.texts(node, "customer", f"{field}.customer")
        sources = self.sources(node, "sources", f"{field}.sources", required=not fallback_sources)
        checked = self.date(node, "verified", f"{field}.verified", required=not verified) or verified
        conditions = self.conditions(node, "conditions", field, checked)
        return Ruling(
            entry=entry,
            service=service,
            topic=topic,
            owner=owner,
            summary=summary,
            aws=aws,
            customer=customer,
            sources=sources or fallback_sources,
            conditions=conditions,
            reviewed=reviewed,
            verified=checked,
            headline=self.text(node, "headline", f"{field}.headline", required=False),
        )
