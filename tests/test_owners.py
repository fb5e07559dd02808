"""Owners, below Slack: parsing owners and scopes, precedence, the owners file (all or nothing,
`file:line: field: problem`), the CLI on both databases, the cache's invalidation, rendering."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.answering import Answerer
from bot.cli import main
from bot.knowledge import KnowledgeBase
from bot.owners import EMPTY, OwnerError, OwnerMap, OwnerRef, Scope, ScopeError, parse_owner, parse_scope
from bot.owners.config_file import OwnersFileError, read_owners_file, write_owners_file
from bot.owners.model import Assignment
from bot.slack import blocks as render
from bot.slack import owners_blocks
from bot.slack.owners_blocks import OrgOwner
from bot.storage import make_engine, upgrade
from bot.storage.migrate import downgrade
from bot.storage.owners_cache import OwnersCache
from bot.storage.owners_store import OwnersStore, Workspace

from .test_blocks import check_limits

NOW = datetime(2025, 3, 28, 8, 30, tzinfo=UTC)
WS = Workspace("T0001")


def test_owners_are_read_as_slack_sends_them_and_as_files_write_them() -> None:
    assert parse_owner("<!subteam^S0PLAT|@platform-oncall>") == OwnerRef("usergroup", "S0PLAT", "@platform-oncall")
    assert parse_owner("<!subteam^S0PLAT>") == OwnerRef("usergroup", "S0PLAT", "")
    assert parse_owner("<@U0JANE|jane>") == OwnerRef("user", "U0JANE", "jane")
    assert parse_owner("<@W0GRID>").kind == "user"
    assert parse_owner("<#C0SEC|sec-team>") == OwnerRef("channel", "C0SEC", "#sec-team")
    assert parse_owner("usergroup:S0PLAT") == OwnerRef("usergroup", "S0PLAT")
    for bad in ("<!channel>", "<!here>", "@platform-oncall", "usergroup:U0X", "user:S0X", "<@U0X|a>b>", "", "S0PLAT"):
        with pytest.raises(OwnerError):
            parse_owner(bad)
    assert OwnerRef("usergroup", "S0PLAT").mention == "<!subteam^S0PLAT>"


def test_scopes(kb: KnowledgeBase) -> None:
    services, topics = kb.services, kb.topics
    assert parse_scope("*", services, topics) == Scope()
    assert parse_scope("patching", services, topics) == Scope(topic="patching")
    assert parse_scope("EKS", services, topics) == Scope(service="eks")
    assert parse_scope("eks/patching", services, topics) == Scope("eks", "patching")
    assert parse_scope("iam/*", services, topics) == Scope(service="iam")
    assert parse_scope("*/iam", services, topics) == Scope(topic="iam")
    assert Scope(service="iam").label(services, topics) == "iam/*"
    assert Scope(topic="iam").label(services, topics) == "*/iam"
    for bad, why in [("iam", "both a service and a topic"), ("patchin", "did you mean `patching`"),
                     ("eks/patchin", "no topic"), ("ekz/patching", "no service")]:
        with pytest.raises(ScopeError, match=why):
            parse_scope(bad, services, topics)


def owner_map(**by_scope: str) -> OwnerMap:
    scopes = {"default": Scope(), "topic": Scope(topic="patching"), "service": Scope(service="eks"),
              "cell": Scope("eks", "patching")}
    return OwnerMap({scopes[name]: Assignment(scopes[name], OwnerRef("usergroup", ident), "U1", NOW)
                     for name, ident in by_scope.items()})


def test_the_most_specific_scope_wins() -> None:
    every = owner_map(default="S0D", topic="S0T", service="S0S", cell="S0C")
    assert every.owner_of("eks", "patching").owner.id == "S0C"
    assert every.owner_of("eks", "backup").owner.id == "S0S"
    assert every.owner_of("ec2", "patching").owner.id == "S0T"
    assert every.owner_of("ec2", "backup").owner.id == "S0D"
    assert every.owner_of(None, "patching").owner.id == "S0T", "general answers have a topic only"
    assert every.owner_of("eks", None).owner.id == "S0S", "an overview has a service only"
    assert owner_map(topic="S0T", service="S0S").owner_of("eks", "patching").owner.id == "S0S"
    assert owner_map(topic="S0T").owner_of("ec2", "backup") is None
    assert EMPTY.owner_of("eks", "patching") is None


# -- the owners file ------------------------------------------------------------------------------

GOOD = """team: T0001
owners:
  "*": "<!subteam^S0PLAT|@platform-oncall>"
  patching: usergroup:S0SRE
  eks/patching: "<@U0JANE|Jane Doe>"
  iam/*: channel:C0SEC
"""

BAD = """team: T0001
owners:
  "*": usergroup:S0PLAT
  patchin: usergroup:S0SRE
  eks/patching: "@jane"
  ec2: usergroup:U0X
  eks/*: user:U0A
  eks: user:U0B
  s3: [user:U0C]
colour: blue
"""


def test_an_owners_file_reads_back_what_export_writes(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "owners.yaml"
    path.write_text(GOOD)
    mapping = read_owners_file(path, "T0001", kb.services, kb.topics)
    assert mapping[Scope()] == OwnerRef("usergroup", "S0PLAT", "@platform-oncall")
    assert mapping[Scope(service="iam")] == OwnerRef("channel", "C0SEC")
    owners = OwnerMap({s: Assignment(s, o, "U1", NOW) for s, o in mapping.items()})
    path.write_text(write_owners_file("T0001", owners, kb.services, kb.topics))
    assert read_owners_file(path, "T0001", kb.services, kb.topics) == mapping
    path.write_text(write_owners_file("T0001", EMPTY, kb.services, kb.topics))
    assert read_owners_file(path, "T0001", kb.services, kb.topics) == {}


def test_every_problem_in_an_owners_file_is_file_line_field_problem(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "owners.yaml"
    path.write_text(BAD)
    with pytest.raises(OwnersFileError) as caught:
        read_owners_file(path, "T0002", kb.services, kb.topics, display="owners.yaml")
    problems = [str(p) for p in caught.value.problems]
    assert problems[0] == "owners.yaml:10: (file).colour: unknown field (allowed: owners, team)"
    assert "owners.yaml:1: team: this file is for workspace T0001, not T0002" in problems
    assert any(p.startswith('owners.yaml:4: owners."patchin": unknown scope:') and "patching" in p for p in problems)
    assert any(p.startswith("owners.yaml:5: owners.\"eks/patching\": malformed owner '@jane'") for p in problems)
    assert any(p.startswith('owners.yaml:6: owners."ec2": malformed owner') for p in problems)
    assert 'owners.yaml:8: owners."eks": sets `eks` a second time' in problems
    assert 'owners.yaml:9: owners."s3": must be an owner such as usergroup:S0123ABC' in problems
    assert len(problems) == 7
    path.write_text('owners:\n  *: usergroup:S0PLAT\n')  # an unquoted * is a YAML alias
    with pytest.raises(OwnersFileError) as caught:
        read_owners_file(path, "T0001", kb.services, kb.topics, display="owners.yaml")
    assert str(caught.value.problems[0]).startswith("owners.yaml:2: (yaml):")


def test_import_applies_entirely_or_not_at_all_and_exports(
        tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    store = OwnersStore(engine)
    good, bad = tmp_path / "owners.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD)
    bad.write_text(BAD.replace("colour: blue\n", ""))
    assert main(["owners", "import", str(good), "--team", "T0001"]) == 0
    assert "4 added, 0 changed, 0 removed" in capsys.readouterr().out
    stamp, before = store.load(WS)
    assert len(before.assignments) == 4

    assert main(["owners", "import", str(bad), "--team", "T0001"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4: owners.\"patchin\": unknown scope" in err and "nothing imported" in err
    assert store.load(WS) == (stamp, before), "a file with a problem changes nothing"

    assert main(["owners", "export", "--team", "T0001"]) == 0
    exported = capsys.readouterr().out
    assert '"*": "<!subteam^S0PLAT|@platform-oncall>"' in exported
    good.write_text(exported.replace('  "patching": "usergroup:S0SRE"\n', ""))
    assert main(["owners", "import", str(good), "--team", "T0001"]) == 0
    assert "0 added, 0 changed, 1 removed" in capsys.readouterr().out
    after_stamp, after = store.load(WS)
    assert after_stamp != stamp and Scope(topic="patching") not in after.assignments
    assert [c.action for c in store.history(WS)][:1] == ["import"]

    assert main(["kb", "matrix", "--team", "T0001", "--format", "csv"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.endswith(",in your org")
    eks = next(r for r in rows if r.startswith("eks,"))
    assert "@platform-oncall" in eks and "Jane Doe (patching)" in eks
    assert next(r for r in rows if r.startswith("lambda,")).endswith(",@platform-oncall")
    assert main(["owners", "export", "--team", "T0002"]) == 0
    assert "owners: {}" in capsys.readouterr().out, "another workspace's owners are its own"
    engine.dispose()


def test_the_migration_goes_down_and_up(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    downgrade(engine, "0003")
    assert not any(t.startswith("org_owner") for t in inspect(engine).get_table_names())
    upgrade(engine)
    assert {"org_owners", "org_owner_stamps", "org_owner_history", "org_owner_editors", "org_owner_pages"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()


# -- the cache ------------------------------------------------------------------------------------

class CountingStore(OwnersStore):
    """The real store, counting reads; `hold` makes reads wait (a database that hangs)."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        super().__init__(engine)
        self.stamps = self.loads = 0
        self.hold = threading.Event()
        self.hold.set()

    def stamp(self, ws: Workspace) -> str:
        self.hold.wait()
        self.stamps += 1
        return super().stamp(ws)

    def load(self, ws: Workspace):  # type: ignore[no-untyped-def]
        self.hold.wait()
        self.loads += 1
        return super().load(ws)


def test_the_cache_reads_one_stamp_per_check_and_the_mapping_only_when_it_changed(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    store, now = CountingStore(engine), [0.0]
    cache = OwnersCache(store, check_every=2.0, timer=lambda: now[0])
    assert cache.get(WS) == EMPTY and (store.stamps, store.loads) == (0, 1)
    for _ in range(100):
        cache.get(WS)
    assert (store.stamps, store.loads) == (0, 1), "within the check interval: no database at all"
    now[0] += 2.0
    cache.get(WS)
    assert (store.stamps, store.loads) == (1, 1), "unchanged: one primary-key read"
    OwnersStore(engine).set_owner(WS, Scope(), OwnerRef("usergroup", "S0PLAT"), "U1", NOW, "*")  # another process
    assert cache.get(WS) == EMPTY, "not checked again yet"
    now[0] += 2.0
    assert cache.get(WS).owner_of("ec2", "backup").owner.id == "S0PLAT"
    assert (store.stamps, store.loads) == (2, 2)
    store.set_owner(WS, Scope(), OwnerRef("usergroup", "S0SRE"), "U1", NOW, "*")
    cache.invalidate(WS)  # this process changed it
    assert cache.get(WS).owner_of("ec2", "backup").owner.id == "S0SRE"
    engine.dispose()


def test_a_hanging_database_does_not_hold_answers(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    OwnersStore(engine).set_owner(WS, Scope(), OwnerRef("usergroup", "S0PLAT"), "U1", NOW, "*")
    store, now = CountingStore(engine), [0.0]
    cache = OwnersCache(store, check_every=2.0, budget=0.05, timer=lambda: now[0])
    assert cache.get(WS).owner_of("ec2", "backup") is not None
    store.hold.clear()
    now[0] += 2.0
    assert cache.get(WS).owner_of("ec2", "backup").owner.id == "S0PLAT", "the last known mapping"
    now[0] += 1.0
    assert cache.get(WS).owner_of("ec2", "backup").owner.id == "S0PLAT", "an overdue read is not waited on again"
    assert cache.get(Workspace("T0NEW")) == EMPTY, "a workspace never read: no line rather than a wait"
    store.hold.set()
    engine.dispose()


# -- rendering ------------------------------------------------------------------------------------

def test_org_blocks_stay_within_limits_and_escape_names(kb: KnowledgeBase, answerer: Answerer) -> None:
    owner = OwnerRef("usergroup", "S0PLAT", "@x")
    nasty = OrgOwner(owner, "<!channel> " + "n" * 3000, True, page_thread="1700000000.000100")
    answer = answerer.ask("who patches ec2")
    message = render.answer_blocks(kb, answer, incident=True, org=nasty)
    check_limits(message)
    mrkdwn = str([b for b in message if b["type"] != "actions"])  # a button's plain_text is never parsed
    assert "<!channel>" not in mrkdwn and "&lt;!channel&gt;" in mrkdwn
    assert owners_blocks.org_blocks(answerer.ask("who patches rds"), nasty) == [], "AWS's: no line"
    for service in kb.services:
        check_limits(render.overview_blocks(kb, service, dict.fromkeys(kb.topics, nasty)))
    many = OwnerMap({Scope(s, t): Assignment(Scope(s, t), owner, "U0ADMIN", NOW)
                     for s in kb.services for t in kb.topics})
    check_limits(owners_blocks.list_blocks(many, {}, lambda scope: scope.label()))
    check_limits(owners_blocks.history_blocks([]))


def test_owners_commands_are_told_from_questions_about_owners() -> None:
    from bot.slack.listeners.owners_commands import is_owners_command

    for command in ("owners", " Owners history", "owners set * <!subteam^S0PLAT>", "owners editors add <@U1>"):
        assert is_owners_command(command), command
    for question in ("owners of the s3 backups?", "owner of rds patching", "ownership of iam"):
        assert not is_owners_command(question), question
