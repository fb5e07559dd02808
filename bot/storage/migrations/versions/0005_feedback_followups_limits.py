"""Replies people act on: answer feedback and gaps, thread context for follow-ups, per-channel
rate limits (`/srm quiz now`), and the workspace's escalation channel.

Exactly-once rests on uq_answer_feedback_once (one vote, one report, one "ask a human" per person
per answer) and on channel_limits' key (a compare-and-set per channel).

Revision ID: feedback_followups_limits
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "feedback_followups_limits"
down_revision = "org_owners"  # chained after main's org_owners at the merge
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_limits",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("channel_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "thread_contexts",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("channel_id", sa.String(32), primary_key=True),
        sa.Column("thread_ts", sa.String(32), primary_key=True),
        sa.Column("service", sa.String(64), nullable=True),
        sa.Column("topic", sa.String(64), nullable=True),
        sa.Column("facet", sa.String(255), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_thread_contexts_updated", "thread_contexts", ["updated_at"])
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("message_ts", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("entry", sa.String(255), nullable=True),
        sa.Column("question", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("source", sa.String(1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("team_id", "enterprise_id", "channel_id", "message_ts", "user_id", "slot",
                            name="uq_answer_feedback_once"),
    )
    op.create_index("ix_answer_feedback_created", "answer_feedback", ["team_id", "created_at"])
    op.create_table(
        "workspace_settings",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("escalation_channel", sa.String(32), nullable=True),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workspace_settings")
    op.drop_index("ix_answer_feedback_created", table_name="answer_feedback")
    op.drop_table("answer_feedback")
    op.drop_index("ix_thread_contexts_updated", table_name="thread_contexts")
    op.drop_table("thread_contexts")
    op.drop_table("channel_limits")
