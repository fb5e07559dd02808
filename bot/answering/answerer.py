"""From a question to an Answer: pick the service and the topic, then look the ruling up."""

from __future__ import annotations

import operator
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from bot.answering.answer import Alternative, Answer, Aspect, OptionAnswer
from bot.answering.choices import Choices, split_choices
from bot.answering.headline import WHOSE
from bot.answering.intent import EXAMPLE, NOTHING_ASKED, REPLIES, asks_about_responsibility, off_topic
from bot.answering.matcher import (
    CONTROL_MARK,
    FINDING_MARK,
    WEAK_TOPIC_CONFIDENCE,
    Hit,
    PhraseIndex,
    Signals,
    Target,
    asks_who_owns,
    has_cloud_context,
    part_phrase,
    stem,
)
from bot.answering.parts import PartWords
from bot.answering.phrasing import (
    FAILING,
    SAID_OFF,
    asks_for_the_split,
    asks_if_covered,
    asks_if_inherited,
    asks_what_remains,
    asks_which_hold_data,
    asks_who_decides,
    asks_who_for_each,
    asks_who_may,
    calls_ours_compliant,
    credits_both_sides,
    names_a_promotion,
    names_a_purpose,
    says_off_or_turn_on,
    without_turned_down,
    years_it_predates,
)
from bot.answering.vocabulary import (
    ABLE,
    ACCESS_TOPIC,
    ACTOR_PHRASES,
    AT_REST_TOPIC,
    AUDITORS,
    AVAILABILITY_TOPIC,
    BARE_QUESTION_WORDS,
    BILLING_TOPIC,
    CLASSIFICATION_TOPIC,
    COMMON_NOUN_ALIASES,
    COMPARED,
    CONTEXT_TOPIC,
    DATA_TOPICS,
    DEMANDS,
    DESTINATION_WORDS,
    ELSEWHERE,
    ENCRYPTION_ALONE,
    FAILOVER_STEMS,
    FEDERATION,
    HELD_DATA,
    IN_TRANSIT_TOPIC,
    INFRASTRUCTURE_TOPICS,
    INTERNET_FACING,
    INVESTIGATION_TOPIC,
    LOGGING_TOPIC,
    MACHINE_WORDS,
    MIGRATION_WORDS,
    MONITORING_MEANS,
    NETWORK_TOPIC,
    NOT_COVERED,
    NOUN_DETERMINERS,
    ON_PREMISES,
    ONE_RESOURCE_OR_PRACTICE,
    ORIGIN_VERBS,
    OS_CONFIG_TOPIC,
    OTHER_CLOUDS,
    OTHER_TOOLS,
    OURS,
    OWNERSHIP_WORDS,
    PATCHING_TOPIC,
    PORTION_OWNERS,
    PRODUCT_TIERS,
    PURPOSE_MARKERS,
    REMEDIES,
    REPORTER_WORDS,
    RESPONSE_VERBS,
    SERVICE_CONFIG_TOPIC,
    SERVICE_PARTS_AFTER_CONFIG,
    TEAM_WORDS,
    TOGGLED,
    UNDERNEATH,
    UPDATE_VERBS,
    VERSUS,
    YOUR_RESOURCES,
)
from bot.knowledge import Condition, GeneralEntry, KnowledgeBase, Layer, Owner, Ruling, Service

MATCH_THRESHOLD = 0.75
"""Below this the answer is a "did you mean", never an assertion."""
GUESS_DISCOUNT = 0.5
"""Confidence of a choice offered only as a guess (another cloud's word, a bare service name)."""
OTHER_SERVICE_DISCOUNT = 0.9
"""A second service named in the question, offered as an alternative."""
SECOND_TOPIC_DISCOUNT = 0.8
"""The runner-up topic, offered as an alternative."""
MAX_ALTERNATIVES = 3
UNSURE = "I couldn't tell which AWS service or responsibility you mean."
WHICH_SERVICE = "That description fits more than one AWS service, and their owners differ: which one is it?"
HINT_CONFIDENCE = 0.9
PART_CONFIDENCE = 0.9
"""A service found only by a part that no other service has."""
OVERVIEW_WORDS = frozenset({"overview", "breakdown", "summary", "tldr", "eli5", "split"})
STACK_ASKS = frozenset({"each", "stack", "layer", "layers"})
OWNING_WORDS = frozenset({"own", "owns", "owner", "owners", "ownership", "responsible", "responsibility"})
THEIRS_VS_MINE = frozenset({("vs", "mine"), ("vs", "ours"), ("versus", "mine"), ("versus", "ours"), ("vs", "us"),
                            ("versus", "us")})
OVERVIEW_PHRASES = frozenset({("break", "down"), ("breakdown", "of")})
"""Said of a service with no topic ("ec2 - break down aws vs us"): its overview is asked, as OVERVIEW_WORDS say."""
EVIDENCE = (stem("evidence"),)
"""A framework's evidence is what an audit asks for, not what the question is about."""
PROMOTE = stem("promote")
PATCH = (stem("patch"),)
VERSION = stem("version")
PERMISSION = stem("permission")
"""What the matcher writes after an IAM action ("s3:GetObject permission")."""
IN_GENERAL = ("in general", "generally", "overall", "in principle")
BACKUP_TOPIC = "backup"
DURABILITY_TOPIC = "durability"
AZ_WORDS = frozenset("az azs zones facilities".split())
_PLACE_ONLY = re.compile(r"(us|eu|ap|sa|ca|me|af|il|mx|cn) \w+ \d|\w+ azs?|azs? \w+")
"""A Region ("us east 1") or an AZ ("az failure", "across azs") in a facet's words is where the case
happens, never which service it is."""
_EXAMPLE_WORDS = frozenset({"like", "such", "eg", "e", "example", "examples", "etc", "including", "incl"})
"""Words that make services named examples of a kind ("saas like s3 and lambda"), not the subject."""


@dataclass(frozen=True)
class _Scored:
    id: str
    confidence: float
    score: int
    position: int
    hinted: bool = False
    """A topic named only by weak words ("rotate", "update"), however often."""


@dataclass(frozen=True)
class _Part:
    """What the question named inside a service: one facet or layer, or several that disagree."""

    ruling: Ruling
    aspect: Aspect | None = None
    depends: tuple[Condition, ...] = ()

    @classmethod
    def of(cls, ruling: Ruling, facets: list[Condition]) -> _Part:
        """The facet named, or all of them when they disagree on the owner: never guess."""
        if len({c.owner for c in facets}) > 1:
            return cls(ruling, depends=tuple(facets))
        return cls(ruling, aspect=Aspect.of_facet(facets[0]))


