"""The database: SQLite by default, PostgreSQL at scale, reached through SQLAlchemy.

Every way a database can make a caller wait is bounded, so a database that hangs (a partition, a
frozen host, a stuck failover: connections open, nothing answers) costs seconds, never threads:

- connecting: `connect_timeout` (PostgreSQL); SQLite opens a local file;
- waiting for a pooled connection: `pool_timeout`;
- a statement: PostgreSQL's `statement_timeout` while the server answers, and a watchdog that
  cuts the socket of a connection held past its deadline when it does not (no driver offers a
  client-side deadline for a server that has stopped answering); SQLite's busy timeout.

PostgreSQL connections are not pinged on every checkout (`pool_pre_ping` costs a round trip
each time): only one that sat idle for a while is pinged, connections are recycled, and a
disconnect invalidates the pool so the next checkout gets a fresh one (see `retry_on_disconnect`).
"""

from __future__ import annotations

import heapq
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import StaticPool

from bot.config import normalize_database_url

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3
"""Seconds to open a PostgreSQL connection (libpq counts whole seconds, at least 2)."""
POOL_TIMEOUT = 2.0
"""Seconds to wait for a pooled connection when every one is in use."""
STATEMENT_TIMEOUT = 5.0
"""Seconds a statement may run (PostgreSQL) or wait for a lock (SQLite)."""
HOLD_DEADLINE = STATEMENT_TIMEOUT + 1.0
"""Seconds a connection may stay checked out before the watchdog cuts it; a little past the
server's own statement timeout, so a live server always answers first."""
IDLE_PING_AFTER = 30.0
"""A pooled PostgreSQL connection idle longer than this is pinged before use."""
RECYCLE_AFTER = 1800

T = TypeVar("T")


def make_engine(url: str, *, pool_size: int = 5, timeouts: bool = True) -> Engine:
    """An engine tuned for its backend.

    SQLite: one file shared by threads and processes, so WAL and a busy timeout instead of
    "database is locked"; `synchronous=NORMAL`, which in WAL mode never corrupts and only risks
    the last commits on power loss, fine for claims and quiz clicks and far cheaper than an
    fsync per claim. PostgreSQL: a pool sized for this process's threads.

    `timeouts=False` is for migrations (`srm db upgrade`), which may legitimately run long.
    """
    url = normalize_database_url(url)
    busy_ms = int(STATEMENT_TIMEOUT * 1000) if timeouts else 60_000
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_ms / 1000},
            poolclass=StaticPool if memory else None,
            **({} if memory else {"pool_size": pool_size, "max_overflow": pool_size, "pool_timeout": POOL_TIMEOUT}),
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine

    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=POOL_TIMEOUT,
                           pool_recycle=RECYCLE_AFTER, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    if timeouts:  # the watchdog first: it must be armed before anything below talks to the server
        Watchdog(HOLD_DEADLINE).watch(engine)
        _statement_timeout(engine, STATEMENT_TIMEOUT)
    _ping_when_idle(engine)
    return engine


def retry_on_disconnect(work: Callable[[], T]) -> T:
    """Run `work` again, once, if it failed because its connection was dead (a restarted or
    failed-over server): the failure has invalidated the pool, so the retry connects afresh."""
    try:
        return work()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        log.info("database connection lost; retrying on a fresh one")
        return work()


def _statement_timeout(engine: Engine, seconds: float) -> None:
    """Set once per new connection (not as a startup `options` parameter, which PgBouncer refuses)."""

    @event.listens_for(engine, "connect")
    def _set(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute(f"SET statement_timeout = {int(seconds * 1000)}")
            dbapi_connection.execute(f"SET lock_timeout = {int(seconds * 1000)}")
        finally:
            dbapi_connection.autocommit = autocommit


def _ping_when_idle(engine: Engine) -> None:
    """Ping a connection only when it has sat idle long enough for the server or a proxy to have
    dropped it; a busy pool pays nothing. A failed ping makes the pool connect afresh."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info["srm_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        idle_since = record.info.pop("srm_idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_AFTER:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError(f"idle connection failed its ping: {error}") from error
        if not alive:
            raise DisconnectionError("idle connection failed its ping")


class Watchdog:
    """Cuts the socket of a PostgreSQL connection checked out for longer than `deadline`.

    A server that stops answering leaves the driver blocked in a read that no timeout of its own
    ends (TCP keepalives do not fire while the peer's kernel still acknowledges). Shutting the
    socket down wakes that read with an error; SQLAlchemy then sees a disconnect, invalidates
    the connection and the pool, and the thread is free again.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._held: dict[int, tuple[float, int]] = {}  # id(record) -> (deadline, socket fd)
        self._heap: list[tuple[float, int]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, engine: Engine) -> None:
        @event.listens_for(engine, "connect")
        def _arm_new(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
            fd = _socket_of(dbapi_connection)
            if fd is not None:
                self._arm(id(record), fd)

        @event.listens_for(engine, "checkout")
        def _arm(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
            fd = _socket_of(dbapi_connection)
            if fd is not None:
                self._arm(id(record), fd)

        @event.listens_for(engine, "checkin")
        def _disarm(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
            self._disarm(id(record))

        @event.listens_for(engine, "invalidate")
        def _invalidated(_dbapi_connection, record, _exception) -> None:  # type: ignore[no-untyped-def]
            self._disarm(id(record))

    def _arm(self, key: int, fd: int) -> None:
        due = time.monotonic() + self.deadline
        with self._wake:
            self._held[key] = (due, fd)
            heapq.heappush(self._heap, (due, key))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="srm-db-watchdog", daemon=True)
                self._thread.start()
            elif len(self._heap) == 1:
                self._wake.notify()

    def _disarm(self, key: int) -> None:
        with self._wake:
            self._held.pop(key, None)

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                while self._heap and self._heap[0][0] <= now:
                    due, key = heapq.heappop(self._heap)
                    held = self._held.get(key)
                    if held is not None and held[0] == due:
                        del self._held[key]
                        _cut(held[1])
                # Stale heap entries (disarmed connections) are dropped when they come due.
                self._wake.wait(self._heap[0][0] - now if self._heap else None)


def _socket_of(dbapi_connection: Any) -> int | None:
    pgconn = getattr(dbapi_connection, "pgconn", None)  # psycopg 3
    try:
        return int(pgconn.socket) if pgconn is not None else None
    except Exception:
        return None


def _cut(fd: int) -> None:
    log.warning("database connection held past %.0f s (the server is not answering): cutting it", HOLD_DEADLINE)
    try:
        sock = socket.socket(fileno=fd)
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()  # the driver still owns the descriptor; it closes it itself


def dialect_insert(engine: Engine) -> Callable[..., Any]:
    """The backend's INSERT (with ON CONFLICT). Each dialect is imported only where it is in use:
    SQLAlchemy's PostgreSQL package alone costs a SQLite worker about 2 MB."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
