"""How a question's wording changes what it asks, beyond the words the knowledge knows.

An alternative turned down ("instead of sqs-managed keys") or ruled out ("(not aurora)") is not what
is asked; a feature said to be off ("= false", "who turns X on") is asked about in its off state; a
resource dated before a default ("created back in 2019") is not the new one; a framework named as
the purpose ("for the SOC 2 evidence pack") is context; a Security Hub control is cited as failing.
Typed words, lower case, as `Signals.words` holds them.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.answering.vocabulary import HELD_DATA, VERSUS

FAILING = frozenset({("failing",), ("failed",), ("fails",), ("fail",), ("flagged",), ("flags",), ("finding",),
                     ("findings",), ("noncompliant",), ("non", "compliant"), ("not", "compliant"), ("should",)})
"""What a question says of a Security Hub control that did not pass; "should" is how every control's
title reads ("RDS.35 DB clusters should have automatic minor version upgrade enabled"), pasted from a
finding."""

SAID_OFF = frozenset({("is", "off"), ("are", "off"), ("was", "off"), ("were", "off"), ("turned", "off"),
                      ("switched", "off"),
                      ("not", "enabled"), ("isnt", "enabled"), ("not", "encrypted"), ("isnt", "encrypted"),
                      ("false",), ("opt", "out"), ("opted", "out"), ("opting", "out"), ("opts", "out"),
                      ("forgot",), ("forgotten",), ("turn", "it", "off"), ("turns", "it", "off"),
                      ("turned", "it", "off"), ("switches", "it", "off"), ("turns", "off"), ("turn", "off"),
                      ("flip", "it", "off"), ("flips", "it", "off"), ("flipped", "it", "off"), ("flipped", "off")})
"""What a question says of a feature that is off (typed words, not stems: "enabled" alone is the
feature on). Stated, it outweighs a default the question also mentions ("on by default since
2023, but our terraform sets it false")."""
TURN_ON = frozenset({("disabled",), ("disable",), ("enable",), ("enabling",), ("should", "be", "enabled"),
                     ("turn", "on"), ("turning", "on"), ("switch", "on"), ("turn", "off"), ("turning", "off"),
                     ("switch", "off")})
"""What a question says when it asks who turns a feature on (or off), or that one is disabled:
weaker, since "acls disabled" on a new bucket is the default."""


_REJECTED = re.compile(r"\b(?:instead of|rather than|not (?:talking|asking) (?:about )?|(?:leaving|setting) aside|"
                       r"(?:leave|set) aside|ignoring|never mind|"
                       r"without (?:us |me |our team )?(?:paying for|buying|subscribing to|signing up for)|"
                       r"never (?:picked|set(?= (?:a|an|any|our|the|up)\b)|chose|chosen|configured|specified|"
                       r"selected|added|assigned|gave|create|created|made|enabled|turned on)|"
                       r"(?:don'?t|do not|didn'?t|did not) (?:attach|pick|set|choose|specify|add|configure|select|"
                       r"assign|provide|enable|turn on|bring))\b"
                       r"(?:(?!\s(?:[-–—]|but)\s)[^,.;:?!()\n])*",
                       re.IGNORECASE)
"""The alternative a question turns down ("our own cmk instead of sqs-managed keys", "not talking
snapshots -"), sets aside or says it never chose ("if we never picked a KMS key", "never set a key", "if we
don't attach a kms key") is not what it asks about: up to the end of the clause, it is left out of what is
matched. A setting never set ("never set backup-retention-period") is left at its default, and that is what
is asked."""


_RULED_OUT = re.compile(r"([(,]\s*)(?:not|non)[\s-]+[^,.;:?!()\n]*(?=\))", re.IGNORECASE)
"""What a parenthesis rules out ("(node based, not serverless)", "(not aurora)", "(non auto mode)") is
not what is asked."""


_SET_ASIDE = re.compile(r"\([^()]*\baside\s*\)|[-–—,]\s*[^-–—,.;:?!()\n]*\baside\b", re.IGNORECASE)
""""(our retry logic aside)", "- the app side aside": what a question sets aside after naming it is not asked."""


_PAID_FOR_TO_GET = re.compile(r"\b(?:have to|need to|must|got to)\s+(?:pay for|buy|subscribe to|sign up for|purchase)"
                              r"\s+[^,.;:?!()\n]*?(?=\s+to (?:get|have)\b)", re.IGNORECASE)
""""Do we have to pay for shield advanced to get any ddos protection?" asks whether the protection comes
without it: the paid product is the alternative in question, not the subject."""


_OR_MUST_WE = re.compile(r"(?<=\balready\b)([^,.;:?!()\n]*?)\s*,?\s+"
                         r"or (?:do|must|should) (?:we|i) (?:have to |need to )?"
                         r"(?:attach|pick|set|choose|specify|add|configure|select|assign|provide|bring)\b"
                         r"[^,.;:?!()\n]*", re.IGNORECASE)
""""Encrypted at rest already, or do we have to attach a kms key?" asks whether the default does it: the
key is the alternative in question, not the subject."""


_NOT_THESE_BUT = re.compile(r"(?:(?<=^)|(?<=[?.!;:])\s*|\s[-–—]\s*)not (?:the|our|a|an|any|those|these|its)\b"
                            r"[^,.;:?!()\n]*,", re.IGNORECASE)
""""Who patches the nat gateway itself? not the instances behind it, the gateway": a sentence that opens by
setting something aside, then says what it means."""


_NOT_THAT_ONE = re.compile(r"\bnot (?:the|an?) (?:[\w-]+ ){0,3}one\b", re.IGNORECASE)
""""Encrypted with our kms key, not the aws owned one": the one turned down is named only to be turned down."""


def without_turned_down(question: str) -> str:
    """The question without the alternative it turns down, rules out or says it never chose."""
    if "no" in question.lower() and ")" in question:  # "not" or "non"
        question = _RULED_OUT.sub(r"\1", question)
    if "aside" in question.lower():
        question = _SET_ASIDE.sub(" ", question)
    question = _PAID_FOR_TO_GET.sub(" ", question)
    question = _NOT_THAT_ONE.sub(" ", question)
    if "not " in question.lower():
        question = _NOT_THESE_BUT.sub(" ", question)
    if "already" in question.lower():
        question = _OR_MUST_WE.sub(r"\1", question)
    if not any(word in question for word in ("instead", "rather", "never", "without", "not talking", "not asking",
                                             "aside", "ignoring", "don", "do not", "didn", "did not")):
        # a cheap test first: the regex only if it can match
        return question
    return _REJECTED.sub(" ", question)


_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AGE_WORDS = frozenset({("legacy",), ("years", "ago"), ("year", "ago"), ("long", "ago")})
_BEFORE_A_YEAR = frozenset("back in from since created made launched uploaded built".split())


def years_it_predates(words: tuple[str, ...]) -> tuple[int, ...] | None:
    """The years a question says its resource dates from ("created back in 2019", "since 2020"),
    () when it says only that it is old ("legacy", "years ago"), None when it says neither."""
    years = tuple(int(w) for i, w in enumerate(words) if _YEAR.match(w) and i and (
        words[i - 1] in _BEFORE_A_YEAR or words[max(0, i - 2) : i] == ("back", "to")))  # "date back to 2018"
    if years:
        return years
    if "legacy" not in words and "ago" not in words:
        return None
    grams = {tuple(words[i : i + n]) for n in (1, 2) for i in range(len(words))}
    return () if not _AGE_WORDS.isdisjoint(grams) else None


def names_a_purpose(before: tuple[str, ...]) -> bool:
    """Whether the words before a framework's name make it the purpose or the occasion: "for the
    SOC 2 evidence", "before the SOC 2 kickoff", not "in scope for SOC 2" (which asks about the scope)."""
    return not _OCCASION.isdisjoint(before) and "scope" not in before


_OCCASION = frozenset("for before ahead during prepping".split())


_COVER_VERBS = frozenset("make makes made cover covers covered".split())
_COUNT = frozenset({"count", "counts"})
""""Does AWS's training program count for our engineers?": AWS's control standing in for ours."""
_WE = frozenset("us our we me my".split())
_IT = frozenset("it that this them".split())
""""Does AWS's attestation cover it?": what AWS's would cover, said after naming ours."""
_AWS_ITSELF = frozenset({("aws",), ("amazon",)})
_EVERY = frozenset("every all each".split())
""""Does that make every service we use hipaa-covered?": all of ours, said the long way."""


def asks_if_inherited(words: tuple[str, ...]) -> bool:
    """"Does AWS's SOC 2 make us compliant?", "does their report cover our app?": whether what AWS
    is certified for carries over. It never does, so the customer's side is what is asked, however
    many of AWS's certifications the question names first."""
    return any(w in _COVER_VERBS and words[i + 1 : i + 2] and (
        words[i + 1] in _WE or (words[i + 1] in _EVERY and not _WE.isdisjoint(words[i + 2 : i + 5]))
        or (words[i + 1] in _IT and (
            words[i - 1 : i] in _AWS_ITSELF  # "aws covers it if we sign the baa?"
            or ("aws", "s") in zip(words[max(0, i - 6) : i], words[max(0, i - 5) : i], strict=False))))
        for i, w in enumerate(words)) \
        or any(w in _COUNT and words[i + 1 : i + 2] in (("for",), ("as",)) and words[i + 2 : i + 3]
               and words[i + 2] in _WE for i, w in enumerate(words)) \
        or any(w in _HAND_OVER and ("aws", "s") in zip(words[i + 1 : i + 6], words[i + 2 : i + 7], strict=False)
               for i, w in enumerate(words)) \
        or any(words[i : i + 2] == ("aws", "s") and not _ENOUGH.isdisjoint(words[i + 2 : i + 8])
               for i in range(len(words))) \
        or asks_if_covered(words)


def calls_ours_compliant(words: tuple[str, ...]) -> bool:
    """"Is our s3 bucket hipaa compliant since aws signed the baa": what is asked to be compliant is yours."""
    return "compliant" in words and any(w in _OUR and "compliant" in words[i + 1 : i + 6] for i, w in enumerate(words))


_OUR = frozenset({"our", "my"})


def asks_if_covered(words: tuple[str, ...]) -> bool:
    """"AWS does the snapshots, so we're good for backups?", "AWS is PCI certified, so is PCI
    basically handled?": AWS's part is the premise; whether it is the whole job is the question."""
    return any(w == "so" and (not _COVERED.isdisjoint(words[i + 1 : i + 6]) or _hands_to_aws(words[i + 1 : i + 9])
                              or _we_are_covered(words[i + 1 : i + 12]))
               for i, w in enumerate(words))


def asks_what_remains(words: tuple[str, ...]) -> bool:
    """"Shield Standard is on by default, but what's still on our side?": the part AWS does is the premise;
    the rest of the job is asked (not "is patching still on us?", which asks about the part)."""
    return any(w in _REST and not _WHAT.isdisjoint(words[max(0, i - 3) : i]) for i, w in enumerate(words))


_REST = frozenset("still left remains else".split())
_WHAT = frozenset("what whats anything".split())


def _we_are_covered(words: tuple[str, ...]) -> bool:
    """"... so if we store PHI in it are we automatically HIPAA compliant?": we, then the state;
    "... so our checkout page on the portal is PCI compliant?": ours, its name, then the state."""
    return any(w in _WE and (not _COVERED.isdisjoint(words[j + 1 : j + 4]) or any(
        v in _IS and not _COVERED.isdisjoint(words[j + k + 2 : j + k + 5]) for k, v in enumerate(words[j + 1 : j + 9])))
        for j, w in enumerate(words))


_IS = frozenset("is are s".split())


def _hands_to_aws(words: tuple[str, ...]) -> bool:
    """"... so public exposure is aws's responsibility now?": the job itself said to be AWS's."""
    return any(words[j : j + 2] == ("aws", "s") and not _DUTY.isdisjoint(words[j + 2 : j + 4])
               for j in range(len(words)))


_DUTY = frozenset("job responsibility problem thing concern".split())
"""What a job is called when it is said to be someone's ("aws's responsibility", "aws's problem")."""
_COVERED = frozenset("covered good fine safe done handled compliant sorted".split())
"""What a job is once it needs nothing more from you."""
_HAND_OVER = frozenset("point hand rely lean reuse borrow send give show forward submit".split())
""""Can we just point the QSA at AWS's attestation", "rely on AWS's SOC 2": using AWS's for ours."""
_ENOUGH = frozenset("enough sufficient suffice suffices".split())
""""Is AWS's attestation enough": whether AWS's covers ours too."""


_TURN_VERBS = frozenset("turn turns turning switch switches switching flip flips flipping".split())
_NOT_A_SETTING = frozenset("us aws them our the a an this that its".split())
"""After "on", the words that make it a place ("turn logging on our buckets"), not "turn X on"."""


def says_off_or_turn_on(words: tuple[str, ...]) -> bool:
    """A feature is off, or who turns it on: also with the verb split ("who turns managed platform
    updates on in the first place"). Not for a question about a default ("is it already on?"),
    unless it says the feature is off or asks who turns it on all the same ("on by default? who
    has to turn it on")."""
    if "false" in words:  # "encrypted = false" is off; a false positive is something else
        words = tuple(w for i, w in enumerate(words)
                      if not (w == "false" and words[i + 1 : i + 2] in (("positive",), ("positives",),
                                                                        ("alarm",), ("alarms",), ("negative",))))
    if "forgot" in words:  # "we forgot to encrypt it" says it is off; "whether we forgot" asks
        words = tuple(w for i, w in enumerate(words)
                      if not (w == "forgot" and not _WONDERING.isdisjoint(words[max(0, i - 2) : i])))
    grams = {tuple(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))}
    if not SAID_OFF.isdisjoint(grams):
        return True
    if ("already" in words and "on" in words) or ("default" in words and "who" not in words):
        return False  # "is it already on?", "does aws turn it on by default?" ask about the default
    if not TURN_ON.isdisjoint(grams):
        return True
    for i, word in enumerate(words):
        if word in _TURN_VERBS:
            for j in range(i + 2, min(i + 7, len(words))):
                if words[j] == "off":  # "switching bpa off"
                    return True
                if words[j] == "on":
                    return j + 1 == len(words) or words[j + 1] not in _NOT_A_SETTING
    return False


