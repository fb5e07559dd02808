"""`srm`: ask from the terminal, check the knowledge base, run the Slack app."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answering import Answerer
from bot.compiled import load_compiled
from bot.config import ConfigError, Settings, cache_dir, configure_logging, knowledge_dir, require_dir
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.playbooks import load_playbooks
from bot.knowledge.review import show_service, stale
from bot.knowledge.yamlio import Problem
from bot.quiz import check_quiz, load_bank
from bot.quiz.schedule import is_quiz_day, local_date
from bot.text import answer_text, matrix

if TYPE_CHECKING:
    from bot.slack.quiz.clock import QuizClock


def _knowledge(args: argparse.Namespace) -> Path | None:
    """--knowledge, else SRM_KNOWLEDGE_DIR, else (None) the knowledge base shipped with the code."""
    return require_dir(args.knowledge, "--knowledge") if args.knowledge else knowledge_dir()


def _answerer(args: argparse.Namespace) -> Answerer:
    """From the compiled-knowledge cache when it is current (bot/compiled.py)."""
    root = _knowledge(args)
    cache = cache_dir()
    if cache is not None:
        try:
            return load_compiled(root, cache).answerer
        except KnowledgeError:  # maybe only a playbook or quiz.yaml: `ask` needs just the knowledge base
            pass
    return Answerer(load_knowledge(root))


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
    root = _knowledge(args)
    try:
        kb: KnowledgeBase | None = load_knowledge(root)
        problems: list[Problem] = []
    except KnowledgeError as exc:
        kb, problems = None, list(exc.problems)
    problems += check_quiz(root, kb)  # quiz.yaml is checked even when the rest is broken
    playbooks = ()
    try:
        playbooks = load_playbooks(root, services=kb.services if kb else None)
    except KnowledgeError as exc:  # sources/ problems are already listed once
        problems += [p for p in exc.problems if p not in problems]
    if problems or kb is None:
        raise KnowledgeError(problems)
    bank = load_bank(kb, root)
    cells = sum(len(s.rulings) for s in kb.services.values())
    reviewed = sum(r.reviewed for s in kb.services.values() for r in s.rulings.values())
    print(f"ok: {len(kb.services)} services, {len(kb.topics)} topics, {cells} cells "
          f"({reviewed} reviewed, {cells - reviewed} from model defaults), {len(kb.general)} general entries, "
          f"{len(bank)} quiz questions, {len(playbooks)} incident playbooks")
    return 0


def cmd_kb_show(args: argparse.Namespace) -> int:
    """Print one service whole; works on a knowledge base with problems (listed after it)."""
    problems: list[Problem] = []
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        problems = exc.problems
        kb = load_knowledge(args.knowledge, strict=False)
    service = kb.services.get(args.service)
    if service is None:
        print(f"srm: no service {args.service!r} (see `srm kb matrix`)", file=sys.stderr)
        return 2
    sys.stdout.write(show_service(kb, service))
    mine = [p for p in problems if p.file.endswith(f"/{args.service}.yaml")]
    for problem in mine:
        print(problem, file=sys.stderr)
    return 1 if mine else 0


def cmd_kb_stale(args: argparse.Namespace) -> int:
    found = stale(load_knowledge(args.knowledge), args.days)
    for item in found:
        print(f"{item.verified}  {item.what}")
    print(f"{len(found)} item(s) last verified more than {args.days} days ago", file=sys.stderr)
    return 1 if found else 0


def cmd_kb_schema(args: argparse.Namespace) -> int:
    """The JSON Schema of a service file, from the validator's own field definitions."""
    from bot.knowledge.fields import service_schema

    kb = load_knowledge(args.knowledge, strict=False)
    print(json.dumps(service_schema(list(kb.topics)), indent=2))
    return 0


def cmd_kb_matrix(args: argparse.Namespace) -> int:
    kb = load_knowledge(_knowledge(args))
    org = None
    if args.team:  # the workspace's owners: the database of DATABASE_URL
        from bot.owners.matrix import org_column

        _, owners = _owners_store().load(_workspace(args))
        org = org_column(kb, owners)
    sys.stdout.write(matrix(kb, args.format, org))
    return 0


def _owners_store():  # type: ignore[no-untyped-def]
    """The owners store on DATABASE_URL's database (imported here: `srm ask` loads no database code)."""
    from bot.storage import make_engine
    from bot.storage.migrate import require_current
    from bot.storage.owners_store import OwnersStore

    settings = _settings()
    engine = make_engine(settings.database_url)
    require_current(engine)
    return OwnersStore(engine)


