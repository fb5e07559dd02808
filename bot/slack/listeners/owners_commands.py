"""`/srm owners ...`: who owns the customer side in this workspace. Run after the ack (they touch
the database and the Web API); changes are for workspace admins and owners (users.info) and the
editors they add, and each is kept with who and when."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.owners import OwnerError, OwnerRef, ScopeError, bare_handle, parse_owner, parse_scope
from bot.owners.model import OWNER_HELP, Scope
from bot.slack import owners_blocks
from bot.slack.blocks import escape
from bot.slack.deps import Deps
from bot.slack.owner_names import is_workspace_admin
from bot.storage.owners_store import Workspace

log = logging.getLogger(__name__)

_OWNERS = re.compile(r"^\s*owners(\s+(set|clear|list|ls|show|history|editors|help)\b.*)?\s*$",
                     re.IGNORECASE | re.DOTALL)
"""`owners` alone or with a subcommand: "owners of the s3 backups?" is a question, answered as one."""
UNAVAILABLE = ":hourglass: Owners can't reach their database right now. Please try again in a minute."


def is_owners_command(text: str) -> bool:
    """Cheap: checked on every /srm before the answer is built."""
    return bool(_OWNERS.match(text))


class OnlyOwnersCommands(Middleware):
    """This listener takes `/srm owners ...` only; anything else falls through to the next."""

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:
        return next() if is_owners_command(req.body.get("text", "")) else None


def workspace_of(context: dict) -> Workspace | None:
    """The request's workspace (BoltContext is a dict); None when Slack did not say."""
    team = context.get("team_id") or ""
    return Workspace(team, context.get("enterprise_id") or "") if team else None


def handle(deps: Deps) -> Callable[..., None]:
    store = deps.owners
    kb = deps.kb

    def label(scope: Scope) -> str:
        return scope.label(kb.services, kb.topics)

    def owners_command(command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        def reply(text: str) -> None:
            respond(text=text, response_type="ephemeral")

        ws = workspace_of(context)
        if ws is None:
            reply("I couldn't tell which workspace this is, so I changed nothing.")
            return
        try:
            run(command.get("text", "").split()[1:], command.get("user_id", ""), ws, reply, respond, client)
        except SQLAlchemyError:
            log.exception("owners command failed: database unavailable")
            reply(UNAVAILABLE)

    def run(words: list[str], user: str, ws: Workspace, reply: Callable[[str], None], respond: Respond,
            client: WebClient) -> None:
        sub = words[0].lower() if words else "list"
        if sub in ("list", "ls", "show"):
            _, owners = store.load(ws)
            names = {a.owner.key: deps.org_owners.resolve(client, ws, a.owner) for a in owners.sorted()}
            respond(blocks=owners_blocks.list_blocks(owners, names, label), text="Owners of the customer side here",
                    response_type="ephemeral")
        elif sub == "history":
            respond(blocks=owners_blocks.history_blocks(store.history(ws)), text="Latest changes to owners",
                    response_type="ephemeral")
        elif sub in ("set", "clear"):
            if not can_edit(client, ws, user):
                reply(owners_blocks.refusal_text(store.editors(ws)))
                return
            change(sub, words[1:], user, ws, reply, client)
        elif sub == "editors":
            editors(words[1:], user, ws, reply, client)
        else:
            unknown = "" if sub == "help" else f"I don't know `/srm owners {escape(sub)}`.\n"
            reply(unknown + owners_blocks.HELP)

    def can_edit(client: WebClient, ws: Workspace, user: str) -> bool:
        return is_workspace_admin(client, user) or store.is_editor(ws, user)

    def change(sub: str, args: list[str], user: str, ws: Workspace, reply: Callable[[str], None],
               client: WebClient) -> None:
        usage = "`/srm owners set <scope> <owner>`" if sub == "set" else "`/srm owners clear <scope>`"
        if not args or (sub == "set" and len(args) < 2) or (sub == "clear" and len(args) != 1):
            reply(f"Usage: {usage}. Scope: `eks/patching`, `eks`, `patching` or `*`; owner: {OWNER_HELP}.")
            return
        try:
            scope = parse_scope(args[0], kb.services, kb.topics)
        except ScopeError as error:
            reply(f":warning: {escape(str(error))}")
            return
        now = deps.clock()
        if sub == "clear":
            previous = store.clear_owner(ws, scope, user, now, label(scope))
            deps.org_owners.cache.invalidate(ws)
            reply(f"`{label(scope)}` had no owner here; nothing changed." if previous is None else
                  f":white_check_mark: Cleared `{label(scope)}` (was {escape(previous.fallback_label())}).")
            return
        owner = find_owner(" ".join(args[1:]), ws, client, reply)
        if owner is None:
            return
        previous = store.set_owner(ws, scope, owner, user, now, label(scope))
        deps.org_owners.cache.invalidate(ws)
        was = f" (was {escape(previous.fallback_label())})" if previous and previous.key != owner.key else ""
        reply(f":white_check_mark: `{label(scope)}` → {escape(owner.fallback_label())}{was}. Answers where the "
              f"customer side of `{label(scope)}` is yours now say “In your org: {escape(owner.fallback_label())}”; "
              "nobody is pinged.")

    def find_owner(text: str, ws: Workspace, client: WebClient, reply: Callable[[str], None]) -> OwnerRef | None:
        """The owner typed, checked against Slack: it must exist now. Stored with its current name."""
        names = deps.org_owners.names
        try:
            owner = parse_owner(text)
        except OwnerError as error:
            handle_text = bare_handle(text)
            owner = names.group_by_handle(client, ws.team_id, handle_text) if handle_text else None
            if owner is None:
                reply(f":warning: `{escape(text)}` is not an owner I can use: {escape(str(error))}.")
                return None
        name = names.name(client, ws.team_id, owner, fresh=True)
        if not name.exists:
            reply(f":warning: {escape(name.label)} no longer exists in this workspace; nothing changed.")
            return None
        return OwnerRef(owner.kind, owner.id, name.label)

    def editors(args: list[str], user: str, ws: Workspace, reply: Callable[[str], None], client: WebClient) -> None:
        action = args[0].lower() if args else "list"
        if action == "list":
            current = store.editors(ws)
            reply("Editors (besides workspace admins and owners): " + ", ".join(f"<@{e}>" for e in current)
                  if current else "No editors yet: only workspace admins and owners can change owners. "
                  "An admin adds one with `/srm owners editors add @someone`.")
            return
        if action not in ("add", "remove") or len(args) != 2:
            reply("Usage: `/srm owners editors`, `/srm owners editors add @someone`, "
                  "`/srm owners editors remove @someone`.")
            return
        if not is_workspace_admin(client, user):
            reply(owners_blocks.refusal_text(store.editors(ws), editors_change=True))
            return
        try:
            person = parse_owner(args[1])
        except OwnerError:
            person = None
        if person is None or person.kind != "user":
            reply(f":warning: `{escape(args[1])}` is not a person; mention them: `@someone`.")
            return
        now = deps.clock()
        if action == "add":
            added = store.add_editor(ws, person.id, user, now)
            reply(f":white_check_mark: <@{person.id}> can now change owners here." if added
                  else f"<@{person.id}> already could.")
        else:
            removed = store.remove_editor(ws, person.id, user, now)
            reply(f":white_check_mark: <@{person.id}> can no longer change owners here." if removed
                  else f"<@{person.id}> was not an editor.")

    return owners_command
