"""Per-workspace owners of the customer side ("In your org: @platform-oncall"). Pure; no Slack."""

from bot.owners.model import (
    DEFAULT_SCOPE,
    EMPTY,
    Assignment,
    OwnerError,
    OwnerMap,
    OwnerRef,
    Scope,
    ScopeError,
    bare_handle,
    parse_owner,
    parse_scope,
    shows_org_owner,
)

__all__ = [
    "DEFAULT_SCOPE",
    "EMPTY",
    "Assignment",
    "OwnerError",
    "OwnerMap",
    "OwnerRef",
    "Scope",
    "ScopeError",
    "bare_handle",
    "parse_owner",
    "parse_scope",
    "shows_org_owner",
]
