"""Owners of the customer side, per workspace: the mapping, its history, its editors, Page claims.

Every change of the mapping writes a new random stamp in the same transaction; a process that
cached the mapping compares stamps (one primary-key read) to know whether it is still current,
which is how a change made by one process reaches the others. A random stamp rather than a
counter: a workspace that is forgotten and comes back never repeats a stamp a cache holds.
Exactly-once paging rests on a unique key (workspace, channel, thread, owner), as elsewhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, select

from bot.owners.model import Assignment, OwnerMap, OwnerRef, Scope
from bot.storage.db import dialect_insert, retry_on_disconnect
from bot.storage.tables import org_owner_editors, org_owner_history, org_owner_pages, org_owner_stamps, org_owners

HISTORY_SHOWN = 20


@dataclass(frozen=True)
class Workspace:
    team_id: str
    enterprise_id: str = ""


@dataclass(frozen=True)
class Change:
    action: str
    """set | clear | import | editor-add | editor-remove"""
    scope: str
    owner: str
    """`usergroup:S0123|@handle` (see `encode_owner`), a user id for editor changes, or ''."""
    previous: str
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True)
class PageClaim:
    won: bool
    paged_by: str
    paged_at: datetime


def encode_owner(owner: OwnerRef | None) -> str:
    return "" if owner is None else f"{owner.key}|{owner.label}"[:300]


def decode_owner(text: str) -> OwnerRef | None:
    key, _, label = text.partition("|")
    kind, _, ident = key.partition(":")
    if kind not in ("usergroup", "user", "channel") or not ident:
        return None
    return OwnerRef(kind, ident, label)  # type: ignore[arg-type]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _of(table: Any, ws: Workspace) -> Any:
    return and_(table.c.team_id == ws.team_id, table.c.enterprise_id == ws.enterprise_id)


def _ref(row: Any) -> OwnerRef:
    return OwnerRef(row.kind, row.target_id, row.label)


class OwnersStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = dialect_insert(engine)

    # -- reading (the answer path goes through bot.owners.cache, never here directly) -----------

    def stamp(self, ws: Workspace) -> str:
        """The mapping's current stamp ('' before its first change, and after it is forgotten)."""

        def read() -> str:
            with self.engine.connect() as connection:
                return connection.execute(select(org_owner_stamps.c.stamp).where(_of(org_owner_stamps, ws))
                                          ).scalar() or ""

        return retry_on_disconnect(read)

    def load(self, ws: Workspace) -> tuple[str, OwnerMap]:
        """Stamp and mapping in one connection. The stamp is read first, so the rows are at least
        as new as it: a change racing this read shows as a newer stamp at the next check."""

        def read() -> tuple[str, OwnerMap]:
            with self.engine.connect() as connection:
                stamp = connection.execute(select(org_owner_stamps.c.stamp).where(_of(org_owner_stamps, ws))
                                           ).scalar() or ""
                rows = connection.execute(select(org_owners).where(_of(org_owners, ws))).all()
            return stamp, OwnerMap({Scope(r.service, r.topic): Assignment(Scope(r.service, r.topic), _ref(r),
                                                                          r.set_by, _utc(r.set_at))
                                    for r in rows})

        return retry_on_disconnect(read)

    # -- changing the mapping: each in one transaction, with its history and a new stamp ----------

    def set_owner(self, ws: Workspace, scope: Scope, owner: OwnerRef, by: str, now: datetime,
                  scope_label: str) -> OwnerRef | None:
        """Set one scope's owner; returns the owner it replaced, if any."""
        with self.engine.begin() as connection:
            previous = self._current(connection, ws, scope)
            values = {"kind": owner.kind, "target_id": owner.id, "label": owner.label[:255], "set_by": by[:64],
                      "set_at": _utc(now)}
            connection.execute(self._insert(org_owners).values(
                team_id=ws.team_id, enterprise_id=ws.enterprise_id, service=scope.service, topic=scope.topic,
                **values).on_conflict_do_update(
                index_elements=["team_id", "enterprise_id", "service", "topic"], set_=values))
            self._changed(connection, ws, "set", scope_label, encode_owner(owner), encode_owner(previous), by, now)
        return previous

    def clear_owner(self, ws: Workspace, scope: Scope, by: str, now: datetime, scope_label: str) -> OwnerRef | None:
        """Remove one scope's owner; returns it, or None when the scope had none (nothing recorded)."""
        with self.engine.begin() as connection:
            previous = self._current(connection, ws, scope)
            if previous is None:
                return None
            connection.execute(delete(org_owners).where(_of(org_owners, ws), org_owners.c.service == scope.service,
                                                        org_owners.c.topic == scope.topic))
            self._changed(connection, ws, "clear", scope_label, "", encode_owner(previous), by, now)
        return previous

    def replace_all(self, ws: Workspace, mapping: Mapping[Scope, OwnerRef], by: str, now: datetime,
                    label: Callable[[Scope], str]) -> tuple[int, int, int]:
        """An import: the workspace's mapping becomes exactly `mapping`, in one transaction (all or
        nothing). Returns (added, changed, removed); each is recorded in the history."""
        added = changed = removed = 0
        with self.engine.begin() as connection:
            rows = connection.execute(select(org_owners).where(_of(org_owners, ws))).all()
            current = {Scope(r.service, r.topic): _ref(r) for r in rows}
            connection.execute(delete(org_owners).where(_of(org_owners, ws)))
            for scope, owner in mapping.items():
                connection.execute(org_owners.insert().values(
                    team_id=ws.team_id, enterprise_id=ws.enterprise_id, service=scope.service, topic=scope.topic,
                    kind=owner.kind, target_id=owner.id, label=owner.label[:255], set_by=by[:64], set_at=_utc(now)))
                before = current.get(scope)
                if before is None or before.key != owner.key:
                    added += before is None
                    changed += before is not None
                    self._history(connection, ws, "import", label(scope), encode_owner(owner),
                                  encode_owner(before), by, now)
            for scope, before in current.items():
                if scope not in mapping:
                    removed += 1
                    self._history(connection, ws, "import", label(scope), "", encode_owner(before), by, now)
            self._new_stamp(connection, ws)
        return added, changed, removed

    def _current(self, connection: Connection, ws: Workspace, scope: Scope) -> OwnerRef | None:
        row = connection.execute(select(org_owners).where(
            _of(org_owners, ws), org_owners.c.service == scope.service, org_owners.c.topic == scope.topic)).first()
        return _ref(row) if row else None

    def _changed(self, connection: Connection, ws: Workspace, action: str, scope: str, owner: str, previous: str,
                 by: str, now: datetime) -> None:
        self._history(connection, ws, action, scope, owner, previous, by, now)
        self._new_stamp(connection, ws)

    def _new_stamp(self, connection: Connection, ws: Workspace) -> None:
        stamp = uuid.uuid4().hex
        connection.execute(self._insert(org_owner_stamps).values(
            team_id=ws.team_id, enterprise_id=ws.enterprise_id, stamp=stamp).on_conflict_do_update(
            index_elements=["team_id", "enterprise_id"], set_={"stamp": stamp}))

    @staticmethod
    def _history(connection: Connection, ws: Workspace, action: str, scope: str, owner: str, previous: str,
                 by: str, now: datetime) -> None:
        connection.execute(org_owner_history.insert().values(
            team_id=ws.team_id, enterprise_id=ws.enterprise_id, action=action, scope=scope[:160], owner=owner[:300],
            previous=previous[:300], changed_by=by[:64], changed_at=_utc(now)))

    def history(self, ws: Workspace, limit: int = HISTORY_SHOWN) -> list[Change]:
        """The latest changes, newest first."""
        statement = (select(org_owner_history).where(_of(org_owner_history, ws))
                     .order_by(org_owner_history.c.id.desc()).limit(limit))
        with self.engine.connect() as connection:
            return [Change(r.action, r.scope, r.owner, r.previous, r.changed_by, _utc(r.changed_at))
                    for r in connection.execute(statement)]

    # -- editors: people an admin lets change the mapping -----------------------------------------

    def editors(self, ws: Workspace) -> list[str]:
        statement = (select(org_owner_editors.c.user_id).where(_of(org_owner_editors, ws))
                     .order_by(org_owner_editors.c.added_at, org_owner_editors.c.user_id))
        with self.engine.connect() as connection:
            return list(connection.execute(statement).scalars())

    def is_editor(self, ws: Workspace, user: str) -> bool:
        statement = select(org_owner_editors.c.user_id).where(_of(org_owner_editors, ws),
                                                              org_owner_editors.c.user_id == user)
        with self.engine.connect() as connection:
            return connection.execute(statement).first() is not None

    def add_editor(self, ws: Workspace, user: str, by: str, now: datetime) -> bool:
        """True if added, False if they already were one."""
        with self.engine.begin() as connection:
            inserted = connection.execute(self._insert(org_owner_editors).values(
                team_id=ws.team_id, enterprise_id=ws.enterprise_id, user_id=user, added_by=by[:64],
                added_at=_utc(now)).on_conflict_do_nothing(
                index_elements=["team_id", "enterprise_id", "user_id"]).returning(org_owner_editors.c.user_id)
            ).first() is not None
            if inserted:
                self._history(connection, ws, "editor-add", "", user, "", by, now)
        return inserted

    def remove_editor(self, ws: Workspace, user: str, by: str, now: datetime) -> bool:
        with self.engine.begin() as connection:
            removed = connection.execute(delete(org_owner_editors).where(
                _of(org_owner_editors, ws), org_owner_editors.c.user_id == user)).rowcount == 1
            if removed:
                self._history(connection, ws, "editor-remove", "", "", user, by, now)
        return removed

    # -- Page: once per owner per thread ------------------------------------------------------------

    def claim_page(self, ws: Workspace, channel: str, thread_ts: str, target: str, user: str,
                   now: datetime) -> PageClaim:
        """Insert-or-ignore on the unique key: the first click wins, every later one learns who
        paged and when."""
        key = {"team_id": ws.team_id, "enterprise_id": ws.enterprise_id, "channel_id": channel[:32],
               "thread_ts": thread_ts[:32], "target": target[:64]}
        with self.engine.begin() as connection:
            won = connection.execute(self._insert(org_owner_pages).values(
                **key, paged_by=user, paged_at=_utc(now)).on_conflict_do_nothing(
                index_elements=list(key)).returning(org_owner_pages.c.paged_by)).first() is not None
            if won:
                return PageClaim(True, user, _utc(now))
            row = connection.execute(select(org_owner_pages).where(
                *(org_owner_pages.c[name] == value for name, value in key.items()))).first()
        if row is None:  # released (the post failed) between our insert and read: try once more
            return self.claim_page(ws, channel, thread_ts, target, user, now)
        return PageClaim(False, row.paged_by, _utc(row.paged_at))

    def release_page(self, ws: Workspace, channel: str, thread_ts: str, target: str) -> None:
        """The page could not be posted: let the next click try."""
        with self.engine.begin() as connection:
            connection.execute(delete(org_owner_pages).where(
                _of(org_owner_pages, ws), org_owner_pages.c.channel_id == channel[:32],
                org_owner_pages.c.thread_ts == thread_ts[:32], org_owner_pages.c.target == target[:64]))


__all__ = ["Change", "OwnersStore", "PageClaim", "Workspace", "decode_owner", "encode_owner"]
