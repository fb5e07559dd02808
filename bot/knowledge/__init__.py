"""The knowledge base: YAML in, validated immutable values out. Knows nothing of Slack."""

from bot.knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge
from bot.knowledge.reader import normalize_phrase
from bot.knowledge.schema import (
    OWNERS,
    Condition,
    GeneralEntry,
    KnowledgeBase,
    Owner,
    Ruling,
    Service,
    Topic,
)

__all__ = [
    "DEFAULT_DIR",
    "OWNERS",
    "Condition",
    "GeneralEntry",
    "KnowledgeBase",
    "KnowledgeError",
    "Owner",
    "Ruling",
    "Service",
    "Topic",
    "load_knowledge",
    "normalize_phrase",
]
