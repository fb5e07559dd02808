"""Persistence behind small interfaces: the ledger of processed events, the quiz store."""

from bot.storage.db import make_engine
from bot.storage.ledger import EventLedger
from bot.storage.migrate import upgrade
from bot.storage.quiz_store import ChannelKey, QuizStore

__all__ = ["ChannelKey", "EventLedger", "QuizStore", "make_engine", "upgrade"]
