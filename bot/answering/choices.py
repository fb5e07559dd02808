"""Pasted multiple choice: find the options, so each can be answered on its own.

Practice questions arrive as "A. ... B. ..." on one line, one option a line, "(a) ...", or
"1) ... 2) ...". Labels must run in order from the first (A, B, C... or 1, 2, 3...) and there
must be at least three, so "e.g." or "step 1." in a normal question is not mistaken for options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge import Owner

MIN_OPTIONS = 3
_LABEL = re.compile(r"(?:^|(?<=\s))\(?([A-Ea-e]|[1-6])[).:]\s+")

# What the stem asks for: "which is the customer's responsibility" -> the options that are yours.
_ASKED: tuple[tuple[re.Pattern[str], Owner], ...] = (
    (re.compile(r"\bshared control|\bshared responsibilit(y|ies) of both|\bboth aws and the customer", re.I),
     "shared"),
    (re.compile(r"\binherit", re.I), "aws"),
    (re.compile(r"\b(customer|company|companies|user|your|our|we|customers)('s|s'|s)?\b[^?.]{0,40}"
                r"\b(responsib|job|task|control)", re.I), "customer"),
    (re.compile(r"\baws('s|s)?\b[^?.]{0,40}\b(responsib|job|task|handle|manage)", re.I), "aws"),
    (re.compile(r"\bcustomer[- ]specific", re.I), "customer"),
    # "RDS - which is AWS's?", "which does the CUSTOMER own?", "which stays with the customer?"
    (re.compile(r"\bwhich\b[^?.\n]{0,30}\b(the )?customer('s|s')|\bwhich\b[^?.\n]{0,30}\b(customer|we|you) own\b|"
                r"\b(on|with|to) the customer\b|\bresponsibilit(y|ies) of the customer\b", re.I), "customer"),
    (re.compile(r"\bwhich\b[^?.\n]{0,30}\baws('s|s')|\bwhich\b[^?.\n]{0,30}\baws (own|owns|do|does)\b|"
                r"\bresponsibilit(y|ies) of (aws|amazon)\b", re.I), "aws"),
)


# An option that is an owner, not a part ("B) AWS", "A. The customer, by calling EnableKeyRotation",
# "C) Both"): the owner word alone or before punctuation, so "A) AWS CloudTrail" stays a part.
_OWNER_OPTION: tuple[tuple[re.Pattern[str], Owner | None], ...] = tuple(
    (re.compile(rf"^(?:{words})(?:$|\s*[,.;:(\-–—])", re.I), owner) for words, owner in (
        (r"aws|amazon|amazon web services|aws only", "aws"),
        (r"(?:the )?customers?|you|we|us|(?:the )?customer only", "customer"),
        (r"both|shared|aws and the customer|the customer and aws|both aws and the customer", "shared"),
        (r"neither|nobody|no one|none of them", None),
    ))


@dataclass(frozen=True)
class Option:
    label: str
    text: str

    @property
    def owner_named(self) -> tuple[bool, Owner | None]:
        """Whether the option is an owner ("B) AWS"), and which (None for "neither")."""
        for pattern, owner in _OWNER_OPTION:
            if pattern.match(self.text):
                return True, owner
        return False, None


@dataclass(frozen=True)
class Choices:
    stem: str
    options: tuple[Option, ...]

    @property
    def owner_labels(self) -> dict[Owner, str] | None:
        """The options as owners ({"aws": "B", ...}) when every option is an owner or "neither": the stem
        is the question, and the options only name its possible answers."""
        named = [(o.label, *o.owner_named) for o in self.options]
        if not all(is_owner for _, is_owner, _ in named):
            return None
        return {owner: label for label, _, owner in named if owner is not None}

    @property
    def asks_for(self) -> Owner | None:
        """The side the stem asks for ("which is AWS's responsibility"), if it says."""
        return next((owner for pattern, owner in _ASKED if pattern.search(self.stem)), None)


def _ordinal(label: str) -> int:
    return int(label) - 1 if label.isdigit() else ord(label.lower()) - ord("a")


def split_choices(text: str) -> Choices | None:
    """The stem and its options, or None when the text is not multiple choice."""
    marks = list(_LABEL.finditer(text))
    run: list[re.Match[str]] = []
    for mark in marks:  # the longest run of labels in order, starting at the first label
        expected = len(run)
        if _ordinal(mark.group(1)) == expected and (not run or mark.group(1).isdigit() == run[0].group(1).isdigit()):
            run.append(mark)
        elif _ordinal(mark.group(1)) == 0:
            run = [mark]
    if len(run) < MIN_OPTIONS:
        return None
    options = []
    for mark, following in zip(run, [*run[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        option = " ".join(text[mark.end() : end].split()).strip(" ;,")
        if not option:
            return None
        options.append(Option(mark.group(1), option))
    return Choices(stem=" ".join(text[: run[0].start()].split()), options=tuple(options))
