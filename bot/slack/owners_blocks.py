"""Block Kit for owners in the customer's org: the "In your org" line, the Page button, and the
`/srm owners` replies. Pure functions of domain values, like bot/slack/blocks.py.

Owners are shown by name (a handle, a person's name, a channel name), never as a mention: the
bot pings nobody unasked. The one message that mentions them is the page a person asks for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.answering import Answer
from bot.owners import OwnerMap, OwnerRef, shows_org_owner
from bot.owners.model import OWNER_HELP
from bot.storage.owners_store import Change, decode_owner

Block = dict[str, Any]

PAGE_ACTION = "page_owner"
GONE = "no longer exists — ask an admin to update `/srm owners`"
MAX_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BLOCKS = 50


@dataclass(frozen=True)
class OrgOwner:
    """An answer's owner in the customer's org, as resolved for showing: its name as Slack has
    it now, whether it still exists, and (incident replies) the thread a Page would post in."""

    owner: OwnerRef
    label: str
    exists: bool = True
    scope: str = "*"
    page_thread: str | None = None


def _escape(text: str) -> str:
    from bot.slack.blocks import escape  # the project's one escape helper

    return escape(text)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shown(org: OrgOwner) -> str:
    """`@platform-oncall`, or the name and that it is gone."""
    name = _escape(org.label)
    return name if org.exists else f"~{name}~ {GONE}"


def org_blocks(answer: Answer, org: OrgOwner | None) -> list[Block]:
    """What an answer adds when the owner of what was asked is You or Shared: one line naming
    the owner in the customer's org, and in an incident reply a button to page them."""
    if org is None or not answer.matched or not shows_org_owner(answer.owner):
        return []
    blocks: list[Block] = [{"type": "context", "elements": [{
        "type": "mrkdwn", "text": _truncate(f":busts_in_silhouette: *In your org:* {shown(org)}", MAX_TEXT)}]}]
    if org.page_thread and org.exists and answer.entry:
        blocks.append({"type": "actions", "block_id": "org_owner_page", "elements": [{
            "type": "button", "action_id": PAGE_ACTION, "style": "danger",
            "text": {"type": "plain_text", "text": _truncate(f"Page {org.label}", MAX_BUTTON_TEXT), "emoji": True},
            "accessibility_label": _truncate(f"Page {org.label} in this incident thread", MAX_BUTTON_TEXT),
            "value": page_value(answer.entry, org.page_thread, org.owner)}]})
    return blocks


def overview_suffix(topic_owner: str, org: OrgOwner | None) -> str:
    """Added to a topic's cell in an overview: the org owner where the topic is yours or shared."""
    if org is None or not shows_org_owner(topic_owner):
        return ""
    return f"\nIn your org: {shown(org)}"


# -- Page ---------------------------------------------------------------------------------------

def page_value(entry: str, thread_ts: str, owner: OwnerRef) -> str:
    return json.dumps({"e": entry, "t": thread_ts, "o": owner.key})


def read_page_value(value: str) -> tuple[str, str, str] | None:
    """(entry, thread_ts, owner key), or None for anything we did not write."""
    try:
        data = json.loads(value)
        entry, thread, owner = data["e"], data["t"], data["o"]
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(v, str) and v for v in (entry, thread, owner)) or len(thread) > 32 or len(owner) > 64:
        return None
    return entry, thread, owner


def page_text(owner: OwnerRef, clicker: str, headline: str, where: str) -> str:
    """The one message that mentions the owner, attributed to the person who asked for it."""
    return (f":rotating_light: {owner.mention} — <@{clicker}> is paging you about this incident: "
            f"*{_escape(headline)}* ({_escape(where)}).")


def _when(at: datetime) -> str:
    """Slack shows it in the reader's time zone; the fallback is UTC."""
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def already_paged_text(label: str, paged_by: str, paged_at: datetime) -> str:
    return f"{_escape(label)} was already paged in this thread by <@{paged_by}> {_when(paged_at)}."


# -- /srm owners --------------------------------------------------------------------------------

