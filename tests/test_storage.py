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
