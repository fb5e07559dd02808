"""Which incident playbook a message is about. Pure: knows nothing of Slack.

Three ways in, strongest first: a GuardDuty finding type pasted from the console
(`CryptoCurrency:EC2/BitcoinTool.B!DNS`, matched by its playbook's longest prefix), a Security Hub
control id (`[S3.8]`), then the playbook's words — and its hints, which count only when the
answer is about one of the playbook's services ("went public" about S3). General playbooks
(`fallback: true`) answer only when no specific one matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.answer import Answer
from bot.answering.clean import tokenize
from bot.answering.matcher import stem, stem_phrase
from bot.knowledge.playbooks import Playbook

_FINDING = re.compile(r"\b([A-Za-z]+):([A-Za-z0-9]+)/([A-Za-z0-9&.!_-]*)")
_CONTROL = re.compile(r"\b([A-Za-z][A-Za-z0-9]*)\.([0-9]{1,3})\b")


class PlaybookIndex:
    """Playbooks by finding-type prefix, control id and words. Immutable; share freely."""

    def __init__(self, playbooks: Sequence[Playbook]) -> None:
        self.playbooks = tuple(playbooks)
        self._prefixes = sorted(((p.lower(), book) for book in self.playbooks for p in book.guardduty),
                                key=lambda item: -len(item[0].lstrip("*")))
        self._controls = {c.lower(): book for book in self.playbooks for c in book.securityhub}
        self._words = [(book, [stem_phrase(w) for w in book.words], [stem_phrase(w) for w in book.hints])
                       for book in self.playbooks]

    def by_finding(self, text: str) -> Playbook | None:
        """The playbook of a GuardDuty finding type in the text, by its longest matching prefix."""
        for purpose, resource, family in _FINDING.findall(text.replace("&amp;", "&")):
            finding = f"{purpose}:{resource}/{family}".lower()
            for prefix, book in self._prefixes:
                if finding.startswith(prefix) or (prefix.startswith("*:")
                                                  and finding.split(":", 1)[1].startswith(prefix[2:])):
                    return book
        return None

    def by_control(self, text: str) -> Playbook | None:
        for family, number in _CONTROL.findall(text):
            book = self._controls.get(f"{family.lower()}.{number}")
            if book is not None:
                return book
        return None

    def playbook_for(self, question_text: str, answer: Answer | None = None) -> Playbook | None:
        """The playbook that contains what the message describes, or None."""
        found = self.by_finding(question_text) or self.by_control(question_text)
        if found is not None:
            return found
        joined = f" {' '.join(stem(w) for w in tokenize(question_text))} "
        service = answer.service if answer is not None else None
        best: tuple[int, int, Playbook] | None = None
        for book, words, hints in self._words:
            score = sum(len(w.split()) * 2 for w in words if f" {w} " in joined)
            if service in book.services or any(f" {stem(s)} " in joined for s in book.services):
                score += sum(len(h.split()) for h in hints if f" {h} " in joined)
                score += 1 if score else 0
            if not score:
                continue
            rank = (0 if book.fallback else 1, score)
            if best is None or rank > best[:2]:
                best = (*rank, book)
        return best[2] if best else None


def playbook_for(question_text: str, answer: Answer | None, index: PlaybookIndex) -> Playbook | None:
    """Module-level form of `PlaybookIndex.playbook_for`."""
    return index.playbook_for(question_text, answer)
