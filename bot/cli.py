"""`srm`: ask from the terminal, check the knowledge base, run the Slack app."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.answering import Answerer
from bot.knowledge import KnowledgeError, load_knowledge
from bot.text import answer_text, matrix


def _answerer(args: argparse.Namespace) -> Answerer:
    return Answerer(load_knowledge(args.knowledge))


def cmd_ask(args: argparse.Namespace) -> int:
    answerer = _answerer(args)
    if args.question == ["-"]:
        for line in sys.stdin:
            question = line.rstrip("\n")
            answer = answerer.ask(question)
            print(json.dumps(answer.to_contract(), ensure_ascii=False), flush=False)
        sys.stdout.flush()
        return 0
    question = " ".join(args.question)
    answer = answerer.ask(question)
    if args.json:
        print(json.dumps(answer.to_contract(), ensure_ascii=False, indent=2))
    else:
        print(answer_text(answerer.kb, answer))
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    kb = load_knowledge(args.knowledge)
    cells = sum(len(s.rulings) for s in kb.services.values())
    reviewed = sum(r.reviewed for s in kb.services.values() for r in s.rulings.values())
    print(f"ok: {len(kb.services)} services, {len(kb.topics)} topics, {cells} cells "
          f"({reviewed} reviewed, {cells - reviewed} from model defaults), {len(kb.general)} general entries")
    return 0


def cmd_kb_matrix(args: argparse.Namespace) -> int:
    sys.stdout.write(matrix(load_knowledge(args.knowledge), args.format))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="srm", description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="knowledge base folder (default: the repository's knowledge/)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question (`-` reads one question a line from stdin)")
    ask.add_argument("--json", action="store_true", help="print the answer contract's JSON")
    ask.add_argument("question", nargs="+")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="knowledge base tools").add_subparsers(dest="kb_command", required=True)
    kb.add_parser("check", help="validate the knowledge base").set_defaults(func=cmd_kb_check)
    mx = kb.add_parser("matrix", help="print the services x topics ownership matrix")
    mx.add_argument("--format", choices=("md", "csv"), default="md")
    mx.set_defaults(func=cmd_kb_matrix)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the knowledge base", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
