"""The "in your org" column of `srm kb matrix --team T…`: per service, who in the customer's org
owns the cells that are yours or shared. Pure."""

from __future__ import annotations

from bot.knowledge import KnowledgeBase
from bot.owners.model import OwnerMap, shows_org_owner


def org_column(kb: KnowledgeBase, owners: OwnerMap) -> dict[str, str]:
    """service id -> `@platform-oncall`, or `@sre (patching, os-config); @platform-oncall (...)`
    when several owners share a service's cells; '' where nothing of the customer's is mapped."""
    column: dict[str, str] = {}
    for service in kb.services.values():
        by_owner: dict[str, list[str]] = {}
        mine = [tid for tid, ruling in service.rulings.items() if shows_org_owner(ruling.owner)]
        for tid in mine:
            assignment = owners.owner_of(service.id, tid)
            if assignment is not None:
                by_owner.setdefault(assignment.owner.fallback_label(), []).append(tid)
        if len(by_owner) == 1 and len(next(iter(by_owner.values()))) == len(mine):
            column[service.id] = next(iter(by_owner))
        else:
            column[service.id] = "; ".join(f"{label} ({', '.join(tids)})" for label, tids in by_owner.items())
    return column
