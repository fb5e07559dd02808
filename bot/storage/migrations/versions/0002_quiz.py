"""The daily quiz: schedules per channel, posts (one per channel and local date), answers, opt-outs.

Exactly-once rests on the keys here: quiz_posts (team, enterprise, channel, slot) and
quiz_answers (quiz_id, user_id).

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_schedules",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("channel_id", sa.String(32), primary_key=True),
        sa.Column("at_minute", sa.Integer, nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("days", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("paused_reason", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("active_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "quiz_posts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("slot", sa.String(64), nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(255), nullable=False),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("count_shown", sa.Integer, nullable=False, server_default="0"),
        sa.Column("count_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered", sa.Integer, nullable=True),
        sa.Column("answered_right", sa.Integer, nullable=True),
        sa.UniqueConstraint("team_id", "enterprise_id", "channel_id", "slot", name="uq_quiz_posts_slot"),
    )
    op.create_table(
        "quiz_answers",
        sa.Column("quiz_id", sa.Integer, sa.ForeignKey("quiz_posts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("choice", sa.String(16), nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_quiz_answers_channel", "quiz_answers",
                    ["team_id", "enterprise_id", "channel_id", "local_date"])
    op.create_table(
        "quiz_optouts",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), primary_key=True, server_default=""),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("quiz_optouts")
    op.drop_index("ix_quiz_answers_channel", table_name="quiz_answers")
    op.drop_table("quiz_answers")
    op.drop_table("quiz_posts")
    op.drop_table("quiz_schedules")
