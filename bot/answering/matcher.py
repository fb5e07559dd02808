"""Find the service and the topic a question is about.

The question is cut into words, misspelt words are corrected against the knowledge base's own
vocabulary with rapidfuzz, and then known phrases (aliases, topic words, keywords) are looked up
longest-first. Matching the service and the topic separately, instead of the whole question
against every entry, keeps it typo-tolerant and cheap as the knowledge base grows.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Any, Literal

import Stemmer
from rapidfuzz import fuzz, process

from bot.answering.clean import tokenize
from bot.answering.phrasing import asks_if_inherited, names_a_version_upgrade
from bot.answering.vocabulary import (
    ACCOUNT_PHRASES,
    ACTOR_PHRASES,
    AWS_DOES,
    CAN_OR_TO,
    CLOUD_CONTEXT,
    COMMON_WORDS,
    CONTEXT_PHRASES,
    DETERMINERS,
    INVESTIGATION_TOPIC,
    INVESTIGATION_VERBS,
    LOGGING_TOPIC,
    NOT_COVERED,
    OWNERSHIP_PHRASES,
    OWNERSHIP_WORDS,
    RECORDED,
    RECORDING_VERBS,
    SEEING_VERBS,
    TAG_QUESTIONS,
    TRAILING_ASKS,
)
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Pointer

Kind = Literal["service", "hint", "topic", "keyword", "frame", "out"]

FUZZY_CUTOFF = 84.0
"""rapidfuzz ratio a misspelt word needs to count as a word we know ("pathces" -> "patches": 86)."""
NEAR_MISS_CUTOFF = 70.0
"""A service word this close is only offered as "did you mean", never answered."""
WEAK_TOPIC_CONFIDENCE = 0.9
ARTEFACT_TOPIC_WEIGHT = 4
"""A finding type or control id says its topic more surely than any one topic word."""
MIN_FUZZY_LENGTH = 4
SHORT_WORD = 4
"""A known word this short is mostly an acronym ("fips", "kms"): a typo of it keeps its length."""

@dataclass(frozen=True, slots=True)
class Target:
    kind: Kind
    id: str
    weight: int = 2
    """Topic phrases: 2 for strong (one more per extra word: longer is more specific), 1 for weak."""
    embedded: bool = False
    """A topic phrase inside a longer service alias ("alarms" in "cloudwatch alarms"): it still
    says what is asked about, though the alias's words were taken by the service."""


