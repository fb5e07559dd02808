"""Shared fixtures. The knowledge base is loaded once per session: it is immutable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.knowledge import KnowledgeBase, load_knowledge

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)
