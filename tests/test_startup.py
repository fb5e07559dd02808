"""Start-up stays light: libyaml parses knowledge/ with the same values and lines as PyYAML's
Python parser, and a web worker loads neither Alembic nor the OAuth stores it does not use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic.runtime.migration import MigrationContext

from bot.knowledge import DEFAULT_DIR, load_knowledge
from bot.knowledge.yamlio import C_LOADER, LOADER, PURE_LOADER, Located, LocatedList, YamlFileError, read_yaml
from bot.storage import make_engine, upgrade
from bot.storage.migrate import HEAD, SchemaOutOfDate, current_revision, downgrade, head_revision, require_current

from . import slack_harness as h
from .conftest import REPO

LOADERS = [PURE_LOADER] + ([C_LOADER] if C_LOADER else [])


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    assert LOADER is (C_LOADER if yaml.__with_libyaml__ else PURE_LOADER)
    assert yaml.__with_libyaml__, "PyYAML without libyaml here: start-up parses knowledge/ ~10x slower"


def located(value: Any) -> Any:
    """A value with every line it carries, for comparing two parses exactly."""
    if isinstance(value, Located):
        return ("map", value.line, value.key_lines, [(k, located(v)) for k, v in value.items()])
    if isinstance(value, LocatedList):
        return ("seq", value.line, value.item_lines, [located(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("path", sorted(DEFAULT_DIR.rglob("*.yaml")), ids=lambda p: p.name)
def test_both_parsers_give_the_same_values_and_lines(path: Path) -> None:
    if C_LOADER is None:
        pytest.fail("PyYAML has no libyaml here; the comparison needs both parsers")
    pure = read_yaml(path, path.name, loader=PURE_LOADER)
    assert located(read_yaml(path, path.name, loader=C_LOADER)) == located(pure)
    assert isinstance(pure, Located)


class _PyYAML(yaml.SafeLoader):
    """PyYAML's own safe construction (dates left as strings, like ours): the reference values."""


_PyYAML.yaml_implicit_resolvers = PURE_LOADER.yaml_implicit_resolvers


@pytest.mark.parametrize("path", sorted(DEFAULT_DIR.rglob("*.yaml")), ids=lambda p: p.name)
def test_values_are_what_pyyamls_own_constructors_give(path: Path) -> None:
    assert read_yaml(path, path.name) == yaml.load(path.read_text(encoding="utf-8"), Loader=_PyYAML)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: "c" if loader is C_LOADER else "pure")
def test_anchors_tags_and_odd_keys_are_handled_like_pyyaml(tmp_path: Path, loader: type) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: &x [1, {k: v}]\nb: *x\nc: !!str 12\n1: one\nd: !!set {p: null}\n", encoding="utf-8")
    data = read_yaml(path, "x.yaml", loader=loader)
    assert data == yaml.load(path.read_text(), Loader=_PyYAML) == {"a": [1, {"k": "v"}], "b": [1, {"k": "v"}],
                                                                   "c": "12", 1: "one", "d": {"p"}}
    assert data["b"] is data["a"] and data.line_of("d") == 5 and data["a"].line_of(1) == 1
    path.write_text("? [1]\n: 2\n", encoding="utf-8")
    with pytest.raises(YamlFileError):
        read_yaml(path, "x.yaml", loader=loader)
    path.write_text("a: &r\n  b: *r\n", encoding="utf-8")
    with pytest.raises(YamlFileError):
        read_yaml(path, "x.yaml", loader=loader)