@dataclass(frozen=True, slots=True)
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
    words: tuple[str, ...] = ()
    """The question's words as typed (lower case)."""
    tokens: tuple[str, ...] = ()
    """The same words corrected and stemmed: what phrases are matched against."""

    def of(self, kind: Kind) -> list[Hit]:
        return self._by_kind.get(kind, [])

    @cached_property
    def _by_kind(self) -> dict[str, list[Hit]]:
        """Hits grouped once: Signals are complete when a scan returns them and never change."""
        grouped: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.hits:
            grouped[hit.target.kind].append(hit)
        return dict(grouped)

    def mentions(self, phrase: str) -> bool:
        """Whether the question contains this phrase, even inside a longer alias."""
        return self.contains(part_phrase(phrase))

    def affirms(self, phrase: str) -> bool:
        """`mentions`, but not when negated right before it: "a normal (non auto mode) cluster"."""
        stemmed = part_phrase(phrase)
        if not self.contains(stemmed):
            return False
        first = stemmed.split()[0]
        kept = self._kept_tokens
        return any(i == 0 or kept[i - 1] not in NEGATIONS for i in self._positions.get(first, ()))

    def occurrences(self, stemmed: str) -> int:
        """How many times a stemmed phrase appears word for word (articles left out)."""
        return len(self._starts(stemmed))

    def _starts(self, stemmed: str) -> list[int]:
        words = stemmed.split()
        kept = self._kept_tokens
        return [i for i in self._positions.get(words[0], ()) if list(kept[i : i + len(words)]) == words]

    def denied(self, stemmed: str) -> bool:
        """Whether every mention of a part's phrase is denied by what the asker does: "now that we
        don't manage node groups", "we no longer use a cmk". Not a question put in the negative
        ("isn't the hypervisor aws's?"): only a negated verb of using or running right before it."""
        if self.token_set.isdisjoint(DENIAL_WORDS):
            return False  # most questions deny nothing
        kept = self._kept_tokens
        places = self._starts(stemmed)
        return bool(places) and all(self._denied_at(i, DENIED_VERBS) or self._left_behind_at(i) or (
            i >= 1 and kept[i - 1] in USING_VERBS and self._denied_at(i - 1, DENIALS)) for i in places)

    def _left_behind_at(self, i: int) -> bool:
        """"We ditched our nat instances", "since we moved off self-managed nodes": what was left behind."""
        kept = self._kept_tokens
        end = i - 1 if i >= 1 and kept[i - 1] in OWN_WORDS else i
        # Said as done ("moved off", "got rid of"), not as the job asked about ("who migrates off the old branch").
        return any(tuple(kept[max(0, end - len(verb)) : end]) == verb and done in self.words
                   for verb, done in LEFT_BEHIND.items())

    def _denied_at(self, i: int, denials: frozenset[str]) -> bool:
        kept = self._kept_tokens
        return i >= 1 and (kept[i - 1] in denials or (kept[i - 1] == "t" and kept[i - 2 : i - 1] in DENIED_AUXILIARIES))

    def names_part(self, stemmed: str) -> bool:
        """`contains`, but a phrase that ends on "on" or "off" names a setting only where no place
        follows it: "point in time recovery on" is not in "point-in-time recovery on the orders table"."""
        if not self.contains(stemmed):
            return False
        words = stemmed.split()
        if len(words) < 2 or words[-1] not in ("on", "off"):
            return True
        tokens = self.tokens
        return any(tokens[i] == words[-1] and tokens[i - 1] == words[-2] and tokens[i + 1 : i + 2] not in PLACES
                   for i in range(1, len(tokens)))

    def contains(self, stemmed: str) -> bool:
        """`mentions` for a phrase already stemmed (by `part_phrase`: no articles). A phrase of
        two or more words may have one more word inside it: "managed mysql database" names a
        "managed database", "turn shield standard on" does not name "turn on"; numbers inside it
        do not count ("python 3.12 runtime")."""
        if f" {stemmed} " in self._joined:
            return True
        words = stemmed.split()
        if len(words) < 2 or (len(words) == 2 and words[0] == "aws"):
            return False  # a key's alias ("aws/rds") is one name: "aws take the rds snapshots" is not it
        kept = self._kept_tokens
        for start in self._positions.get(words[0], ()):
            at, skipped = start + 1, 0
            for word in words[1:]:
                while at < len(kept) and kept[at] != word and kept[at].isdigit():
                    at += 1  # a version inside a phrase: "python 3.12 runtime" names a "python runtime"
                if at < len(kept) and kept[at] == word:
                    at += 1
                elif skipped == 0 and at + 1 < len(kept) and kept[at + 1] == word and not (
                        kept[at - 1] == "who" and kept[at] in MODALS):
                    # "who can change records" asks who may, not "who changed the record"
                    at, skipped = at + 2, 1
                else:
                    break
            else:
                return True
        return False

    @cached_property
    def loose_words(self) -> tuple[str, ...]:
        """The typed words outside every phrase of two or more words the knowledge knows: in
        "query logging" or "example bucket policy" the word is the knowledge's, not a request's."""
        taken = {h.position + i for h in self.hits if len(h.phrase) > 1 for i in range(len(h.phrase))}
        return tuple(w for i, w in enumerate(self.words) if i not in taken)

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)

    @cached_property
    def memo(self) -> dict[object, object]:
        """Results computed from these signals once per question (they never change after a scan)."""
        return {}

    @cached_property
    def grams(self) -> frozenset[tuple[str, ...]]:
        """Every run of one to three typed words: what word-list phrases are looked up in."""
        words = self.words
        return frozenset(tuple(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1))

    @cached_property
    def _kept_tokens(self) -> tuple[str, ...]:
        """The words a part's phrases are matched against: all but articles."""
        return tuple(t for t in self.tokens if t not in ARTICLES)

    @cached_property
    def _joined(self) -> str:
        return f" {' '.join(self._kept_tokens)} "

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = defaultdict(list)
        for index, token in enumerate(self._kept_tokens):
            positions[token].append(index)
        return positions


