"""Is this a responsibility question at all? A covered service name is not a question.

Decided from the words around the service: requests of another kind (a poem, a price, a quota,
trivia, a translation, a role) are refused unless the question also asks who owns something;
creative requests are refused whatever they mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.matcher import Signals, asks_who_owns
from bot.answering.vocabulary import (
    ACTION_VERBS,
    ALWAYS_OFF_TOPIC,
    ASKER_WORDS,
    ASKING_FOR,
    CODE_REQUESTS,
    COMMAND_VERBS,
    CREATIVE,
    CREATIVE_VERBS,
    HOW_TO_ASKS,
    INCLUDED_VERBS,
    JOKE_SHAPES,
    MUST_WE,
    OFFICE_VERBS,
    OTHER_REQUESTS,
    OWNERSHIP_VERBS,
    QUOTA_WORDS,
    REQUEST_OWNERSHIP_PHRASES,
    ROTA_WORDS,
    ROTAS,
)


@dataclass(frozen=True)
class OffTopic:
    kind: str
    """creative, chatter, pricing, quotas, trivia, translation, role-play, how-to or advice."""


def asks_about_responsibility(signals: Signals) -> bool:
    return _asks_whose(signals) or not OWNERSHIP_VERBS.isdisjoint(signals.words)


def _asks_whose(signals: Signals) -> bool:
    """Asks who, in so many words: not only a verb an owner would do ("a script that rotates keys")."""
    return not signals.grams.isdisjoint(REQUEST_OWNERSHIP_PHRASES) or not ASKER_WORDS.isdisjoint(signals.words)


def off_topic(signals: Signals) -> OffTopic | None:
    """The kind of request this is when it is not a responsibility question; None when it is one."""
    words, grams = signals.words, signals.grams
    if not CREATIVE.isdisjoint(words) and (_creative_request(words) or not asks_about_responsibility(signals)):
        return OffTopic("creative")
    if not grams.isdisjoint(JOKE_SHAPES) and not asks_about_responsibility(signals):
        return OffTopic("creative")  # "why did the s3 bucket cross the road?"
    if _asks_for_a_person(words):
        return OffTopic("chatter")
    for kind in ALWAYS_OFF_TOPIC:  # "translate: who patches ec2" is a translation whatever it asks
        single, phrases = OTHER_REQUESTS[kind]
        if not single.isdisjoint(words) or not grams.isdisjoint(phrases):
            return OffTopic(kind)
    if not (grams.isdisjoint(CODE_REQUESTS) and grams.isdisjoint(HOW_TO_ASKS)) and not _asks_whose(signals):
        # "give me a boto3 script that rotates our keys" wants code, "how do i restore an rds snapshot"
        # steps: a verb of ownership in them describes the task, not who owns it
        return OffTopic("how-to")
    if _asks_for_an_action(words) and not _asks_whose(signals) and not asks_who_owns(signals):
        return OffTopic("action")  # "can you rotate our kms key for me": a verb of ownership, asked as a command
    if asks_about_responsibility(signals):
        return None
    for kind, (single, phrases) in OTHER_REQUESTS.items():
        said = single.intersection(signals.loose_words)
        if said == {"free"} and grams.isdisjoint(phrases) and (
                not grams.isdisjoint(MUST_WE) or not INCLUDED_VERBS.isdisjoint(words) or _free_of_something(words)):
            # "do we get ddos protection for free or do we have to sign up", "shield standard absorbs that for
            # free?": is it included; "free of vulns": clean of something
            continue
        if said or not grams.isdisjoint(phrases):
            return OffTopic(kind)
    if not QUOTA_WORDS.isdisjoint(words):
        return OffTopic("quotas")  # "the default service quota for lambda": a quota, even in Service Quotas' name
    return None




def _free_of_something(words: tuple[str, ...]) -> bool:
    return any(w == "free" and words[i + 1 : i + 2] == ("of",) and words[i + 2 : i + 3] != ("charge",)
               for i, w in enumerate(words))


def _asks_for_a_person(words: tuple[str, ...]) -> bool:
    """"who's escorting the auditor", "who took my hipaa binder": office chatter with our words in it;
    "who's on call this weekend": a name on a rota, unless AWS is named as one of the answers."""
    if ("who" in words or "whos" in words) and "aws" not in words and (
            _on_a_rota(words) or (not ROTA_WORDS.isdisjoint(words) and _names_on_call(words))):
        return True
    for i, word in enumerate(words):
        if word in ("who", "whos"):
            after = words[i + 1 : i + 3]
            if after[:1] == ("s",) or after[:1] == ("is",):
                after = after[1:]
            if after[:1] and after[0] in OFFICE_VERBS:
                return True
    return False


def _asks_for_an_action(words: tuple[str, ...]) -> bool:
    """"Please enable pitr on the orders table", "can you rotate our kms key for me", "open a support case":
    a change to make in an account, which the bot cannot do (and nobody asked who owns it)."""
    if words[:1] and words[0] in COMMAND_VERBS and _QUESTION_VERBS.isdisjoint(words):
        return True  # "enable_log_file_validation = true - does that mean...?" quotes a setting and asks
    if words[:2] == ("remind", "me") and words[2:3] and words[2] in _WHEN_TO_REMIND:
        return True  # "remind me at 5pm to rotate the keys": a reminder to set, not a question
    if _PLEASE.isdisjoint(words) and "you" not in words and "ahead" not in words:
        return False  # most questions
    return any(w in ACTION_VERBS and (words[max(0, i - 2) : i] in ASKING_FOR or not _PLEASE.isdisjoint(
        words[max(0, i - 2) : i]) or words[max(0, i - 3) : i] == ("go", "ahead", "and")) for i, w in enumerate(words))


_QUESTION_VERBS = frozenset("does do did is are was were should will".split())
_PLEASE = frozenset({"please", "pls", "plz", "plse"})
_WHEN_TO_REMIND = frozenset("to at in on tomorrow tonight next every about".split())


def _on_a_rota(words: tuple[str, ...]) -> bool:
    """"on the (incident response) rota", not the "roster-sync lambda"."""
    return any(w in ROTAS and "on" in words[max(0, i - 5) : i] for i, w in enumerate(words))


def _names_on_call(words: tuple[str, ...]) -> bool:
    return "pager" in words or "oncall" in words or any(words[i : i + 2] == ("on", "call") for i in range(len(words)))


def _creative_request(words: tuple[str, ...]) -> bool:
    """"write me a poem about who patches s3", "a limerick on encryption at rest" are verse whatever they
    mention; "someone with write access ... we're toast" is not."""
    opening = words[1:2] if words[:1] in (("a",), ("an",)) else words[:1]
    return (bool(opening) and opening[0] in CREATIVE) or any(
        w in CREATIVE_VERBS and not CREATIVE.isdisjoint(words[i + 1 : i + 5]) for i, w in enumerate(words))


REPLIES = {
    "chatter": "That sounds like a question for your team; I answer who owns a piece of cloud security.",
    "creative": "I only answer who owns a piece of cloud security — no poems or jokes, sorry.",
    "pricing": "I don't know prices; I answer who owns a piece of cloud security.",
    "quotas": "I don't know service quotas or limits; I answer who owns a piece of cloud security.",
    "trivia": "I don't do trivia; I answer who owns a piece of cloud security.",
    "translation": "I don't translate; I answer who owns a piece of cloud security.",
    "role-play": "I don't role-play; I answer who owns a piece of cloud security.",
    "how-to": "I don't write how-tos or code; I answer who owns a piece of cloud security.",
    "action": "I can't make changes in your account or open cases for you; I answer who owns a piece of cloud "
              "security.",
    "advice": "I don't recommend designs or products or explain how services work; I answer who owns a piece of "
              "cloud security.",
}
NOTHING_ASKED = "I didn't find a question in that; I answer who owns a piece of cloud security."
EXAMPLE = "Try: “who patches rds?”, “is encrypting our s3 buckets on us?”"
