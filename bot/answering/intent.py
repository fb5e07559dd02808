"""Is this a responsibility question at all? A covered service name is not a question.

Decided from the words around the service: requests of another kind (a poem, a price, a quota,
trivia, a translation, a role) are refused unless the question also asks who owns something;
creative requests are refused whatever they mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.matcher import Signals

# Each kind: single words and multi-word phrases (as typed, lower case) that mark it.
CREATIVE = frozenset("""poem poems haiku haikus limerick limericks sonnet sonnets villanelle song songs lyrics rap
    jingle ballad story stories joke jokes pun puns riddle riddles meme memes slogan slogans acrostic fable fairy
    tale toast ascii playlist""".split())
OTHER_REQUESTS: dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]] = {
    "pricing": (frozenset("""price prices pricing priced cheap cheapest expensive discount discounts fee fees
        free cheaper""".split()),
                frozenset({("how", "much"), ("cost", "per"), ("per", "tb"), ("per", "gb"), ("per", "hour"),
                           ("per", "month"), ("per", "request"), ("free", "tier"),
                           ("reserved", "instances"), ("savings", "plan")})),
    "quotas": (frozenset("""quota quotas maximum max limit limits""".split()),
               frozenset({("how", "many"), ("how", "big"), ("how", "large"), ("size", "limit")})),
    "trivia": (frozenset("""invented inventor founder founded trivia acronym anniversary""".split()),
               frozenset({("what", "year"), ("stand", "for"), ("fun", "fact"), ("who", "wrote"),
                          ("it", "called"), ("named", "after")})),
    "translation": (frozenset("""translate translation translated traduis traduire anglais french spanish
        german japanese italian portuguese chinese korean dutch""".split()), frozenset()),
    "role-play": (frozenset("""roleplay pretend interviewer""".split()),
                  frozenset({("role", "play"), ("act", "as"), ("act", "like"), ("you", "are", "a"),
                             ("you", "are", "now"), ("imagine", "you"), ("talk", "like"), ("to", "me", "like"),
                             ("in", "the", "voice")})),
    "how-to": (frozenset("""syntax tutorial snippet boto3 sdk regex example examples cmd query queries""".split()),
               frozenset({("how", "do", "i"), ("how", "to"), ("how", "can", "i"), ("for", "loop"),
                          ("cli", "command"), ("command", "to"), ("write", "a", "function"),
                          ("fastest", "way"), ("best", "way")})),
}
ALWAYS_OFF_TOPIC = ("translation", "role-play", "trivia")
OWNERSHIP_VERBS = frozenset("""patch patches patching patched encrypt encrypts encrypted encrypting encryption
    rotate rotates rotating rotation restore restores restoring harden hardening secure securing
    responsible responsibility responsibilities accountable liable who whose ours""".split())
"""Words that make a request about responsibility again ("how do i know who patches ...")."""
OWNERSHIP_PHRASES = frozenset({("on", "us"), ("our", "job"), ("whose", "job"), ("who", "owns"), ("who", "is"),
                               ("who", "s"), ("whos",), ("who", "patches"), ("who", "handles"), ("back", "up"),
                               ("our", "responsibility"), ("aws", "or", "us"), ("us", "or", "aws"),
                               ("shared", "responsibility")})


@dataclass(frozen=True)
class OffTopic:
    kind: str
    """creative, pricing, quotas, trivia, translation, role-play or how-to."""


def _has(words: tuple[str, ...], phrases: frozenset[tuple[str, ...]]) -> bool:
    return any(tuple(words[i : i + n]) in phrases for n in (1, 2, 3) for i in range(len(words)))


def asks_about_responsibility(words: tuple[str, ...]) -> bool:
    return any(w in OWNERSHIP_VERBS for w in words) or _has(words, OWNERSHIP_PHRASES)


def off_topic(signals: Signals) -> OffTopic | None:
    """The kind of request this is when it is not a responsibility question; None when it is one."""
    words = signals.words
    if any(w in CREATIVE for w in words) and (_creative_request(words) or not asks_about_responsibility(words)):
        return OffTopic("creative")
    for kind in ALWAYS_OFF_TOPIC:  # "translate: who patches ec2" is a translation whatever it asks
        single, phrases = OTHER_REQUESTS[kind]
        if any(w in single for w in words) or _has(words, phrases):
            return OffTopic(kind)
    if asks_about_responsibility(words):
        return None
    for kind, (single, phrases) in OTHER_REQUESTS.items():
        if any(w in single for w in words) or _has(words, phrases):
            return OffTopic(kind)
    return None


_MAKE = frozenset("write compose make give tell sing draft create generate draw".split())


def _creative_request(words: tuple[str, ...]) -> bool:
    """"write me a poem about who patches s3" is a poem whatever it mentions."""
    return any(w in _MAKE for w in words) or (bool(words) and words[0] in CREATIVE)


REPLIES = {
    "creative": "I only answer who owns a piece of cloud security — no poems or jokes, sorry.",
    "pricing": "I don't know prices; I answer who owns a piece of cloud security.",
    "quotas": "I don't know service quotas or limits; I answer who owns a piece of cloud security.",
    "trivia": "I don't do trivia; I answer who owns a piece of cloud security.",
    "translation": "I don't translate; I answer who owns a piece of cloud security.",
    "role-play": "I don't role-play; I answer who owns a piece of cloud security.",
    "how-to": "I don't write how-tos or code; I answer who owns a piece of cloud security.",
}
EXAMPLE = "Try: “who patches rds?”, “is encrypting our s3 buckets on us?”"