PLACES = frozenset((w,) for w in "the a an our my your their this that these those its every each all".split())
"""After "on": a place ("on the orders table"), not a setting being on."""
_stemmer = Stemmer.Stemmer("english")
# Words Snowball would merge with a word of another meaning ("certificate" / "certification",
# "publicly accessible" / "public access"); tests/test_matching.py checks no others appear.
_UNSTEMMED = {
    "certificate": "certificate", "certificates": "certificate",
    "certification": "certification", "certifications": "certification", "certified": "certification",
    "publicly": "publicly", "accessible": "accessible",
    "virtualization": "virtualization", "virtualisation": "virtualization",
    "container": "container", "containers": "container",
    "versioning": "versioning",
    # AWS Artifact (the reports portal) is one; model and build artifacts are many.
    "artifacts": "artifacts",
    # A data centre's building, not a build ("build artifacts", "who builds the ami").
    "building": "building", "buildings": "building",
    # API Gateway's authorizer is a thing; "authorization" (FedRAMP's, or access control) is not.
    "authorizer": "authorizer", "authorizers": "authorizer", "authoriser": "authorizer", "authorisers": "authorizer",
    # A toggle is a setting ("the auto minor version upgrade toggle" is its setting).
    "toggle": "set", "toggles": "set",
    # Misspellings of "maintenance" that stem to another word ("maintainance" -> "maintain").
    "maintainance": "mainten", "maintanance": "mainten", "maintanence": "mainten", "maintenace": "mainten",
    "underlying": "underlying",  # not the preposition "under"
    "turned": "turned",  # "we turned on rotation" says it is on; "do we turn on rotation" asks who
    # "We opted into multi-az", "we enabled it" say it is chosen; "do we opt in", "who enables it" ask who.
    "opted": "opted", "picked": "picked", "enabled": "enabled",
    "attached": "attached",  # "the cert attached to our alb" is a premise; "who attaches it" asks who
    "streaming": "streaming",  # "a streaming account" (video, music) is no Kinesis "stream"
    "manager": "manager", "managers": "manager",  # "secrets manager rotates" is no "managed rotation"
    # Words people use for the same thing: "managed relational db" is a managed relational database,
    # an "object store" object storage.
    "db": "databas", "dbs": "databas", "storage": "store", "creds": "credenti", "pw": "password",
    "perms": "permiss", "perm": "permiss",
    "pwd": "password", "repo": "repositori", "repos": "repositori", "env": "environ", "envs": "environ",
    # Chat shorthand for the same words ("shield std", "our acct", "ebs snaps", "enc at rest").
    "acct": "account", "accts": "account", "std": "standard", "adv": "advanc", "snap": "snapshot",
    "snaps": "snapshot", "enc": "encrypt", "fw": "firewal", "fws": "firewal", "cert": "certificate",
    "certs": "certificate", "pkg": "packag", "pkgs": "packag", "msg": "messag", "msgs": "messag",
    "mgmt": "manag", "svc": "servic", "svcs": "servic", "img": "imag", "imgs": "imag",
    "maint": "mainten", "ctrl": "control", "cfg": "config",
    # Uncovered AWS services whose stem is a common word's ("detects", "person", "element").
    "detective": "detective", "personalize": "personalize", "elemental": "elemental", "amplify": "amplify",
    "intel": "intellig",  # "threat intel" is threat intelligence
    "infra": "infrastructur",  # "the global infra", "aws's infra"
    # Attacked by a DDoS ("our dns got ddosed"): Snowball leaves "ddose", which names nothing.
    "ddosed": "ddos", "ddosing": "ddos", "ddosd": "ddos", "ddoses": "ddos", "ddossed": "ddos",
    # The placeholder company in resource names ("acme-archive") is not ACM.
    "acme": "acme",
    # The attack ("sql injection"), not the verb ("guardduty injects its agent as a sidecar").
    "injection": "injection", "injections": "injection",
}


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """Snowball stem, so "patches", "patched" and "patching" are one word. Short words and
    words with digits are kept whole: they are acronyms and ids ("aws", "ecs", "ec2")."""
    if word in _UNSTEMMED:
        return _UNSTEMMED[word]
    if len(word) < 4 or not word.isalpha():
        return word
    if word[-1] == "s" and _VOWELS.isdisjoint(word[:-1]) and word not in _NOT_PLURALS:
        return word[:-1]  # an acronym's plural without a vowel ("hsms", "vpcs", "cmks"): Snowball keeps the s
    return _stemmer.stemWord(word)


_VOWELS = frozenset("aeiouy")
_NOT_PLURALS = frozenset({"https", "pkcs"})


@lru_cache(maxsize=4096)
def stem_phrase(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


WHOLE_NAMES = frozenset("mysql postgresql mariadb mongodb mssql nosql graphql github gitlab javascript typescript "
                        "devops".split())
"""Product names written in camel case that are one word, not an API name to split ("MySQL")."""
API_VERBS = frozenset({"update", "put", "create", "modify", "set", "get", "list", "describe"})
"""The verbs of AWS API names that only say a call was made (not "Disable", "Stop" or "Delete")."""

MANAGED = frozenset({"managed", "hosted", "serverless", "cloud", "aws"})
"""How a description says someone else runs it: the rest of the description still names the service."""

ARTICLES = frozenset({"a", "an", "the"})
"""Left out when a part's words are looked for: "adds the replicas" names "add replicas", and
"create a trail" is "create trail"."""
NEGATIONS = frozenset({"non", "not", "no", "without"})
"""Right before a phrase, they deny it rather than name it ("a non auto mode cluster")."""
USING_VERBS = frozenset(stem(w) for w in "use uses using run running manage managing on".split())
DENIED_VERBS = frozenset({"dont", "doesnt", "didnt"})
"""Before a phrase that starts with its verb ("we don't manage node groups")."""
DENIALS = DENIED_VERBS | {"not", "never", "longer"}
DENIED_AUXILIARIES = frozenset({("don",), ("doesn",), ("didn",), ("aren",), ("weren",)})
LEFT_BEHIND = {("ditch",): "ditched", ("move", "off"): "moved", ("migrat", "off"): "migrated",
               ("move", "away", "from"): "moved", ("migrat", "away", "from"): "migrated",
               ("switch", "away", "from"): "switched", ("got", "rid", "of"): "got", ("stop", "use"): "stopped"}
"""Before a phrase (and "our"), with the verb said as done, they say it was left behind ("we ditched our nat
instances", "since we moved off self-managed nodes"); "who migrates off the old branch" asks about the move."""
OWN_WORDS = frozenset({"our", "all", "those", "these", "my"})
DENIAL_WORDS = DENIALS | {"t"} | {verb[0] for verb in LEFT_BEHIND}
""""We don't use X", "we no longer run X": the asker says X is not theirs, so X is not asked about."""


MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would"})
"""Inside "who ... <verb>", what turns "who changed it" (the actor) into "who can change it" (the permission)."""


def part_phrase(phrase: str) -> str:
    """A facet's or layer's phrase as `Signals.contains` looks for it: stemmed, without articles."""
    return " ".join(stem(w) for w in phrase.split() if w not in ARTICLES)


_CAMEL_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z][A-Za-z]*\b")
_CAMEL_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ACRONYM_PLURAL = re.compile(r"[A-Z0-9]{2,}s")
_FINDING_TYPE = re.compile(r"\b([A-Z][A-Za-z]+):([A-Za-z0-9]+)/([A-Za-z0-9&.!_-]+)")
"""GuardDuty's ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact."""
_CONTROL_ID = re.compile(r"\b([A-Za-z][A-Za-z0-9]{1,24})\.(\d{1,3})\b")
"""Security Hub control ids: S3.8, RDS.3, ElastiCache.1."""
CONTROL_MARK = "srmcontrol0"
"""The word a cited Security Hub control id leaves in the question (a digit keeps typo correction off it)."""
FINDING_MARK = "srmfinding0"
"""The word a cited GuardDuty finding type leaves in the question: "who handles <finding>" is a response."""
TOPIC_MARK = "srmtopic"
"""Prefix of the word an artefact is rewritten to for its topic ("srmtopicnetworkconfig")."""
_ARN = re.compile(r"\barn:aws[a-z-]*:([a-z0-9-]+):", re.IGNORECASE)
_POLICY_NAME = re.compile(r"\b([a-z][a-z0-9-]{1,24}):([A-Za-z*][A-Za-z0-9*]*)(?![\w/:])")
"""An IAM action or condition key: service prefix, colon, name ("kms:Decrypt", "aws:SourceIp", "s3:*")."""
POLICY_PREFIXES = frozenset("""aws sts logs ssm ecr es execute-api states events firehose acm organizations
    cloudformation elasticloadbalancing autoscaling""".split())