class Answerer:
    """Answers questions from one knowledge base. Immutable after construction; share freely."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = PhraseIndex(kb)
        self._add_caches()
        self._topic_rank = {tid: i for i, tid in enumerate(kb.tie_break or kb.topics)}
        self._general_by_topic: dict[str | None, list[GeneralEntry]] = defaultdict(list)
        self._general_by_id: dict[str, GeneralEntry] = {}
        for general in kb.general:
            self._general_by_topic[general.ruling.topic].append(general)
            self._general_by_id[general.ruling.entry] = general
        self._model_entry = next(g for g in self._general_by_topic[None] if g.default)
        """The model as a whole: the entry a multiple-choice question about no service points to."""
        # Keyed as the scan finds them (stemmed, typos corrected), so "googel cloud storage" finds S3 too.
        self._equivalents = {tuple(stem(w) for w in phrase.split()): sid for phrase, sid in kb.equivalents.items()}
        self._facet_words = {svc.id: _ServiceFacets.of(svc) for svc in kb.services.values()}
        """Every facet of a service in one index, scored in one pass per question."""
        self._case_words = {t.id: PartWords([(c, c.keywords) for c in t.cases]) for t in kb.topics.values() if t.cases}
        """A topic's cases (knowledge/topics.yaml), named when the service's own ruling names none."""
        self._layer_words = {svc.id: PartWords([(la, la.words) for la in svc.layers]) for svc in kb.services.values()}
        self._mechanisms = {svc.id: frozenset(stem(m) for m in svc.mechanisms)
                            for svc in kb.services.values() if svc.mechanisms}
        """Single-word stems of what a service does to what others keep in it ("rotat": Secrets Manager)."""
        self._own_ids = {(stem(sid), sid) for sid in kb.services}
        """A service's id ("emr"): a description that says it ("emr security configuration") names the
        service, as the name alone would."""
        self._part_services = PartWords(_parts_only_one_service_has(kb, known=self.index.phrases))
        """Services by the parts only they have ("viewer protocol policy", "nat gateway"): which
        service a question means when it names none."""

    def _add_caches(self) -> None:
        # An answer is a pure function of the question and the knowledge base, which never changes
        # while a process runs: the same question (an incident channel asks it again and again)
        # is answered once. Answers are frozen, so sharing one is safe.
        self.ask = lru_cache(maxsize=1024)(self._ask)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its cache (bot/compiled.py): it holds a bound method and answers."""
        state = self.__dict__.copy()
        del state["ask"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._add_caches()

    def _ask(self, question: str) -> Answer:
        choices = split_choices(question)
        if choices is not None and (labels := choices.owner_labels) is not None:
            # "Who patches the OS under RDS? A) Customer B) AWS C) Both": the stem asked, the option named.
            answer = self._ask_one(choices.stem)
            if answer.matched and answer.owner in labels:
                return replace(answer, question=question,
                               headline=f"{labels[answer.owner]}) {answer.headline}")
            return replace(answer, question=question)
        if choices is not None:
            return self._choices_answer(question, choices)
        return self._ask_one(question)

    def _choices_answer(self, question: str, choices: Choices) -> Answer:
        """Each option answered as "who is responsible for <option>", in the stem's service if
        the option names none: which options are AWS's and which are yours, by AWS's docs (not a
        guess at the exam's key)."""
        stem_services = self.services_in(choices.stem)
        answered = []
        for option in choices.options:
            asked = f"who is responsible for {option.text}"
            answer = self._ask_one(asked)
            if stem_services and not self.services_in(option.text) and (not answer.matched or not answer.service
                                                                         or answer.service != stem_services[0]):
                # An option that names no service is about the stem's, whatever its words hint at
                # ("regional storage classes" on an EFS question is not Kubernetes's StorageClass).
                in_service = self._ask_one(f"{asked} on {stem_services[0]}")
                answer = in_service if in_service.matched else answer
            answered.append(OptionAnswer(option.label, option.text, answer))
        known = [o for o in answered if o.owner is not None]
        if not known:
            return self._unmatched(question, (), UNSURE)
        service = stem_services[0] if stem_services else None
        ruling = self.kb.ruling(service, None) if service else self._model_entry.ruling
        by_owner = {owner: [o for o in known if o.owner == owner] for owner in ("customer", "aws", "shared")}
        asked_for = choices.asks_for
        owner = asked_for or (known[0].owner if len({o.owner for o in known}) == 1 else "shared")
        labels = {side: ", ".join(o.label for o in opts) for side, opts in by_owner.items() if opts}
        summary = "; ".join(f"{WHOSE[side]}: {labels[side]}" for side in labels)
        picked = ", ".join(o.label for o in by_owner.get(asked_for, [])) if asked_for else ""
        headline = (f"{WHOSE[asked_for]}: {picked}" if picked else summary) if asked_for else summary
        sources = tuple(dict.fromkeys(s for o in known for s in o.answer.sources[:1]))
        return Answer(
            question=question, matched=True, confidence=min(o.answer.confidence for o in known),
            service=service, topic=None, owner=owner, summary=summary,
            aws=tuple(f"{o.label}. {o.text}" for o in by_owner["aws"]),
            customer=tuple(f"{o.label}. {o.text}" for o in by_owner["customer"]),
            sources=sources, entry=ruling.entry, ruling_owner=ruling.owner, headline=headline,
            conditions=tuple(Condition(f"{o.label}. {o.text}", o.answer.headline, o.owner) for o in known),
            verified=min((o.answer.verified for o in known if o.answer.verified), default=None),
            options=tuple(answered),
        )

    def _ask_one(self, question: str) -> Answer:
        kept = without_turned_down(question)
        signals = self.index.scan(kept)
        if kept != question and not signals.of("service") and not signals.of("hint"):
            # The clause turned down also held the only name of the service ("if we never enabled a
            # cmk on the sqs queue"): the question is still about that service.
            whole = self.index.scan(question)
            names = [" ".join(h.phrase) for h in whole.of("service") or whole.of("hint")]
            if names:
                signals = self.index.scan(f"{kept} ({' '.join(names)})")
        request = off_topic(signals)
        if request is not None:
            return self._unmatched(question, (), f"{REPLIES[request.kind]} {EXAMPLE}")
        # "pub/sub topic policy lets everyone subscribe": a phrase that is another cloud's product and a
        # description of an AWS service, among that service's other words, is the AWS service.
        outs = signals.of("out")
        if outs:
            hints = signals.of("hint")
            described = {h.phrase for h in hints if any(o.target.id == h.target.id and o.phrase != h.phrase
                                                        for o in hints)}
            outs = [h for h in outs if h.phrase not in described
                    and not (h.target.id == ON_PREMISES and _left_for_aws(question, signals, h, self._model_level))]
        other_cloud = next((h for h in outs if h.target.id in ELSEWHERE), None)
        services = self._rank_services(signals)
        named_by = {h.phrase for h in signals.of("service") if services and h.target.id == services[0].id}
        if services and not named_by:
            # Only described ("do we patch the nat gateway"): the resource word says which service,
            # the rest of the question what about it.
            named_by = {h.phrase for h in signals.of("hint") if h.target.id == services[0].id}
        topics = self._rank_topics(signals, named_by=named_by)
        if other_cloud is not None and not all(_left_for_aws(question, signals, h, self._model_level) for h in outs
                                               if h.target.id in ELSEWHERE):
            # "gcs bucket uniform access": "bucket" is not S3 here. Offer, never assert.
            guesses = tuple(Alternative(s.id, topics[0].id if topics else None, s.confidence * GUESS_DISCOUNT)
                            for s in services[:MAX_ALTERNATIVES])
            return self._unmatched(question, guesses, self._not_covered(signals, other_cloud))
        named = {h.target.id for h in signals.of("service")}
        not_covered = next((h for h in outs if h.target.id != OTHER_TOOLS
                            and not _reports_a_finding(signals, h)), None)
        if not_covered is not None and not named and not any(len(h.phrase) > 1 for h in signals.of("hint")):
            # "app runner: do we patch the instances?": a resource word is no reason to guess EC2; a part only
            # one covered service has is ("our training container image in ecr": SageMaker's).
            return self._unmatched(question, (), self._not_covered(signals, not_covered))
        tool = next((h for h in signals.of("out") if h.target.id == OTHER_TOOLS), None)
        if tool is not None and not named and not has_cloud_context(signals) and all(
                len(h.phrase) == 1 for h in signals.of("hint")):
            # "auth0 tenant leaked a client secret": the secret is the tool's, not Secrets Manager's.
            return self._unmatched(question, (), self._not_covered(signals, tool))
        services = self._destination_first(question, signals, services)
        if services and not named and "?" not in question and not asks_who_owns(signals) \
                and not asks_about_responsibility(signals) and not any(
                    t.score >= 2 or t.id == INVESTIGATION_TOPIC for t in topics):
            # "lol the fleet dashboard looks amazing today": a resource word and nothing asked of it is
            # chat, not a question; offer the guess rather than answer it. What happened ("someone
            # leaked our access keys") is how an incident channel asks.
            guesses = tuple(Alternative(s.id, topics[0].id if topics else None, s.confidence * GUESS_DISCOUNT)
                            for s in services[:MAX_ALTERNATIVES])
            return self._unmatched(question, guesses, f"{NOTHING_ASKED} {EXAMPLE}")
        if services and self._about_the_model(signals, topics):
            general = self._general_answer(question, signals, topics)
            if general.matched:
                return general
        if services:
            return self._service_answer(question, signals, services, topics)
        return self._general_answer(question, signals, topics)

    def _named_in(self, service_id: str | None, signals: Signals) -> _NamedFacets:
        """The service's facets this question names, by ruling: computed once per question."""
        key = ("facets", service_id)
        named = signals.memo.get(key)
        if named is None:
            facets = self._facet_words.get(service_id or "")
            named = facets.named(signals) if facets is not None else _NamedFacets({}, ())
            signals.memo[key] = named
        return named  # type: ignore[return-value]

    def _named_facets(self, ruling: Ruling, signals: Signals) -> list[Condition]:
        """The facets the question names most specifically (the most and longest keywords)."""
        named = list(self._named_in(ruling.service, signals).best.get(ruling.entry, (0, ()))[1])
        cases = self._case_words.get(ruling.topic or "")
        if named or cases is None:
            return named
        return cases.named(signals, operator.add, _case_of(ruling.service))

    def _topic_cases_named(self, ruling: Ruling, signals: Signals, *, owner: str) -> list[Condition]:
        """The cases true of the ruling's topic on every service that the question names, of one owner."""
        cases = self._case_words.get(ruling.topic or "")
        return [c for c in cases.named(signals, operator.add, _case_of(ruling.service)) if c.owner == owner] \
            if cases else []

    def _named_layers(self, service: Service, signals: Signals) -> list[Layer]:
        """The layers named most specifically (the longest of their words)."""
        return self._layer_words[service.id].named(signals, max, _holds_for(signals))

    def _pick_part(self, service: Service, topic: _Scored | None, signals: Signals) -> _Part:
        """The ruling to answer and the part of it the question named.

        A named facet of the topic's ruling comes first, then a layer of the service's stack
        (which can also supply the topic: "a kernel cve under our tasks" is patching). When the
        topic itself is only hinted at, a facet of another topic that the question names
        outright wins ("is rotation automatic" is about rotation, wherever it is filed). With no
        part named, a Security Hub control cited as failing leads: it checked your configuration.
        Parts that are named equally but disagree on the owner are all shown: never guess.
        """
        ruling = self.kb.ruling(service.id, topic.id if topic else None)
        inherited = self._inherited_part(ruling, signals)
        if inherited is not None:
            return inherited
        above = self._layer_said_to_be_under(service, signals)
        if above is not None and (topic is None or topic.id in above.topics):
            # "the hypervisor underneath our container instances": what is under the part is asked.
            return _Part(self.kb.ruling(service.id, topic.id if topic else above.topics[0]),
                         aspect=Aspect.of_layer(above))
        if not ruling.reviewed and ruling.topic != INVESTIGATION_TOPIC and topic is not None and not topic.hinted:
            # The topic's ruling is the service model's default, with no parts of its own: a part the
            # service's own rulings name ("a pci conformance pack" in Config) is what was asked, before
            # any case true of every service. Not for an incident: responding is yours whichever part.
            best = self._most_specific_facets(service, signals)
            if best is not None and not self._layer_named_as_specifically(service, topic.id, best[0], signals):
                return _Part.of(ruling, best[1])
        part = self._facet_part(ruling, signals)
        if part is not None:
            return part
        if topic is not None and topic.id == INVESTIGATION_TOPIC and _asks_for_the_actor(signals):
            # "the ReadOnlyAccess aws managed policy changed overnight - who changed it?": a part only AWS
            # changes answers who did it.
            theirs = self._most_specific_facets(service, signals, min_score=3)
            if theirs is not None and all(c.owner == "aws" for c in theirs[1]):
                return _Part.of(theirs[0], theirs[1])
        if topic is not None and not asks_for_the_split(signals.words):
            elsewhere = self._most_specific_facets(service, signals, min_score=topic.score + 2)
            if elsewhere is not None and elsewhere[0] is not ruling:
                # "each tenant reads only its own items (leading keys) - aws enforces tenant isolation?": a
                # part named more specifically than the topic is what is asked, wherever it is filed.
                return _Part.of(elsewhere[0], elsewhere[1])
        layers = [la for la in self._named_layers(service, signals) if topic is None or topic.id in la.topics]
        if layers:
            layer = layers[0]
            if topic is None:
                # The layer's topics in order, the first whose ruling names a part of the question:
                # "get root on the notebook instances" is the notebooks' configuration, not their patching.
                for layer_topic in layer.topics:
                    part = self._facet_part(self.kb.ruling(service.id, layer_topic), signals)
                    if part is not None and not self._premise_before(part, layer, service, signals):
                        return part
                ruling = self.kb.ruling(service.id, layer.topics[0])
            if len({la.owner for la in layers}) == 1:
                return _Part(ruling, aspect=Aspect.of_layer(layer))
            return _Part(ruling)
        if ruling.owner != "customer":
            off = self._off_state_part(ruling, [], signals)  # "storage_encrypted = false": no part named
            if off is not None:
                return off
        failed = self._failed_control(signals)
        if failed is not None and ruling.owner != "customer":
            return _Part(ruling, aspect=Aspect.of_facet(failed))
        if (topic is None and not self._asks_for_overview(signals)) or (topic is not None and topic.hinted):
            # With no topic named at all, one word ("detection") is too little to say what is asked; and
            # "what's aws's job vs mine" asks for the whole split, whatever part the rest mentions.
            best = self._most_specific_facets(service, signals, min_score=1 if topic is not None else 2)
            if best is not None:
                # The topic is only hinted at, or not named at all: the case the question names most
                # specifically wins ("which managed rule groups we enable" over "managed rule groups"),
                # and says what is asked ("fargate task retirement notice - anything for us?").
                return _Part.of(best[0], best[1])
        return _Part(ruling)

    def _premise_before(self, part: _Part, layer: Layer, service: Service, signals: Signals) -> bool:
        """"In auto mode, are the container images we deploy still ours?": a part of another owner named
        before the layer asked about is the premise ("in auto mode"), not what is asked; one named after it
        ("the agent is outdated; we set it up manually") says which case of the layer holds."""
        if part.aspect is None or layer.owner in ("shared", part.aspect.owner):
            return False
        words = self._layer_words[service.id]
        layer_span = _longest_span(signals.tokens, words.found_phrases(signals).get(words.parts.index(layer), ()))
        case = next((c for c in part.ruling.conditions if c.when == part.aspect.name), None)
        if case is None:
            return False
        starts = [sp[0] for k in case.keywords if (sp := _span(signals.tokens, part_phrase(k)))]
        return layer_span is not None and bool(starts) and max(starts) < layer_span[0]

    def _most_specific_facets(self, service: Service, signals: Signals,
                              min_score: int = 1) -> tuple[Ruling, list[Condition]] | None:
        """The facets anywhere in the service that the question names most specifically. Rulings
        tied on it that disagree on the owner are all returned ("instance store data was gone":
        AWS encrypts it, keeping it is yours), so the answer shows both sides."""
        scored: list[tuple[int, Ruling, Condition]] = []
        best = self._named_in(service.id, signals).best
        for other in service.rulings.values():
            score, facets = best.get(other.entry, (0, ()))
            if facets and score >= min_score and len({c.owner for c in facets}) == 1:
                scored.append((score, other, facets[0]))
        if not scored:
            return None
        top = max(score for score, _, _ in scored)
        tied = [(ruling, facet) for score, ruling, facet in scored if score == top]
        facets = list(dict.fromkeys(facet for _, facet in tied)) if len({f.owner for _, f in tied}) > 1 \
            else [tied[0][1]]
        return tied[0][0], facets

    def _layer_said_to_be_under(self, service: Service, signals: Signals) -> Layer | None:
        """A layer named right before "under" / "underneath" something else the question names ("the
        hypervisor underneath our ecs container instances"): the layer is the head of the phrase."""
        if UNDERNEATH.isdisjoint(signals.words):
            return None  # most questions: nothing is said to be under anything
        words = self._layer_words[service.id]
        holds = _holds_for(signals)
        for index, phrases in words.found_phrases(signals).items():
            layer = words.parts[index]
            for phrase in phrases:
                span = _span(signals.tokens, phrase)
                if span is not None and signals.words[span[1] : span[1] + 1] and \
                        signals.words[span[1]] in UNDERNEATH and holds(layer):
                    return layer
        return None

    def _layer_named_as_specifically(self, service: Service, topic: str, ruling: Ruling, signals: Signals) -> bool:
        """Whether a layer of the topic's stack is named in words as long as another ruling's facets:
        in "who guards the hardware security modules our kms keys are kept in", the HSMs are asked about
        (physical security), not the keys."""
        facet_score = self._named_in(service.id, signals).best.get(ruling.entry, (0, ()))[0]
        holds = _holds_for(signals)
        layer_score, _ = self._layer_words[service.id].scored(
            signals, max, lambda layer: topic in layer.topics and holds(layer))
        return layer_score >= facet_score

    def _failed_control(self, signals: Signals) -> Condition | None:
        """What a failed Security Hub control means (knowledge/artefacts/securityhub.yaml), when the
        question cites a control as failing, or an AWS Config rule as NON_COMPLIANT: the check is of your
        configuration."""
        cases = self.kb.artefacts.failed_control
        if not cases:
            return None
        if CONTROL_MARK in signals.words and not (signals.grams.isdisjoint(FAILING)
                                                  and signals.grams.isdisjoint(SAID_OFF)):
            return cases[0]
        if "config" in signals.words and not signals.grams.isdisjoint(NONCOMPLIANT):
            return cases[0]  # "config says s3-bucket-versioning-enabled is NON_COMPLIANT"
        return None

    def _inherited_part(self, ruling: Ruling, signals: Signals) -> _Part | None:
        """"Does aws's soc 2 report cover our app on eks", "can we point the qsa at aws's pci
        attestation": whether AWS's certification carries over to yours. It never does."""
        if ruling.topic == CONTEXT_TOPIC and (asks_if_inherited(signals.words) or (
                ruling.service is not None and calls_ours_compliant(signals.words))):
            ours = [c for c in ruling.facets if c.owner == "customer"]
            if len(ours) == 1:
                return _Part.of(ruling, ours)
        return None

    def _facet_part(self, ruling: Ruling, signals: Signals) -> _Part | None:
        inherited = self._inherited_part(ruling, signals)
        if inherited is not None:
            return inherited
        facets = named = self._named_facets(ruling, signals)
        if len({c.owner for c in facets}) > 1:
            facets = _not_said_to_be_on(facets, signals) or facets
        if ruling.topic == BACKUP_TOPIC and facets and all(c.owner == "aws" for c in facets):
            # "automated backups are on - who runs the point-in-time restore?": the backups AWS keeps are the
            # premise; the action the topic's case names (restoring, testing a restore) is asked, and yours.
            yours = self._topic_cases_named(ruling, signals, owner="customer")
            if yours:
                return _Part.of(ruling, yours[:1])
        if facets and ruling.owner != "aws" and len(facets) == len(named) and (
                any(c.owner != "customer" for c in facets) or _set_to_a_value(facets, signals)) and (
                asks_if_covered(signals.words) or asks_what_remains(signals.words)):
            # "aws takes the snapshots, so we're good for backups?", "retention is 7 days, so backups are
            # covered?", "... but what's still on us?": the part named is the premise, the whole job is asked.
            # A part that is yours ("the image we run on fargate - covered?") is the answer, unless it is a
            # setting already given its value.
            return _Part(ruling)
        dated = _dated_older_part(ruling, signals)
        if dated is not None and all(c.owner != "customer" for c in facets):
            return dated
        facets = _not_said_as_when(facets, signals)
        if not facets:
            return None
        if len({c.owner for c in facets}) > 1:
            facets = self._destination_facets(ruling, signals) or self._main_clause_facets(ruling, signals) or facets
        off = self._off_state_part(ruling, facets, signals) or self._failed_despite(ruling, facets, signals)
        if off is not None:
            return off
        older = _older_resource_part(ruling, facets, signals)
        if older is not None:
            return older
        return _Part.of(ruling, facets)

    def _destination_facets(self, ruling: Ruling, signals: Signals) -> list[Condition]:
        """"switching our managed node groups to auto mode": of two parts a move names, the one moved
        to is asked about (as `_destination_first` does for services)."""
        words = signals.words
        if not _names_a_move(words):
            return []
        moved_to = max(i for i, w in enumerate(words) if w in DESTINATION_WORDS)
        tail = self.index.scan(" ".join(words[moved_to + 1 :]))
        named = self._named_facets(ruling, tail)
        return named if len({c.owner for c in named}) == 1 else []

    def _main_clause_facets(self, ruling: Ruling, signals: Signals) -> list[Condition]:
        """"adding a replica in a second az so we can fail over": of two parts, the one named before
        the purpose ("so we can", "so that") is what is done and asked about; the other is what it is for."""
        words = signals.words
        start = next((i for i in range(1, len(words)) if any(
            words[i : i + len(marker)] == marker for marker in PURPOSE_MARKERS)
            or (words[i] == "so" and not ABLE.isdisjoint(words[i + 1 : i + 4]))), None)
        if start is None:
            return []
        named = self._named_facets(ruling, self.index.scan(" ".join(words[:start])))
        return named if len({c.owner for c in named}) == 1 else []

    def _off_state_part(self, ruling: Ruling, facets: list[Condition], signals: Signals) -> _Part | None:
        """The part asked about when the question says a feature is off ("auto minor version
        upgrades should be enabled", "pitr disabled", "is that us to enable", a failed control) but
        names only what AWS does (or shares) once it is on: the ruling's case for it being off, else what a
        failed control means. Not when a named case is itself about turning something on ("shield
        standard: nothing to turn on"), nor for a question about a default."""
        if not all(c.owner != "customer" and not _describes_off_state(c) for c in facets):
            return None
        holds = _holds_for(signals)
        off = [c for c in ruling.facets if c.owner == "customer" and _describes_off_state(c) and holds(c)]
        if "default" in signals.words:
            # "pitr on by default?": no - being off is the default, and that case says so.
            default_off = [c for c in off if "(the default" in c.when]
            if len(default_off) == 1:
                return _Part(ruling, aspect=Aspect.of_facet(default_off[0]))
        failed = self._failed_control(signals)
        says_off = says_off_or_turn_on(signals.words)
        if failed is None and not says_off:
            return None
        if len(off) == 1:
            return _Part(ruling, aspect=Aspect.of_facet(off[0]))
        return _Part(ruling, aspect=Aspect.of_facet(failed)) if failed is not None else None

    def _failed_despite(self, ruling: Ruling, facets: list[Condition], signals: Signals) -> _Part | None:
        """"Isn't cloudtrail on by default? yet CloudTrail.1 fails": a part of AWS's that the question believed
        covered it is the premise; the control that failed checked your configuration."""
        failed = self._failed_control(signals)
        if failed is None or not facets or any(c.owner != "aws" for c in facets):
            return None
        return _Part(ruling, aspect=Aspect.of_facet(failed))

    def _model_level(self, entry_id: str) -> bool:
        """A general entry about the model as a whole ("of the cloud", "paas"), not one topic."""
        return self._general_by_id[entry_id].ruling.topic is None

    def _destination_first(self, question: str, signals: Signals, services: list[_Scored]) -> list[_Scored]:
        """"moving from ec2 to lambda, what stops being ours?" is about Lambda: with two services
        and a move between them ("from a to b", "a -> b"), the one moved to answers."""
        if len(services) < 2:
            return services
        doer = next((s for s in services if not self._mechanisms.get(s.id, frozenset()).isdisjoint(signals.token_set)),
                    None)
        if doer is not None:
            # "the rds master password that rds keeps in secrets manager - who rotates it?": rotating a
            # secret is Secrets Manager's mechanism, whichever service's password the secret holds.
            return [doer, *(s for s in services if s is not doer)]
        arrow = next((question.index(a) for a in ("->", "→", "=>") if a in question), None)
        above = _service_above(signals)
        if above is not None and any(s.id == above for s in services):
            return sorted(services, key=lambda s: s.id != above)
        if arrow is None and not _names_a_move(signals.words) and not _named_as_origin(signals, services):
            return services
        last_named = {h.target.id: h.position for h in sorted(signals.of("service"), key=lambda h: h.position)}
        destination = max(services, key=lambda s: last_named.get(s.id, s.position))
        first = min(signals.of("service"), key=lambda h: h.position, default=None)
        after_to = first.target.id if first is not None and signals.words[
            first.position - 1 : first.position] in _TOWARDS else None
        if after_to is not None and arrow is None:
            # "we're moving to eks auto mode. who patches the ec2 nodes then?": named first, right after "to",
            # the service moved to; what the rest of the question names later is part of it.
            destination = next((s for s in services if s.id == after_to), destination)
        if arrow is not None:
            # "rabbitmq -> sqs. the queue policy (which sns topics can send)": the service right
            # after the arrow, whatever the rest of the question names later; an arrow to no service
            # ("-> subdomain takeover") is no move between services.
            after = self.services_in(question[arrow:])
            if not after and not _names_a_move(signals.words):
                return services
            destination = next((s for s in services if after and s.id == after[0]), destination)
        return [destination, *(s for s in services if s is not destination)]

    @staticmethod
    def _described_alike(services: list[_Scored], signals: Signals) -> list[str]:
        """Services the question only describes, equally well: no name said which one."""
        if signals.of("service") or len(services) < 2:
            return []
        best = services[0]
        return [s.id for s in services if (s.confidence, s.score) == (best.confidence, best.score)]

    def _asks_about_service(self, signals: Signals, service: Service) -> bool:
        """Whether a question that names a service and no topic asks anything about its security."""
        return (asks_who_owns(signals) or asks_about_responsibility(signals) or asks_for_the_split(signals.words)
                or self._asks_for_overview(signals) or bool(self._named_layers(service, signals))
                or any(c.is_facet for r in service.rulings.values() for c in self._named_facets(r, signals)))

    def _about_the_model_itself(self, signals: Signals) -> bool:
        """The question names the model or asks in general ("under the shared responsibility model",
        "in general", "in the cloud"), not about one of your resources."""
        return any(self._model_level(h.target.id) for h in signals.of("keyword")) or any(
            signals.mentions(p) for p in IN_GENERAL) or bool(signals.of("frame"))

    def _asks_for_the_stack(self, service_id: str, signals: Signals) -> bool:
        """Three or more layers of the service's stack named, and who owns each asked (owning, not
        patching or encrypting them): the stack itself is the answer, not one topic of one layer."""
        return not OWNING_WORDS.isdisjoint(signals.words) and (
            asks_for_the_split(signals.words) or self._asks_for_overview(signals)
            or not STACK_ASKS.isdisjoint(signals.words)) \
            and len(self._layer_words[service_id].every_named(signals)) >= 3

    def _asks_for_overview(self, signals: Signals) -> bool:
        if signals.of("frame") or any(w in OVERVIEW_WORDS for w in signals.words):
            return True
        if not (signals.grams.isdisjoint(THEIRS_VS_MINE) and signals.grams.isdisjoint(OVERVIEW_PHRASES)):
            return True  # "what's aws's job vs mine?", "break it down"
        return any(self._model_level(h.target.id) and self._general_by_id[h.target.id].default
                   for h in signals.of("keyword"))

    def _about_the_model(self, signals: Signals, topics: list[_Scored]) -> bool:
        """Services named only as examples: "saas like s3 and lambda", "tools like cloudtrail,
        cloudwatch and config"."""
        if _names_a_move(signals.words):
            return False  # "moving from ec2 to s3 + cloudfront": the services moved to, not examples
        named = len({h.target.id for h in signals.of("service")})
        if named >= 4 or (named == 3 and (not _EXAMPLE_WORDS.isdisjoint(signals.words) or _listed(signals))):
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
        topic = self.kb.topics.get(ruling.topic or "")
        service = self.kb.services.get(ruling.service or "")
        # The ruling's own parts first, then its topic's cases, then parts that lead from elsewhere:
        # another ruling of the service, or what a failed Security Hub control means.
        candidates = (*ruling.facets, *(topic.cases if topic else ()),
                      *(c for r in (service.rulings.values() if service else ()) for c in r.facets),
                      *self.kb.artefacts.failed_control)
        by_name: dict[str, Condition] = {}
        for case in candidates:
            if case.when in parts:
                by_name.setdefault(case.when, case)
        facets = tuple(by_name.values())
        if len({c.owner for c in facets}) > 1:
            return self._answer(question, ruling, 1.0, depends=facets)
        if facets:
            return self._answer(question, ruling, 1.0, aspect=Aspect.of_facet(facets[0]))
        layer = next((la for la in service.layers if la.name in parts), None) if service else None
        return self._answer(question, ruling, 1.0, aspect=Aspect.of_layer(layer) if layer else None)

    def _not_covered(self, signals: Signals, hit: Hit) -> str:
        what = _typed(signals, hit)
        kind = _NOT_COVERED.get(hit.target.id, "is not something I know about")
        equivalent = self._equivalents.get(hit.phrase)
        if equivalent is not None:
            service = self.kb.services[equivalent]
            return f"“{what}” {kind}; on AWS that is {service.name}: ask me about `{service.id}`."
        return f"“{what}” {kind}; I know the AWS services listed by `/srm services`."

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
        several = len({h.target.id for h in signals.of("service")}) > 1
        named_in_hints = [h for h in signals.of("hint") if any((w, h.target.id) in self._own_ids for w in h.phrase)]
        for hit in (*signals.of("service"), *named_in_hints):
            end = hit.position + len(hit.phrase)
            if several and signals.tokens[end : end + 1] == (PERMISSION,):
                continue  # "the lambda's role has dynamodb:* on *": the permission is what it grants, not the subject
            if hit.phrase in COMMON_NOUN_ALIASES and _said_as_a_noun(signals, hit):
                continue  # "is that a config we own", "our config?": the common noun, not AWS Config
            by_service[hit.target.id].append(hit)
        if not by_service:
            # No service named: a resource word ("our functions", "the distribution") will do,
            # a little less surely.
            # A resource word that is also one of the seed's statements ("root user", "nacls") is the
            # statement when the question is about the model ("users, groups and roles", "in general"),
            # and the service's resource when it is about yours ("mfa on our root user").
            general = {h.phrase for h in signals.of("keyword")}
            if not self._about_the_model_itself(signals):
                general -= {h.phrase for h in signals.of("hint") if _names_a_resource(signals, h)}
            for hit in signals.of("hint"):
                if hit.phrase not in general:
                    by_service[hit.target.id].append(replace(hit, confidence=hit.confidence * HINT_CONFIDENCE))
        if not by_service:
            return self._services_by_part(signals)
        # "kms key policy for the cmk rds uses": followed by a part of its own, the word is the service.
        own_part = {(h.target.id, h.position) for h in signals.of("hint")}
        plain = {s for s, hits in by_service.items()
                 if any(h.phrase not in topic_phrases or (s, h.position + len(h.phrase)) in own_part
                        or self._product_name(h) for h in hits)}
        if not plain and any(signals.mentions(p) for p in IN_GENERAL):
            return []  # "who is responsible for iam in general": the topic, not the IAM service
        chosen = plain or set(by_service)
        compared = {s for s in chosen if all(_said_as_the_comparison(signals, h) or _said_as_what_backs(signals, h)
                                             for h in by_service[s])}
        if compared and compared != chosen:
            # "like rds, do we patch our dynamodb tables?": RDS is what DynamoDB is compared to; an "ebs-backed
            # instance" is an instance
            chosen -= compared
        sent = self._sent_to(signals, chosen)
        if sent is not None:
            # "who creates the trail to s3": the trail is asked about; the bucket is only where it writes.
            by_service[sent.target.id].append(sent)
            chosen = {sent.target.id}
        ranked = [
            _Scored(
                id=s,
                confidence=max(h.confidence for h in by_service[s]),
                # A longer description is the more specific: "managed sql server instances" is RDS,
                # though "instances" alone would be EC2.
                score=sum(len(h.phrase) if h.target.kind == "hint" else 1 for h in by_service[s]),
                position=min(h.position for h in by_service[s]),
            )
            for s in chosen
        ]
        # Last, the service id: a tie ("hosted postgres" describes RDS and Aurora alike) is broken
        # the same way in every process, never by the order a set happens to iterate in.
        ranked.sort(key=lambda c: (-c.confidence, -c.score, c.position, c.id))
        return ranked

    @staticmethod
    def _sent_to(signals: Signals, chosen: set[str]) -> Hit | None:
        """A resource of another service right before "to" / "into" the only service named ("the trail to s3",
        "flow logs into the bucket"): the resource is the subject, the service its destination."""
        if len(chosen) != 1 or ("to" not in signals.words and "into" not in signals.words):
            return None
        named = [h for h in signals.of("service") if h.target.id in chosen]
        for hint in signals.of("hint"):
            end = hint.position + len(hint.phrase)
            if hint.target.id not in chosen and signals.words[end : end + 1] in (("to",), ("into",)) and all(
                    h.position == end + 1 for h in named) and \
                    signals.words[hint.position - 1 : hint.position] in _DETERMINERS:
                return hint
        return None

    def _product_name(self, hit: Hit) -> bool:
        """A service's name of several words that is also a topic's word, though none of its words is
        ("shield advanced"): the name of a product with its own settings, which names the service even
        beside another ("shield advanced protections on our albs"), unlike "kms" or "iam users"."""
        return hit.target.kind == "service" and len(hit.phrase) > 1 and not any(
            t.kind == "topic" for w in hit.phrase for t in self.index.phrases.get((w,), ()))

    def _services_by_part(self, signals: Signals, among: Sequence[str] = ()) -> list[_Scored]:
        """No service named or described (or several `among` described alike): the one whose own
        parts the question names, if only one."""
        if signals.of("keyword") or signals.of("out") or not (
                asks_who_owns(signals) or asks_about_responsibility(signals)):
            return []  # the model's own words ("availability zones"), another product's, or no question
        score, services = self._part_services.scored(
            signals, operator.add, (lambda service: service in among) if among else None)
        if len(services) != 1:
            return []
        return [_Scored(id=services[0], confidence=PART_CONFIDENCE, score=score, position=0)]

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
        topic_hits = signals.of("topic")
        in_transit = any(h.target.id == IN_TRANSIT_TOPIC for h in topic_hits) and all(
            h.phrase in ENCRYPTION_ALONE for h in topic_hits if h.target.id == AT_REST_TOPIC)
        ids = {h.target.id for h in topic_hits}
        watches_the_bill = BILLING_TOPIC in ids and LOGGING_TOPIC in ids and any(
            h.target.id == BILLING_TOPIC and h.target.weight >= 2 for h in topic_hits)
        failed_over = INVESTIGATION_TOPIC in ids and not FAILOVER_STEMS.isdisjoint(signals.token_set)
        copies_at = _where_copies_are_kept(signals) if not _KEPT_COPIES.isdisjoint(signals.token_set) else None
        replicated = copies_at is not None
        alias_topics: list[Hit] = []
        for hit in topic_hits:
            weight = hit.target.weight
            if watches_the_bill and hit.target.id == LOGGING_TOPIC and hit.phrase in MONITORING_MEANS:
                continue  # "an alarm on the estimated charges": watching the bill is billing
            if replicated and hit.target.id == AVAILABILITY_TOPIC and copies_at <= hit.position <= copies_at + 4:
                continue  # "replicates the table across azs": where the storage keeps its copies, not a design
            if failed_over and hit.target.id == INVESTIGATION_TOPIC and (
                    hit.phrase[0] == "who" or hit.phrase in ACTOR_PHRASES):
                continue  # "the replica got promoted - who did that": whose mechanism, not whodunit
            if hit.phrase == ("standard",) and signals.tokens[hit.position + 1 : hit.position + 2] in PRODUCT_TIERS:
                continue  # "efs standard class", "a standard queue": a tier of the product, not a compliance standard
            if hit.phrase == ("public",) and signals.words[hit.position + 1 : hit.position + 2] in INTERNET_FACING:
                continue  # "https on the public alb": internet-facing says which one, not that access is asked
            if hit.phrase == ("share",) and (signals.words[hit.position - 1 : hit.position] in PORTION_OWNERS
                                             or signals.words[hit.position + 1 : hit.position + 2] == ("of",)):
                continue  # "how does our share change", "aws's share of the work": a portion, not sharing
            if hit.phrase in named_by and not hit.target.embedded:
                if len(hit.phrase) == 1:
                    alias_topics.append(hit)
                    continue
                weight = 1
            tid = hit.target.id
            if hit.phrase == ("contain",) and signals.tokens[hit.position + 1 : hit.position + 2] in HELD_DATA:
                tid = CLASSIFICATION_TOPIC  # "which buckets contain pii": what data is where, not containment
            if in_transit and hit.phrase in ENCRYPTION_ALONE:
                # "is traffic from our app to rds encrypted": encrypted alone is at rest, unless the
                # question says what travels ("traffic", "connections") and nothing else of data at rest.
                tid = IN_TRANSIT_TOPIC
            score[tid] += weight
            position.setdefault(tid, hit.position)
            bucket = strong if weight >= 2 else weak
            bucket[tid] = max(bucket.get(tid, 0.0), hit.confidence)
        # Asked in a sentence's shape rather than in a topic's words: each counts as a strong word, or as
        # a phrase of two when it names what the sentence is about (the data a resource holds).
        shaped = [(tid, weight) for tid, weight, asked in (
            # "who promotes one of the readers": a replica made primary is failover
            (AVAILABILITY_TOPIC, 2, PROMOTE in signals.token_set and names_a_promotion(signals.words)),
            # "which partner accounts can publish to it": who may act on it is access control
            (ACCESS_TOPIC, 2, asks_who_may(signals.words)),
            # "which tables hold health records - does aws track that?": where sensitive data sits is
            # classification, more than the verb asked of it
            (CLASSIFICATION_TOPIC, 3, "which" in signals.token_set and asks_which_hold_data(signals.tokens)),
            # "does dynamodb replicate our table across azs": the storage copying itself across AZs is durability
            (DURABILITY_TOPIC, 2, replicated),
        ) if asked and tid not in strong]
        for tid, weight in shaped:
            score[tid] += weight
            position.setdefault(tid, 0)
            strong[tid] = 1.0
        if not score and alias_topics and ("itself" in signals.words or not signals.of("service")):
            # "who keeps the iam service itself secure": with nothing else named, the topic the
            # service's own name means ("iam") is a hint of what is asked about the service itself.
            # So is the topic of the one part that described the service ("do we maintain the nacls").
            for hit in alias_topics:
                score[hit.target.id] += 1
                position.setdefault(hit.target.id, hit.position)
                weak[hit.target.id] = max(weak.get(hit.target.id, 0.0), hit.confidence)
        ranked = [
            _Scored(
                id=tid,
                confidence=strong[tid] if tid in strong else weak[tid] * WEAK_TOPIC_CONFIDENCE,
                score=score[tid],
                position=position[tid],
                hinted=tid not in strong,
            )
            for tid in score
        ]
        ranked.sort(key=lambda c: (-c.score, self._topic_rank[c.id]))
        if (len(ranked) > 1 and ranked[0].id == AVAILABILITY_TOPIC and ranked[1].id == DURABILITY_TOPIC
                and not ranked[1].hinted and _only_the_occasion(topic_hits, AVAILABILITY_TOPIC, signals)):
            # "if an az goes down do we lose data in s3": the outage is the occasion, losing data is asked.
            ranked = [ranked[1], ranked[0], *ranked[2:]]
        if watches_the_bill and any(h.target.id == LOGGING_TOPIC and h.phrase in MONITORING_MEANS for h in topic_hits):
            # "who watches the bill during a ddos": the bill is what is watched; the attack is the occasion.
            ranked.sort(key=lambda c: c.id != BILLING_TOPIC)
        if ranked and ((ranked[0].id in (OS_CONFIG_TOPIC, SERVICE_CONFIG_TOPIC) and _updates_the_named(
                topic_hits, ranked[0].id)) or (ranked[0].id == NETWORK_TOPIC and any(
                h.target.id == PATCHING_TOPIC and h.phrase == PATCH for h in topic_hits))):
            # "who patches the internet gateway": a network part named is what is patched, not configured.
            patching = next((t for t in ranked if t.id == PATCHING_TOPIC), None)
            if patching is not None:
                ranked.remove(patching)
                ranked.insert(0, replace(patching, confidence=ranked[0].confidence, hinted=False))
        if FINDING_MARK in signals.words and not RESPONSE_VERBS.isdisjoint(signals.words):
            # "UnauthorizedAccess:EC2/SSHBruteForce on bastion-1 - who handles this": responding to the
            # finding is asked, not the configuration it points at.
            ranked = [_Scored(INVESTIGATION_TOPIC, 1.0, max((t.score for t in ranked), default=1), 0, False),
                      *(t for t in ranked if t.id != INVESTIGATION_TOPIC)]
        if len(ranked) > 1 and ranked[0].score == ranked[1].score:
            ranked = _head_first(ranked, signals)
            if ranked[0].id == INVESTIGATION_TOPIC and _sets_the_scene(topic_hits, ranked[1].id, signals):
                ranked = [ranked[1], ranked[0], *ranked[2:]]
        if ranked and ranked[0].id == CONTEXT_TOPIC and all(
                names_a_purpose(signals.words[max(0, h.position - 4) : h.position])
                or signals.words[h.position + len(h.phrase) : h.position + len(h.phrase) + 1] in AUDITORS | DEMANDS
                or h.phrase in AUDITORS or h.phrase == EVIDENCE
                for h in signals.of("topic") if h.target.id == CONTEXT_TOPIC):
            # "for the soc 2 evidence", "our SOC2 auditor wants evidence for X": the audit is the
            # occasion or who asks; X is what is asked about.
            other = next((t for t in ranked[1:] if not t.hinted), None)
            if other is not None:
                ranked.remove(other)
                ranked.insert(0, other)
        elif ranked and ranked[0].id == INVESTIGATION_TOPIC and (occasions := [
                h for h in signals.of("topic") if h.target.id == INVESTIGATION_TOPIC]) and all(
                names_a_purpose(signals.words[max(0, h.position - 4) : h.position]) for h in occasions):
            # "for the on-call handover doc: who patches the nodes": the on-call rota is the occasion.
            other = next((t for t in ranked[1:] if not t.hinted), None)
            if other is not None:
                ranked.remove(other)
                ranked.insert(0, other)
        return ranked

    # -- answers ------------------------------------------------------------------------------

    def _service_answer(
        self, question: str, signals: Signals, services: list[_Scored], topics: list[_Scored]
    ) -> Answer:
        described = self._described_alike(services, signals)
        by_part = [s.id for s in self._services_by_part(signals, among=described)] if described else []
        if by_part:
            # "we upload with SSE-C - who rotates the keys": described alike, but only S3 has that part.
            services = sorted(services, key=lambda s: s.id != by_part[0])
            described = []
        service = services[0]
        topic = topics[0] if topics else None
        if topic is not None and topic.score <= 1 and self._asks_for_overview(signals):
            topic = None  # "eks - what's on us vs on them, quick version pls"
        stack = topic is not None and self._asks_for_the_stack(service.id, signals)
        if stack:
            topic = None  # "eks layer by layer - control plane, worker nodes, pods, rbac: who owns what"
        elif topic is not None and topic.score <= 1 and not asks_who_owns(signals) \
                and not asks_about_responsibility(signals) and not any(t.score >= 2 for t in topics):
            # Only a hint of a topic and no question of who: "anyone got the lightsail regatta photos?"
            # is chatter that names a service, not a question about its access control.
            topic = None
        if topic is None and not self._asks_about_service(signals, self.kb.services[service.id]):
            # "lunch at the dynamo cafe?": a service's name alone is not a question. Offer the overview.
            return self._unmatched(question, (Alternative(service.id, None, service.confidence * GUESS_DISCOUNT),),
                                   UNSURE)
        confidence = service.confidence * (topic.confidence if topic else 1.0)
        alternatives = [Alternative(s.id, topic.id if topic else None, s.confidence * OTHER_SERVICE_DISCOUNT)
                        for s in services[1:]]
        alternatives += [Alternative(service.id, t.id, confidence * SECOND_TOPIC_DISCOUNT) for t in topics[1:2]]
        alternatives = alternatives[:MAX_ALTERNATIVES]
        if confidence < MATCH_THRESHOLD:
            guess = Alternative(service.id, topic.id if topic else None, confidence)
            return self._unmatched(question, (guess, *alternatives), UNSURE)
        if described and len({self.kb.ruling(s, topic.id if topic else None).owner for s in described}) > 1:
            # "hosted postgres" fits RDS and Aurora: when their owners differ, ask which.
            choices = tuple(Alternative(s, topic.id if topic else None, confidence) for s in described)
            return self._unmatched(question, choices[:MAX_ALTERNATIVES], WHICH_SERVICE)
        part = _Part(self.kb.ruling(service.id, None)) if stack else \
            self._pick_part(self.kb.services[service.id], topic, signals)
        decides = part.ruling.topic is not None and asks_who_decides(signals.words)
        if decides:
            part = self._decision_part(part, signals) or part
        # "who chooses the aws owned key vs our own": the choice between two sides, not the split of them.
        if ((asks_for_the_split(signals.words) and not decides) or asks_who_for_each(question, signals.words)
                or credits_both_sides(signals.words)) and part.ruling.topic is not None:
            # "who does what", "what part of that is ours", "who picks X and who does Y": both sides
            # are asked for, so both are shown.
            sides = self._sides_asked(self.kb.services[service.id], part.ruling, signals, topics)
            if sides:
                return self._answer(question, part.ruling, confidence, tuple(alternatives), depends=sides)
        return self._answer(question, part.ruling, confidence, tuple(alternatives),
                            aspect=part.aspect, depends=part.depends)

    def _sides_asked(self, service: Service, ruling: Ruling, signals: Signals,
                     topics: list[_Scored]) -> tuple[Condition, ...]:
        """AWS's side and yours, for a question that asks for the split: the parts it names, when
        their owners differ ("the hypervisor and the instance os - who owns those two"), else the
        ruling's own case for each side, else the two topics it names ("durability and the
        lifecycle rules"); none when there is no such pair (a shared ruling's own duties are the split)."""
        named = self._parts_named_apart(service, signals)
        both_topics = [self.kb.ruling(service.id, t.id) for t in topics[:2] if not t.hinted]
        by_topic = [Condition(self.kb.topics[r.topic].name, r.summary, r.owner) for r in both_topics if r.topic]
        for cases in (named, ruling.conditions, by_topic):
            sides = _one_per_side(cases)
            if sides:
                return sides
        return ()

    def _decision_part(self, part: _Part, signals: Signals) -> _Part | None:
        """"Who decides whether it uses sse-sqs or a kms key": of the parts the question names, the
        choice between them is yours (the cases you own), else the ruling's own case for choosing."""
        owner = part.aspect.owner if part.aspect else "shared" if part.depends else part.ruling.owner
        if owner == "customer":
            return None
        named = self._parts_named_apart(self.kb.services[part.ruling.service], signals)
        yours = [c for c in named if c.owner == "customer" and c in part.ruling.facets]
        yours = yours or [c for c in part.ruling.facets if c.owner == "customer" and _CHOOSING.match(c.when)]
        return _Part.of(part.ruling, yours[:1]) if yours else None

    def _parts_named_apart(self, service: Service, signals: Signals) -> list[Condition]:
        """Every layer and facet named, except one named only by words inside another part's longer
        phrase: "the vault lock policy" names the lock policy, not the archives in the vault."""
        holds = _holds_for(signals)
        layers = self._layer_words[service.id]
        facets = self._facet_words.get(service.id)
        found = [(layer, phrases) for i, phrases in sorted(layers.found_phrases(signals).items())
                 if holds(layer := layers.parts[i])]
        found += [(facet, phrases) for i, phrases in sorted(facets.words.found_phrases(signals).items())
                  if holds(facet := facets.words.parts[i])] if facets else []
        every = {f" {p} " for _, phrases in found for p in phrases}
        kept = [part for part, phrases in found
                if not all(any(f" {p} " in q and f" {p} " != q for q in every) for p in phrases)]
        return [Condition(p.name, p.text, p.owner) if isinstance(p, Layer) else p for p in kept]

    def _general_answer(self, question: str, signals: Signals, topics: list[_Scored]) -> Answer:
        # "the key hit github - so aws handled it?": a tool named beside AWS is where it happened.
        out = [h for h in signals.of("out") if (h.target.id != OTHER_TOOLS or not has_cloud_context(signals))
               and not (h.target.id == ON_PREMISES and _left_for_aws(question, signals, h, self._model_level))]
        if out:
            return self._unmatched(question, (), self._not_covered(signals, out[0]))
        keywords: dict[str, int] = defaultdict(int)
        keyword_confidence: dict[str, float] = {}
        for hit in _not_said_as_ours(signals, self._general_by_id):
            keywords[hit.target.id] += hit.target.weight
            keyword_confidence[hit.target.id] = max(keyword_confidence.get(hit.target.id, 0.0), hit.confidence)
        near = sorted(signals.near_misses.items(), key=lambda kv: -kv[1])
        topic = topics[0] if topics else None
        guesses = tuple(Alternative(s, topic.id if topic else None, score) for s, score in near)
        if topic is not None and topic.score <= 1 and any(
            self._general_by_id[e].default and self._general_by_id[e].ruling.topic for e in keywords
        ):
            topic = None  # a hint of a topic ("config") weighs less than a keyword ("provides tools")
        if topic is not None and topic.id == CONTEXT_TOPIC and any(self._model_level(e) for e in keywords) and all(
                names_a_purpose(signals.words[max(0, h.position - 4) : h.position])
                for h in signals.of("topic") if h.target.id == CONTEXT_TOPIC):
            # "before the soc2 kickoff: how is security split under the model": the model, the audit its occasion
            topic, keywords = None, {e: n for e, n in keywords.items() if self._model_level(e)}
        if topic is not None and any(self._model_level(e) and n > 2 * topic.score for e, n in keywords.items()):
            # "before the soc2 walkthrough: security IN the cloud is ours, right?" names the model far more
            # specifically than a topic: it is about the model.
            topic = None
        entry = self._pick_general(topic.id if topic else None, keywords)
        if entry is not None and entry.ruling.topic == CONTEXT_TOPIC and (asks_if_inherited(signals.words) or (
                entry.ruling.owner == "aws" and calls_ours_compliant(signals.words))):
            # "aws has iso 27001 and soc 2 - does that make our app compliant?": AWS's certifications
            # are the premise, whether they carry over the question; they never do. "Which controls can
            # we point at aws's reports for vs implement ourselves" asks for both sides: the topic's own.
            side = "shared" if not VERSUS.isdisjoint(signals.words) else "customer"
            entry = next((g for g in self._general_by_topic[CONTEXT_TOPIC] if g.ruling.owner == side), entry)
        if entry is not None and entry.ruling.topic == CONTEXT_TOPIC and entry.ruling.owner == "aws" and any(
                h.target.id == entry.ruling.entry
                and (not OURS.isdisjoint(signals.words[max(0, h.position - 2) : h.position])
                     or _for_our_own(signals.words[h.position + len(h.phrase) : h.position + len(h.phrase) + 5]))
                for h in signals.of("keyword")):
            # "we're going for our own soc2", "fedramp authorization for our app": the certification is yours to
            # earn; AWS's reports cover only its part.
            entry = next((g for g in self._general_by_topic[CONTEXT_TOPIC] if g.ruling.owner == "customer"), entry)
        if entry is None and topic is None:
            frames = [h.target.id for h in signals.of("frame")]
            entry = self._general_by_id[frames[0]] if frames else None
            keywords = {frames[0]: 1} if frames else keywords
        if entry is None or not self._general_question(entry, keywords, topics, signals) or guesses:
            if topic and not guesses:
                guesses = (Alternative(None, topic.id, topic.confidence * GUESS_DISCOUNT),)
            return self._unmatched(question, guesses[:MAX_ALTERNATIVES], UNSURE)
        confidence = topic.confidence if topic else keyword_confidence.get(entry.ruling.entry, 1.0)
        if confidence < MATCH_THRESHOLD:
            return self._unmatched(question, (Alternative(None, entry.ruling.topic, confidence),), UNSURE)
        alternatives = tuple(Alternative(None, t.id, t.confidence * SECOND_TOPIC_DISCOUNT) for t in topics[1:2])
        if entry.ruling.topic is not None and asks_for_the_split(signals.words):
            # "how does pci dss responsibility split between us and aws": both sides, the ruling's own.
            sides = _sides_of(entry.ruling)
            if sides:
                return self._answer(question, entry.ruling, confidence, alternatives, depends=sides)
        part = self._facet_part(entry.ruling, signals)  # a topic's case ("aws managed keys") holds here too
        if part is not None:
            return self._answer(question, entry.ruling, confidence, alternatives, aspect=part.aspect,
                                depends=part.depends)
        return self._answer(question, entry.ruling, confidence, alternatives)

    def _general_question(self, entry: GeneralEntry, keywords: dict[str, int], topics: list[_Scored],
                          signals: Signals) -> bool:
        """Whether a question with no service is really about this general entry.

        It needs evidence for the entry itself (its own keywords, its topic named outright, or a
        question shape such as "what do I own"), to be about clouds at all, and to ask about
        ownership — unless it names the model itself ("paas", "of the cloud"). A keyword of another
        entry ("server" in "server closet") is not evidence.
        """
        about_the_model = any(self._model_level(e) for e in keywords)
        own_keywords = entry.ruling.entry in keywords or about_the_model
        topic_named = any(t.score >= 2 for t in topics[:1])
        evidence = own_keywords or topic_named or bool(signals.of("frame"))
        # A flood or a hypervisor is infrastructure's whoever asks; a "firewall" or a "badge" may be the office's.
        about_clouds = bool(keywords) or has_cloud_context(signals) or any(
            t.id in INFRASTRUCTURE_TOPICS and not t.hinted for t in topics[:1]) or any(
            t.id in DATA_TOPICS and t.score >= 3 for t in topics[:1]) or (
            topic_named and _nothing_but_the_topic(signals))
        asks_ownership = about_the_model or asks_who_owns(signals)
        return evidence and about_clouds and asks_ownership

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
        specific = {e: n for e, n in keywords.items() if not self._general_by_id[e].default}
        if specific and len(specific) < len(keywords):
            keywords = specific  # "inherited controls under the shared responsibility model": the specific entry
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
    OTHER_CLOUDS: "is another cloud",
    ON_PREMISES: "is your own infrastructure, not AWS",
    OTHER_TOOLS: "is not an AWS service",
    NOT_COVERED: "is an AWS service I don't cover yet",
}


