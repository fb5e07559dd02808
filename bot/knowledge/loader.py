"""Build a KnowledgeBase from `knowledge/*.yaml`, collecting every problem with its place.

Loading never stops at the first problem: `srm kb check` should list them all at once, and
the bot refuses to start while any remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.artefacts import load_artefacts
from bot.knowledge.fields import GENERAL_ENTRY, LAYER, RULING, SERVICE, TOPIC
from bot.knowledge.reader import FieldReader, normalize_phrase, read_mapping
from bot.knowledge.schema import (
    MODELS,
    GeneralEntry,
    KnowledgeBase,
    Layer,
    Ruling,
    Service,
    Source,
    Topic,
)
from bot.knowledge.yamlio import Located, LocatedList, Problem

_SHIPPED = Path(__file__).resolve().parents[1] / "_knowledge"  # in a wheel: knowledge/ copied by setup.py
DEFAULT_DIR = _SHIPPED if _SHIPPED.is_dir() else Path(__file__).resolve().parents[2] / "knowledge"
REQUIRED_OVERRIDES = (
    "patching",
    "encryption-at-rest",
    "encryption-in-transit",
    "backup",
    "network-config",
    "access-control",
    "logging",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


LAYER_TOPICS = ("patching", "os-config", "virtualization", "application")
"""The topics a layer answers for when its file does not say."""


def _load_topics(root: Path, problems: list[Problem],
                 titles: dict[str, str]) -> tuple[dict[str, Topic], tuple[str, ...]]:
    data, r = read_mapping(root / "topics.yaml", root, problems, titles)
    topics: dict[str, Topic] = {}
    if data is not None:
        r.unknown_keys(data, ("tie_break", "every_topic", "topics"), "topics.yaml")
    # Cases true of every topic (AWS's own infrastructure), after each topic's own.
    every = r.conditions(data, "every_topic", "", facets_only=True) if data is not None else ()
    records = r.records(data, "topics", "topics", must_be="must be a list of topics") if data is not None else []
    known_services = {path.stem for path in (root / "services").glob("*.yaml")}
    for field, node in records:
        r.unknown_keys(node, TOPIC, field)
        tid = r.text(node, "id", f"{field}.id")
        if tid and not _ID.match(tid):
            r.problem(node, "id", f"{field}.id", "must be lower-case letters, digits and dashes")
        if tid in topics:
            r.problem(node, "id", f"{field}.id", f"duplicate topic id {tid!r}")
        _check_case_services(r, node, field, known_services)
        topics[tid] = Topic(
            id=tid,
            name=r.text(node, "name", f"{field}.name"),
            area=r.text(node, "area", f"{field}.area"),
            description=r.text(node, "description", f"{field}.description"),
            strong=tuple(normalize_phrase(a) for a in r.texts(node, "strong", f"{field}.strong")),
            weak=tuple(normalize_phrase(a) for a in r.texts(node, "weak", f"{field}.weak", required=False)),
            cases=(*r.conditions(node, "cases", field, facets_only=True), *every),
        )
    tie_break = r.texts(data, "tie_break", "tie_break") if data is not None else ()
    if tie_break and sorted(tie_break) != sorted(topics):
        missing, unknown = set(topics) - set(tie_break), set(tie_break) - set(topics)
        r.problem(data, "tie_break", "tie_break",
                  f"must list every topic id once (missing: {sorted(missing)}, unknown: {sorted(unknown)})")
    return topics, tie_break


def _check_case_services(r: FieldReader, topic: Located, field: str, known: set[str]) -> None:
    """A topic case's `services` must be service ids (the file names under services/)."""
    cases = topic.get("cases") if isinstance(topic, Located) else None
    for index, case in enumerate(cases if isinstance(cases, list) else ()):
        services = case.get("services") if isinstance(case, Located) else None
        for sid in services if isinstance(services, list) else ():
            if isinstance(sid, str) and sid not in known:
                r.problem(case, "services", f"{field}.cases[{index}].services", f"unknown service id {sid!r}")


def _load_titles(root: Path, problems: list[Problem]) -> dict[str, str]:
    """knowledge/sources/*.yaml: one title per cited URL, so answers show "RDS User Guide: ..."."""
    titles: dict[str, str] = {}
    for path in sorted((root / "sources").glob("*.yaml")):
        data, r = read_mapping(path, root, problems)
        if data is None:
            continue
        for url, title in data.items():
            if not isinstance(title, str) or not title.strip():
                r.problem(data, url, str(url), "must map the URL to a non-empty title")
                continue
            r.sources(_located_at({"url": [url]}, data.line_of(url)), "url", str(url))
            title = " ".join(title.split())
            if titles.setdefault(url, title) != title:
                r.problem(data, url, str(url), f"has another title elsewhere: {titles[url]!r}")
    return titles