_WONDERING = frozenset("whether if did".split())
_UPGRADE_VERBS = frozenset("upgrade upgrades upgrading upgraded bump bumps bumping bumped".split())
_VERSION_NUMBER = re.compile(r"(?<![\w.])v?\d{1,3}\.(?:\d{1,3}|x)\b(?!\.\d)", re.IGNORECASE)
"""A version as people write it: 1.3, 7.10, 2.x, v6.2 (not an IP address)."""
_NEWER = frozenset("newer new latest next major".split())
_VERSION_MOVE = re.compile(r"(?<![\w.])v?\d{1,3}(?:\.(?:\d{1,3}|x))?\s*(?:->|→|=>|\bto\b)\s*(?:[a-z]+\s*)?"
                           r"v?\d{1,3}\.(?:\d{1,3}|x)\b(?!\.\d)", re.IGNORECASE)
"""From one version to another: "1.29 -> 1.30", "6.x to 7.x"."""
_DIGIT = re.compile(r"\d")
_RETIRED = frozenset("deprecated deprecation retired retiring retirement".split())
_LEAVING = frozenset("migrate migrating migrated move moving switch switching upgrade upgrading".split())
_PATCH_LEVEL = frozenset({("patch", "version"), ("patch", "versions"), ("patch", "release"), ("patch", "level"),
                          ("platform", "version")})