_HYBRID_PARTS = frozenset({("hybrid", "nodes"), ("hybrid", "node"), ("ecs", "anywhere")})
_TOWARDS = frozenset((w,) for w in "to onto into".split())
_DETERMINERS = frozenset((w,) for w in "the a an our my your their this that org".split())
"""Before a resource word, what makes it a noun ("the trail"), not a verb ("subscribe to")."""


def _typed(signals: Signals, hit: Hit) -> str:
    """The words as the person typed them, never the matcher's stems."""
    return " ".join(signals.words[hit.position : hit.position + len(hit.phrase)])


class _RuledOut(Protocol):
    unless: tuple[str, ...]


def _names_a_resource(signals: Signals, hint: Hit) -> bool:
    """Whether a resource word that is also a seed statement names the resource here, not the
    statement. A word that is also a practice must be said in the singular or of ours ("our security
    groups", not "who sets up billing alarms"); a word of YOUR_RESOURCES needs something said of it
    besides itself ("the security group for the hiking trip" is a chat, not a VPC question)."""
    phrase = hint.phrase
    if phrase not in YOUR_RESOURCES and phrase not in ONE_RESOURCE_OR_PRACTICE:
        return False
    if phrase in ONE_RESOURCE_OR_PRACTICE and signals.words[hint.position + len(phrase) - 1].endswith("s") \
            and OURS.isdisjoint(signals.words[max(0, hint.position - 2) : hint.position]):
        return False
    return phrase not in YOUR_RESOURCES or has_cloud_context(signals) or any(
        h.phrase != phrase for h in signals.of("topic"))


