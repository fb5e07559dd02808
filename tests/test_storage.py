"""The event ledger: a claim is won once, across threads, and old claims are forgotten."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.storage import EventLedger, make_engine, upgrade
from bot.storage.migrate import current_revision, head_revision


def test_claims_are_won_once_across_threads(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    ledger = EventLedger(engine)
    with ThreadPoolExecutor(max_workers=8) as pool:
        wins = list(pool.map(lambda _: ledger.claim("event:Ev0RACE", "T1"), range(40)))
    assert wins.count(True) == 1
    engine.dispose()


def test_old_claims_are_forgotten(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    ledger = EventLedger(engine)
    assert ledger.claim("event:old")
    assert ledger.forget_before(datetime.now(UTC) - timedelta(hours=1)) == 0
    assert ledger.forget_before(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert ledger.claim("event:old"), "a forgotten claim can be won again"
    engine.dispose()


def test_the_winner_of_a_claim_writes_its_row_in_the_same_transaction(database_url: str) -> None:
    """A reply's claim carries its thread's context: written by the winner only (a retry of the
    same message, answered differently, never overwrites it), and updated by the next claim."""
    from bot.answering.followup import ThreadContext
    from bot.storage.threads import ThreadContexts, ThreadKey

    engine = make_engine(database_url)
    upgrade(engine)
    ledger, threads = EventLedger(engine), ThreadContexts(engine)
    thread = ThreadKey("T1", "", "C1", "1700000000.000100")
    now = datetime.now(UTC)
    contexts = [ThreadContext("rds", "patching", f"facet {i}") for i in range(20)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        wins = list(pool.map(lambda c: ledger.claim("reply:T1:C1:1", "T1", threads.row(thread, c, now)), contexts))
    assert wins.count(True) == 1
    assert threads.get(thread, now) == contexts[wins.index(True)]
    follow_up = ThreadContext("aurora", "encryption", None)
    assert ledger.start_claim("reply:T1:C1:2", "T1", threads.row(thread, follow_up, now)).first()
    assert threads.get(thread, now) == follow_up
    assert not ledger.claim("reply:T1:C1:2", "T1", threads.row(thread, contexts[0], now))
    assert threads.get(thread, now) == follow_up, "a lost claim writes nothing"
    engine.dispose()


def test_a_claim_that_fails_writes_nothing_and_leaves_its_connection_as_it_was(database_url: str) -> None:
    """The row breaks a constraint: the claim is rolled back with it (it can still be won), and
    the pooled connection goes back transactional, not in the autocommit the claim used."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from bot.storage.ledger import Upsert
    from bot.storage.tables import thread_contexts

    engine = make_engine(database_url, pool_size=1)
    upgrade(engine)
    ledger = EventLedger(engine)
    broken = Upsert(thread_contexts, {"team_id": "T1", "enterprise_id": "", "channel_id": "C1", "thread_ts": "1.1",
                                      "service": "rds", "topic": "patching", "facet": None, "updated_at": None},
                    keys=("team_id", "enterprise_id", "channel_id", "thread_ts"))
    with pytest.raises(DBAPIError):
        ledger.claim("reply:T1:C1:broken", "T1", broken)
    assert ledger.claim("reply:T1:C1:broken", "T1"), "nothing of the failed claim was kept"
    with engine.connect() as connection:  # the one pooled connection: still transactional
        connection.execute(text("INSERT INTO processed_events (key, team_id, created_at) "
                                "VALUES ('rolled-back', 'T1', CURRENT_TIMESTAMP)"))
        connection.rollback()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM processed_events WHERE key = 'rolled-back'")).scalar() == 0
    engine.dispose()
