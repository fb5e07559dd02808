"""The knowledge base travels with the code, and SRM_KNOWLEDGE_DIR replaces it for every process.

A wheel is built from a clean copy of the source, installed into a fresh virtual environment and
asked a question from another directory; each `srm` command, the clock and the gunicorn web
process are run for real with SRM_KNOWLEDGE_DIR pointing at a marked copy of knowledge/.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bot.cli import build_parser, main

from . import slack_harness as h
from .conftest import REPO
from .test_production_server import environment, free_port, procfile, wait_until_up

BIN = Path(sys.executable).parent
MARK = "Knowledge Copy Under Test"


def marked_copy(tmp_path: Path) -> Path:
    """knowledge/ copied, with RDS renamed: an answer naming MARK came from the copy."""
    root = tmp_path / "kb-copy"
    shutil.copytree(REPO / "knowledge", root)
    rds = root / "services" / "rds.yaml"
    text = re.sub(r"^name: .*$", f"name: {MARK}", rds.read_text(encoding="utf-8"), count=1, flags=re.M)
    rds.write_text(re.sub(r"^category: .*$", "category: copy-under-test", text, count=1, flags=re.M),
                   encoding="utf-8")
    return root


def srm(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "SRM_")) or k == "SRM_CACHE_DIR"} | {"LOG_LEVEL": "WARNING"}


# -- SRM_KNOWLEDGE_DIR ----------------------------------------------------------------------------

def test_srm_knowledge_dir_is_what_ask_check_and_matrix_read(tmp_path: Path) -> None:
    env = base_env() | {"SRM_KNOWLEDGE_DIR": str(marked_copy(tmp_path))}
    ask = srm("ask", "who patches rds", env=env, cwd=tmp_path)
    assert ask.returncode == 0 and ask.stdout.startswith(f"{MARK} · "), ask.stdout + ask.stderr
    matrix = srm("kb", "matrix", "--format", "csv", env=env, cwd=tmp_path)
    assert matrix.returncode == 0 and "\nrds,copy-under-test," in matrix.stdout
    check = srm("kb", "check", env=env, cwd=tmp_path)
    assert check.returncode == 0 and check.stdout.startswith("ok: ")

    broken = Path(env["SRM_KNOWLEDGE_DIR"]) / "services" / "rds.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("owner: aws", "owner: amazon", 1), encoding="utf-8")
    check = srm("kb", "check", env=env, cwd=tmp_path)
    assert check.returncode == 1 and "ok" not in check.stdout
    assert "kb-copy/services/rds.yaml:" in check.stderr and "owner: must be one of" in check.stderr


@pytest.mark.parametrize("argv", [["ask", "who patches rds"], ["ask", "--json", "-"], ["kb", "check"],
                                  ["kb", "matrix"], ["clock"], ["quiz", "post", "--channel", "C0X"], ["serve"],
                                  ["socket"]])
def test_a_missing_srm_knowledge_dir_stops_every_command_with_one_line(tmp_path: Path, argv: list[str]) -> None:
    env = base_env() | {"SRM_KNOWLEDGE_DIR": "/nonexistent", "SLACK_BOT_TOKEN": h.BOT_TOKEN,
                        "SLACK_SIGNING_SECRET": h.SIGNING_SECRET, "SLACK_APP_TOKEN": "xapp-1-2",
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'srm.sqlite3'}"}
    proc = srm(*argv, env=env, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "srm: SRM_KNOWLEDGE_DIR is not a folder: '/nonexistent' (it should hold the " \
                          "knowledge base's YAML)\n"


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every `srm` command line the parser knows, with a placeholder for each required argument."""
    found: list[list[str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += leaf_commands(sub, (*prefix, name))
    if found or not prefix:
        return found
    argv = list(prefix)
    for action in parser._actions:
        if action.required or (not action.option_strings and action.nargs not in ("?", "*")):
            value = str(next(iter(action.choices))) if action.choices else "x"
            argv += [action.option_strings[0], value] if action.option_strings else [value]
    return [argv]


def test_every_srm_command_reads_srm_knowledge_dir(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    commands = leaf_commands(build_parser())
    assert {"ask", "kb", "clock", "serve", "socket"} <= {argv[0] for argv in commands}
    monkeypatch.setenv("SRM_KNOWLEDGE_DIR", "/nonexistent")
    for argv in commands:
        assert main(argv) == 2, argv
        assert capsys.readouterr().err == "srm: SRM_KNOWLEDGE_DIR is not a folder: '/nonexistent' (it should " \
                                          "hold the knowledge base's YAML)\n", argv


def test_the_knowledge_flag_is_checked_the_same_way(tmp_path: Path) -> None:
    proc = srm("--knowledge", str(tmp_path / "nope"), "kb", "check", env=base_env(), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "" and "--knowledge is not a folder" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_the_clock_reads_srm_knowledge_dir(tmp_path: Path) -> None:
    root = marked_copy(tmp_path)
    quiz = root / "quiz.yaml"
    quiz.write_text(re.sub(r"(question: .*)\?$", r"\1", quiz.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")
    env = base_env() | {"SRM_KNOWLEDGE_DIR": str(root), "SLACK_BOT_TOKEN": h.BOT_TOKEN,
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'srm.sqlite3'}"}
    assert srm("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    proc = srm("clock", env=env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "kb-copy/quiz.yaml:" in proc.stderr and "must be a question" in proc.stderr


def test_the_web_process_answers_from_srm_knowledge_dir(tmp_path: Path) -> None:
    api = h.WebApiStandIn()
    port = free_port()
    env = environment(api, f"sqlite:///{tmp_path / 'srm.sqlite3'}", port)
    env["SRM_KNOWLEDGE_DIR"] = str(marked_copy(tmp_path))
    subprocess.run(["bash", "-c", procfile("release")], env=env, cwd=tmp_path, check=True, timeout=60,
                   capture_output=True)
    proc = subprocess.Popen(["bash", "-c", f"exec {procfile('web').replace('0.0.0.0', '127.0.0.1')}"], env=env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, proc)
        body = h.slash_command("who patches rds", response_url=api.url + "/response/x")
        response = h.post(url + "/slack/events", body, "application/x-www-form-urlencoded")
        assert response.status == 200 and MARK in response.body
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        api.close()


def test_the_web_process_refuses_a_missing_srm_knowledge_dir(tmp_path: Path) -> None:
    api = h.WebApiStandIn()
    env = environment(api, f"sqlite:///{tmp_path / 'srm.sqlite3'}", free_port()) | {"SRM_KNOWLEDGE_DIR": "/nonexistent"}
    try:
        proc = subprocess.run(["bash", "-c", f"exec {procfile('web').replace('0.0.0.0', '127.0.0.1')}"], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
    finally:
        api.close()
    assert proc.returncode != 0
    assert "SRM_KNOWLEDGE_DIR is not a folder: '/nonexistent'" in proc.stderr


# -- the wheel ------------------------------------------------------------------------------------

def clean_source(tmp_path: Path) -> Path:
    """The source as a fresh checkout has it (no venv, no earlier build/ to leak stale files)."""
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", "*.sqlite3"))
    return src


def test_the_wheel_carries_all_of_knowledge_and_answers_from_another_directory(tmp_path: Path) -> None:
    src = clean_source(tmp_path)
    # Files and folders added to knowledge/ later go in too, however deep.
    (src / "knowledge" / "later" / "deeper").mkdir(parents=True)
    (src / "knowledge" / "later" / "deeper" / "notes.md").write_text("added later\n", encoding="utf-8")
    (src / "knowledge" / "kb-x").mkdir()
    (src / "knowledge" / "kb-x" / "no-extension").write_text("a folder that is no Python name\n", encoding="utf-8")
    (src / "knowledge" / ".hidden.yaml").write_text("a: 1\n", encoding="utf-8")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
                            "--no-index", "--wheel-dir", str(dist), str(src)], capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr
    assert "would be ignored" not in build.stdout + build.stderr, "every folder under knowledge/ is a listed package"
    (wheel,) = dist.glob("srm_bot-*.whl")
    knowledge = src / "knowledge"
    expected = {p.relative_to(knowledge).as_posix() for p in knowledge.rglob("*") if p.is_file()}
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n.removeprefix("bot/_knowledge/") for n in archive.namelist() if n.startswith("bot/_knowledge/")}
        assert archive.read("bot/_knowledge/services/rds.yaml") == (knowledge / "services" / "rds.yaml").read_bytes()
    assert shipped == expected
    assert {"later/deeper/notes.md", "kb-x/no-extension", ".hidden.yaml", "services/rds.yaml"} <= shipped

    # A fresh environment holding only the wheel; its dependencies are borrowed from this one
    # (a plain path, so this environment's editable install of the source is not seen).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "borrowed-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in base_env().items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = lambda *argv: subprocess.run(argv, env=env, cwd=elsewhere, capture_output=True, text=True,  # noqa: E731
                                       timeout=120)
    where = run(str(venv / "bin" / "python"), "-c", "import bot.knowledge as k; print(k.DEFAULT_DIR)")
    assert Path(where.stdout.strip()) == site / "bot" / "_knowledge", where.stderr
    ask = run(str(venv / "bin" / "srm"), "ask", "who patches rds")
    assert ask.returncode == 0, ask.stderr
    assert "RDS · " in ask.stdout.splitlines()[0] and "Owner: AWS" in ask.stdout
    check = run(str(venv / "bin" / "srm"), "kb", "check")
    assert check.returncode == 0 and check.stdout.startswith("ok: ")
    env["DATABASE_URL"] = f"sqlite:///{elsewhere / 'srm.sqlite3'}"
    upgraded = run(str(venv / "bin" / "srm"), "db", "upgrade")
    assert upgraded.returncode == 0 and upgraded.stdout.startswith("database at "), upgraded.stderr
    env["SRM_KNOWLEDGE_DIR"] = "/nonexistent"
    missing = run(str(venv / "bin" / "srm"), "kb", "check")
    assert missing.returncode == 2 and missing.stdout == "" and len(missing.stderr.splitlines()) == 1