_END_OF_SUPPORT = frozenset({("end", "of", "support"), ("end", "of", "life"), ("extended", "support"), ("eos",),
                             ("eol",)})


def names_a_version_upgrade(text: str, words: tuple[str, ...]) -> bool:
    """"who does the upgrade to 2.x", "upgrading the engine from 6.x to 7.x", "going EoS, who
    upgrades it": moving to another version of an engine or platform, whatever words the
    knowledge gives its version-upgrade case."""
    moved = (not _RETIRED.isdisjoint(words) and not _LEAVING.isdisjoint(words)) or (
        _DIGIT.search(text) is not None and _VERSION_MOVE.search(text) is not None)
    if not moved and _UPGRADE_VERBS.isdisjoint(words):
        return False  # most questions stop here
    grams = {tuple(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))}
    if not _PATCH_LEVEL.isdisjoint(grams):
        return False  # "bump the control plane patch version": a patch, not another version
    if moved:
        return True  # "1.29 -> 1.30", "runtime is deprecated, migrating to node 20"
    newer = any(w in _NEWER and {"version", "versions"} & set(words[i + 1 : i + 3]) for i, w in enumerate(words))
    return newer or not _END_OF_SUPPORT.isdisjoint(grams) or _VERSION_NUMBER.search(text) is not None


