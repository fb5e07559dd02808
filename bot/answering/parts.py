"""The words of a ruling's facets and a service's layers, indexed for one pass per question.

A question is checked only against the phrases whose first word it contains, instead of every
phrase of every facet: the part-finding step stays cheap as facets are added.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from typing import Generic, TypeVar

from bot.answering.matcher import Signals, part_phrase

P = TypeVar("P")
OS = "os"
OS_SPELLED = part_phrase("operating system")


class PartWords(Generic[P]):
    def __init__(self, parts: Sequence[tuple[P, Iterable[str]]]) -> None:
        self.parts = tuple(part for part, _ in parts)
        by_first: dict[str, list[str | int]] = defaultdict(list)
        for index, (_, phrases) in enumerate(parts):
            # Spellings that stem alike ("expired item", "expired items") are one phrase: counted
            # twice, they outweighed another part's single phrase named just as specifically.
            for stemmed in dict.fromkeys(sys.intern(part_phrase(phrase)) for phrase in phrases):
                words = stemmed.split()
                if not words:
                    continue
                by_first[sys.intern(words[0])] += (stemmed, len(words), index)
                if OS in words:
                    # "the underlying operating system" names "underlying os" just as specifically.
                    spelled = sys.intern(" ".join(OS_SPELLED if w == OS else w for w in words))
                    by_first[sys.intern(spelled.split()[0])] += (spelled, len(words), index)
        # Flat tuples (phrase, length, index, phrase, ...) of interned words: there is one of these
        # per ruling with facets and per service, and as lists of 3-tuples of fresh strings they
        # were a sixth of a worker's knowledge in memory.
        self._by_first = {first: tuple(entries) for first, entries in by_first.items()}

    def named(self, signals: Signals, combine: Callable[[int, int], int],
              holds: Callable[[P], bool] | None = None) -> list[P]:
        """The parts named most specifically (their score: word counts of the phrases the question
        contains, combined with `combine`), in their own order; only those `holds` keeps."""
        return self.scored(signals, combine, holds)[1]

    def every_named(self, signals: Signals, holds: Callable[[P], bool] | None = None) -> list[P]:
        """Every part the question names at all, however specifically, in their own order: for a
        question about several parts at once ("the hypervisor and the node os - who owns those two")."""
        return [self.parts[i] for i in sorted(self._found(signals, holds))]

    def scores(self, signals: Signals, combine: Callable[[int, int], int],
               holds: Callable[[P], bool] | None = None) -> dict[int, int]:
        """Every part named (by index), with its score."""
        scores: dict[int, int] = {}
        for index, phrases in self._found(signals, holds).items():
            # A phrase inside a longer one the question also names ("managed rules" in "managed
            # rules group") is the same words: it adds nothing to the part's score.
            outer = [length for phrase, length in phrases
                     if not any(other != phrase and f" {phrase} " in f" {other} " for other, _ in phrases)]
            scores[index] = reduce(combine, outer)
        return scores

    def scored(self, signals: Signals, combine: Callable[[int, int], int],
               holds: Callable[[P], bool] | None = None) -> tuple[int, list[P]]:
        """`named`, with the score they share (0 when none is named)."""
        scores = self.scores(signals, combine, holds)
        if not scores:
            return 0, []
        best = max(scores.values())
        return best, [self.parts[i] for i in sorted(scores) if scores[i] == best]

    def found_phrases(self, signals: Signals) -> dict[int, list[str]]:
        """The stemmed phrases of each part the question contains, by part index."""
        return {index: [phrase for phrase, _ in phrases] for index, phrases in self._found(signals, None).items()}

    def _found(self, signals: Signals, holds: Callable[[P], bool] | None) -> dict[int, list[tuple[str, int]]]:
        """The phrases (and their lengths) the question contains, by part."""
        found: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for first in signals.token_set.intersection(self._by_first):
            entries = self._by_first[first]
            for phrase, length, index in zip(entries[::3], entries[1::3], entries[2::3], strict=True):
                if signals.names_part(phrase) and not signals.denied(phrase):
                    found[index].append((phrase, length))
        if holds is not None:
            return {index: phrases for index, phrases in found.items() if holds(self.parts[index])}
        return found
