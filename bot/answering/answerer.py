"""From a question to an Answer: pick the service and the topic, then look the ruling up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from bot.answering.answer import Alternative, Answer, Aspect
from bot.answering.intent import EXAMPLE, REPLIES, asks_about_responsibility, off_topic
from bot.answering.matcher import (
    WEAK_TOPIC_CONFIDENCE,
    Hit,
    PhraseIndex,
    Signals,
    asks_who_owns,
    has_cloud_context,
)
from bot.knowledge import Condition, GeneralEntry, KnowledgeBase, Layer, Owner, Ruling, Service

MATCH_THRESHOLD = 0.75
MAX_ALTERNATIVES = 3
UNSURE = "I couldn't tell which AWS service or responsibility you mean."
HINT_CONFIDENCE = 0.9
OVERVIEW_WORDS = frozenset({"overview", "breakdown", "summary", "tldr", "eli5"})
IN_GENERAL = ("in general", "generally", "overall", "in principle")


@dataclass(frozen=True)
class _Scored:
    id: str
    confidence: float
    score: int
    position: int


@dataclass(frozen=True)
class _Part:
    """What the question named inside a service: one facet or layer, or several that disagree."""

    ruling: Ruling
    aspect: Aspect | None = None
    depends: tuple[Condition, ...] = ()


def _best(scored: list[tuple[int, object]]) -> list[object]:
    """The items with the highest non-zero score."""
    scored = [(n, x) for n, x in scored if n]
    if not scored:
        return []
    top = max(n for n, _ in scored)
    return [x for n, x in scored if n == top]


class Answerer:
    """Answers questions from one knowledge base. Immutable after construction; share freely."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = PhraseIndex(kb)
        self._topic_rank = {tid: i for i, tid in enumerate(kb.tie_break or kb.topics)}
        self._general_by_topic: dict[str | None, list[GeneralEntry]] = defaultdict(list)
        self._general_by_id: dict[str, GeneralEntry] = {}
        for general in kb.general:
            self._general_by_topic[general.ruling.topic].append(general)
            self._general_by_id[general.ruling.entry] = general

    def ask(self, question: str) -> Answer:
        signals = self.index.scan(question)
        request = off_topic(signals)
        if request is not None:
            return self._unmatched(question, (), f"{REPLIES[request.kind]} {EXAMPLE}")
        other_cloud = next((h for h in signals.of("out") if h.target.id == "other-clouds"), None)
        services = self._rank_services(signals)
        named_by = {h.phrase for h in signals.of("service") if services and h.target.id == services[0].id}
        topics = self._rank_topics(signals, named_by=named_by)
        if other_cloud is not None:
            # "gcs bucket uniform access": "bucket" is not S3 here. Offer, never assert.
            guesses = tuple(Alternative(s.id, topics[0].id if topics else None, s.confidence * 0.5)
                            for s in services[:MAX_ALTERNATIVES])
            return self._unmatched(question, guesses, _not_covered(other_cloud))
        named = {h.target.id for h in signals.of("service")}
        not_covered = next((h for h in signals.of("out") if h.target.id != "other-tools"), None)
        if not_covered is not None and not named:
            # "app runner: do we patch the instances?": a resource word is no reason to guess EC2.
            return self._unmatched(question, (), _not_covered(not_covered))
        if services and self._about_the_model(signals, topics):
            general = self._general_answer(question, signals, topics)
            if general.matched:
                return general
        if services:
            return self._service_answer(question, signals, services, topics)
        return self._general_answer(question, signals, topics)

    @staticmethod
    def _named_facets(ruling: Ruling, signals: Signals) -> list[Condition]:
        """The facets the question names most specifically (the most and longest keywords)."""
        return _best([(sum(len(k.split()) for k in c.keywords if signals.mentions(k)), c)
                      for c in ruling.facets])  # type: ignore[return-value]

    @staticmethod
    def _named_layers(service: Service, signals: Signals) -> list[Layer]:
        return _best([(max((len(w.split()) for w in la.words if signals.mentions(w)), default=0), la)
                      for la in service.layers])  # type: ignore[return-value]

    def _pick_part(self, service: Service, topic: _Scored | None, signals: Signals) -> _Part:
        """The ruling to answer and the part of it the question named.

        A named facet of the topic's ruling comes first, then a layer of the service's stack
        (which can also supply the topic: "a kernel cve under our tasks" is patching). When the
        topic itself is only hinted at, a facet of another topic that the question names
        outright wins ("is rotation automatic" is about rotation, wherever it is filed).
        Parts that are named equally but disagree on the owner are all shown: never guess.
        """
        ruling = self.kb.ruling(service.id, topic.id if topic else None)
        part = self._facet_part(ruling, signals)
        if part is not None:
            return part
        layers = [la for la in self._named_layers(service, signals) if topic is None or topic.id in la.topics]
        if layers:
            layer = layers[0]
            if topic is None:
                ruling = self.kb.ruling(service.id, layer.topics[0])
                part = self._facet_part(ruling, signals)
                if part is not None:
                    return part
            if len({la.owner for la in layers}) == 1:
                return _Part(ruling, aspect=Aspect.of_layer(layer))
            return _Part(ruling)
        if topic is not None and topic.score <= 1:
            for other in service.rulings.values():
                part = self._facet_part(other, signals)
                if part is not None and part.aspect is not None:
                    return part
        return _Part(ruling)

    def _facet_part(self, ruling: Ruling, signals: Signals) -> _Part | None:
        facets = self._named_facets(ruling, signals)
        if not facets:
            return None
        if len({c.owner for c in facets}) == 1:
            return _Part(ruling, aspect=Aspect.of_facet(facets[0]))
        return _Part(ruling, depends=tuple(facets))

    def _model_level(self, entry_id: str) -> bool:
        """A general entry about the model as a whole ("of the cloud", "paas"), not one topic."""
        return self._general_by_id[entry_id].ruling.topic is None

    def _asks_about_service(self, signals: Signals, service: Service) -> bool:
        """Whether a question that names a service and no topic asks anything about its security."""
        return (asks_who_owns("", signals) or asks_about_responsibility(signals.words)
                or self._asks_for_overview(signals) or bool(self._named_layers(service, signals))
                or any(c.is_facet for r in service.rulings.values() for c in self._named_facets(r, signals)))

    def _asks_for_overview(self, signals: Signals) -> bool:
        if signals.of("frame") or any(w in OVERVIEW_WORDS for w in signals.words):
            return True
        return any(self._model_level(h.target.id) and self._general_by_id[h.target.id].default
                   for h in signals.of("keyword"))

    def _about_the_model(self, signals: Signals, topics: list[_Scored]) -> bool:
        """Services named only as examples: "saas like s3 and lambda", "tools like cloudtrail,
        cloudwatch and config"."""
        if len({h.target.id for h in signals.of("service")}) >= 3:
            return True
        return not topics and any(self._model_level(h.target.id) and not self._general_by_id[h.target.id].default
                                  for h in signals.of("keyword"))

    def answer_entry(self, question: str, entry: str) -> Answer | None:
        """Answer a chosen entry ("did you mean", shared answers, quiz reveals)."""
        ruling = self.kb.entry(entry)
        return self._answer(question, ruling, 1.0) if ruling else None

    def answer_part(self, question: str, entry: str, parts: tuple[str, ...] = ()) -> Answer | None:
        """Answer an entry for the part(s) an earlier answer named (facet or layer names), so a
        More / Less click renders the same answer again with no server-side state."""
        ruling = self.kb.entry(entry)
        if ruling is None:
            return None
        facets = tuple(c for c in ruling.facets if c.when in parts)
        if len({c.owner for c in facets}) > 1:
            return self._answer(question, ruling, 1.0, depends=facets)
        if facets:
            return self._answer(question, ruling, 1.0, aspect=Aspect.of_facet(facets[0]))
        service = self.kb.services.get(ruling.service or "")
        layer = next((la for la in service.layers if la.name in parts), None) if service else None
        return self._answer(question, ruling, 1.0, aspect=Aspect.of_layer(layer) if layer else None)

    def _answer(
        self,
        question: str,
        ruling: Ruling,
        confidence: float,
        alternatives: tuple[Alternative, ...] = (),
        *,
        aspect: Aspect | None = None,
        depends: tuple[Condition, ...] = (),
    ) -> Answer:
        """Every answer is built here, so each gets its names, headline and (overviews) layers."""
        service = self.kb.services.get(ruling.service) if ruling.service else None
        topic = self.kb.topics.get(ruling.topic) if ruling.topic else None
        overview = service is not None and topic is None
        tally: dict[Owner, int] | None = None
        if overview and service is not None:
            tally = defaultdict(int)
            for r in service.rulings.values():
                tally[r.owner] += 1
        return Answer.from_ruling(
            question, ruling, confidence, alternatives,
            service_name=service.name if service else "", topic_name=topic.name if topic else "",
            aspect=aspect, depends=depends,
            layers=service.layers if overview and service is not None else None, tally=tally,
        )

    def services_in(self, text: str) -> list[str]:
        """Services named in the text, in the order they appear (for `/srm compare a b`)."""
        seen: list[str] = []
        for hit in sorted(self.index.scan(text).of("service"), key=lambda h: h.position):
            if hit.confidence >= MATCH_THRESHOLD and hit.target.id not in seen:
                seen.append(hit.target.id)
        return seen

    def service_named(self, text: str) -> str | None:
        """The service if the text names a service and nothing else (`/srm rds`)."""
        signals = self.index.scan(text)
        hits = [h for h in signals.of("service") if h.confidence >= MATCH_THRESHOLD]
        covered = sum(len(h.phrase) for h in {h.phrase: h for h in hits}.values())
        ids = {h.target.id for h in hits}
        if len(ids) == 1 and covered == len(signals.tokens):
            return ids.pop()
        return None

    # -- ranking -----------------------------------------------------------------------------

    def _rank_services(self, signals: Signals) -> list[_Scored]:
        """Services named in the question, best first.

        A word that is both a service and a topic ("kms", "cloudtrail") names the service only
        when no other service is named: "encrypt s3 with kms" is about S3.
        """
        topic_phrases = {h.phrase for h in signals.of("topic") if not h.target.embedded}
        by_service: dict[str, list[Hit]] = defaultdict(list)
        for hit in signals.of("service"):
            by_service[hit.target.id].append(hit)
        if not by_service:
            # No service named: a resource word ("our functions", "the distribution") will do,
            # a little less surely.
            general = {h.phrase for h in signals.of("keyword")}
            for hit in signals.of("hint"):
                if hit.phrase not in general:  # "users, groups and roles": the seed's statement, not IAM
                    by_service[hit.target.id].append(replace(hit, confidence=hit.confidence * HINT_CONFIDENCE))
        plain = {s for s, hits in by_service.items() if any(h.phrase not in topic_phrases for h in hits)}
        if not plain and any(signals.mentions(p) for p in IN_GENERAL):
            return []  # "who is responsible for iam in general": the topic, not the IAM service
        chosen = plain or set(by_service)
        ranked = [
            _Scored(
                id=s,
                confidence=max(h.confidence for h in by_service[s]),
                score=len(by_service[s]),
                position=min(h.position for h in by_service[s]),
            )
            for s in chosen
        ]
        ranked.sort(key=lambda c: (-c.confidence, -c.score, c.position))
        return ranked

    def _rank_topics(self, signals: Signals, named_by: set[tuple[str, ...]]) -> list[_Scored]:
        """Topics asked about, best first.

        Words that named the chosen service say little about the topic: a one-word alias that
        is also a topic word ("kms") names only the service; a longer one ("shield advanced")
        counts as a hint.
        """
        score: dict[str, int] = defaultdict(int)
        strong: dict[str, float] = {}
        weak: dict[str, float] = {}
        position: dict[str, int] = {}
        for hit in signals.of("topic"):
            weight = hit.target.weight
            if hit.phrase in named_by and not hit.target.embedded:
                if len(hit.phrase) == 1:
                    continue
                weight = 1
            tid = hit.target.id
            score[tid] += weight
            position.setdefault(tid, hit.position)
            bucket = strong if weight >= 2 else weak
            bucket[tid] = max(bucket.get(tid, 0.0), hit.confidence)
        ranked = [
            _Scored(
                id=tid,
                confidence=strong[tid] if tid in strong else weak[tid] * WEAK_TOPIC_CONFIDENCE,
                score=score[tid],
                position=position[tid],
            )
            for tid in score
        ]
        ranked.sort(key=lambda c: (-c.score, self._topic_rank[c.id]))
        return ranked

    # -- answers ------------------------------------------------------------------------------

    def _service_answer(
        self, question: str, signals: Signals, services: list[_Scored], topics: list[_Scored]
    ) -> Answer:
        service = services[0]
        topic = topics[0] if topics else None
        if topic is not None and topic.score <= 1 and self._asks_for_overview(signals):
            topic = None  # "eks - what's on us vs on them, quick version pls"
        if topic is None and not self._asks_about_service(signals, self.kb.services[service.id]):
            # "lunch at the dynamo cafe?": a service's name alone is not a question. Offer the overview.
            return self._unmatched(question, (Alternative(service.id, None, service.confidence * 0.5),), UNSURE)
        confidence = service.confidence * (topic.confidence if topic else 1.0)
        alternatives = [Alternative(s.id, topic.id if topic else None, s.confidence * 0.9)
                        for s in services[1:]]
        alternatives += [Alternative(service.id, t.id, confidence * 0.8) for t in topics[1:2]]
        alternatives = alternatives[:MAX_ALTERNATIVES]
        if confidence < MATCH_THRESHOLD:
            guess = Alternative(service.id, topic.id if topic else None, confidence)
            return self._unmatched(question, (guess, *alternatives), UNSURE)
        part = self._pick_part(self.kb.services[service.id], topic, signals)
        return self._answer(question, part.ruling, confidence, tuple(alternatives),
                            aspect=part.aspect, depends=part.depends)

    def _general_answer(self, question: str, signals: Signals, topics: list[_Scored]) -> Answer:
        out = signals.of("out")
        if out:
            return self._unmatched(question, (), _not_covered(out[0]))
        keywords: dict[str, int] = defaultdict(int)
        keyword_confidence: dict[str, float] = {}
        for hit in signals.of("keyword"):
            keywords[hit.target.id] += hit.target.weight
            keyword_confidence[hit.target.id] = max(keyword_confidence.get(hit.target.id, 0.0), hit.confidence)
        near = sorted(signals.near_misses.items(), key=lambda kv: -kv[1])
        topic = topics[0] if topics else None
        guesses = tuple(Alternative(s, topic.id if topic else None, score) for s, score in near)
        if topic is not None and topic.score <= 1 and any(
            self._general_by_id[e].default and self._general_by_id[e].ruling.topic for e in keywords
        ):
            topic = None  # a hint of a topic ("config") weighs less than a keyword ("provides tools")
        entry = self._pick_general(topic.id if topic else None, keywords)
        if entry is None and topic is None:
            frames = [h.target.id for h in signals.of("frame")]
            entry = self._general_by_id[frames[0]] if frames else None
            keywords = {frames[0]: 1} if frames else keywords
        # Evidence for the entry itself: its topic named outright, or its own keywords; a keyword
        # of another entry ("server" in "server closet") is not enough.
        about_the_model = any(self._model_level(e) for e in keywords)  # "paas", "of the cloud"
        own_keywords = entry is not None and (entry.ruling.entry in keywords or about_the_model)
        strong_evidence = own_keywords or any(t.score >= 2 for t in topics[:1]) or bool(signals.of("frame"))
        in_context = (strong_evidence and (bool(keywords) or has_cloud_context(signals))
                      and (about_the_model or asks_who_owns(question, signals)))
        if entry is None or not in_context or guesses:
            if topic and not guesses:
                guesses = (Alternative(None, topic.id, topic.confidence * 0.5),)
            return self._unmatched(question, guesses[:MAX_ALTERNATIVES], UNSURE)
        confidence = topic.confidence if topic else keyword_confidence.get(entry.ruling.entry, 1.0)
        if confidence < MATCH_THRESHOLD:
            return self._unmatched(question, (Alternative(None, entry.ruling.topic, confidence),), UNSURE)
        alternatives = tuple(Alternative(None, t.id, t.confidence * 0.8) for t in topics[1:2])
        return self._answer(question, entry.ruling, confidence, alternatives)

    def _pick_general(self, topic: str | None, keywords: dict[str, int]) -> GeneralEntry | None:
        if topic is not None:
            pool = self._general_by_topic.get(topic, [])
            scored = [g for g in pool if keywords.get(g.ruling.entry)]
            if scored:
                # On a tie the specific entry ("hipaa") beats the topic's default ("compliance").
                return max(scored, key=lambda g: (keywords[g.ruling.entry], not g.default))
            return next((g for g in pool if g.default), None)
        if not keywords:
            return None
        best = max(keywords.values())
        tied = [self._general_by_id[e] for e, score in keywords.items() if score == best]
        if len({g.ruling.owner for g in tied}) > 1:
            # "security OF the cloud vs IN the cloud": both halves asked, so the whole model answers.
            return next((g for g in self._general_by_topic[None] if g.default), tied[0])
        return tied[0]

    @staticmethod
    def _unmatched(question: str, alternatives: tuple[Alternative, ...], refusal: str) -> Answer:
        confidence = max((a.confidence for a in alternatives), default=0.0)
        return Answer(question=question, matched=False, confidence=confidence,
                      alternatives=alternatives, refusal=refusal)


_NOT_COVERED = {
    "other-clouds": "is another cloud",
    "other-tools": "is not an AWS service",
    "aws-services-not-covered": "is an AWS service I don't cover yet",
}


def _not_covered(hit: Hit) -> str:
    what = " ".join(hit.phrase)
    kind = _NOT_COVERED.get(hit.target.id, "is not something I know about")
    return f"“{what}” {kind}; I only know the AWS services listed by `/srm services`."