"""IAM prefixes that are not a covered service's id (those count too)."""
_INSTANCE_TYPE = re.compile(
    r"(?<![-/])\b(?:a|c|d|g|i|m|p|r|t|x|z|inf|trn|hpc|dl|im|is|mac)\d{1,2}[a-z]{0,4}(?:\.(?:nano|micro|small|"
    r"medium|\d*x?large|metal))?s?\b(?![-/]|\.\d)")
"""An EC2 instance type or family ("m7i", "c6in.xlarge", "our m5s"): EC2's, like an instance id. Not
inside a hyphenated name ("rds-ca-rsa2048-g1", a certificate authority)."""
_DIGIT = re.compile(r"\d")
_HALF_SAID = re.compile(r"\bsecurity (of|in)\s*(vs\.?|versus|and|or|/|&)\s*(?:security\s*)?(of|in) the cloud\b",
                        re.IGNORECASE)
"""The model's first half said short before the second: "security of vs security in the cloud"."""
_SECOND_HALF_SAID = re.compile(r"\bsecurity (of|in) the cloud\W{0,3}\s*(vs\.?|versus|and|or|/|&)\s*(of|in) the cloud\b",
                               re.IGNORECASE)
"""The second half said short after the first: "security OF the cloud vs IN the cloud"."""
_BRING_YOUR_OWN = re.compile(r"\bbyo\b", re.IGNORECASE)
""""byo container", "byo key": the knowledge says "bring your own"."""
_OUT_OF_THE_BOX = re.compile(r"\bout[ -]of[ -]the[ -]box\b|\bootb\b", re.IGNORECASE)
""""Enabled out of the box?" asks about a default; its "box" is no EC2 instance."""
_GLUED_VERSION = re.compile(r"\b(python|nodejs|node|java|ruby|dotnet|go|redis|valkey|postgres|mysql|k8s)(\d)",
                            re.IGNORECASE)
"""A language or engine with its version glued on ("python3.12", "nodejs20", "redis7"): the name
is a word people ask about, the version is a version."""
NOT_INSTANCE_TYPES = frozenset("i18n l10n a11y p2p m2m c2c t2t r53".split())
"""Numeronyms and the like that look like an instance family ("r53" is Route 53)."""
_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")
_CONFIG_RULE_ID = re.compile(r"(?<![\w/.-])([a-z0-9]+)(?:-[a-z0-9]+){2,}(?![\w-])")
"""An AWS Config managed rule's identifier ("s3-bucket-public-read-prohibited"): with "rule" said,
the rule is what is asked about, not the service whose name it starts with."""
_RULE_FAILING = re.compile(r"non.?compliant|flagg|fail|violat", re.IGNORECASE)
_SIDES = frozenset({"us", "we", "me", "customer", "customers", "them", "our", "ours", "you", "team"})
_MANAGED_KEY_ALIAS = re.compile(r"(?<![\w/.])(?:alias/)?aws/([a-z0-9-]+)\b", re.IGNORECASE)
"""An AWS managed key's alias ("aws/s3", "alias/aws/ebs"): the key of a service, not the service."""
_ROTATION = re.compile(r"\brotat", re.IGNORECASE)


def _distinct_aliases(service_id: str, aliases: Iterable[str]) -> list[str]:
    """Aliases that add something: "cloudwatch alarms" is "cloudwatch" plus a topic word, and
    keeping it whole would hide "alarms" from the topic."""
    names = [service_id, *aliases]
    shorter = set(names)
    return [a for a in names
            if not any(a.startswith(b + " ") for b in shorter if b != a)]