def _located_at(mapping: dict[str, object], line: int) -> Located:
    """A mapping made here, not read from a file, placed at the line of what it was made from."""
    located = Located(mapping)
    located.line, located.key_lines = line, {}
    return located


@dataclass(frozen=True)
class _ModelDefaults:
    """Each model's raw default rulings (rendered per service) and the reader of their file,
    so a problem found while rendering is reported at the line in models.yaml."""

    rulings: dict[str, Located]
    reader: FieldReader


def _load_models(
    root: Path, problems: list[Problem], topics: dict[str, Topic], titles: dict[str, str]
) -> _ModelDefaults:
    """Model defaults stay raw here: each service renders them with its own name."""
    data, r = read_mapping(root / "models.yaml", root, problems, titles)
    models: dict[str, Located] = {}
    if data is None:
        return _ModelDefaults(models, r)
    raw = r.mapping(data, "models", "models")
    for name, node in raw.items():
        if name not in MODELS:
            r.problem(raw, name, f"models.{name}", f"unknown model (allowed: {', '.join(MODELS)})")
            continue
        if not isinstance(node, Located):
            r.problem(raw, name, f"models.{name}", "must be a mapping of topic -> ruling")
            continue
        for tid in node:
            if tid not in topics:
                r.problem(node, tid, f"models.{name}.{tid}", "unknown topic id")
        for tid in topics:
            if tid not in node:
                r.problem(node, None, f"models.{name}", f"has no default for topic {tid!r}")
        models[name] = node
    for name in MODELS:
        if name not in models and data is not None and name not in raw:
            r.problem(raw, None, "models", f"model {name!r} is missing")
    return _ModelDefaults(models, r)


def _fill(template: Any, values: dict[str, str]) -> Any:
    """Render `{name}`-style placeholders of a model default for one service."""
    if isinstance(template, str):
        return template.format_map(values)
    if isinstance(template, Located):
        out = Located({k: _fill(v, values) for k, v in template.items()})
        out.line, out.key_lines = template.line, template.key_lines
        return out
    if isinstance(template, LocatedList):
        out_list = LocatedList(_fill(v, values) for v in template)
        out_list.line, out_list.item_lines = template.line, template.item_lines
        return out_list
    return template


def _load_layers(r: FieldReader, data: Located, topics: dict[str, Topic],
                 fallback: tuple[Source, ...]) -> tuple[Layer, ...]:
    layers = []
    for field, node in r.records(data, "layers", "layers", required=False,
                                 must_be="must be a list, top (your code) to bottom (physical)"):
        r.unknown_keys(node, LAYER, field)
        layer_topics = r.texts(node, "topics", f"{field}.topics", required=False) or LAYER_TOPICS
        for tid in layer_topics:
            if tid not in topics:
                r.problem(node, "topics", f"{field}.topics", f"unknown topic id {tid!r}")
        layers.append(Layer(
            name=r.text(node, "layer", f"{field}.layer"),
            owner=r.owner(node, "owner", f"{field}.owner"),
            text=r.text(node, "text", f"{field}.text"),
            words=tuple(normalize_phrase(w) for w in r.texts(node, "words", f"{field}.words")),
            unless=tuple(normalize_phrase(u) for u in r.texts(node, "unless", f"{field}.unless", required=False)),
            topics=layer_topics,
            sources=r.sources(node, "sources", f"{field}.sources", required=False) or fallback,
            verified=r.date(node, "verified", f"{field}.verified"),
        ))
    return tuple(layers)


