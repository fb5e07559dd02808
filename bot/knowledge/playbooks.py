"""Incident playbooks: what contains one kind of incident, as knowledge in YAML.

One file per playbook under `knowledge/playbooks/`, read with the knowledge base's FieldReader so
every problem names `file:line: field`. Each playbook says who contains the incident, the verdict
in one line, the numbered containment steps ("Do now", or what you still own while AWS works on
it), where the first step is done, and how it is found: its words, its GuardDuty finding types
(by prefix: `CryptoCurrency:EC2/`, or `*:Kubernetes/` for a resource type) and its Security Hub
control ids (`S3.8`). Steps rest on AWS's incident response material, cited by title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.loader import DEFAULT_DIR, KnowledgeError, _load_titles
from bot.knowledge.reader import normalize_phrase, read_mapping
from bot.knowledge.schema import Owner, Source
from bot.knowledge.yamlio import Located, Problem

MAX_STEPS = 6
MAX_VERDICT = 120
"""One line on a phone notification and in the reply."""
MAX_STEP = 220
FINDING_PREFIX = re.compile(r"^(\*|[A-Za-z]+):[A-Za-z0-9]+/[A-Za-z0-9&.!_-]*$")
"""GuardDuty's ThreatPurpose:ResourceTypeAffected/ThreatFamilyName..., cut anywhere after the `/`."""
CONTROL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*\.[0-9]{1,3}$")
_FIELDS = ("id", "title", "owner", "verdict", "steps", "link", "words", "hints", "services", "guardduty",
           "securityhub", "fallback", "sources", "verified")


@dataclass(frozen=True, slots=True)
class Playbook:
    id: str
    title: str
    owner: Owner
    """Who contains it: `aws` means AWS works on it while you look and keep your part."""
    verdict: str
    steps: tuple[str, ...]
    """In order. For `owner: aws`, what you still own meanwhile; otherwise what contains it now."""
    link: Source
    """The AWS console page or guide where step 1 is done."""
    words: tuple[str, ...]
    """Phrases that name this incident on their own ("crypto mining", "leaked access key")."""
    hints: tuple[str, ...]
    """Phrases that name it only about one of `services` ("went public" about S3)."""
    services: tuple[str, ...]
    guardduty: tuple[str, ...]
    securityhub: tuple[str, ...]
    fallback: bool
    """A general playbook, used only when no specific one matches."""
    sources: tuple[Source, ...]
    verified: str


def load_playbooks(root: Path | str | None = None, *, services: Iterable[str] | None = None) -> tuple[Playbook, ...]:
    """Every playbook under `root/playbooks`, validated; raise KnowledgeError listing each problem.

    `services`: the knowledge base's service ids, to check `services:` against."""
    root = Path(root or DEFAULT_DIR).resolve()
    problems: list[Problem] = []
    titles = _load_titles(root, problems)
    known = set(services) if services is not None else None
    playbooks: list[Playbook] = []
    claimed: dict[str, str] = {}
    paths = sorted((root / "playbooks").glob("*.yaml"))
    if not paths:
        problems.append(Problem("playbooks", 1, "(directory)", "has no playbooks"))
    for path in paths:
        data, r = read_mapping(path, root, problems, titles)
        if data is None:
            continue
        r.unknown_keys(data, _FIELDS, "playbook")
        pid = r.text(data, "id", "id")
        if pid and pid != path.stem:
            r.problem(data, "id", "id", f"must match the file name ({path.stem!r})")
        owner = r.owner(data, "owner", "owner")
        verdict = r.text(data, "verdict", "verdict")
        if len(verdict) > MAX_VERDICT:
            r.problem(data, "verdict", "verdict", f"must fit one line ({len(verdict)} > {MAX_VERDICT} characters)")
        steps = r.texts(data, "steps", "steps")
        if len(steps) > MAX_STEPS:
            r.problem(data, "steps", "steps", f"at most {MAX_STEPS} steps: containment, not a checklist")
        for i, step in enumerate(steps):
            if len(step) > MAX_STEP:
                r.problem(data.get("steps"), i, f"steps[{i}]", f"over {MAX_STEP} characters")
        url = r.text(data, "link", "link")  # one URL: where step 1 is done
        node = Located({"link": [url]} if url else {})
        node.line, node.key_lines = data.line, data.key_lines
        link = r.sources(node, "link", "link") if url else ()
        words = tuple(normalize_phrase(w) for w in r.texts(data, "words", "words"))
        hints = tuple(normalize_phrase(w) for w in r.texts(data, "hints", "hints", required=False))
        service_ids = r.texts(data, "services", "services", required=bool(hints))
        for sid in service_ids:
            if known is not None and sid not in known:
                r.problem(data, "services", "services", f"unknown service id {sid!r}")
        guardduty = r.texts(data, "guardduty", "guardduty", required=False)
        for prefix in guardduty:
            if not FINDING_PREFIX.match(prefix):
                r.problem(data, "guardduty", "guardduty",
                          f"{prefix!r} is not a GuardDuty finding type prefix (Purpose:Resource/Family...)")
        controls = r.texts(data, "securityhub", "securityhub", required=False)
        for control in controls:
            if not CONTROL_ID.match(control):
                r.problem(data, "securityhub", "securityhub", f"{control!r} is not a Security Hub control id (S3.8)")
        for key, field in [*((f"gd:{p.lower()}", "guardduty") for p in guardduty),
                           *((f"sh:{c.lower()}", "securityhub") for c in controls)]:
            other = claimed.setdefault(key, pid)
            if other != pid:
                r.problem(data, field, field, f"{key[3:]!r} is also claimed by playbook {other!r}")
        fallback = data.get("fallback", False)
        if not isinstance(fallback, bool):
            r.problem(data, "fallback", "fallback", "must be true or false")
            fallback = False
        playbooks.append(Playbook(
            id=pid, title=r.text(data, "title", "title"), owner=owner, verdict=verdict, steps=steps,
            link=link[0] if link else Source("", ""), words=words, hints=hints, services=service_ids,
            guardduty=guardduty, securityhub=controls, fallback=fallback,
            sources=r.sources(data, "sources", "sources"), verified=r.date(data, "verified", "verified"),
        ))
    if problems:
        raise KnowledgeError(problems)
    return tuple(playbooks)
