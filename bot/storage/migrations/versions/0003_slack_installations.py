"""Slack installations and OAuth states, for OAuth (many-workspace) mode.

The tables are slack-sdk's own (SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore); this
migration creates them from the library's definitions so they are versioned with ours.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _metadatas():  # type: ignore[no-untyped-def]
    engine = op.get_bind().engine
    return (SQLAlchemyInstallationStore(client_id="migration", engine=engine).metadata,
            SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine).metadata)


def upgrade() -> None:
    for metadata in _metadatas():
        metadata.create_all(bind=op.get_bind())


def downgrade() -> None:
    for metadata in _metadatas():
        metadata.drop_all(bind=op.get_bind())