BROKEN = {
    "bad indentation": ("a: 1\nb:\n  - x\n - y\n", 4),
    "unclosed quote": ("a: 1\nb: \"open\nc: 2\n", 4),
    "duplicate key": ("a: 1\nb: 2\na: 3\n", 3),
    "tab": ("a:\n\tb: 1\n", 2),
}


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: "c" if loader is C_LOADER else "pure")
@pytest.mark.parametrize("case", list(BROKEN))
def test_syntax_errors_name_the_same_line_with_either_parser(tmp_path: Path, loader: type, case: str) -> None:
    text, line = BROKEN[case]
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlFileError) as caught:
        read_yaml(path, "x.yaml", loader=loader)
    assert caught.value.problem.line == line and caught.value.problem.file == "x.yaml"


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: "c" if loader is C_LOADER else "pure")
def test_dates_stay_strings_and_scalars_keep_their_types(tmp_path: Path, loader: type) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("reviewed: 2026-11-29\nn: 3\nok: true\nnothing: null\nf: 1.5\n", encoding="utf-8")
    assert read_yaml(path, "x.yaml", loader=loader) == {"reviewed": "2026-11-29", "n": 3, "ok": True,
                                                        "nothing": None, "f": 1.5}


def test_the_knowledge_base_loads_identically_with_the_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_knowledge()
    monkeypatch.setattr("bot.knowledge.yamlio.LOADER", PURE_LOADER)
    assert load_knowledge() == fast


# -- what a worker imports ------------------------------------------------------------------------

HEAVY = ("alembic", "mako", "slack_sdk.oauth.installation_store.sqlalchemy",
         "slack_sdk.oauth.state_store.sqlalchemy", "sqlalchemy.ext.asyncio", "sqlalchemy.dialects.postgresql")

PROBE = """
import json, sys
from bot.web import create_wsgi
app = create_wsgi()
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def probe(env: dict[str, str], cwd: Path) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_single_workspace_worker_on_sqlite_loads_nothing_it_does_not_use(tmp_path: Path) -> None:
    api = h.WebApiStandIn()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SRM_"))}
        env.update(SLACK_BOT_TOKEN=h.BOT_TOKEN, SLACK_SIGNING_SECRET=h.SIGNING_SECRET, SLACK_API_URL=api.api_url,
                   DATABASE_URL=f"sqlite:///{tmp_path / 'srm.sqlite3'}", LOG_LEVEL="WARNING",
                   PYTHONPATH=str(REPO))
        upgrade(make_engine(env["DATABASE_URL"]))
        assert probe(env, tmp_path) == []
        # OAuth mode does load the stores it needs (the probe can see them).
        oauth = {k: v for k, v in env.items() if k != "SLACK_BOT_TOKEN"} | {"SLACK_CLIENT_ID": "1.2",
                                                                            "SLACK_CLIENT_SECRET": "x"}
        assert "slack_sdk.oauth.installation_store.sqlalchemy" in probe(oauth, tmp_path)
    finally:
        api.close()


def test_srm_ask_loads_no_database_or_slack_code(tmp_path: Path) -> None:
    code = ("import io, json, sys, contextlib\nfrom bot.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['ask', 'who patches rds'])\n"
            "print(json.dumps(sorted(m for m in ('sqlalchemy', 'slack_bolt', 'slack_sdk', 'alembic') "
            "if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


# -- the schema check without Alembic -------------------------------------------------------------

def test_head_is_alembics_head() -> None:
    assert head_revision() == HEAD, "a new migration: set bot.storage.migrate.HEAD to its revision"


def test_current_revision_reads_what_alembic_recorded(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        with pytest.raises(SchemaOutOfDate, match="at nothing"):
            require_current(engine)
        upgrade(engine)
        require_current(engine)
        downgrade(engine, "0001")
        with engine.connect() as connection:
            assert current_revision(engine) == MigrationContext.configure(connection).get_current_revision() == "0001"
        with pytest.raises(SchemaOutOfDate, match=f"at 0001, the code needs {HEAD}"):
            require_current(engine)
    finally:
        engine.dispose()


def test_a_clock_on_an_old_schema_says_what_to_run_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SRM_"))}
    env.update(SLACK_BOT_TOKEN=h.BOT_TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 'srm.sqlite3'}")
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "clock"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"srm: database schema is at nothing, the code needs {HEAD}: run `srm db upgrade`\n"
