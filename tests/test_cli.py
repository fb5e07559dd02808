"""`srm ask` prints the answer contract; `-` answers a batch, one JSON object a line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.cli import main

CONTRACT_KEYS = ["question", "matched", "confidence", "service", "topic", "owner", "summary", "aws",
                 "customer", "sources", "entry", "alternatives", "ruling_owner", "aspect", "headline",
                 "conditions", "layers", "verified", "options"]


def test_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "who", "patches", "rds"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == CONTRACT_KEYS
    assert result["question"] == "who patches rds"
    assert (result["matched"], result["service"], result["topic"], result["owner"]) == (True, "rds", "patching", "aws")
    assert result["entry"] == "rds/patching"
    assert all(s["url"].startswith("https://docs.aws.amazon.com/") and s["title"] for s in result["sources"])


def test_ask_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who patches rds"]) == 0
    out = capsys.readouterr().out
    assert "Owner: AWS" in out and "auto minor version upgrade" in out.lower() and "https://" in out


def test_ask_batch_from_stdin_keeps_order_and_blank_lines() -> None:
    questions = "who patches rds\n\nwhat's for lunch\nlamda runtime updates\n"
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input=questions,
                          capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["question"] for r in lines] == ["who patches rds", "", "what's for lunch", "lamda runtime updates"]
    assert [r["matched"] for r in lines] == [True, False, False, True]
    assert all(list(r) == CONTRACT_KEYS for r in lines)


def test_answers_do_not_depend_on_the_hash_seed() -> None:
    """Two processes with different string hashing give the same answers: no tie between parts is
    broken by the order a set happens to iterate in (the EKS question tied two facets once)."""
    questions = ("we ignored the eks extended support end date for 1.26. what happens to the control plane "
                 "version — who upgrades it\nwho patches rds\nthe hypervisor underneath our ecs container "
                 "instances - ours?\nour kms key for the fargate storage, not the default one - whose?\n")
    runs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input=questions,
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed, "SRM_CACHE_DIR": "off"})
        runs.append([json.loads(line) for line in proc.stdout.splitlines()])
    assert runs[0] == runs[1] == runs[2]
    assert [r["matched"] for r in runs[0]] == [True, True, True, True]


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_kb_matrix(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["kb", "matrix", "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith(("| rds", "rds,"))]
    assert len(rows) == 1 and "AWS" in rows[0]
    assert out.count("\n") >= 39