def _load_service(
    path: Path,
    root: Path,
    problems: list[Problem],
    topics: dict[str, Topic],
    models: _ModelDefaults,
    titles: dict[str, str],
) -> tuple[Service | None, dict[str, int], FieldReader]:
    """Return the service and the line of each alias, for cross-file duplicate reports."""
    data, r = read_mapping(path, root, problems, titles)
    if data is None:
        return None, {}, r
    r.unknown_keys(data, SERVICE, "service")
    sid = r.text(data, "id", "id")
    if sid and sid != path.stem:
        r.problem(data, "id", "id", f"must match the file name ({path.stem!r})")
    model = r.text(data, "model", "model")
    if model and model not in MODELS:
        r.problem(data, "model", "model", f"unknown model {model!r} (allowed: {', '.join(MODELS)})")
    name = r.text(data, "name", "name")
    sources = r.sources(data, "sources", "sources")
    overview = r.ruling(
        data.get("overview"), "overview", entry=sid, service=sid, topic=None, fallback_sources=sources
    )
    overrides = r.mapping(data, "topics", "topics")
    rulings: dict[str, Ruling] = {}
    for tid, node in overrides.items():
        if tid not in topics:
            r.problem(overrides, tid, f"topics.{tid}", "unknown topic id")
            continue
        ruling = r.ruling(node, f"topics.{tid}", entry=f"{sid}/{tid}", service=sid, topic=tid,
                          fallback_sources=())
        if ruling:
            rulings[tid] = ruling
    for tid in REQUIRED_OVERRIDES:
        if tid not in overrides:
            r.problem(overrides, None, "topics", f"needs its own reviewed entry for {tid!r}")
    # Every other topic is either the service's own ruling or a model default that a reviewer
    # confirmed is true for this service, with the date they checked it.
    from_model = r.mapping(data, "from_model", "from_model", required=False)
    reviewed_on: dict[str, str] = {}
    for tid in from_model:
        where = f"from_model.{tid}"
        if tid not in topics:
            r.problem(from_model, tid, where, "unknown topic id")
        elif tid in overrides:
            r.problem(from_model, tid, where, "the service has its own ruling for this topic")
        elif day := r.date(from_model, tid, where):
            reviewed_on[tid] = day
    for tid in topics:
        if tid not in overrides and tid not in from_model:
            r.problem(from_model, None, "from_model",
                      f"topic {tid!r} has no ruling of its own and no reviewed model default "
                      f"(check models.yaml's text applies to this service, then add `{tid}: <date>`)")
    defaults = models.rulings.get(model)
    model_reader = models.reader
    if defaults is not None:
        for tid in topics:
            if tid in rulings or tid not in defaults:
                continue
            try:
                node = _fill(defaults[tid], {"name": name, "id": sid})
            except (KeyError, IndexError, ValueError) as exc:
                model_reader.problem(defaults, tid, f"models.{model}.{tid}", f"bad placeholder: {exc}")
                continue
            ruling = model_reader.ruling(
                node, f"models.{model}.{tid}", entry=f"{sid}/{tid}", service=sid, topic=tid,
                fallback_sources=sources, reviewed=False, verified=reviewed_on.get(tid, "unreviewed"),
            )
            if ruling:
                rulings[tid] = ruling
    aliases = r.texts(data, "aliases", "aliases")
    raw_aliases = data.get("aliases")
    alias_lines = {
        normalize_phrase(a): raw_aliases.line_of(i) if isinstance(raw_aliases, LocatedList) else 1
        for i, a in enumerate(aliases)
    }
    alias_lines.setdefault(sid, data.line_of("id"))
    hints = tuple(normalize_phrase(h) for h in r.texts(data, "hints", "hints", required=False))
    raw_hints = data.get("hints")
    for i, hint in enumerate(hints):
        alias_lines.setdefault(hint, raw_hints.line_of(i) if isinstance(raw_hints, LocatedList) else 1)
    resource_ids = r.texts(data, "resource_ids", "resource_ids", required=False)
    for prefix in resource_ids:
        if not re.fullmatch(r"[a-z]+", prefix):
            r.problem(data, "resource_ids", "resource_ids",
                      f"{prefix!r} must be lower-case letters (the part before '-')")
    if overview is None or not sid:
        return None, alias_lines, r
    return Service(
        id=sid,
        name=name,
        model=model,
        category=r.text(data, "category", "category"),
        aliases=tuple(a for a in alias_lines if a not in hints),
        hints=hints,
        resource_ids=resource_ids,
        overview=overview,
        rulings=rulings,
        layers=_load_layers(r, data, topics, sources),
        descriptions=tuple(normalize_phrase(d) for d in r.texts(data, "descriptions", "descriptions",
                                                                required=False)),
        mechanisms=tuple(normalize_phrase(m) for m in r.texts(data, "mechanisms", "mechanisms", required=False)),
    ), alias_lines, r


