"""Versioned schema migrations (Alembic), run by the `release:` step: `srm db upgrade`.

Alembic (with Mako and its script machinery) is imported only to migrate: the web workers and
the clock merely check the schema's revision, which costs them no Alembic import (start-up time
and memory per worker).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from bot.config import ConfigError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "org_owners"
"""The newest revision under migrations/versions; tests/test_storage.py holds it to Alembic's head."""


class SchemaOutOfDate(ConfigError):
    """The database is behind the code (the release step has not run); the message says what to run."""


def _config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Back to an earlier schema (tests prove each migration can be undone)."""
    from alembic import command

    command.downgrade(_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded (its `alembic_version` table), read without importing Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if len(versions) > 1:
        raise SchemaOutOfDate(f"database schema has several heads {sorted(versions)}: run `srm db upgrade`")
    return versions[0] if versions else None


def head_revision() -> str:
    """Alembic's own view of the newest revision (imports Alembic: for the release step and tests)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def require_current(engine: Engine) -> None:
    """Refuse to serve on a schema the release step has not upgraded."""
    current = current_revision(engine)
    if current != HEAD:
        raise SchemaOutOfDate(f"database schema is at {current or 'nothing'}, the code needs {HEAD}: "
                              "run `srm db upgrade`")
