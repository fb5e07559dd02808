"""Versioned schema migrations (Alembic), run by the `release:` step: `srm db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaOutOfDate(Exception):
    """The database is behind the code; the message says what to run."""


def _config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Back to an earlier schema (tests prove each migration can be undone)."""
    command.downgrade(_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def require_current(engine: Engine) -> None:
    """Refuse to serve on a schema the release step has not upgraded."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutOfDate(f"database schema is at {current or 'nothing'}, the code needs {head}: "
                              "run `srm db upgrade`")
