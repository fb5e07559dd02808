"""Owners as people see them: names re-read from Slack (cached briefly), and the mapping from the
per-process cache, put together for the answer surfaces.

A renamed user group shows its new handle once the cache turns over (NAME_TTL); a deleted group,
user or channel shows as gone. A name known but older than NAME_TTL is shown as it is while it
is read again in the background (the next answer has the new one), so answers wait on Slack
only for a name never read in this process, and then for at most LOOKUP_BUDGET: past it the name
stored when the owner was set is shown, and the lookup fills the cache for next time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import Answer
from bot.knowledge import KnowledgeBase
from bot.owners import OwnerMap, OwnerRef, shows_org_owner
from bot.slack.owners_blocks import OrgOwner
from bot.storage.owners_cache import OwnersCache
from bot.storage.owners_store import Workspace

log = logging.getLogger(__name__)

NAME_TTL = 300.0
"""Seconds a name from Slack is trusted: a rename shows within five minutes."""
FAILURE_TTL = 30.0
"""Seconds a failed lookup (rate limit, missing scope, network) is remembered before asking again."""
LOOKUP_BUDGET = 0.2
"""Seconds an answer waits for a name this process has never read (`/srm` is answered in its
HTTP response, which Slack waits 3 s for)."""
_GONE_ERRORS = frozenset({"user_not_found", "channel_not_found", "no_such_subteam", "subteam_not_found"})


@dataclass(frozen=True)
class Name:
    label: str
    exists: bool


class OwnerNames:
    """A per-process cache of owner names, per workspace (a user group list, a user, a channel)."""

    def __init__(self, *, ttl: float = NAME_TTL, failure_ttl: float = FAILURE_TTL, budget: float = LOOKUP_BUDGET,
                 timer: Callable[[], float] = time.monotonic, workers: int = 4) -> None:
        self.ttl, self.failure_ttl, self.budget, self.timer = ttl, failure_ttl, budget, timer
        self._cache: dict[tuple[str, str], tuple[float, Any]] = {}
        self._inflight: dict[tuple[str, str], Future[Any]] = {}
        self._lock = threading.RLock()  # a done callback may run inside `_cached` while it holds it
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="srm-names")

    def name(self, client: WebClient, team: str, owner: OwnerRef, *, fresh: bool = False) -> Name:
        """The owner's current name; `fresh` skips the cache (checking an owner as it is set)."""
        if owner.kind == "usergroup":
            groups = self._cached(team, "usergroups", lambda: self._usergroups(client), fresh)
            if groups is None:
                return Name(owner.fallback_label(), True)
            found = groups.get(owner.id)
            return Name(found[0], True) if found and not found[1] else Name(
                found[0] if found else owner.fallback_label(), False)
        lookup = self._user if owner.kind == "user" else self._channel
        found = self._cached(team, owner.key, lambda: lookup(client, owner.id), fresh)
        return found if found is not None else Name(owner.fallback_label(), True)

    def group_by_handle(self, client: WebClient, team: str, handle: str) -> OwnerRef | None:
        """A user group by its handle (`platform-oncall`), for `@handle` typed unescaped."""
        groups = self._cached(team, "usergroups", lambda: self._usergroups(client), True) or {}
        for group_id, (label, deleted) in groups.items():
            if not deleted and label.lstrip("@").lower() == handle.lower():
                return OwnerRef("usergroup", group_id, label)
        return None

    def _cached(self, team: str, key: str, lookup: Callable[[], Any], fresh: bool) -> Any:
        """The cached value (read again in the background once stale), else a lookup waited on
        for at most the budget (None: not known)."""
        now = self.timer()
        with self._lock:
            hit = self._cache.get((team, key))
        if hit is not None and hit[0] > now and not fresh:
            return hit[1]
        stale = hit is not None and not fresh

        def run() -> Any:
            try:
                value, ok = lookup(), True
            except (SlackApiError, OSError) as error:
                reason = error.response.get("error") if isinstance(error, SlackApiError) else str(error)
                log.info("owner name lookup %s failed: %s", key, reason)
                value, ok = None, False
            with self._lock:
                self._cache[(team, key)] = (self.timer() + (self.ttl if ok else self.failure_ttl), value)
            return value

        with self._lock:  # one lookup per key at a time: concurrent answers wait on the same one
            future = self._inflight.get((team, key))
            if future is None or fresh:
                future = self._executor.submit(run)
                self._inflight[(team, key)] = future
                future.add_done_callback(lambda done: self._done((team, key), done))
        if stale:
            return hit[1]
        try:
            return future.result(timeout=self.budget)
        except FutureTimeout:
            return hit[1] if hit is not None else None

    def _done(self, key: tuple[str, str], future: Future[Any]) -> None:
        with self._lock:
            if self._inflight.get(key) is future:
                del self._inflight[key]

    @staticmethod
    def _usergroups(client: WebClient) -> dict[str, tuple[str, bool]]:
        """Every user group of the workspace, disabled ones included (they show as gone)."""
        groups = client.usergroups_list(include_disabled=True).get("usergroups") or []
        return {g["id"]: ("@" + str(g.get("handle") or g.get("name") or g["id"]), bool(g.get("date_delete")))
                for g in groups if isinstance(g, dict) and isinstance(g.get("id"), str)}

    @staticmethod
    def _user(client: WebClient, user: str) -> Name:
        try:
            info = client.users_info(user=user).get("user") or {}
        except SlackApiError as error:
            if error.response.get("error") in _GONE_ERRORS:
                return Name(f"user {user}", False)
            raise
        profile = info.get("profile") or {}
        label = (profile.get("real_name") or info.get("real_name") or profile.get("display_name")
                 or info.get("name") or user)
        return Name(str(label), not info.get("deleted"))

    @staticmethod
    def _channel(client: WebClient, channel: str) -> Name:
        try:
            info = client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError as error:
            if error.response.get("error") in _GONE_ERRORS:
                return Name(f"channel {channel}", False)
            raise
        return Name("#" + str(info.get("name") or channel), not info.get("is_archived"))


