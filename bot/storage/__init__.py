"""Persistence behind small interfaces: the ledger of processed events, the quiz store."""

from bot.storage.db import make_engine
from bot.storage.ledger import EventLedger
from bot.storage.migrate import upgrade

__all__ = ["EventLedger", "make_engine", "upgrade"]
