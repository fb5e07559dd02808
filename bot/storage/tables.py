"""Every table the bot owns. Changes to this file go with a migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
)

metadata = MetaData()

processed_events = Table(
    "processed_events",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("team_id", String(32), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# -- the daily quiz (migration 0002). Every row is keyed by workspace: team_id, and enterprise_id
# ('' outside Enterprise Grid), since one database serves many installations.

quiz_schedules = Table(
    "quiz_schedules",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("channel_id", String(32), primary_key=True),
    Column("at_minute", Integer, nullable=False),  # minutes after local midnight
    Column("tz", String(64), nullable=False),
    Column("days", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # on | off | paused
    Column("paused_reason", String(64), nullable=False, server_default=""),
    Column("created_by", String(32), nullable=False),
    Column("active_from", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

quiz_posts = Table(
    "quiz_posts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("enterprise_id", String(32), nullable=False, server_default=""),
    Column("channel_id", String(32), nullable=False),
    Column("slot", String(64), nullable=False),  # the local date of a scheduled quiz; extra:<id> for /srm quiz now
    Column("local_date", Date, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("question_id", String(255), nullable=False),
    Column("answer", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("closes_at", DateTime(timezone=True), nullable=False),
    Column("message_ts", String(32), nullable=True),
    Column("count_shown", Integer, nullable=False, server_default="0"),
    Column("count_updated_at", DateTime(timezone=True), nullable=True),
    Column("revealed_at", DateTime(timezone=True), nullable=True),
    Column("answered", Integer, nullable=True),
    Column("answered_right", Integer, nullable=True),
    UniqueConstraint("team_id", "enterprise_id", "channel_id", "slot", name="uq_quiz_posts_slot"),
)

quiz_answers = Table(
    "quiz_answers",
    metadata,
    Column("quiz_id", Integer, ForeignKey("quiz_posts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("enterprise_id", String(32), nullable=False, server_default=""),
    Column("channel_id", String(32), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("choice", String(16), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    Index("ix_quiz_answers_channel", "team_id", "enterprise_id", "channel_id", "local_date"),
)

quiz_optouts = Table(
    "quiz_optouts",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("user_id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# -- owners of the customer side, per workspace (migration org_owners). Keyed by team_id and
# enterprise_id like the quiz, so forgetting a workspace (bot.storage.workspaces) deletes them.

org_owners = Table(
    "org_owners",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("service", String(64), primary_key=True, server_default=""),  # '' = any service
    Column("topic", String(64), primary_key=True, server_default=""),  # '' = any topic
    Column("kind", String(16), nullable=False),  # usergroup | user | channel
    Column("target_id", String(32), nullable=False),
    Column("label", String(255), nullable=False, server_default=""),
    Column("set_by", String(64), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

org_owner_stamps = Table(
    "org_owner_stamps",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("stamp", String(32), nullable=False),  # a new random value on every change of the mapping
)

org_owner_history = Table(
    "org_owner_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("enterprise_id", String(32), nullable=False, server_default=""),
    Column("action", String(16), nullable=False),  # set | clear | import | editor-add | editor-remove
    Column("scope", String(160), nullable=False, server_default=""),
    Column("owner", String(300), nullable=False, server_default=""),
    Column("previous", String(300), nullable=False, server_default=""),
    Column("changed_by", String(64), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("ix_org_owner_history_team", "team_id", "enterprise_id", "id"),
)

org_owner_editors = Table(
    "org_owner_editors",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("user_id", String(32), primary_key=True),
    Column("added_by", String(64), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

org_owner_pages = Table(
    "org_owner_pages",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), primary_key=True, server_default=""),
    Column("channel_id", String(32), primary_key=True),
    Column("thread_ts", String(32), primary_key=True),
    Column("target", String(64), primary_key=True),  # usergroup:S0123: one page per owner per thread
    Column("paged_by", String(32), nullable=False),
    Column("paged_at", DateTime(timezone=True), nullable=False),
)