class PhraseIndex:
    """Every phrase of the knowledge base, keyed by its stemmed words, plus the vocabulary for typos."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.phrases: dict[tuple[str, ...], list[Target]] = defaultdict(list)
        """Tuples of targets once built."""
        self._pool: dict[object, object] = {}
        self._spellings: dict[str, str] = {}
        for service in kb.services.values():
            for alias in _distinct_aliases(service.id, service.aliases):
                self._add(alias, Target("service", service.id))
            for hint in service.hints:
                self._add(hint, Target("hint", service.id))
            for description in service.descriptions:
                # "the data warehouse", "our key value store": what it is, when its name is not known.
                words = description.split()
                while len(words) > 1 and words[0] in DETERMINERS:
                    words = words[1:]
                self._add(" ".join(words), Target("hint", service.id))
                if len(words) > 2 and words[0] in MANAGED:
                    # "the search cluster" is the "managed search cluster" too; "hosted postgres" stays whole.
                    self._add(" ".join(words[1:]), Target("hint", service.id))
        for topic in kb.topics.values():
            for phrase in topic.strong:
                self._add(phrase, Target("topic", topic.id, 2 + phrase.count(" ")))
            for phrase in topic.weak:
                self._add(phrase, Target("topic", topic.id, 1))
        for topic in kb.topics.values():  # what a pasted artefact is rewritten to (see _expand_artefacts)
            self._add(TOPIC_MARK + topic.id.replace("-", ""), Target("topic", topic.id, ARTEFACT_TOPIC_WEIGHT))
        self._artefacts = kb.artefacts
        for general in kb.general:
            for phrase in general.keywords:
                self._add(phrase, Target("keyword", general.ruling.entry, 2 + phrase.count(" ")))
            for phrase in general.frames:
                self._add(phrase, Target("frame", general.ruling.entry))
        for phrase, kind in kb.out_of_scope.items():
            self._add(phrase, Target("out", kind))
            if kind == NOT_COVERED and not phrase.startswith(("aws ", "amazon ")):
                # "aws network firewall", "amazon kinesis data analytics": the product's full name, which a
                # covered service's name or a keyword ("aws network", "amazon kinesis") must not cut short.
                for maker in ("aws", "amazon"):
                    self._add(f"{maker} {phrase}", Target("out", kind))
        self._credit_embedded_topics()
        # Words of facets and layers are found by `Signals.mentions`, not as hits; they only need
        # to be known words, so that a typo of one is corrected ("kernal", "dependancy").
        part_words = {w for service in kb.services.values() for layer in service.layers for p in layer.words
                      for w in p.split()}
        part_words |= {w for service in kb.services.values() for ruling in service.rulings.values()
                       for facet in ruling.facets for p in facet.keywords for w in p.split()}
        # A word only an `unless` uses is known too: else "faulty" is corrected to "fault" and
        # "faulty hardware" never rules its facet out.
        part_words |= {w for service in kb.services.values() for part in (
            *service.layers, *(facet for ruling in service.rulings.values() for facet in ruling.facets))
            for p in part.unless for w in p.split()}
        for word in part_words:
            self._spellings.setdefault(word, stem(word))
        # Built, the lists become tuples and equal values one object: the index lives as long as
        # the worker, and a list's spare room and a copy per key were a fifth of its memory.
        self.phrases = {key: self._shared(tuple(targets)) for key, targets in self.phrases.items()}  # type: ignore[misc]
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self.phrases:
            lengths[key[0]].add(len(key))
        self._lengths_by_first_word = {w: self._shared(tuple(sorted(ns, reverse=True))) for w, ns in lengths.items()}
        self.known_stems = frozenset(w for key in self.phrases for w in key) | {stem(w) for w in part_words}
        # Candidates for a misspelt word: same first letter (typos keep it far more often than
        # not; it also stops "watches" from becoming "patches"), length within two.
        by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(self._spellings):
            if len(word) >= MIN_FUZZY_LENGTH:
                for length in range(len(word) - 2, len(word) + 3):
                    by_start[(word[0], length)].append(word)
        self._candidates = {start: tuple(words) for start, words in by_start.items()}
        del self._pool
        self.service_words = {
            key[0]: target.id
            for key, targets in self.phrases.items() if len(key) == 1
            for target in targets if target.kind == "service" and len(key[0]) >= MIN_FUZZY_LENGTH
        }
        self._service_ids = frozenset(kb.services)
        prefixes = {p: s.id for s in kb.services.values() for p in s.resource_ids}
        self._resource_id = (
            # Ids are 8 or 17 hex digits, but people shorten them ("vol-0e51", "i-07bd11"): any run of
            # three or more with a digit in it.
            re.compile(rf"\b({'|'.join(sorted(prefixes, key=len, reverse=True))})-(?=[0-9a-f]*\d)[0-9a-f]{{3,17}}\b")
            if prefixes else None
        )
        self._resource_prefixes = prefixes
        self._add_caches()

    def _add_caches(self) -> None:
        self.correct = lru_cache(maxsize=8192)(self._correct)
        self.glued_parts = lru_cache(maxsize=4096)(self._glued_parts)
        # The same text is often scanned twice (`/srm rds` is checked for a bare service name,
        # then answered) and asked again in busy channels; Signals are never mutated after scan.
        self.scan = lru_cache(maxsize=2048)(self._scan)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its caches (bot/compiled.py): they hold bound methods and answers."""
        state = self.__dict__.copy()
        del state["correct"], state["scan"], state["glued_parts"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._add_caches()

    def _shared(self, value: Any) -> Any:
        """One object per equal value (a target, a tuple of them, of phrase lengths) in the index."""
        return self._pool.setdefault(value, value)

    def _add(self, phrase: str, target: Target) -> None:
        words = phrase.split()
        for word in words:
            self._spellings.setdefault(word, stem(word))
        key = tuple(sys.intern(stem(w)) for w in words)
        if not key:
            return
        target = self._shared(target)
        targets = self.phrases[key]
        same = next((t for t in targets if (t.kind, t.id) == (target.kind, target.id)), None)
        if same is None:
            targets.append(target)
        elif target.weight > same.weight:  # "vulnerability" (strong) and "vulnerable" (weak) are one stem
            targets[targets.index(same)] = target

    def _credit_embedded_topics(self) -> None:
        """A strong topic phrase inside a longer alias or keyword still counts for its topic.

        Inside a keyword ("storage durability") it counts in full; inside a service alias
        ("cloudwatch alarms") only as a hint, since product names carry topic words too
        ("glacier deep archive").
        """
        strong = {key: [t for t in targets if t.kind == "topic" and t.weight >= 2]
                  for key, targets in self.phrases.items()}
        services = {key: [t for t in targets if t.kind in ("service", "hint")] for key, targets in self.phrases.items()}
        for key, targets in list(self.phrases.items()):
            if len(key) >= 2 and any(t.kind == "topic" for t in targets):
                # "iam users", "sse s3": a topic phrase that starts with a service's name names it too;
                # one with a resource word in it ("queue policy", "public buckets") hints at its service.
                for n in range(len(key) - 1, 0, -1):
                    for i in range(len(key) - n + 1):
                        for service in services.get(key[i : i + n], ()):
                            known = any((t.kind, t.id) == (service.kind, service.id) for t in targets)
                            if (i == 0 or service.kind == "hint") and not known:
                                targets.append(service)
            kinds = {t.kind for t in targets}
            if len(key) < 2 or not kinds & {"service", "keyword", "hint"} or "topic" in kinds:
                continue
            for n in range(len(key) - 1, 0, -1):
                for i in range(len(key) - n + 1):
                    for topic in strong.get(key[i : i + n], ()):
                        weight = topic.weight if not kinds & {"service", "hint"} else 1
                        if not any(t.kind == "topic" and t.id == topic.id for t in targets):
                            targets.append(self._shared(Target("topic", topic.id, weight, embedded=True)))

    def _correct(self, word: str) -> tuple[str, float, str | None, float]:
        """(stem, confidence, near-miss service word, its score) for one typed word."""
        stemmed = stem(word)
        if stemmed in self.known_stems:
            return stemmed, 1.0, None, 0.0
        if len(word) < MIN_FUZZY_LENGTH or word in COMMON_WORDS or not word.isalpha():
            return stemmed, 1.0, None, 0.0
        candidates = self._candidates.get((word[0], len(word)), ())
        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=NEAR_MISS_CUTOFF)
        if best is None:
            return stemmed, 1.0, None, 0.0
        match, score, _ = best
        if len(match) <= SHORT_WORD and len(match) != len(word):
            # Short words are mostly acronyms, and one letter more makes an English word of
            # them: "flips" is not "fips". A short word is corrected only letter for letter.
            return stemmed, 1.0, None, 0.0
        if score >= FUZZY_CUTOFF:
            return self._spellings[match], score / 100.0, None, 0.0
        if self._spellings[match] in self.service_words:
            return stemmed, 1.0, self._spellings[match], score
        return stemmed, 1.0, None, 0.0

    def _split_camel(self, match: re.Match[str]) -> str:
        """API and finding names pasted from CloudTrail or GuardDuty ("PutBucketAcl",
        "SSHBruteForce") are words; a known name written that way ("DynamoDB") stays whole."""
        word = match.group(0)
        if (stem(word.lower()),) in self.phrases or _ACRONYM_PLURAL.fullmatch(word) or word.lower() in WHOLE_NAMES:
            return word  # "AZs", "AMIs", "VPCs": an acronym's plural, not "A Zs"; "MySQL", not "My SQL"
        first, _, rest = _CAMEL_SPLIT.sub(" ", word).partition(" ")
        if first.lower() in API_VERBS and rest:
            # "UpdateDistribution", "PutBucketPolicy": the call's verb says nothing of the topic
            # ("update" is not patching); what it acted on does.
            return rest
        return f"{first} {rest}".strip()

    def _point(self, pointer: Pointer | None) -> str:
        if pointer is None:
            return ""
        topic = f" {TOPIC_MARK}{pointer.topic.replace('-', '')}" if pointer.topic else ""
        return f" {pointer.service or ''}{topic} "

    def _finding(self, match: re.Match[str]) -> str:
        """A GuardDuty finding type: the finding itself if known, else its resource type and purpose."""
        purpose, resource, family = match.group(1), match.group(2), match.group(3)
        family = family.split("!")[0]
        known = self._artefacts.findings
        while True:
            pointer = known.get(f"{purpose}:{resource}/{family}".lower())
            if pointer is not None or "." not in family:
                break
            family = family.rsplit(".", 1)[0]
        if pointer is None:
            service = self._artefacts.resource_types.get(resource.lower())
            topic = self._artefacts.purposes.get(purpose.lower())
            if service is None and topic is None:
                return match.group(0)
            pointer = Pointer(service, topic)
        return (self._point(pointer) + f" {FINDING_MARK} "
                + _CAMEL_SPLIT.sub(" ", match.group(3).split("!")[0].replace(".", " ")))

    def _control(self, match: re.Match[str]) -> str:
        """A Security Hub control id: the service and topic it checks, and a word saying a control
        was cited (CONTROL_MARK), since what a failed control means does not depend on which."""
        pointer = self._artefacts.controls.get(match.group(0).lower())
        if pointer is None:
            return match.group(0)
        return (self._point(pointer) if pointer.service else f" {match.group(0)} ") + f" {CONTROL_MARK} "

    def _managed_key(self, match: re.Match[str]) -> str:
        """Rotating "aws/s3" is about the key (KMS); data "encrypted with aws/secretsmanager" is
        about the service whose key it is, as the alias reads."""
        service = match.group(1).lower()
        if service in _SIDES:
            return f" aws or {service} "  # "the aws/us split": the two sides, not a key alias
        if _ROTATION.search(match.string) or service not in self._service_ids:
            return " kms aws managed key "
        return f" aws {service} "

    def _policy_name(self, match: re.Match[str]) -> str:
        prefix = match.group(1)
        known = prefix in self._service_ids or prefix in POLICY_PREFIXES
        return f" {match.group(0)} permission " if known else match.group(0)

    def _expand_ids(self, text: str) -> str:
        """Resource ids and ARNs pasted from a console say which service they belong to; finding
        types and control ids say the service and the topic (knowledge/artefacts/)."""
        if ":" in text:
            # "dynamodb:LeadingKeys", "s3:GetObject": a permission in a policy, whatever its name says.
            text = _POLICY_NAME.sub(self._policy_name, text)
        if text != text.lower():  # finding types, control ids and API names all have capitals
            if ":" in text:
                text = _FINDING_TYPE.sub(self._finding, text)
            if "." in text:
                text = _CONTROL_ID.sub(self._control, text)
            text = _CAMEL_WORD.sub(self._split_camel, text)
        elif "." in text:
            text = _CONTROL_ID.sub(self._control, text)  # "s3.8" typed in lower case
        if "rule" in text.lower() and "-" in text and not _RULE_FAILING.search(text):
            # A rule's result ("s3-bucket-public-read-prohibited is NON_COMPLIANT") stays the resource's.
            text = _CONFIG_RULE_ID.sub(
                lambda m: " aws config managed rule " if m.group(1) in self._service_ids else m.group(0), text)
        text = _ACCESS_KEY_ID.sub(" iam ", text)
        if "aws/" in text or "AWS/" in text:
            text = _MANAGED_KEY_ALIAS.sub(self._managed_key, text)
        if _DIGIT.search(text):  # an instance type has a digit: most questions have none
            text = _INSTANCE_TYPE.sub(lambda m: m.group(0) if m.group(0).lower() in NOT_INSTANCE_TYPES
                                      else f" {m.group(0)} ec2 ", text)
        text = _ARN.sub(lambda m: f" {m.group(1).lower()} " if m.group(1).lower() in self._service_ids else " ", text)
        if self._resource_id is not None:
            text = self._resource_id.sub(lambda m: f" {self._resource_prefixes[m.group(1)]} ", text.lower())
        return text

    def _glued_parts(self, token: str) -> tuple[str, str] | None:
        """"flowlogs", "securitygroup": two words of one known phrase typed as one are that phrase."""
        if len(token) < MIN_GLUED or stem(token) in self.known_stems:
            return None
        for cut in range(3, len(token) - 2):
            first, second = token[:cut], token[cut:]
            if (stem(first), stem(second)) in self.phrases:
                return first, second
        return None

    def _scan(self, text: str) -> Signals:
        """Find every known phrase, longest first, without overlaps."""
        text = self._expand_ids(text)
        lowered = text.lower()  # the rewrites below only when their words are there: most questions skip them
        if "security" in lowered:
            text = _HALF_SAID.sub(r"security \1 the cloud \2 security \3 the cloud", text)
            text = _SECOND_HALF_SAID.sub(r"security \1 the cloud \2 security \3 the cloud", text)
        if "byo" in lowered:
            text = _BRING_YOUR_OWN.sub("bring your own", text)
        if "box" in lowered or "ootb" in lowered:
            text = _OUT_OF_THE_BOX.sub("by default", text)
        if _DIGIT.search(text):
            text = _GLUED_VERSION.sub(r"\1 \2", text)
        raw = tokenize(text)
        words: list[str] = []
        confidences: list[float] = []
        signals = Signals(words=())
        glued = False
        for token in raw:
            word, confidence, near, near_score = self.correct(token)
            if len(token) >= MIN_GLUED and word not in self.known_stems and self.glued_parts(token):
                glued = True  # "flowlogs": read again below as its two words
            words.append(word)
            confidences.append(confidence)
            if near is not None:
                sid = self.service_words[near]
                signals.near_misses[sid] = max(signals.near_misses.get(sid, 0.0), near_score / 100.0)
        if glued:
            raw = [part for token in raw for part in (self.glued_parts(token) or (token,))]
            corrected = [self.correct(token) for token in raw]
            words, confidences = [c[0] for c in corrected], [c[1] for c in corrected]
        signals.words = tuple(raw)
        signals.tokens = tuple(words)
        for position, (word, after) in enumerate(pairwise(raw)):
            # "who deleted the security group?" asks for an investigation, not for the owner
            # ("who owns it", "who deletes old snapshots" and "who decided that" do not), nor does
            # "does cloudtrail record who downloaded files" (what is logged).
            recorded = (position > 0 and raw[position - 1] in RECORDING_VERBS) or not RECORDED.isdisjoint(
                raw[position + 2 : position + 5])  # "(who downloaded what) logged by default?"
            if word == "who" and after in INVESTIGATION_VERBS and not recorded:
                if _asks_if_it_can_be_seen(raw, position):
                    # "can we still see who deleted the sg?", "turn it on to see who did it": whether
                    # a record of it exists is asked, which is logging, not the investigation itself.
                    signals.hits.append(Hit(Target("topic", LOGGING_TOPIC, 3), position, 1.0, ("who", after)))
                else:
                    signals.hits.append(Hit(Target("topic", INVESTIGATION_TOPIC, 3), position, 1.0, ("who", after)))
        for n in (2, 3):
            for position in range(len(raw) - n + 1):
                if tuple(raw[position : position + n]) in ACTOR_PHRASES and not _asks_if_it_can_be_seen(
                        raw, position + n - 1):
                    phrase = tuple(raw[position : position + n])
                    signals.hits.append(Hit(Target("topic", INVESTIGATION_TOPIC, 3), position, 1.0, phrase))
        i = 0
        while i < len(words):
            step = 1
            for n in self._lengths_by_first_word.get(words[i], ()):
                key = tuple(words[i : i + n])
                targets = self.phrases.get(key) if len(key) == n else None
                if targets and n > 1 and key[0] == MANAGED_STEM and i and words[i - 1] == "self":
                    continue  # "self-managed postgres on ec2" is not "managed postgres" (RDS)
                if targets:
                    confidence = min(confidences[i : i + n])
                    signals.hits.extend(Hit(t, i, confidence, key) for t in targets)
                    step = n
                    break
            i += step
        if "model" in signals.words:
            # "the model artifacts", "the model endpoint": a machine-learning model, not the responsibility model.
            signals.hits = [h for h in signals.hits if not (
                h.phrase[-1:] == (MODEL,) and signals.words[h.position + len(h.phrase) : h.position + len(h.phrase) + 1]
                in ML_MODEL_PARTS)]
        if names_a_version_upgrade(text, signals.words):
            signals.tokens += VERSION_UPGRADE  # the knowledge's own words for it, for its parts to match
        if any(h.target.kind == "service" and signals.words[h.position + len(h.phrase) : h.position + len(h.phrase) + 1]
               in (("itself",), ("themselves",)) for h in signals.hits):
            signals.tokens += SERVICE_ITSELF  # "is cognito itself multi-az": the service itself, as its case says
        return signals