def _case_of(service: str | None) -> Callable[[Condition], bool]:
    """Whether a topic's case is true of the service (a question naming none: any case)."""
    return lambda case: not case.services or service is None or service in case.services


def _holds_for(signals: Signals) -> Callable[[_RuledOut], bool]:
    """Whether a facet or layer can hold for this question: not when it names the kind of the
    service the part rules out ("elasticache serverless" and a node-based cluster's updates). An
    unless phrase that holds the part's own words ("self managed node group" around "managed node
    group") rules it out only where the question has no other mention of them."""
    def holds(part: _RuledOut) -> bool:
        for phrase in part.unless:
            if not signals.affirms(phrase):
                continue
            stemmed = part_phrase(phrase)
            inner = [k for k in map(part_phrase, getattr(part, "keywords", ()))
                     if " " in k and f" {k} " in f" {stemmed} "]
            said = signals.occurrences(stemmed)
            if not (said and any(signals.occurrences(k) > said for k in inner)):
                return False
        return True
    return holds


def _asks_for_the_actor(signals: Signals) -> bool:
    """"Who changed it", "who did that": the investigation is asked as who the actor was."""
    return any(h.target.id == INVESTIGATION_TOPIC and (h.phrase[0] == "who" or h.phrase in ACTOR_PHRASES)
               for h in signals.of("topic"))


