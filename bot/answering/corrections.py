"""What the matcher understood a misspelt word as: "Showing results for lambda". Pure.

Read from one scan: where a typed word's own stem differs from the token the matcher used, the
word was corrected; the correction is shown as the knowledge base spells it. Matching itself is
untouched.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz

from bot.answering.matcher import PhraseIndex, stem


@lru_cache(maxsize=8)
def _spellings(index: PhraseIndex) -> dict[str, tuple[str, ...]]:
    """Stem -> the known spellings of it (the vocabulary the matcher corrects against)."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for word, stemmed in sorted(index._spellings.items()):  # read only: the matcher's vocabulary
        by_stem[stemmed].append(word)
    return {s: tuple(words) for s, words in by_stem.items()}


def corrections(index: PhraseIndex, text: str) -> tuple[tuple[str, str], ...]:
    """(typed, understood) for every word the matcher corrected in `text`, in order."""
    signals = index.scan(text)
    if len(signals.words) != len(signals.tokens):
        return ()
    spellings = _spellings(index)
    found: list[tuple[str, str]] = []
    for typed, token in zip(signals.words, signals.tokens, strict=True):
        if stem(typed) != token and token in spellings:
            closest = max(spellings[token], key=lambda w: (fuzz.ratio(typed, w), -len(w)))
            if (typed, closest) not in found:
                found.append((typed, closest))
    return tuple(found)