def _load_general(
    root: Path, problems: list[Problem], topics: dict[str, Topic], titles: dict[str, str]
) -> tuple[GeneralEntry, ...]:
    data, r = read_mapping(root / "general.yaml", root, problems, titles)
    if data is None:
        return ()
    entries: list[GeneralEntry] = []
    seen: set[str] = set()
    defaults: set[str | None] = set()
    for field, node in r.records(data, "entries", "entries"):
        eid = r.text(node, "id", f"{field}.id")
        if eid in seen:
            r.problem(node, "id", f"{field}.id", f"duplicate entry id {eid!r}")
        seen.add(eid)
        topic = node.get("topic")
        if topic is not None and topic not in topics:
            r.problem(node, "topic", f"{field}.topic", f"unknown topic id {topic!r}")
            topic = None
        is_default = node.get("default", False) is True
        if is_default:
            if topic in defaults:
                r.problem(node, "default", f"{field}.default", f"a second default for topic {topic!r}")
            defaults.add(topic)
        ruling = r.ruling(node, field, entry=eid, service=None, topic=topic,
                          extra_keys=tuple(k for k in GENERAL_ENTRY if k not in RULING))
        keywords = tuple(normalize_phrase(k) for k in r.texts(node, "keywords", f"{field}.keywords",
                                                              required=not is_default))
        frames = tuple(normalize_phrase(k) for k in r.texts(node, "frames", f"{field}.frames", required=False))
        if ruling:
            entries.append(GeneralEntry(ruling=ruling, keywords=keywords, frames=frames, default=is_default))
    return tuple(entries)


def _load_out_of_scope(
    root: Path, problems: list[Problem]
) -> tuple[dict[str, str], dict[str, int], FieldReader]:
    data, r = read_mapping(root / "out_of_scope.yaml", root, problems)
    terms: dict[str, str] = {}
    lines: dict[str, int] = {}
    if data is None:
        return terms, lines, r
    for group, node in data.items():
        if not isinstance(node, list):
            r.problem(data, group, group, "must be a list of phrases")
            continue
        for i, phrase in enumerate(node):
            if not isinstance(phrase, str) or not phrase.strip():
                r.problem(node, i, f"{group}[{i}]", "must be a non-empty string")
                continue
            terms[normalize_phrase(phrase)] = group
            lines[normalize_phrase(phrase)] = node.line_of(i)
    return terms, lines, r


def _load_equivalents(
    root: Path, problems: list[Problem], out_of_scope: dict[str, str], services: dict[str, Service]
) -> dict[str, str]:
    """equivalents.yaml: another cloud's service -> the AWS service its refusal points to."""
    path = root / "equivalents.yaml"
    if not path.exists():
        return {}
    data, r = read_mapping(path, root, problems)
    equivalents: dict[str, str] = {}
    for phrase, service in (data or {}).items():
        key = normalize_phrase(str(phrase))
        if out_of_scope.get(key) != "other-clouds":
            r.problem(data, phrase, str(phrase), "must be one of out_of_scope.yaml's other-clouds phrases")
        elif service not in services:
            r.problem(data, phrase, str(phrase), f"unknown service id {service!r}")
        else:
            equivalents[key] = service
    return equivalents


def load_knowledge(root: Path | str | None = None, *, strict: bool = True) -> KnowledgeBase:
    """Load and validate; raise KnowledgeError listing every problem.

    `strict=False` returns what could be read despite problems: for `srm kb show` while a
    reviewer is still fixing a file, never for answering."""
    root = Path(root or DEFAULT_DIR).resolve()
    problems: list[Problem] = []
    titles = _load_titles(root, problems)
    topics, tie_break = _load_topics(root, problems, titles)
    models = _load_models(root, problems, topics, titles)
    services: dict[str, Service] = {}
    alias_owner: dict[str, str] = {}
    service_dir = root / "services"
    unreadable: set[str] = set()
    for path in sorted(service_dir.glob("*.yaml")):
        service, alias_lines, reader = _load_service(path, root, problems, topics, models, titles)
        if service is None:
            unreadable.add(path.stem)
            continue
        services[service.id] = service
        for alias, line in alias_lines.items():
            claimed = alias_owner.setdefault(alias, service.id)
            if claimed != service.id:
                problems.append(Problem(reader.file, line, "aliases",
                                        f"alias {alias!r} is also claimed by service {claimed!r}"))
    general = _load_general(root, problems, topics, titles)
    out_of_scope, oos_lines, oos_reader = _load_out_of_scope(root, problems)
    for phrase, group in out_of_scope.items():
        if phrase in alias_owner:
            oos_reader.problems.append(Problem(oos_reader.file, oos_lines[phrase], group,
                                               f"{phrase!r} is an alias of service {alias_owner[phrase]!r}"))
    equivalents = _load_equivalents(root, problems, out_of_scope, services)
    artefacts = load_artefacts(root, problems, services, topics, titles)
    if unreadable:
        # A service file that could not be read is reported once, with its line; every other file's
        # mention of that service id would only bury it.
        problems[:] = [p for p in problems if not any(f"unknown service id {sid!r}" in p.message for sid in unreadable)]
    if problems and strict:
        raise KnowledgeError(problems)
    return KnowledgeBase(topics=topics, services=services, general=general, out_of_scope=out_of_scope,
                         tie_break=tie_break, source_titles=titles, equivalents=equivalents,
                         artefacts=artefacts)
