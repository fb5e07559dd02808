"""What the listeners need, built once per process and handed to each `register(app, deps)`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering import Answerer
from bot.knowledge import KnowledgeBase
from bot.storage import EventLedger


@dataclass(frozen=True)
class Deps:
    answerer: Answerer
    ledger: EventLedger

    @property
    def kb(self) -> KnowledgeBase:
        return self.answerer.kb