def is_workspace_admin(client: WebClient, user: str) -> bool:
    """Admins and owners of the workspace, as users.info says (never cached: it guards changes)."""
    try:
        info = client.users_info(user=user).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", user, error.response.get("error"))
        return False
    return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))


class OrgOwners:
    """What answers show: the workspace's mapping (cached per process) resolved for one answer,
    with its owner's current name. One per process, shared by the listeners."""

    def __init__(self, cache: OwnersCache, names: OwnerNames | None = None) -> None:
        self.cache = cache
        self.names = names or OwnerNames()

    def mapping(self, ws: Workspace) -> OwnerMap:
        return self.cache.get(ws)

    def resolve(self, client: WebClient, ws: Workspace, owner: OwnerRef, scope: str = "*") -> OrgOwner:
        name = self.names.name(client, ws.team_id, owner)
        return OrgOwner(owner, name.label, name.exists, scope)

    def for_answer(self, client: WebClient, ws: Workspace | None, answer: Answer, *,
                   page_thread: str | None = None) -> OrgOwner | None:
        """The org owner of what was asked, when it is You or Shared and the workspace set one."""
        if ws is None or not answer.matched or not shows_org_owner(answer.owner):
            return None
        assignment = self.cache.get(ws).owner_of(answer.service, answer.topic)
        if assignment is None:
            return None
        org = self.resolve(client, ws, assignment.owner)
        return replace(org, page_thread=page_thread) if page_thread else org

    def for_overview(self, client: WebClient, ws: Workspace | None, kb: KnowledgeBase,
                     service: str) -> dict[str, OrgOwner]:
        """Per topic of one service: the org owner where the topic is yours or shared."""
        if ws is None:
            return {}
        owners = self.cache.get(ws)
        if not owners:
            return {}
        found: dict[str, OrgOwner] = {}
        for topic, ruling in kb.services[service].rulings.items():
            assignment = owners.owner_of(service, topic)
            if assignment is not None and shows_org_owner(ruling.owner):
                found[topic] = self.resolve(client, ws, assignment.owner)
        return found
