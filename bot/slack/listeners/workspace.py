"""Leaving a workspace: uninstalled or tokens revoked means its tokens, schedules, quiz history
and owners (mapping, history, editors, pages) go (see README "Data kept")."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App

from bot.slack.deps import Deps
from bot.storage.owners_store import Workspace
from bot.storage.workspaces import forget_workspace

log = logging.getLogger(__name__)


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    def forget(body: dict, event: dict) -> None:
        team_id = body.get("team_id") or ""
        enterprise_id = body.get("enterprise_id") or ""
        if event.get("type") == "tokens_revoked" and not event.get("tokens", {}).get("bot"):
            return  # only user tokens revoked: the bot stays installed (we keep no user tokens)
        if deps.installations is not None:
            deps.installations.delete_all(enterprise_id=enterprise_id or None, team_id=team_id or None)
        rows = forget_workspace(deps.ledger.engine, team_id, enterprise_id)
        deps.org_owners.cache.invalidate(Workspace(team_id, enterprise_id))  # other processes: its stamp is gone
        log.info("forgot workspace %s (%s): %d rows", team_id, event.get("type"), rows)

    app.event("app_uninstalled")(ack=_ack, lazy=[forget])
    app.event("tokens_revoked")(ack=_ack, lazy=[forget])
