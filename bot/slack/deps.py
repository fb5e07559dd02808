"""What the listeners need, built once per process and handed to each `register(app, deps)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore

from bot.answering import Answerer
from bot.knowledge import KnowledgeBase
from bot.knowledge.playbooks import Playbook, load_playbooks
from bot.quiz import QuestionBank, load_bank
from bot.slack.owner_names import OrgOwners
from bot.storage import EventLedger, QuizStore
from bot.storage.feedback import FeedbackStore
from bot.storage.limits import ChannelLimits
from bot.storage.owners_cache import OwnersCache
from bot.storage.owners_store import OwnersStore


def utc_now() -> datetime:
    """The real clock; tests pass their own `clock` to Deps."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    answerer: Answerer
    ledger: EventLedger
    quiz: QuizStore = None  # type: ignore[assignment]  # default: on the ledger's database
    bank: QuestionBank = None  # type: ignore[assignment]  # default: the knowledge base's questions
    clock: Callable[[], datetime] = utc_now
    installations: InstallationStore | None = None
    """OAuth mode only: where each workspace's bot token lives."""
    limits: ChannelLimits = None  # type: ignore[assignment]  # default: on the ledger's database
    feedback: FeedbackStore = None  # type: ignore[assignment]  # default: on the ledger's database
    org_owners: OrgOwners = None  # type: ignore[assignment]  # default: cached on the ledger's database
    """Who owns the customer side in each workspace (the mapping, cached per process, and names)."""
    playbooks: tuple[Playbook, ...] = None  # type: ignore[assignment]  # default: the shipped knowledge/playbooks
    """Incident containment steps, from the same knowledge folder as the rest (SRM_KNOWLEDGE_DIR)."""

    def __post_init__(self) -> None:
        # Built here, at start-up, so an invalid quiz.yaml stops the app like the rest of the KB.
        if self.quiz is None:
            object.__setattr__(self, "quiz", QuizStore(self.ledger.engine))
        if self.org_owners is None:
            object.__setattr__(self, "org_owners", OrgOwners(OwnersCache(OwnersStore(self.ledger.engine))))
        if self.bank is None:
            object.__setattr__(self, "bank", load_bank(self.kb))
        if self.limits is None:
            object.__setattr__(self, "limits", ChannelLimits(self.ledger.engine))
        if self.feedback is None:
            object.__setattr__(self, "feedback", FeedbackStore(self.ledger.engine))
        if self.playbooks is None:
            object.__setattr__(self, "playbooks", load_playbooks(services=self.kb.services))

    @property
    def kb(self) -> KnowledgeBase:
        return self.answerer.kb

    @property
    def owners(self) -> OwnersStore:
        return self.org_owners.cache.store