def _workspace(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from bot.storage.owners_store import Workspace

    return Workspace(args.team, args.enterprise or "")


def cmd_owners_export(args: argparse.Namespace) -> int:
    """A workspace's owners as YAML on stdout, in the form `srm owners import` reads."""
    from bot.owners.config_file import write_owners_file

    kb = load_knowledge(_knowledge(args))
    _, owners = _owners_store().load(_workspace(args))
    sys.stdout.write(write_owners_file(args.team, owners, kb.services, kb.topics))
    return 0


def cmd_owners_import(args: argparse.Namespace) -> int:
    """Replace a workspace's owners with a file's, entirely or (any problem) not at all."""
    import getpass

    from bot.owners.config_file import OwnersFileError, read_owners_file

    kb = load_knowledge(_knowledge(args))
    try:
        mapping = read_owners_file(args.file, args.team, kb.services, kb.topics, display=str(args.file))
    except OwnersFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {args.file}: nothing imported", file=sys.stderr)
        return 1
    store = _owners_store()
    by = f"import by {getpass.getuser()}"
    added, changed, removed = store.replace_all(
        _workspace(args), mapping, by, datetime.now(UTC), lambda scope: scope.label(kb.services, kb.topics))
    print(f"{args.team}: {len(mapping)} owner(s) from {args.file}: {added} added, {changed} changed, "
          f"{removed} removed (running apps show them within seconds)")
    return 0


def _settings() -> Settings:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return settings


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.storage import make_engine, upgrade
    from bot.storage.migrate import current_revision

    settings = _settings()
    engine = make_engine(settings.database_url, timeouts=False)  # a migration may run long
    upgrade(engine)
    print(f"database at {current_revision(engine)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """A development server (wsgiref); production runs gunicorn, see Procfile."""
    from wsgiref.simple_server import make_server

    from bot.storage import make_engine, upgrade
    from bot.web import create_wsgi

    settings = _settings()
    settings.require_http()
    upgrade(make_engine(settings.database_url, timeouts=False))
    server = make_server("127.0.0.1", args.port or settings.port, create_wsgi(settings))
    print(f"srm serving on http://127.0.0.1:{server.server_port}/slack/events (Ctrl-C stops)")
    server.serve_forever()
    return 0


def cmd_socket(args: argparse.Namespace) -> int:
    from bot.slack.app import create_app
    from bot.slack.socket_mode import GuardedSocketModeHandler
    from bot.storage import upgrade
    from bot.web import build_deps

    settings = _settings()
    settings.require_socket()
    deps = build_deps(settings)
    upgrade(deps.ledger.engine)
    GuardedSocketModeHandler(create_app(settings, deps), settings.slack_app_token).start()
    return 0


def _quiz_clock(args: argparse.Namespace) -> QuizClock:
    """Everything the clock needs; imported here so `srm ask` never loads Slack."""
    from bot.slack.quiz.clock import QuizClock
    from bot.slack.quiz.poster import QuizPoster
    from bot.storage import QuizStore, make_engine
    from bot.storage.migrate import require_current

    settings = _settings()
    engine = make_engine(settings.database_url)
    if settings.oauth:  # every installed workspace, each with its own token, read fresh
        from bot.slack.installations import bot_token_lookup, installation_store

        token_for = bot_token_lookup(installation_store(settings, engine, cached=False))
    else:
        settings.require_bot_token()
        token_for = None
    require_current(engine)
    root = _knowledge(args)
    bank = load_bank(load_knowledge(root), root)
    return QuizClock(QuizPoster(QuizStore(engine), bank), settings, token_for=token_for)


def cmd_quiz_post(args: argparse.Namespace) -> int:
    """Post the channel's quiz for today unless it exists: safe to run from cron more than once."""
    clock = _quiz_clock(args)
    now = datetime.now(UTC)
    schedules = [s for s in clock.poster.store.schedules_by_channel(args.channel)
                 if args.team is None or s.key.team_id == args.team]
    if len(schedules) != 1:
        why = "no quiz schedule" if not schedules else "several workspaces have one (pass --team)"
        print(f"srm: {args.channel}: {why}; turn the quiz on there with /srm quiz on", file=sys.stderr)
        return 1
    (stored,) = schedules
    if stored.state != "on":
        print(f"{args.channel}: the quiz is {stored.state} there; nothing posted")
        return 1
    today = local_date(stored.schedule.tz, now)
    if not is_quiz_day(stored.schedule.days, today):
        print(f"{args.channel}: {today:%A} is not a quiz day ({stored.schedule.describe()}); nothing posted")
        return 0
    result = clock.post_channel(stored.key, now)
    if result.status == "failed":
        print(f"srm: {args.channel}: Slack refused the quiz: {result.error}", file=sys.stderr)
        return 1
    print(f"{args.channel}: " + ("posted today's quiz" if result.status == "posted" else
                                 f"today's quiz ({today}) was already posted"))
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    """What to fix in knowledge/: reports, 👎 and unanswered questions, grouped by what was matched."""
    from bot import gaps
    from bot.storage import make_engine
    from bot.storage.feedback import FeedbackStore
    from bot.storage.migrate import require_current

    try:
        window = gaps.parse_since(args.since)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    engine = make_engine(_settings().database_url)
    try:
        require_current(engine)
        rows = FeedbackStore(engine).since(datetime.now(UTC) - window, args.team)
        grouped = gaps.group(rows)
    finally:
        engine.dispose()
    kb = load_knowledge(_knowledge(args))
    sys.stdout.write(gaps.csv_text(grouped) if args.format == "csv" else gaps.markdown(kb, grouped, args.since))
    return 0


def _housekeeping(engine: object) -> Callable[[], None]:
    """Hourly in the clock process: forget old event claims, quiet threads' context, and feedback
    past its retention (README "Data kept")."""
    from bot.storage import EventLedger
    from bot.storage.feedback import RETAIN, FeedbackStore
    from bot.storage.threads import KEEP, ThreadContexts

    ledger, threads, feedback = EventLedger(engine), ThreadContexts(engine), FeedbackStore(engine)  # type: ignore[arg-type]

    def run() -> None:
        now = datetime.now(UTC)
        ledger.forget_before()
        threads.forget_before(now - KEEP)
        feedback.forget_before(now - RETAIN)

    return run


def cmd_clock(args: argparse.Namespace) -> int:
    """The `clock:` process: post due quizzes every minute (Procfile)."""
    from bot.slack.quiz.clock import run_forever

    clock = _quiz_clock(args)
    run_forever(clock, lambda: datetime.now(UTC), hourly=_housekeeping(clock.poster.store.engine))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="srm", description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="knowledge base folder (default: $SRM_KNOWLEDGE_DIR, else the one shipped with the code)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question (`-` reads one question a line from stdin)")
    ask.add_argument("--json", action="store_true", help="print the answer contract's JSON")
    ask.add_argument("question", nargs="+")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="knowledge base tools").add_subparsers(dest="kb_command", required=True)
    kb.add_parser("check", help="validate the knowledge base").set_defaults(func=cmd_kb_check)
    mx = kb.add_parser("matrix", help="print the services x topics ownership matrix")
    mx.add_argument("--format", choices=("md", "csv"), default="md")
    mx.add_argument("--team", default=None,
                    help="add an \"in your org\" column: this workspace's owners (DATABASE_URL)")
    mx.add_argument("--enterprise", default="", help=argparse.SUPPRESS)
    mx.set_defaults(func=cmd_kb_matrix)
    show = kb.add_parser("show", help="print every resolved ruling of one service, layers and facets included")
    show.add_argument("service")
    show.set_defaults(func=cmd_kb_show)
    st = kb.add_parser("stale", help="list rulings, facets and layers not verified in the last N days")
    st.add_argument("--days", type=int, default=180)
    st.set_defaults(func=cmd_kb_stale)
    kb.add_parser("schema", help="print the JSON Schema of a service file (knowledge/schema.json)"
                  ).set_defaults(func=cmd_kb_schema)

    db = sub.add_parser("db", help="database tools").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply schema migrations (the release step)").set_defaults(func=cmd_db_upgrade)

    owners = sub.add_parser("owners", help="who owns the customer side in a workspace (config as code)")
    owners_sub = owners.add_subparsers(dest="owners_command", required=True)
    export = owners_sub.add_parser("export", help="print a workspace's owners as YAML")
    imp = owners_sub.add_parser("import", help="replace a workspace's owners with a YAML file's (all or nothing)")
    imp.add_argument("file", type=Path)
    for parser_ in (export, imp):
        parser_.add_argument("--team", required=True, help="workspace id, T...")
        parser_.add_argument("--enterprise", default="", help="Enterprise Grid id, E... (if any)")
    export.set_defaults(func=cmd_owners_export)
    imp.set_defaults(func=cmd_owners_import)

    serve = sub.add_parser("serve", help="run the HTTP app locally for development")
    serve.add_argument("--port", type=int, default=0)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("socket", help="run over Socket Mode (SLACK_APP_TOKEN)").set_defaults(func=cmd_socket)

    quiz = sub.add_parser("quiz", help="daily quiz tools").add_subparsers(dest="quiz_command", required=True)
    post = quiz.add_parser("post", help="post a channel's quiz for today unless already posted (cron-safe)")
    post.add_argument("--channel", required=True, help="channel id, C...")
    post.add_argument("--team", default=None, help="workspace id, when several workspaces quiz that channel")
    post.set_defaults(func=cmd_quiz_post)
    sub.add_parser("clock", help="run the quiz scheduler (the Procfile's clock: process)").set_defaults(func=cmd_clock)
    gp = sub.add_parser("gaps", help="reports, 👎 and unanswered questions by what was matched, with YAML stubs")
    gp.add_argument("--since", default="30d", help="how far back: 30d (default), 12h, 2w")
    gp.add_argument("--format", choices=("md", "csv"), default="md")
    gp.add_argument("--team", default=None, help="one workspace id only")
    gp.set_defaults(func=cmd_gaps)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # Resolved once for every command, present and future: --knowledge, else SRM_KNOWLEDGE_DIR.
        args.knowledge = _knowledge(args)
        return args.func(args)
    except ConfigError as exc:  # SchemaOutOfDate too
        print(f"srm: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the knowledge base", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
