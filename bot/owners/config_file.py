"""Owners as code: `srm owners export` writes a workspace's mapping as YAML, `srm owners import`
reads it back. Read with the knowledge base's YAML reader and checked the same way: every
problem is `file:line: field: problem`, and a file with any problem changes nothing.

    team: T0123ABCD
    owners:
      "*": "<!subteam^S0PLATFORM|@platform-oncall>"   # as Slack writes a user group
      patching: usergroup:S0SRE                        # or by id alone
      eks/patching: "<@U0JANE|Jane Doe>"
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from bot.knowledge.reader import FieldReader
from bot.knowledge.yamlio import Located, Problem, YamlFileError, read_yaml
from bot.owners.model import OwnerError, OwnerMap, OwnerRef, Scope, ScopeError, parse_owner, parse_scope


class OwnersFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_owners_file(path: Path, team_id: str, services: Iterable[str], topics: Iterable[str],
                     display: str | None = None) -> dict[Scope, OwnerRef]:
    """The whole mapping the file sets, or OwnersFileError listing every problem in it."""
    display = display or str(path)
    services, topics = tuple(services), tuple(topics)
    try:
        data = read_yaml(path, display)
    except YamlFileError as error:
        raise OwnersFileError([error.problem]) from error
    problems: list[Problem] = []
    fields = FieldReader(display, problems)
    if not isinstance(data, Located):
        raise OwnersFileError([Problem(display, getattr(data, "line", 1), "(file)",
                                       "must be a mapping with `owners:` (see `srm owners export`)")])
    fields.unknown_keys(data, ("team", "owners"), "(file)")
    team = data.get("team")
    if team is not None and str(team) != team_id:
        fields.problem(data, "team", "team", f"this file is for workspace {team}, not {team_id}")
    owners = data.get("owners")
    mapping: dict[Scope, OwnerRef] = {}
    if owners is None and "owners" not in data:
        fields.problem(data, None, "owners", "is missing")
    elif owners is not None and not isinstance(owners, Located):
        fields.problem(data, "owners", "owners", "must be a mapping of scope: owner")
    for key, value in (owners or {}).items():
        where = f"owners.{json.dumps(str(key))}"
        try:
            scope = parse_scope(str(key), services, topics)
        except ScopeError as error:
            fields.problem(owners, key, where, f"unknown scope: {error}")
            continue
        if not isinstance(value, str):
            fields.problem(owners, key, where, "must be an owner such as usergroup:S0123ABC")
            continue
        try:
            owner = parse_owner(value)
        except OwnerError as error:
            fields.problem(owners, key, where, f"malformed owner {value!r}: {error}")
            continue
        if scope in mapping:
            fields.problem(owners, key, where, f"sets `{scope.label(services, topics)}` a second time")
            continue
        mapping[scope] = owner
    if problems:
        raise OwnersFileError(problems)
    return mapping


def as_written(owner: OwnerRef) -> str:
    """Slack's own markup when the name is known (`<!subteam^S0123|@platform-oncall>`), so the
    file says who it is and imports with the name; else `usergroup:S0123`."""
    label = "".join(ch for ch in owner.label if ch not in "<>|\n").strip()
    if not label:
        return owner.key
    return {"usergroup": f"<!subteam^{owner.id}|{label}>", "user": f"<@{owner.id}|{label}>",
            "channel": f"<#{owner.id}|{label.lstrip('#')}>"}[owner.kind]


def write_owners_file(team_id: str, owners: OwnerMap, services: Iterable[str], topics: Iterable[str]) -> str:
    """The mapping as a file `read_owners_file` reads back unchanged (labels as comments)."""
    services, topics = tuple(services), tuple(topics)
    lines = [f"# srm owners of workspace {team_id}: the customer side of each scope, most specific wins",
             "# (service/topic, then service, then topic, then \"*\"). Apply with:",
             f"#   srm owners import FILE --team {team_id}",
             f"team: {team_id}"]
    if not owners:
        return "\n".join([*lines, "owners: {}", ""])
    lines.append("owners:")
    for assignment in owners.sorted():
        lines.append(f"  {json.dumps(assignment.scope.label(services, topics))}: "
                     f"{json.dumps(as_written(assignment.owner), ensure_ascii=False)}")
    return "\n".join([*lines, ""])