_SPLIT_ASKS = frozenset({("who", "does", "what"), ("who", "owns", "what"), ("who", "handles", "what"),
                         ("what", "part"), ("which", "part"), ("which", "parts"), ("what", "parts"),
                         ("the", "split"), ("split", "between"), ("who", "is", "responsible", "for", "what"),
                         ("or", "split"), ("or", "both"), ("those", "two"), ("both", "of", "those"),
                         ("owner", "or", "split"), ("each", "of", "those"), ("which", "is", "whose"),
                         ("who", "owns", "which"), ("who", "does", "which"), ("who", "handles", "which"),
                         ("about", "both"), ("both", "parts"), ("both", "sides"),
                         ("both", "halves"), ("overall", "split"), ("us", "split"), ("split", "across"),
                         ("vs", "our"), ("versus", "our"), ("vs", "what")})


def asks_for_the_split(words: tuple[str, ...]) -> bool:
    """"Control plane vs our worker nodes, who owns what?", "https on the alb - what part of that is
    ours": the question asks for both sides, not for one owner."""
    if _SPLIT_WORDS.isdisjoint(words):
        return False  # every one of _SPLIT_ASKS has one of these words: most questions stop here
    grams = {tuple(words[i : i + n]) for n in (2, 3, 5) for i in range(len(words))
             if not (words[i] in VERSUS and i and words[i - 1] in _ATTACKS)}
    return not _SPLIT_ASKS.isdisjoint(grams)