def _updates_the_named(topic_hits: list[Hit], topic: str) -> bool:
    """"Who updates the ecs agent + os", "who upgrades it to a newer engine version": an update verb with
    the OS, an agent or a version right after it as its object is patching, not configuring them."""
    verbs = [h.position for h in topic_hits if h.target.id == PATCHING_TOPIC and h.phrase in UPDATE_VERBS]
    return any(0 < h.position - v <= 4 for v in verbs for h in topic_hits if h.target.id == topic
               and (topic == OS_CONFIG_TOPIC or VERSION in h.phrase))


def _where_copies_are_kept(signals: Signals) -> int | None:
    """Where the question says the storage keeps its own copies across AZs ("replicates our table >across azs",
    "is the data stored >in multiple azs"), if it does. Not across Regions or accounts, which is replication you
    set up."""
    words = signals.words
    for i, t in enumerate(signals.tokens):
        if t not in _KEPT_COPIES:
            continue
        for j, w in enumerate(words[i + 1 : i + 6], i + 1):
            if w in _SPREAD and not AZ_WORDS.isdisjoint(words[j + 1 : j + 5]) and (
                    w == "across" or not _SEVERAL.isdisjoint(words[j + 1 : j + 4])):
                return j
    return None


_KEPT_COPIES = frozenset(stem(w) for w in "replicate stored kept copied copies held written".split())
_SPREAD = frozenset({"across", "in", "over", "to", "into"})
_SEVERAL = frozenset("multiple several many more three 3 two 2 all different".split())


