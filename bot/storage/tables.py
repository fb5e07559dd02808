"""Every table the bot owns. Changes to this file go with a migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, func

metadata = MetaData()

processed_events = Table(
    "processed_events",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("team_id", String(32), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
