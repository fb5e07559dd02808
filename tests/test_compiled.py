"""The compiled-knowledge cache (bot/compiled.py): a hit answers exactly as a fresh load; any
change, damage or doubt about the cache falls back to the YAML, which reports its problems as
always. Everything runs for real: real files, real pickles, real `srm` processes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from bot.compiled import FORMAT, Compiled, compile_knowledge, fingerprint, load_compiled
from bot.config import Settings, cache_dir
from bot.knowledge import DEFAULT_DIR, KnowledgeError

from .conftest import REPO, knowledge_problems

EVAL = REPO / "tests" / "eval" / "questions.yaml"
QUESTIONS = [item["q"] for item in yaml.safe_load(EVAL.read_text(encoding="utf-8"))]


def copy_of_knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, root)
    return root


def the_file(cache: Path) -> Path:
    files = list(cache.glob("knowledge-*.pickle"))
    assert len(files) == 1, files
    return files[0]


def contracts(compiled: Compiled, questions: list[str]) -> list[dict]:
    return [compiled.answerer.ask(q).to_contract() for q in questions]


def rename_rds(root: Path, name: str) -> None:
    rds = root / "services" / "rds.yaml"
    text = rds.read_text(encoding="utf-8")
    rds.write_text(text.replace("\nname: Amazon RDS\n", f"\nname: {name}\n", 1), encoding="utf-8")


def test_a_hit_gives_the_same_objects_and_answers_as_a_fresh_load(tmp_path: Path) -> None:
    fresh = compile_knowledge(DEFAULT_DIR)
    first = load_compiled(DEFAULT_DIR, tmp_path)  # a miss: compiles and writes
    the_file(tmp_path)
    hit = load_compiled(DEFAULT_DIR, tmp_path)
    assert hit is not first
    assert hit.kb == fresh.kb
    assert hit.playbooks == fresh.playbooks
    assert hit.bank == fresh.bank
    assert contracts(hit, QUESTIONS) == contracts(fresh, QUESTIONS)


def test_srm_ask_json_is_the_same_from_the_cache_and_without_it(tmp_path: Path) -> None:
    questions = "\n".join(QUESTIONS) + "\n"

    def ask(cache: str) -> str:
        env = {**os.environ, "SRM_CACHE_DIR": cache}
        env.pop("SRM_KNOWLEDGE_DIR", None)
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input=questions, env=env,
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    without = ask("off")
    cache = tmp_path / "cache"
    assert ask(str(cache)) == without  # a miss, which writes the cache
    the_file(cache)
    assert ask(str(cache)) == without  # a hit
    assert len(without.splitlines()) == len(QUESTIONS)


def test_a_hit_parses_no_yaml(tmp_path: Path) -> None:
    """What the cache is for: a process that finds it current never imports PyYAML."""
    load_compiled(DEFAULT_DIR, tmp_path)
    probe = ("import sys; from pathlib import Path; from bot.compiled import load_compiled; "
             f"load_compiled(None, Path({str(tmp_path)!r})); print('yaml' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_changed_yaml_file_is_read_again(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    cache = tmp_path / "cache"
    assert load_compiled(root, cache).kb.services["rds"].name == "Amazon RDS"
    rename_rds(root, "Renamed RDS")
    assert load_compiled(root, cache).kb.services["rds"].name == "Renamed RDS"
    assert load_compiled(root, cache).kb.services["rds"].name == "Renamed RDS"  # and cached again


def test_a_new_file_changes_the_key(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    before = fingerprint(root)
    (root / "notes.txt").write_text("a reviewer's note\n", encoding="utf-8")
    assert fingerprint(root) != before


def test_two_knowledge_folders_share_a_cache_folder_without_mixing(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    rename_rds(root, "The Copy's RDS")
    cache = tmp_path / "cache"
    for _ in range(2):
        assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"
        assert load_compiled(root, cache).kb.services["rds"].name == "The Copy's RDS"


def poison(cache: Path, root: Path, tmp_path: Path) -> None:
    """A well-formed cache file for `root` whose RDS is named "Poisoned": used, it would show."""
    other = Path(tempfile.mkdtemp(dir=tmp_path)) / "knowledge"
    shutil.copytree(root, other)
    rename_rds(other, "Poisoned")
    path = the_file(cache)
    path.write_bytes(FORMAT + fingerprint(root) + b"\n" + pickle.dumps(compile_knowledge(other)))


def test_the_poison_used_in_these_tests_would_be_read_from_a_safe_folder(tmp_path: Path) -> None:
    """The control for the next tests: they pass because of the checks, not a badly made file."""
    cache = tmp_path / "cache"
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Poisoned"


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o720])
def test_a_folder_others_can_write_is_not_used(tmp_path: Path, mode: int) -> None:
    cache = tmp_path / "cache"
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    cache.chmod(mode)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_file_others_can_write_is_not_read(tmp_path: Path, mode: int) -> None:
    cache = tmp_path / "cache"
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    the_file(cache).chmod(mode)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"


def test_a_symlinked_file_is_not_followed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    path = the_file(cache)
    elsewhere = tmp_path / "elsewhere.pickle"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give files away")
def test_a_folder_or_file_owned_by_someone_else_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    os.chown(the_file(cache), 65534, -1)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"
    shutil.rmtree(cache)
    load_compiled(DEFAULT_DIR, cache)
    poison(cache, DEFAULT_DIR.resolve(), tmp_path)
    os.chown(cache, 65534, -1)
    assert load_compiled(DEFAULT_DIR, cache).kb.services["rds"].name == "Amazon RDS"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other format", "other key", "empty", "not compiled"])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    fresh = load_compiled(DEFAULT_DIR, cache)
    path = the_file(cache)
    good = path.read_bytes()
    header = FORMAT + fingerprint(DEFAULT_DIR.resolve()) + b"\n"
    path.write_bytes({
        "truncated": good[: len(good) // 2],
        "garbage": header + b"\x80\x05not a pickle at all",
        "other format": b"srm-bot compiled knowledge 0\n" + good[len(FORMAT):],
        "other key": FORMAT + b"0" * 64 + b"\n" + good[len(header):],
        "empty": b"",
        "not compiled": header + pickle.dumps({"answerer": None}),
    }[damage])
    again = load_compiled(DEFAULT_DIR, cache)
    assert again.kb == fresh.kb
    assert the_file(cache).read_bytes().startswith(header)
    assert load_compiled(DEFAULT_DIR, cache).kb == fresh.kb


def test_a_folder_that_cannot_be_made_falls_back_to_the_yaml(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    compiled = load_compiled(DEFAULT_DIR, blocker / "cache")
    assert compiled.kb.services["rds"].name == "Amazon RDS"
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_the_folder_is_made_private_and_the_file_is_written_0600(tmp_path: Path) -> None:
    cache = tmp_path / "deeper" / "cache"
    load_compiled(DEFAULT_DIR, cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert the_file(cache).stat().st_mode & 0o777 == 0o600
    assert [p.name for p in cache.iterdir()] == [the_file(cache).name]  # no temporary file left


def test_malformed_yaml_reports_file_line_field_with_the_cache_on(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    cache = tmp_path / "cache"
    load_compiled(root, cache)  # a good load is cached first
    rds = root / "services" / "rds.yaml"
    rds.write_text(rds.read_text(encoding="utf-8").replace("owner: aws", "owner: amazon", 1), encoding="utf-8")
    expected = knowledge_problems(root)
    assert any(p.startswith("knowledge/services/rds.yaml:") and "owner: must be one of" in p for p in expected)
    for _ in range(2):  # and the failure is never cached
        with pytest.raises(KnowledgeError) as caught:
            load_compiled(root, cache)
        assert [str(p) for p in caught.value.problems] == expected


def test_srm_ask_reports_a_broken_file_with_the_cache_on(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    env = {**os.environ, "SRM_CACHE_DIR": str(tmp_path / "cache"), "SRM_KNOWLEDGE_DIR": str(root)}
    run = [sys.executable, "-m", "bot.cli", "ask", "who patches rds"]
    assert subprocess.run(run, env=env, capture_output=True, text=True, timeout=120).returncode == 0
    rds = root / "services" / "rds.yaml"
    rds.write_text(rds.read_text(encoding="utf-8").replace("owner: aws", "owner: amazon", 1), encoding="utf-8")
    proc = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "knowledge/services/rds.yaml:" in proc.stderr and "owner: must be one of" in proc.stderr


def test_srm_ask_follows_srm_knowledge_dir_with_one_cache_folder(tmp_path: Path) -> None:
    root = copy_of_knowledge(tmp_path)
    rename_rds(root, "The Copy's RDS")
    cache = str(tmp_path / "cache")

    def ask(knowledge: Path | None) -> dict:
        env = {**os.environ, "SRM_CACHE_DIR": cache}
        env.pop("SRM_KNOWLEDGE_DIR", None)
        if knowledge is not None:
            env["SRM_KNOWLEDGE_DIR"] = str(knowledge)
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "who patches rds"], env=env,
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    for _ in range(2):
        assert "Amazon RDS" in json.dumps(ask(None))
        assert "The Copy's RDS" in json.dumps(ask(root))


def test_srm_cache_dir_setting() -> None:
    assert cache_dir({"SRM_CACHE_DIR": "/srv/cache"}) == Path("/srv/cache")
    assert cache_dir({"SRM_CACHE_DIR": "off"}) is None
    assert cache_dir({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/srm-bot")
    assert cache_dir({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "srm-bot"
    assert cache_dir({}) == Path.home() / ".cache" / "srm-bot"
    assert Settings.from_env({"SRM_CACHE_DIR": "/srv/cache"}).cache_dir == Path("/srv/cache")


def test_a_gunicorn_worker_collects_garbage_again_once_the_app_is_built(tmp_path: Path) -> None:
    """bot/__init__.py postpones garbage collection while a gunicorn worker imports and builds the
    app; create_wsgi's settle() must turn it back on (and freeze start-up's objects)."""
    probe = tmp_path / "gunicorn_probe.py"  # argv[0] names gunicorn, as in a worker
    probe.write_text(
        "import gc\nimport bot\n"
        "assert not gc.isenabled()\n"
        "bot.settle()\n"
        "assert gc.isenabled() and gc.get_freeze_count() > 0\n"
        "print('ok')\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=60, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout.strip() == "ok", proc.stderr
    other = subprocess.run([sys.executable, "-c", "import gc, bot; bot.settle(); print(gc.isenabled(), "
                            "gc.get_freeze_count())"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert other.stdout.split() == ["True", "0"], other.stderr  # elsewhere Python's default is kept
