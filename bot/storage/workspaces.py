"""What leaving a workspace deletes: every row the bot keeps for it (see README "Data kept")."""

from __future__ import annotations

from sqlalchemy import Engine, delete

from bot.storage.tables import metadata


def forget_workspace(engine: Engine, team_id: str, enterprise_id: str = "") -> int:
    """Delete the workspace's rows from every table of ours keyed by team (quiz, owners and their
    history, editors, pages and change stamp, claims); returns rows deleted."""
    deleted = 0
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if "team_id" not in table.c:
                continue
            condition = table.c.team_id == team_id
            if "enterprise_id" in table.c:
                condition &= table.c.enterprise_id == (enterprise_id or "")
            deleted += connection.execute(delete(table).where(condition)).rowcount or 0
    return deleted
