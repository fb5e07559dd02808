"""The knowledge base: YAML in, validated immutable values out. Knows nothing of Slack."""

from bot.knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge
from bot.knowledge.reader import normalize_phrase
from bot.knowledge.schema import (
    OWNERS,
    Condition,
    GeneralEntry,
    KnowledgeBase,
    Layer,
    Owner,
    Ruling,
    Service,
    Source,
    Topic,
)

__all__ = [
    "DEFAULT_DIR",
    "OWNERS",
    "Condition",
    "GeneralEntry",
    "KnowledgeBase",
    "KnowledgeError",
    "Layer",
    "Owner",
    "Ruling",
    "Service",
    "Source",
    "Topic",
    "load_knowledge",
    "normalize_phrase",
]
