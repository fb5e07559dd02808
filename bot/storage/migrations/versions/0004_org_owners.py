"""Owners of the customer side per workspace: the mapping, its change stamp (cache invalidation
across processes), its history, its editors, and one Page per owner per thread.

Revision ID: org_owners
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "org_owners"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_owners",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("service", sa.String(64), primary_key=True, server_default=""),
        sa.Column("topic", sa.String(64), primary_key=True, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(32), nullable=False),
        sa.Column("label", sa.String(255), nullable=False, server_default=""),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "org_owner_stamps",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("stamp", sa.String(32), nullable=False),
    )
    op.create_table(
        "org_owner_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(160), nullable=False, server_default=""),
        sa.Column("owner", sa.String(300), nullable=False, server_default=""),
        sa.Column("previous", sa.String(300), nullable=False, server_default=""),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_org_owner_history_team", "org_owner_history", ["team_id", "enterprise_id", "id"])
    op.create_table(
        "org_owner_editors",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "org_owner_pages",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("channel_id", sa.String(32), primary_key=True),
        sa.Column("thread_ts", sa.String(32), primary_key=True),
        sa.Column("target", sa.String(64), primary_key=True),
        sa.Column("paged_by", sa.String(32), nullable=False),
        sa.Column("paged_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("org_owner_pages")
    op.drop_table("org_owner_editors")
    op.drop_index("ix_org_owner_history_team", table_name="org_owner_history")
    op.drop_table("org_owner_history")
    op.drop_table("org_owner_stamps")
    op.drop_table("org_owners")
