"""Accuracy on every evaluation set, one line each (no timing: see answer_bench for speed).

    .venv/bin/python -m bench.eval_report [tests/eval/aspects.yaml ...]

Run it with another checkout first on PYTHONPATH to measure the bot as it was before a change
(the first-look figures of a new set): `PYTHONPATH=../old .venv/bin/python -m bench.eval_report`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.scoring import EVAL_DIR, load_cases, score
from bot.answering import Answerer
from bot.knowledge import load_knowledge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="print every question not answered right")
    args = parser.parse_args()
    answerer = Answerer(load_knowledge())
    for path in args.sets or sorted(EVAL_DIR.glob("*.yaml")):
        cases = load_cases(path)
        verdicts = [answerer.ask(c["q"]) for c in cases]
        print(score(cases, verdicts).line(path.stem))
        if args.misses:
            from bench.scoring import is_right
            for case, answer in zip(cases, verdicts, strict=True):
                if not is_right(case, answer):
                    want = "no answer" if case.get("answer", True) is False else \
                        f"{case['service']}/{case['topic']} {case['owners']}"
                    got = f"{answer.service}/{answer.topic} {answer.owner}" if answer.matched else "no answer"
                    print(f"    {case['q'][:110]!r}\n        want {want}; got {got}")


if __name__ == "__main__":
    main()
