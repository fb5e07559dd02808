"""Find the service and the topic a question is about.

The question is cut into words, misspelt words are corrected against the knowledge base's own
vocabulary with rapidfuzz, and then known phrases (aliases, topic words, keywords) are looked up
longest-first. Matching the service and the topic separately, instead of the whole question
against every entry, keeps it typo-tolerant and cheap as the knowledge base grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from bot.answering.clean import tokenize
from bot.knowledge import KnowledgeBase

Kind = Literal["service", "topic", "keyword", "out"]

FUZZY_CUTOFF = 84.0
"""rapidfuzz ratio a misspelt word needs to count as a word we know ("pathces" -> "patches": 86)."""
NEAR_MISS_CUTOFF = 70.0
"""A service word this close is only offered as "did you mean", never answered."""
WEAK_TOPIC_CONFIDENCE = 0.9
MIN_FUZZY_LENGTH = 4

# Words that put a question without a service in the AWS / responsibility context. Without one
# of these (or a keyword of the model, or a phrase only clouds use), "encrypt my laptop" and
# "who patches the office wifi" would get an answer about AWS.
CLOUD_CONTEXT = frozenset(
    """aws amazon cloud clouds responsible responsibility responsibilities customer customers
    provider providers tenant ec2 vpc account accounts""".split()
)
CONTEXT_PHRASES = frozenset({("us", "or", "them"), ("us", "or", "aws"), ("our", "job"), ("on", "us"),
                             ("aws", "or", "us"), ("them", "or", "us"), ("our", "problem")})

# Common words never "corrected" into a knowledge-base word.
COMMON_WORDS = frozenset(
    """about above after again against also always another anyone anything around because been
    before being below between both cannot could does doing done down during each either else
    every from have having here hers herself himself into itself just like make many might more
    most much must myself need needs never only other ours ourselves over same should some such
    than that their theirs them themselves then there these they thing things this those through
    under until very want wants well were what when where which while whom whose will with would
    your yours yourself yourselves today tomorrow yesterday please thanks thank hello morning
    team folks guys people someone somebody something think know sure really maybe still again
    going gonna wanna getting looks look looking seems seem work works working help question
    posts spent spend lunch dinner coffee meeting office laptop phone wifi printer status slack""".split()
)


@dataclass(frozen=True)
class Target:
    kind: Kind
    id: str
    weight: int = 2
    """Topic phrases: 2 for strong, 1 for weak; a longer phrase adds one per extra word."""


@dataclass(frozen=True)
class Hit:
    target: Target
    position: int
    confidence: float
    phrase: tuple[str, ...]


@dataclass
class Signals:
    """Everything found in one question, before deciding."""

    hits: list[Hit] = field(default_factory=list)
    near_misses: dict[str, float] = field(default_factory=dict)
    tokens: tuple[str, ...] = ()

    def of(self, kind: Kind) -> list[Hit]:
        return [h for h in self.hits if h.target.kind == kind]


class PhraseIndex:
    """Every phrase of the knowledge base, keyed by its words, plus the vocabulary for typos."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.phrases: dict[tuple[str, ...], list[Target]] = defaultdict(list)
        for service in kb.services.values():
            names = service.aliases if service.id in kb.topics else (service.id, *service.aliases)
            for alias in names:
                self._add(alias, Target("service", service.id))
        for topic in kb.topics.values():
            for phrase in topic.strong:
                self._add(phrase, Target("topic", topic.id, 2 + phrase.count(" ")))
            for phrase in topic.weak:
                self._add(phrase, Target("topic", topic.id, 1 + phrase.count(" ")))
        for general in kb.general:
            for phrase in general.keywords:
                self._add(phrase, Target("keyword", general.ruling.entry, 2 + phrase.count(" ")))
        for phrase in kb.out_of_scope:
            self._add(phrase, Target("out", kb.out_of_scope[phrase]))
        self.max_words = max((len(k) for k in self.phrases), default=1)
        self.known_words = frozenset(w for key in self.phrases for w in key)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self.known_words):
            if len(word) >= MIN_FUZZY_LENGTH:
                by_length[len(word)].append(word)
        self._by_length = dict(by_length)
        service_words: dict[str, str] = {}
        for key, targets in self.phrases.items():
            for target in targets:
                if target.kind == "service" and len(key) == 1 and len(key[0]) >= MIN_FUZZY_LENGTH:
                    service_words[key[0]] = target.id
        self.service_words = service_words
        self.correct = lru_cache(maxsize=8192)(self._correct)

    def _add(self, phrase: str, target: Target) -> None:
        key = tuple(phrase.split())
        if key and target not in self.phrases[key]:
            self.phrases[key].append(target)

    def _candidates(self, word: str) -> Iterable[str]:
        for length in range(len(word) - 2, len(word) + 3):
            yield from self._by_length.get(length, ())

    def _correct(self, word: str) -> tuple[str, float, str | None, float]:
        """(known word, confidence, near-miss service word, its score) for one typed word."""
        if word in self.known_words:
            return word, 1.0, None, 0.0
        if len(word) < MIN_FUZZY_LENGTH or word in COMMON_WORDS or word.isdigit():
            return word, 1.0, None, 0.0
        best = process.extractOne(word, list(self._candidates(word)), scorer=fuzz.ratio,
                                  score_cutoff=NEAR_MISS_CUTOFF)
        if best is None:
            return word, 1.0, None, 0.0
        match, score, _ = best
        if score >= FUZZY_CUTOFF:
            return match, score / 100.0, None, 0.0
        if match in self.service_words:
            return word, 1.0, match, score
        return word, 1.0, None, 0.0

    def scan(self, text: str) -> Signals:
        """Find every known phrase, longest first, without overlaps."""
        raw = tokenize(text)
        words: list[str] = []
        confidences: list[float] = []
        signals = Signals()
        for token in raw:
            word, confidence, near, near_score = self.correct(token)
            words.append(word)
            confidences.append(confidence)
            if near is not None:
                sid = self.service_words[near]
                signals.near_misses[sid] = max(signals.near_misses.get(sid, 0.0), near_score / 100.0)
        signals.tokens = tuple(words)
        i = 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                targets = self.phrases.get(key)
                if targets:
                    confidence = min(confidences[i : i + n])
                    signals.hits.extend(Hit(t, i, confidence, key) for t in targets)
                    i += n
                    break
            else:
                i += 1
        return signals


def has_cloud_context(signals: Signals) -> bool:
    """Whether a question with no service is about clouds at all."""
    tokens = signals.tokens
    if any(t in CLOUD_CONTEXT for t in tokens):
        return True
    triples = {tuple(tokens[i : i + 3]) for i in range(len(tokens))}
    pairs = {tuple(tokens[i : i + 2]) for i in range(len(tokens))}
    return bool(CONTEXT_PHRASES & (triples | pairs))