_ATTACKS = frozenset({"flood", "floods", "attack", "attacks", "ddos", "traffic", "requests", "bots"})
""""SYN flood vs our distribution": an attack against, not one side against the other."""


def credits_both_sides(words: tuple[str, ...]) -> bool:
    """"AWS takes them but we pick the retention - so who owns backups?": the question gives AWS one
    part and you another, and asks for the whole; both sides are the answer. Not "does aws patch it
    or do we", which asks for one."""
    for i, word in enumerate(words):
        first = "aws" if word in _AWS else "we" if word == "we" else None
        if first is None or words[i + 1 : i + 2] in (("or",), ("s",), ("and",), ()) or (
                first == "aws" and words[i + 1] in _KIND_AFTER_AWS):
            continue  # "the aws managed key ... and can we": a kind of key, not AWS doing something
        window = words[i + 2 : i + 12]
        for k, joiner in enumerate(window):
            if joiner in _CONTRAST and any(
                    (w == "we" and not _denies(window[k + 2 + j : k + 5 + j]) if first == "aws" else w in _AWS)
                    for j, w in enumerate(window[k + 1 : k + 4])):
                return True
    return False


def _denies(after_we: tuple[str, ...]) -> bool:
    """"...and we can't change it": what we cannot do is no part given to us."""
    return after_we[:1] in _NEGATED or (after_we[:1] in _AUXILIARIES and after_we[1:2] in (("t",), ("not",)))


_NEGATED = frozenset({("cant",), ("cannot",), ("dont",), ("never",), ("wont",), ("didnt",)})
_AUXILIARIES = frozenset({("can",), ("do",), ("don",), ("won",), ("did",), ("didn",)})


_AWS = frozenset({"aws", "amazon"})
_CONTRAST = frozenset({"but", "while", "whereas", "and"})
_KIND_AFTER_AWS = frozenset({"managed", "owned", "provided"})