MANAGED_STEM = stem("managed")
MODEL = stem("model")
ML_MODEL_PARTS = frozenset((w,) for w in """artifacts artifact weights endpoint endpoints training registry card
    package packages serving inference outputs output files file image container containers""".split())
MIN_GLUED = 7
"""The shortest word tried as two glued together ("flowlogs"): shorter ones are words or typos."""
VERSION_UPGRADE = (stem("version"), stem("upgrade"))
SERVICE_ITSELF = (stem("service"), stem("itself"))
"""What a question naming an upgrade to another version ("to 2.x", "end of support") adds to its
tokens: a version upgrade, as the knowledge's facets call it."""


def _asks_if_it_can_be_seen(raw: list[str], who: int) -> bool:
    """"can we (still) see who ...", "to see who ...": the words before "who" ask whether the actor
    can be seen at all."""
    return who > 0 and raw[who - 1] in SEEING_VERBS and not CAN_OR_TO.isdisjoint(raw[max(0, who - 4) : who - 1])


def asks_who_owns(signals: Signals) -> bool:
    """Chat about a topic ("soc 2 kickoff moved to thursday") is not a question about it."""
    words = signals.words
    return (any(w in OWNERSHIP_WORDS for w in words) or _has_phrase(signals, OWNERSHIP_PHRASES)
            or (bool(words) and words[-1] in TRAILING_ASKS) or _ends_on_aws_s(words) or asks_if_inherited(words)
            or _ends_on_a_guess(words))


def _ends_on_a_guess(words: tuple[str, ...]) -> bool:
    """"soc 2 report for auditors, aws provides?": a guess that AWS does it, put last, asks whose it is."""
    return len(words) > 2 and words[-2] in ("aws", "amazon") and words[-1] in AWS_DOES


def _ends_on_aws_s(words: tuple[str, ...]) -> bool:
    """"Is that AWS's?", "squarely AWS's, yes?": the possessive standing alone asks whose it is."""
    for i in range(len(words) - 1):
        if words[i] in ("aws", "amazon") and words[i + 1] == "s" and (
                i + 2 == len(words) or words[i + 2] in TAG_QUESTIONS):
            return True
    return False


def has_cloud_context(signals: Signals) -> bool:
    """Whether a question with no service is about clouds at all."""
    return any(w in CLOUD_CONTEXT for w in signals.words) or _has_phrase(signals, CONTEXT_PHRASES | ACCOUNT_PHRASES)


def _has_phrase(signals: Signals, phrases: frozenset[tuple[str, ...]]) -> bool:
    return not signals.grams.isdisjoint(phrases)
