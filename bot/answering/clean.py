"""Turn a Slack message into the words the matcher sees.

Slack wraps mentions, channels and links in angle brackets, escapes &, < and >, and people paste
code blocks and stack traces into incident channels. None of that is the question.
"""

from __future__ import annotations

import re

MAX_CHARS = 4000
"""Questions longer than this are cut before matching: pasted logs are not the question."""
MAX_TOKENS = 300

_LINK_WITH_LABEL = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")
_SLACK_MARKUP = re.compile(r"<[^<>]*>")  # <@U123>, <#C123|name>, <!here>, bare <https://...>
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
_CHANNEL_NAME = re.compile(r"(?<![\w&])#[a-z0-9][a-z0-9_\-]*")
"""A channel typed as plain text ("mixed answers in #infra") is where it was asked, like Slack's
<#C123|infra>: its name is not the question."""
_HANDLE = re.compile(r"(?<![\w&])@[a-z0-9][a-z0-9_.\-]*|\bsrm[ -]?bot\b")
"""Someone addressed by a handle typed as plain text ("@srm quick one", "@platform-oncall"), or the bot
by its own name ("thanks srm-bot"): who is asked, not the question."""
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_HOSTNAME = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co|uk|de|internal|local|aws)\b")
_AWS_HOST = re.compile(r"(?:^|\.)(?:amazonaws\.com|amazon\.com|aws\.dev|cloudfront\.net|amazoncognito\.com|"
                       r"awsapps\.com|on\.aws)$")
"""A hostname is a name, not words: "api.acme.com" is not API Gateway and "example.com" no "example"
request. AWS's own endpoints keep their words ("execute-api", "rds", "s3")."""
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_MORE_THAN = re.compile(r">=?\s*(?=\d)")
_AND_MORE = re.compile(r"(\d+)\+(?!\w)")
_LESS_THAN = re.compile(r"<=?\s*(?=\d)")
"""A comparison typed as a symbol ("logs > 90 days", "90+ days") is said in words: the symbol alone
would be dropped with the punctuation, and "90 days" is another question."""
_MONEY = re.compile(r"[$€£]\s?\d[\d,.]*\s?[km]?\b|\b\d[\d,.]*\s?[km]?\s?(?:usd|eur|gbp)\b")
"""An amount of money ("$3k", "€40,000", "250k usd") is said as what it is: the digits alone name nothing."""
_TOKEN = re.compile(r"[a-z0-9]+")
"""Letters and digits: `publicly_accessible` reads as "publicly accessible"."""


def _unescape(text: str) -> str:
    """Undo Slack's escaping of its three control characters."""
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def clean_text(text: str) -> str:
    """Slack markup, URLs and emoji removed (code kept, without its backticks); lower case;
    whitespace folded."""
    text = text[:MAX_CHARS]
    text = text.replace("`", " ")  # code stays: `publicly_accessible = true` is the question
    text = _LINK_WITH_LABEL.sub(r" \1 ", text)
    text = _unescape(_SLACK_MARKUP.sub(" ", text))
    if ">" in text or "<" in text or "+" in text:
        text = _LESS_THAN.sub(" less than ", _MORE_THAN.sub(" more than ", _AND_MORE.sub(r" more than \1 ", text)))
    text = _BARE_URL.sub(" ", text)
    text = _EMOJI.sub(" ", text.lower())
    if "$" in text or "€" in text or "£" in text or "usd" in text or "eur" in text or "gbp" in text:
        text = _MONEY.sub(" dollars ", text)
    if "#" in text:
        text = _CHANNEL_NAME.sub(" ", text)
    if "@" in text or "bot" in text:
        text = _HANDLE.sub(" ", text)
    if "." in text:
        text = _HOSTNAME.sub(lambda m: m.group(0) if _AWS_HOST.search(m.group(0)) else " hostname ", text)
    return " ".join(text.split())


def tokenize(text: str) -> list[str]:
    """Words the matcher compares: runs of letters and digits from the cleaned text."""
    return _TOKEN.findall(clean_text(text))[:MAX_TOKENS]


_MENTION_OR_SPECIAL = re.compile(r"<[@#!][^<>]*>")


def display_question(text: str) -> str:
    """The question as the person wrote it, minus Slack markup: what an answer echoes back."""
    text = _LINK_WITH_LABEL.sub(r"\1", text[:MAX_CHARS])
    return " ".join(_unescape(_MENTION_OR_SPECIAL.sub(" ", text)).split())
