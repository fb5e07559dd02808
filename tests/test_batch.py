"""Unanswered questions are written off the request's path, many to a transaction, and a
database that is away loses rows, never requests (bot/storage/batch.py)."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import make_engine, upgrade
from bot.storage.batch import BatchWriter
from bot.storage.feedback import FeedbackStore, Unanswered

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _question(i: int) -> Unanswered:
    return Unanswered("T1", "", "C1", "U1", f"who owns the flux capacitor {i}", "rds/patching" if i % 2 else None, NOW)


def test_rows_queued_together_are_written_in_one_transaction(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    store = FeedbackStore(engine)
    batches: list[int] = []

    def write(rows: list[Unanswered]) -> None:
        batches.append(len(rows))
        store.record_unanswered_many(rows)

    writer = BatchWriter(write, what="test rows", linger=0.3)
    for i in range(50):
        writer.put(_question(i))
    assert writer.flush(10)
    rows = list(store.since(NOW - timedelta(days=1)))
    assert sorted(r.question for r in rows) == sorted(f"who owns the flux capacitor {i}" for i in range(50))
    assert {r.kind for r in rows} == {"unanswered"}
    assert sum(batches) == 50 and len(batches) <= 2, batches
    engine.dispose()


def test_a_failed_write_is_logged_and_the_writer_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    written: list[Unanswered] = []
    failures = iter([True])

    def write(rows: list[Unanswered]) -> None:
        if next(failures, False):
            raise OSError("database away")
        written.extend(rows)

    writer = BatchWriter(write, what="test rows", linger=0.0)
    writer.put(_question(1))
    assert writer.flush(5)
    writer.put(_question(2))
    assert writer.flush(5)
    assert [q.question for q in written] == ["who owns the flux capacitor 2"]
    assert any("1 not written (OSError)" in r.getMessage() for r in caplog.records)


def test_a_full_queue_drops_rows_without_blocking(caplog: pytest.LogCaptureFixture) -> None:
    """A hung database: the writer is stuck in its write; `put` still returns at once."""
    release = threading.Event()
    writer = BatchWriter(lambda rows: release.wait(10), what="test rows", linger=0.0, max_batch=1, max_pending=3)
    with caplog.at_level(logging.WARNING, logger="bot.storage.batch"):
        for i in range(20):
            writer.put(_question(i))
    drops = [r for r in caplog.records if "dropping new ones" in r.getMessage()]
    assert len(drops) == 1
    release.set()
    assert writer.flush(10)