def _sets_the_scene(topic_hits: list[Hit], other: str, signals: Signals) -> bool:
    """"The sns topic that pages on-call carries patient ids - encrypted at rest by default?": incident words
    all before another topic named as strongly only say which resource; the other topic is asked. Not when
    who did it, a cited finding or a remedy ("after the breach we rotate the keys") makes the incident the
    question."""
    if FINDING_MARK in signals.words or not REMEDIES.isdisjoint(signals.token_set):
        return False
    scene = [h for h in topic_hits if h.target.id == INVESTIGATION_TOPIC]
    asked = [h.position for h in topic_hits if h.target.id == other]
    return bool(scene and asked) and not any(h.phrase[0] == "who" or h.phrase in ACTOR_PHRASES for h in scene) \
        and max(h.position for h in scene) < min(asked)


def _for_our_own(words: tuple[str, ...]) -> bool:
    """"(an authorization) for our app", "(a report) of our platform": what is certified is yours."""
    return any(w in ("for", "of", "covering") and words[i + 1 : i + 2] in (("our",), ("my",))
               and not _CERTIFIED.isdisjoint(words[i + 2 : i + 4]) for i, w in enumerate(words))


_CERTIFIED = frozenset("""app apps application applications platform product products service services system systems
    workload workloads saas company environment stack solution site website api""".split())
