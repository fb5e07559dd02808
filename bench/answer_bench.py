"""Answer latency and accuracy over the evaluation set, against the naive approach, in one run.

The naive approach is rapidfuzz `process.extractOne` of the whole question against the text of
every knowledge base entry. Both are timed question by question, interleaved, so machine noise
hits them alike; compare the ratios, not the absolute numbers.

    .venv/bin/python -m bench.answer_bench [--rounds 5] [--set tests/eval/questions.yaml]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from bench.scoring import is_right
from bench.stats import percentile
from bot.answering import Answerer
from bot.knowledge import KnowledgeBase, Ruling, load_knowledge

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Verdict:
    matched: bool
    service: str | None
    topic: str | None
    owner: str | None


class NaiveMatcher:
    """The baseline: one fuzzy comparison of the question against every entry's text."""

    def __init__(self, kb: KnowledgeBase, cutoff: float = 60.0) -> None:
        self.rulings: list[Ruling] = []
        self.texts: list[str] = []
        for service in kb.services.values():
            for ruling in (service.overview, *service.rulings.values()):
                topic = kb.topics[ruling.topic].name if ruling.topic else "overview"
                self.rulings.append(ruling)
                self.texts.append(f"{service.name} {' '.join(service.aliases[:3])} {topic}: {ruling.summary}".lower())
        for general in kb.general:
            self.rulings.append(general.ruling)
            self.texts.append(f"{' '.join(general.keywords)}: {general.ruling.summary}".lower())
        self.cutoff = cutoff

    def ask(self, question: str) -> Verdict:
        best = process.extractOne(question.lower(), self.texts, scorer=fuzz.WRatio, score_cutoff=self.cutoff)
        if best is None:
            return Verdict(False, None, None, None)
        ruling = self.rulings[best[2]]
        return Verdict(True, ruling.service, ruling.topic, ruling.owner)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--set", type=Path, default=REPO / "tests" / "eval" / "questions.yaml")
    parser.add_argument("--alone", action="store_true",
                        help="time only srm-bot on new questions (no naive contender in the same process)")
    args = parser.parse_args()

    kb = load_knowledge()
    answerer = Answerer(kb)
    naive = NaiveMatcher(kb)
    cases: list[dict[str, Any]] = yaml.safe_load(args.set.read_text(encoding="utf-8"))

    def ours(question: str) -> Verdict:
        a = answerer.ask(question)
        return Verdict(a.matched, a.service, a.topic, a.owner)

    def ours_new(question: str) -> Verdict:
        # A question never seen before: no cached scan, every word corrected afresh (the clearing
        # is timed with it, so this is a slight overestimate).
        answerer.ask.cache_clear()
        answerer.index.scan.cache_clear()
        answerer.index.correct.cache_clear()
        return ours(question)

    contenders: dict[str, Callable[[str], Verdict]] = {
        "srm-bot, new question": ours_new, "srm-bot, repeated": ours, "naive extractOne": naive.ask,
    }
    if args.alone:
        contenders = {"srm-bot, new question": ours_new}
    timings: dict[str, list[float]] = {name: [] for name in contenders}
    verdicts: dict[str, list[Verdict]] = {name: [] for name in contenders}
    for case in cases:  # warm-up, and the verdicts
        for name, ask in contenders.items():
            verdicts[name].append(ask(case["q"]))
    shuffler = random.Random(7)
    for _ in range(args.rounds):
        for case in cases:
            order = list(contenders.items())
            shuffler.shuffle(order)  # no contender always runs right after the CPU-cache-heavy one
            for name, ask in order:
                started = time.perf_counter()
                ask(case["q"])
                timings[name].append((time.perf_counter() - started) * 1e6)

    on_topic = [i for i, c in enumerate(cases) if c.get("answer", True)]
    refuse = [i for i, c in enumerate(cases) if c.get("answer", True) is False]
    print(f"{args.set.name}: {len(on_topic)} on-topic questions, {len(refuse)} must-not-answer, "
          f"{args.rounds} timed rounds")
    print(f"{'approach':<22} {'median µs':>10} {'p99 µs':>9} {'on-topic right':>15} {'wrongly answered':>17}")
    for name in contenders:
        right = sum(is_right(cases[i], verdicts[name][i]) for i in on_topic)
        answered = sum(verdicts[name][i].matched for i in refuse)
        print(f"{name:<22} {statistics.median(timings[name]):>10.1f} {percentile(timings[name], 99):>9.1f} "
              f"{right / len(on_topic):>14.1%} {answered:>8}/{len(refuse):<8}")
    if args.alone:
        return
    ours_t, naive_t = timings["srm-bot, new question"], timings["naive extractOne"]
    print(f"ratio srm-bot (new question) / naive: median {statistics.median(ours_t) / statistics.median(naive_t):.2f}, "
          f"p99 {percentile(ours_t, 99) / percentile(naive_t, 99):.2f}")


if __name__ == "__main__":
    main()