HELP = "\n".join([
    "*Who owns the customer side in this workspace*",
    "`/srm owners` — the mapping · `/srm owners history` — the last changes, who and when",
    "`/srm owners set <scope> <owner>` · `/srm owners clear <scope>`",
    "  scope: a cell `eks/patching`, a service `eks`, a topic `patching`, or `*` (the default); "
    "the most specific wins",
    f"  owner: {OWNER_HELP}",
    "`/srm owners editors` · `/srm owners editors add @someone` · `/srm owners editors remove @someone`",
    "Workspace admins and owners, and the editors they add, can change it. Answers show the owner by "
    "name and never ping them; in an incident thread a *Page* button does, once.",
])


def _sections(lines: Sequence[str], more: str) -> list[Block]:
    """Lines packed into sections of at most 3000 characters, within Slack's 50 blocks."""
    blocks: list[Block] = []
    chunk: list[str] = []
    for index, line in enumerate(lines):
        if sum(len(x) + 1 for x in chunk) + len(line) > MAX_TEXT - 100:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}})
            chunk = []
            if len(blocks) >= MAX_BLOCKS - 3:
                blocks.append({"type": "context", "elements": [{
                    "type": "mrkdwn", "text": f"…and {len(lines) - index} more. {more}"}]})
                return blocks
        chunk.append(_truncate(line, MAX_TEXT - 100))
    if chunk:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}})
    return blocks


def list_blocks(owners: OwnerMap, labels: dict[str, OrgOwner], scope_label: Any) -> list[Block]:
    """The mapping as a table: scope → owner · set by whom, when. `labels` by owner key."""
    if not owners:
        return [{"type": "section", "text": {"type": "mrkdwn", "text":
                 "No owners are set in this workspace yet, so answers say only *You*. Start with a default: "
                 "`/srm owners set * @platform-oncall`."}}]
    lines = []
    for assignment in owners.sorted():
        org = labels.get(assignment.owner.key)
        name = shown(org) if org else _escape(assignment.owner.fallback_label())
        lines.append(f"`{scope_label(assignment.scope)}` → {name}  ·  {_who(assignment.set_by)} "
                     f"{_when(assignment.set_at)}")
    return [{"type": "header", "text": {"type": "plain_text", "text": "Owners of the customer side here"}},
            *_sections(lines, "`srm owners export` lists them all."),
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
             "Most specific wins: `service/topic`, then service, then topic, then `*`. "
             "`/srm owners history` shows every change."}]}]


def _owner_name(text: str) -> str:
    owner = decode_owner(text)
    return _escape(owner.fallback_label()) if owner else "nobody"


def _who(user: str) -> str:
    return f"<@{user}>" if user[:1] in "UW" and user.isalnum() else _escape(user)


def history_blocks(changes: Iterable[Change]) -> list[Block]:
    lines = []
    for change in changes:
        when = _when(change.changed_at)
        if change.action == "editor-add":
            what = f"added {_who(change.owner)} as an editor"
        elif change.action == "editor-remove":
            what = f"removed {_who(change.previous)} as an editor"
        elif not change.owner:
            what = f"cleared `{_escape(change.scope)}` (was {_owner_name(change.previous)})"
        else:
            was = f" (was {_owner_name(change.previous)})" if change.previous else ""
            verb = "imported" if change.action == "import" else "set"
            what = f"{verb} `{_escape(change.scope)}` → {_owner_name(change.owner)}{was}"
        lines.append(f"{when} · {_who(change.changed_by)} {what}")
    if not lines:
        return [{"type": "section", "text": {"type": "mrkdwn", "text": "No changes yet."}}]
    return [{"type": "header", "text": {"type": "plain_text", "text": "Latest changes to owners"}},
            *_sections(lines, "")]


def refusal_text(editors: Sequence[str], *, editors_change: bool = False) -> str:
    """Polite, and names who can."""
    who = "workspace admins and owners" if editors_change else (
        "workspace admins and owners" + (", and the editors they added: " + ", ".join(f"<@{e}>" for e in editors)
                                         if editors else " (no editors have been added yet)"))
    what = "add or remove editors" if editors_change else "change who owns what here"
    return f":lock: Sorry, only {who} can {what}. Ask one of them, or ask an admin to add you with " \
           "`/srm owners editors add @you`."