"""What an authorization or a report can be of ("for our app"), unlike who it is for ("for our auditors")."""


def _only_the_occasion(topic_hits: list[Hit], topic: str, signals: Signals) -> bool:
    """Whether every word of the topic stands in an "if" / "when" clause ("if an az goes down, do we lose
    data", "are our files safe if an az goes down"): what happens is the occasion, not what is asked."""
    hits = [h for h in topic_hits if h.target.id == topic]
    others = [h for h in topic_hits if h.target.id != topic]
    return bool(hits) and bool(others) and all(
        not _CONDITIONS.isdisjoint(signals.words[max(0, h.position - 4) : h.position]) for h in hits)


_CONDITIONS = frozenset({"if", "when", "whenever", "once"})


def _head_first(ranked: list[_Scored], signals: Signals) -> list[_Scored]:
    """Of two topics named equally, the one the other qualifies: in "durability of the backup
    storage" durability is asked about and backup says of what ("A of B" is about A)."""
    first, second = ranked[0], ranked[1]
    head, tail = (first, second) if first.position < second.position else (second, first)
    words = signals.words
    ends = [h.position + len(h.phrase) for h in signals.of("topic") if h.target.id == head.id]
    if not any(words[end : end + 1] == ("of",) and end < tail.position for end in ends):
        return ranked
    return [head, tail, *ranked[2:]] if head is not first else ranked


def _left_for_aws(question: str, signals: Signals, other: Hit, model_level: Callable[[str], bool]) -> bool:
    """"lift-and-shift of the vmware boxes to ec2", "the vsphere team asks who patches ec2": the
    other platform is where the workload comes from, or whose team asks; an AWS service named after
    it by name is what the question is about."""
    end = other.position + len(other.phrase)
    if end < len(signals.tokens) and signals.tokens[end] in TEAM_WORDS:
        return bool(signals.of("service"))
    if not FEDERATION.isdisjoint(signals.tokens[max(0, other.position - 3) : end + 3]):
        # "our users sign in to cognito through okta federation": the other identity provider is
        # federated into the AWS service named, which is what is asked about.
        return bool(signals.of("service"))
    if other.target.id == ON_PREMISES:
        # "on-prem we owned the tape backups; with dynamodb who does?", "raid1 like on prem": what was done
        # on your own premises is the comparison; AWS, named apart from it, is asked about. Not "our on prem k8s".
        if not COMPARED.isdisjoint(signals.words[max(0, other.position - 2) : other.position]):
            return True
        if _HYBRID_PARTS.intersection(signals.grams):
            return True  # "eks hybrid nodes in our own data center": an AWS service's part that lives there
        return any(h.position > end for h in signals.of("service")) or any(
            h.position > end and model_level(h.target.id) for h in signals.of("keyword"))
    moved = "->" in question or "→" in question or _names_a_move(signals.words)
    return moved and any(h.position > other.position for h in signals.of("service"))


@dataclass(frozen=True)
class _NamedFacets:
    best: dict[str, tuple[int, tuple[Condition, ...]]]
    """Ruling entry -> the score of its facets named most specifically, and those facets."""
    every: tuple[Condition, ...]
    """Every facet named at all, rulings in order ("the hypervisor and the node os")."""


@dataclass(frozen=True)
class _ServiceFacets:
    """All facets of one service in one PartWords (one pass per question, not one per ruling)."""

    words: PartWords[Condition]
    entries: tuple[str, ...]
    """The ruling entry of each part, by index."""

    @classmethod
    def of(cls, service: Service) -> _ServiceFacets:
        pairs = [(r.entry, c) for r in service.rulings.values() for c in r.facets]
        return cls(PartWords([(c, c.keywords) for _, c in pairs]), tuple(sys.intern(e) for e, _ in pairs))

    def named(self, signals: Signals) -> _NamedFacets:
        scores = self.words.scores(signals, operator.add, _holds_for(signals))
        best: dict[str, tuple[int, tuple[int, ...]]] = {}
        for index in sorted(scores):
            entry, score = self.entries[index], scores[index]
            top = best.get(entry)
            if top is None or score > top[0]:
                best[entry] = (score, (index,))
            elif score == top[0]:
                best[entry] = (score, (*top[1], index))
        if any(len(tied) > 1 for _, tied in best.values()):
            best = {entry: (score, self._heads(signals, tied)) for entry, (score, tied) in best.items()}
        parts = self.words.parts
        return _NamedFacets({entry: (score, tuple(parts[i] for i in tied)) for entry, (score, tied) in best.items()},
                            tuple(parts[i] for i in sorted(scores)))

    def _heads(self, signals: Signals, tied: tuple[int, ...]) -> tuple[int, ...]:
        """Of facets named equally, drop one whose words are the modifier of another's in one compound,
        overlapping or adjacent: "automated backup retention" names the retention (of automated backups),
        "shield advanced proactive engagement" the engagement, not both."""
        if len(tied) < 2:
            return tied
        found = self.words.found_phrases(signals)
        spans = {i: _longest_span(signals.tokens, found.get(i, ())) for i in tied}
        return tuple(i for i in tied if not any(
            j != i and spans[i] and spans[j] and spans[j][0] <= spans[i][1] and spans[i][0] < spans[j][1]
            and spans[j][1] > spans[i][1] for j in tied))


def _longest_span(tokens: tuple[str, ...], phrases: Sequence[str]) -> tuple[int, int] | None:
    """Where the longest of a part's phrases stands; of equally long ones, the first in the question.
    Never the order the phrases were found in, which follows a set's (hash-seeded) order."""
    spans = [(span, phrase) for phrase in phrases if (span := _span(tokens, phrase)) is not None]
    if not spans:
        return None
    return min(spans, key=lambda sp: (-len(sp[1]), sp[0][0]))[0]


def _span(tokens: tuple[str, ...], phrase: str) -> tuple[int, int] | None:
    """Where a stemmed phrase first stands, word for word, in the question's tokens."""
    words = tuple(phrase.split())
    if not words:
        return None
    starts = range(len(tokens) - len(words) + 1)
    return next(((i, i + len(words)) for i in starts if tokens[i : i + len(words)] == words), None)


def _not_said_as_when(facets: list[Condition], signals: Signals) -> list[Condition]:
    """"Do engine patches get applied in the maintenance window?": a window named only as when AWS does
    something is not the case of choosing it (yours)."""
    def as_when(case: Condition) -> bool:
        spans = [span for k in case.keywords if (span := _span(signals.tokens, part_phrase(k))) is not None]
        return bool(spans) and all(WINDOW in signals.tokens[start:end] and _WHEN.intersection(
            signals.words[max(0, start - 2) : start]) for start, end in spans)

    return [c for c in facets if c.owner != "customer" or not as_when(c)] if WINDOW in signals.token_set else facets


def _set_to_a_value(facets: list[Condition], signals: Signals) -> bool:
    """"backup_retention_period = 7", "retention is 7 days", "keeps 7 days of backups": a setting of yours stated
    with its value."""
    tokens = signals.tokens
    if any(t.isdigit() and tokens[i + 1 : i + 2] in _DURATIONS for i, t in enumerate(tokens)):
        return True
    for case in facets:
        for keyword in case.keywords:
            span = _span(tokens, part_phrase(keyword))
            if span is not None and any(t.isdigit() for t in tokens[span[1] : span[1] + 2]):
                return True
    return False


_DURATIONS = frozenset((stem(w),) for w in "hour hours day days week weeks month months year years".split())


def _not_said_to_be_on(facets: list[Condition], signals: Signals) -> list[Condition]:
    """"Automated backups are on - so restore testing is aws's too?": a part said to be on is the premise; the
    other part is asked. [] unless that leaves parts of one owner."""
    tokens = signals.tokens

    def said_on(case: Condition) -> bool:
        spans = [span for k in case.keywords if (span := _span(tokens, part_phrase(k))) is not None]
        return bool(spans) and all(tokens[end : end + 1] in _SAID_ON or tokens[end : end + 2] in _SAID_ON
                                   for _, end in spans)

    rest = [c for c in facets if not said_on(c)]
    return rest if rest and len(rest) < len(facets) and len({c.owner for c in rest}) == 1 else []