_SPLIT_WORDS = frozenset({"what", "which", "split", "both", "those", "vs", "versus"})
"""One of these is in every phrase of _SPLIT_ASKS (a test holds it): a question with none stops early."""


def asks_who_for_each(question: str, words: tuple[str, ...]) -> bool:
    """"Who picks the regions and who does the replication": a question of who for each of two
    parts. Not a "who-can-access-what" written as one word."""
    asks = [i for i, w in enumerate(words) if w in ("who", "whos", "whose")]
    return len(asks) >= 2 and "and" in words[asks[0] + 1 : asks[-1]] and "who-" not in question.lower()



def asks_who_may(words: tuple[str, ...]) -> bool:
    """"Who controls which partner accounts can publish to it?", "which apps are allowed to read
    it": who may act on a resource is access control, whoever the actors are called."""
    if "which" not in words and _GOVERNS.isdisjoint(words):
        return False  # most questions
    for i, w in enumerate(words):
        if w != "which" and not (w == "who" and words[i - 1 : i] and words[i - 1] in _GOVERNS):
            continue  # "which apps can read it", "who controls who is allowed to publish"
        for j in range(i + 1, min(i + 6, len(words))):
            if words[j] in _MAY and not _ACCESS_VERBS.isdisjoint(words[j + 1 : j + 4]):
                return True
    return False


_GOVERNS = frozenset("controls control decides decide manages manage governs restricts limits determines".split())


def asks_who_decides(words: tuple[str, ...]) -> bool:
    """"Who decides whether it's multi-az", "standard vs extended - whose call": the decision is asked,
    not what happens once it is made. Not beside a question of what AWS does ("does aws take them, and
    who decides how long they are kept" asks for both sides)."""
    if not _SETTING_OF_OURS.isdisjoint(pairwise(words)):
        return True
    if any(pair in _ASKS_OF_AWS for pair in pairwise(words)):
        return False
    # "who decides", "who gets to decide"
    return any(w in _DECIDE and ("who" in words[max(0, i - 3) : i] or "whos" in words[max(0, i - 3) : i])
               and words[i + 1 : i + 2] != ("up",) for i, w in enumerate(words)) \
        or any(w == "whose" and words[i + 1 : i + 2] in _DECISIONS for i, w in enumerate(words))


_DECIDE = frozenset("decides decide decided chooses choose picks pick".split())
_DECISIONS = frozenset((w,) for w in "call choice decision setting".split())
_SETTING_OF_OURS = frozenset({("setting", "we"), ("settings", "we"), ("we", "toggle"), ("we", "choose")})
""""Is it something aws just does, or a setting we own?": whether it is on is a choice, and that is asked."""
_ASKS_OF_AWS = frozenset({("does", "aws"), ("will", "aws"), ("is", "aws"), ("do", "aws")})


def asks_which_hold_data(tokens: tuple[str, ...]) -> bool:
    """"Which tables hold health records", "which of our buckets store pii": where sensitive data
    sits is data classification, whatever the verb after "which" (stemmed tokens)."""
    for i, w in enumerate(tokens):
        if w != "which":
            continue
        for j in range(i + 2, min(i + 6, len(tokens))):
            if tokens[j] in _HOLD_VERBS and any((t,) in HELD_DATA for t in tokens[j + 1 : j + 4]):
                return True
    return False


_HOLD_VERBS = frozenset("hold store contain keep has have".split())
_MAY = frozenset("can may allowed permitted able".split())
_ACCESS_VERBS = frozenset("""read write publish subscribe call invoke see access use query download upload send
receive assume decrypt view get put delete consume""".split())


def names_a_promotion(words: tuple[str, ...]) -> bool:
    """"Who promotes one of the readers", "the standby got promoted": making a replica the primary is
    failover, whatever the replica is called."""
    for i, w in enumerate(words):
        if w.startswith("promot"):
            near = words[max(0, i - 4) : i + 5]
            if not _REPLICA_WORDS.isdisjoint(near):
                return True
    return False


_REPLICA_WORDS = frozenset("""reader readers replica replicas standby standbys secondary secondaries
follower followers""".split())
