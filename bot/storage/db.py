"""The database: SQLite by default, PostgreSQL at scale, reached through SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from bot.config import normalize_database_url


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine tuned for its backend.

    SQLite: one file shared by threads and processes, so WAL and a busy timeout instead of
    "database is locked". PostgreSQL: a pool sized for this process's threads.
    """
    url = normalize_database_url(url)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                         pool_timeout=5)


def dialect_insert(engine: Engine) -> Callable[..., Any]:
    """The backend's INSERT (with ON CONFLICT). Each dialect is imported only where it is in use:
    SQLAlchemy's PostgreSQL package alone costs a SQLite worker about 2 MB."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