_SAID_ON = frozenset({("enabled",), ("are", "on"), ("is", "on"), ("are", "enabled"), ("is", "enabled"),
                      ("were", "on"), ("was", "on"), ("turned", "on"), ("already", "on"), ("already", "enabled")})


NONCOMPLIANT = frozenset({("noncompliant",), ("non", "compliant")})
"""How AWS Config reports a rule that failed (NON_COMPLIANT)."""
_WHEN = frozenset({"in", "during", "within", "inside"})
WINDOW = stem("window")


def _one_per_side(cases: Sequence[Condition]) -> tuple[Condition, ...]:
    """The first case of AWS's and the first of yours, in their order; none unless both sides have one."""
    sides = {c.owner: c for c in reversed(cases) if c.owner in ("aws", "customer")}
    return tuple(sorted(sides.values(), key=list(cases).index)) if len(sides) == 2 else ()


def _sides_of(ruling: Ruling) -> tuple[Condition, ...]:
    """A ruling's case for each side, else its first item on each side; none when one side has nothing."""
    sides = _one_per_side(ruling.conditions)
    if sides:
        return sides
    if ruling.aws and ruling.customer:
        return (Condition(ruling.aws[0], "AWS's part.", "aws"), Condition(ruling.customer[0], "Yours.", "customer"))
    return ()


def _not_said_as_ours(signals: Signals, general: dict[str, GeneralEntry]) -> list[Hit]:
    """The model's keywords, but not a one-word keyword of AWS's side said of something of ours when
    the question names the model otherwise: in "the shared responsibility model for our data
    platform", the platform is the customer's system, not the platform AWS runs."""
    hits = signals.of("keyword")
    ours = [h for h in hits if len(h.phrase) == 1 and general[h.target.id].ruling.owner == "aws"
            and not OURS.isdisjoint(signals.words[max(0, h.position - 2) : h.position])]
    return [h for h in hits if h not in ours] if ours and len(ours) < len(hits) else hits


def _said_as_what_backs(signals: Signals, hit: Hit) -> bool:
    """"An EBS-backed instance", "a KMS-backed secret": the service says what the thing named next runs on."""
    end = hit.position + len(hit.phrase)
    return signals.words[end : end + 1] in (("backed",), ("based",)) and end + 1 < len(signals.words)


def _said_as_the_comparison(signals: Signals, hit: Hit) -> bool:
    """"Like rds, ...", "unlike ec2, ...", "same as with lambda": what another service is compared to (not
    "services like s3 and lambda", which gives examples)."""
    before = signals.words[max(0, hit.position - 3) : hit.position]
    return (hit.position == 1 and before[-1:] in (("like",), ("unlike",))) or before[-2:] in _COMPARED \
        or before[-3:] in _COMPARED


_COMPARED = frozenset({("as", "with"), ("same", "as"), ("compared", "to"), ("just", "like"), ("similar", "to"),
                       ("same", "as", "with")})


def _said_as_a_noun(signals: Signals, hit: Hit) -> bool:
    """"a config", "our config?", "the auth config" (not "our config rules", "the config recorder", "the aws
    config")."""
    before = signals.words[max(0, hit.position - 2) : hit.position]
    after = signals.tokens[hit.position + len(hit.phrase) : hit.position + len(hit.phrase) + 1]
    if after in SERVICE_PARTS_AFTER_CONFIG:
        return False
    if before[-1:] in NOUN_DETERMINERS:
        return True  # "a config", "our config?"
    # "the auth config", "our nginx config": a noun before it, said of something; "the aws config" is the service
    return len(before) == 2 and (before[0] == "the" or before[:1] in NOUN_DETERMINERS) \
        and before[1] not in ("aws", "amazon")


def _nothing_but_the_topic(signals: Signals) -> bool:
    """"Who's responsible for physical security", "who is responsible for the durability of stored
    data": a topic and a question of who, and nothing else, is the model's question (to a bot about
    AWS). Any other word ("the colo", "the office wifi") may put it somewhere else."""
    taken = {h.position + i for h in signals.of("topic") for i in range(len(h.phrase))}
    return asks_who_owns(signals) and all(
        i in taken or w in BARE_QUESTION_WORDS or w in OWNERSHIP_WORDS for i, w in enumerate(signals.words))


def _listed(signals: Signals) -> bool:
    """Three services named one after another ("cloudtrail/cloudwatch/config", "(rds, s3, lambda)"):
    a list of examples."""
    hits = sorted(signals.of("service"), key=lambda h: h.position)
    run = 1
    for before, after in pairwise(hits):
        if after.target.id == before.target.id:
            continue
        run = run + 1 if after.position - (before.position + len(before.phrase)) <= 1 else 1
        if run >= 3:
            return True
    return False


def _reports_a_finding(signals: Signals, hit: Hit) -> bool:
    """"Inspector finding: outdated openssl in the golden ami": the tool that found it is not the
    subject; the resource it found it in is. "The sftp box", "our kafka vms": the software names
    what the machine runs, and the machine is the subject."""
    end = hit.position + len(hit.phrase)
    return signals.tokens[end : end + 1] in REPORTER_WORDS | MACHINE_WORDS and bool(signals.of("hint"))


def _named_as_origin(signals: Signals, services: list[_Scored]) -> bool:
    """"Coming from postgres on ec2: what do i own with dynamodb?": the first service named follows
    "from", and another is named after it."""
    named = sorted(signals.of("service"), key=lambda h: h.position)
    if not named or all(h.target.id == named[0].target.id for h in named):
        return False
    before = signals.words[max(0, named[0].position - 4) : named[0].position]
    return any(w == "from" and i and before[i - 1] in ORIGIN_VERBS for i, w in enumerate(before))


def _service_above(signals: Signals) -> str | None:
    """"The ec2 nodes under our opensearch domain": the first service named is what the next one runs
    on, and the question is about that one (whose nodes AWS may run)."""
    named = sorted(signals.of("service"), key=lambda h: h.position)
    if len(named) < 2:
        return None
    first = named[0]
    end = first.position + len(first.phrase)
    under = next((i for i in range(end, min(end + 3, len(signals.words))) if signals.words[i] in UNDERNEATH), None)
    if under is None or any(end <= h.position < under for h in named[1:]):
        return None
    return next((h.target.id for h in named[1:] if h.target.id != first.target.id and under < h.position <= under + 4),
                None)


def _names_a_move(words: tuple[str, ...]) -> bool:
    """"moving from ec2 onto lambda": a migration word and where it goes; not a setting switched on or off
    ("do we have to switch it on")."""
    return not DESTINATION_WORDS.isdisjoint(words) and any(
        w in MIGRATION_WORDS and not (w.startswith("switch") and TOGGLED.intersection(words[i + 1 : i + 3]))
        for i, w in enumerate(words))


_NEW_RESOURCE = re.compile(r"\b(?:new|since|on or after)\b", re.IGNORECASE)
_OLDER_RESOURCE = re.compile(r"\b(?:existing|before|older|legacy)\b", re.IGNORECASE)
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[a-z0-9]+")
_CHOOSING = re.compile(r"(?:Choosing|Which|Whether)\b")
"""A case that is the choice itself ("Choosing whether to run Multi-AZ at all")."""


def _older_resource_part(ruling: Ruling, facets: list[Condition], signals: Signals) -> _Part | None:
    """A resource the question dates before a default ("queues created back in 2019", "a legacy
    bucket") is not the new one the default protects: the ruling's case for an older resource
    leads instead. A year on or after the default's own keeps the new case."""
    if not facets or not all(c.owner == "aws" and _NEW_RESOURCE.search(c.when) for c in facets):
        return None
    years = years_it_predates(signals.words)
    if years is None:
        return None
    since = [int(y) for c in facets for y in _YEAR_IN_TEXT.findall(c.when)]
    if years and since and min(years) >= min(since):
        return None
    older = [c for c in ruling.facets if c.owner == "customer" and _OLDER_RESOURCE.search(c.when)
             and not _asks_about_new(c, signals)]
    return _Part(ruling, aspect=Aspect.of_facet(older[0])) if len(older) == 1 else None


def _dated_older_part(ruling: Ruling, signals: Signals) -> _Part | None:
    """"Objects uploaded back in 2019": a resource dated before the date of the ruling's case for
    older resources ("uploaded before January 5, 2023") is that case, whatever else is named."""
    years = years_it_predates(signals.words)
    if not years:
        return None
    older = [c for c in ruling.facets if c.owner == "customer" and _OLDER_RESOURCE.search(c.when)
             and _YEAR_IN_TEXT.search(c.when) and max(years) < min(int(y) for y in _YEAR_IN_TEXT.findall(c.when))
             and not _asks_about_new(c, signals)]
    return _Part(ruling, aspect=Aspect.of_facet(older[0])) if len(older) == 1 else None


def _asks_about_new(older: Condition, signals: Signals) -> bool:
    """Whether the question calls new the very things the case for older resources dates ("a bucket
    from 2019 - are new uploads encrypted?" asks of objects uploaded now, not of those "uploaded
    before 2023"). "A queue from 2019 - are new messages encrypted?" still asks of the old queue."""
    dated = {stem(w) for w in _WORD.findall(older.when.lower())}
    return any(w == "new" and signals.tokens[i + 1 : i + 2] and signals.tokens[i + 1] in dated
               for i, w in enumerate(signals.words))


def _describes_off_state(case: Condition) -> bool:
    """A case for a feature being off, or for choosing to turn it on ("pitr off", "enable multi az")."""
    return any(word in ("off", "disabled", "enable", "no", "not", "single") or " turn on " in f" {k} "
               for k in case.keywords for word in k.split())


def _parts_only_one_service_has(
        kb: KnowledgeBase, known: Mapping[tuple[str, ...], Sequence[Target]]) -> list[tuple[str, list[str]]]:
    """Each service's facet and layer phrases of two words or more that no other service uses and
    that are not the model's own words ("edge locations") or another product's."""
    owners: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, list[str]] = defaultdict(list)
    for service in kb.services.values():
        words = [w for layer in service.layers for w in layer.words]
        words += [k for ruling in service.rulings.values() for c in ruling.facets for k in c.keywords]
        for phrase in words:
            stemmed = part_phrase(phrase)
            targets = known.get(tuple(stem(w) for w in phrase.split()), ())
            if len(stemmed.split()) > 1 and not _PLACE_ONLY.fullmatch(stemmed) and not any(
                    t.kind in ("keyword", "out", "frame") for t in targets):
                owners[stemmed].add(service.id)
                phrases[service.id].append(phrase)
    return [(sid, [p for p in ps if len(owners[part_phrase(p)]) == 1]) for sid, ps in sorted(phrases.items())]
