"""How answering cost grows with the vocabulary: the knowledge base at 1x, 3x and 10x its phrases.

More finding types, control ids and descriptions mean more phrases to look up and more words a
typo is corrected against. The larger knowledge bases add pseudo-phrases made from the real
vocabulary's letters (so the typo candidates per first letter and length grow as they would),
as descriptions and out-of-scope phrases. Every size answers the same questions, new each time
(caches cleared), interleaved; the ratios to 1x are the result.

    .venv/bin/python -m bench.vocab_scale [--set tests/eval/artefacts.yaml] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bench.scoring import EVAL_DIR, load_cases
from bench.stats import percentile
from bot.answering import Answerer
from bot.answering.matcher import PhraseIndex
from bot.knowledge import KnowledgeBase, load_knowledge


def vocabulary_size(kb: KnowledgeBase) -> int:
    return len(PhraseIndex(kb).phrases)


def inflate(kb: KnowledgeBase, factor: int, seed: int = 11) -> KnowledgeBase:
    """The same knowledge plus (factor - 1) x as many pseudo-phrases."""
    if factor == 1:
        return kb
    rng = random.Random(seed)
    words = sorted({w for key in PhraseIndex(kb).phrases for w in key if len(w) >= 4})
    extra = (factor - 1) * vocabulary_size(kb)

    def pseudo() -> str:
        parts = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            letters = list(rng.choice(words))
            rng.shuffle(letters[1:])  # keep the first letter: typo candidates are grouped by it
            parts.append("".join(letters) + rng.choice(("", "x", "q")))
        return " ".join(parts)

    per_service = extra // 2 // len(kb.services)
    services = {sid: replace(s, descriptions=(*s.descriptions, *(pseudo() for _ in range(per_service))))
                for sid, s in kb.services.items()}
    out = dict(kb.out_of_scope)
    out.update({pseudo(): "aws-services-not-covered" for _ in range(extra // 2)})
    return replace(kb, services=services, out_of_scope=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=EVAL_DIR / "artefacts.yaml")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = load_knowledge()
    sizes = {f"{n}x": Answerer(inflate(base, n)) for n in (1, 3, 10)}
    questions = [c["q"] for c in load_cases(args.set)]
    timings: dict[str, list[float]] = {name: [] for name in sizes}
    shuffler = random.Random(5)
    for _ in range(args.rounds):
        for question in questions:
            order = list(sizes.items())
            shuffler.shuffle(order)
            for name, answerer in order:
                answerer.ask.cache_clear()
                answerer.index.scan.cache_clear()
                answerer.index.correct.cache_clear()
                started = time.perf_counter()
                answerer.ask(question)
                timings[name].append((time.perf_counter() - started) * 1e6)
    print(f"{args.set.name}: {len(questions)} questions x {args.rounds} rounds, each new (caches cleared)")
    print(f"{'size':<5} {'phrases':>8} {'median µs':>10} {'p99 µs':>9} {'median vs 1x':>13} {'p99 vs 1x':>10}")
    base_median, base_p99 = statistics.median(timings["1x"]), percentile(timings["1x"], 99)
    for name, answerer in sizes.items():
        median, p99 = statistics.median(timings[name]), percentile(timings[name], 99)
        print(f"{name:<5} {len(answerer.index.phrases):>8} {median:>10.1f} {p99:>9.1f} "
              f"{median / base_median:>12.2f}x {p99 / base_p99:>9.2f}x")


if __name__ == "__main__":
    main()
