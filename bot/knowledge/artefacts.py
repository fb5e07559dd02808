"""knowledge/artefacts/*.yaml: Security Hub controls and GuardDuty finding types -> service and topic.

Read through the FieldReader like every other file, so a wrong id names its file, line and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.knowledge.reader import FieldReader, read_mapping
from bot.knowledge.schema import Artefacts, Pointer, Service, Topic
from bot.knowledge.yamlio import Located, Problem


def _optional(path: Path, root: Path, problems: list[Problem],
              titles: dict[str, str] | None = None) -> tuple[Located | None, FieldReader]:
    """The artefact tables are optional: a knowledge base without them resolves nothing from data."""
    if not path.exists():
        return None, FieldReader(str(path), problems)
    return read_mapping(path, root, problems, titles)


def _pointer(r: FieldReader, node: Any, key: str, field: str, services: dict[str, Service],
             topics: dict[str, Topic]) -> Pointer | None:
    if not isinstance(node, Located):
        r.problem(node, None, field, "must be a mapping with service and topic")
        return None
    r.unknown_keys(node, ("title", "service", "topic"), field)
    service, topic = node.get("service"), node.get("topic")
    if service is not None and service not in services:
        r.problem(node, "service", f"{field}.service", f"unknown service id {service!r} (null: not covered)")
        return None
    if topic is not None and topic not in topics:
        r.problem(node, "topic", f"{field}.topic", f"unknown topic id {topic!r}")
        return None
    return Pointer(service, topic)


def load_artefacts(root: Path, problems: list[Problem], services: dict[str, Service],
                   topics: dict[str, Topic], titles: dict[str, str] | None = None) -> Artefacts:
    controls: dict[str, Pointer] = {}
    data, r = _optional(root / "artefacts" / "securityhub.yaml", root, problems, titles)
    if data is not None:
        r.unknown_keys(data, ("failed_control", "controls"), "securityhub.yaml")
    raw = r.mapping(data, "controls", "controls") if data is not None else {}
    failed = r.conditions(data, "failed_control", "", facets_only=True) if data is not None else ()
    for control, node in raw.items():
        pointer = _pointer(r, node, str(control), f"controls.{control}", services, topics)
        if pointer is not None:
            controls[str(control).lower()] = pointer
    data, r = _optional(root / "artefacts" / "guardduty.yaml", root, problems)
    findings: dict[str, Pointer] = {}
    resource_types: dict[str, str | None] = {}
    purposes: dict[str, str] = {}
    if data is not None:
        for kind, service in r.mapping(data, "resource_types", "resource_types").items():
            if service is not None and service not in services:
                r.problem(data["resource_types"], kind, f"resource_types.{kind}", f"unknown service id {service!r}")
            resource_types[str(kind).lower()] = service
        for purpose, topic in r.mapping(data, "purposes", "purposes").items():
            if topic not in topics:
                r.problem(data["purposes"], purpose, f"purposes.{purpose}", f"unknown topic id {topic!r}")
            purposes[str(purpose).lower()] = topic
        for finding, node in r.mapping(data, "findings", "findings").items():
            pointer = _pointer(r, node, str(finding), f"findings.{finding}", services, topics)
            if pointer is not None:
                findings[str(finding).lower()] = pointer
    return Artefacts(controls=controls, findings=findings, resource_types=resource_types, purposes=purposes,
                     failed_control=failed)
