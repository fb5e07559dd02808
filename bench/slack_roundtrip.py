"""`/srm` round trip through gunicorn (the Procfile's settings) against a bare Bolt app that acks
with fixed text, interleaved request by request so machine noise hits both alike.

    .venv/bin/python -m bench.slack_roundtrip [--requests 400]

Requests are signed as Slack signs them and sent over keep-alive connections on loopback.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.stats import percentile
from tests import slack_harness as h

REPO = Path(__file__).resolve().parents[1]

EVAL_SET = REPO / "tests" / "eval" / "questions.yaml"


def questions(path: Path = EVAL_SET) -> list[str]:
    """An evaluation set's questions, so the answer path sees realistic, varied text."""
    return [case["q"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


WARM_UP_SETS = ("blind.yaml", "holdout.yaml")
"""Other people's questions, asked before the timed ones: a worker in service has answered many
questions before, so its caches of the knowledge base's own words are warm, and only the timed
question itself is new to it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_web() -> str:
    line = next(line for line in (REPO / "Procfile").read_text().splitlines() if line.startswith("web:"))
    return line.split(":", 1)[1].strip().replace("0.0.0.0", "127.0.0.1")


def start(command: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(["bash", "-c", f"exec {command}"], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if h.get(f"http://127.0.0.1:{port}/healthz").status in (200, 404):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {command}")


def timed_post(conn: http.client.HTTPConnection, body: str) -> float:
    ts = int(time.time())
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": str(ts),
               "X-Slack-Signature": h.sign(body, ts)}
    started = time.perf_counter()
    conn.request("POST", "/slack/events", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status}")
    return elapsed * 1000




def app_env(api_url: str, database_url: str, log_level: str = "WARNING") -> dict[str, str]:
    """The environment every benchmarked app process gets, and its database migrated."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "SLACK_BOT_TOKEN": h.BOT_TOKEN, "SLACK_SIGNING_SECRET": h.SIGNING_SECRET, "SLACK_API_URL": api_url,
           "DATABASE_URL": database_url, "LOG_LEVEL": log_level, "PYTHONPATH": str(REPO)}
    subprocess.run([str(Path(sys.executable).parent / "srm"), "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    return env

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--owners", action="store_true",
                        help="the workspace has owners set (`*` and one topic), so answers carry the In your org line")
    args = parser.parse_args()

    api = h.WebApiStandIn()
    api.usergroups = {gid: {"id": gid, "handle": handle, "date_delete": 0}
                      for gid, handle in [("S0PLAT", "platform-oncall"), ("S0SRE", "sre")]}
    workdir = tempfile.mkdtemp(prefix="srm-bench-")
    ours_port, bare_port = free_port(), free_port()
    env = app_env(api.api_url, f"sqlite:///{workdir}/srm.sqlite3")
    if args.owners:
        owners = Path(workdir) / "owners.yaml"
        owners.write_text(f'team: {h.TEAM_ID}\nowners:\n  "*": usergroup:S0PLAT\n  patching: usergroup:S0SRE\n')
        subprocess.run([str(Path(sys.executable).parent / "srm"), "owners", "import", str(owners), "--team",
                        h.TEAM_ID], env=env, check=True, capture_output=True)
    web = procfile_web()
    ours = start(web.replace("$PORT", str(ours_port)), env, ours_port)
    bare_app = shlex.quote("bench.bare_app:create()")
    bare_cmd = web.replace("'bot.web:create_wsgi()'", bare_app).replace("$PORT", str(bare_port))
    bare = start(bare_cmd, env, bare_port)
    try:
        # One keep-alive connection each, so one worker serves every request: the first time it
        # sees a question is told apart from the times it is asked again.
        conns = {"srm-bot": http.client.HTTPConnection("127.0.0.1", ours_port),
                 "bare Bolt ack": http.client.HTTPConnection("127.0.0.1", bare_port)}
        times: dict[str, list[float]] = {name: [] for name in conns}
        first: dict[str, list[float]] = {name: [] for name in conns}
        texts = questions()
        for text in (q for name in WARM_UP_SETS for q in questions(EVAL_SET.parent / name)):
            body = h.slash_command(text, response_url=api.url + "/response/x")
            for conn in conns.values():
                timed_post(conn, body)
        for i in range(args.requests):
            body = h.slash_command(texts[i % len(texts)], response_url=api.url + "/response/x")
            order = list(conns.items()) if i % 2 == 0 else list(reversed(conns.items()))
            for name, conn in order:
                elapsed = timed_post(conn, body)
                times[name].append(elapsed)
                if i < len(texts):
                    first[name].append(elapsed)
        print(f"/srm round trip over loopback, gunicorn `{web}`, {args.requests} requests each, interleaved, "
              f"cycling through {len(texts)} questions, after {', '.join(WARM_UP_SETS)} as warm-up"
              + (", owners set" if args.owners else ""))
        print(f"{'app':<14} {'p50 ms':>8} {'p99 ms':>8}   first time asked: {'p50 ms':>6} {'p99 ms':>6}")
        for name, values in times.items():
            print(f"{name:<14} {statistics.median(values):>8.2f} {percentile(values, 99):>8.2f}   "
                  f"{'':>18}{statistics.median(first[name]):>6.2f} {percentile(first[name], 99):>6.2f}")
        ours_t, bare_t = times["srm-bot"], times["bare Bolt ack"]
        print(f"ratio srm-bot / bare: p50 {statistics.median(ours_t) / statistics.median(bare_t):.2f}, "
              f"p99 {percentile(ours_t, 99) / percentile(bare_t, 99):.2f} (target: p50 within 1.3); "
              f"questions asked for the first time ({len(first['srm-bot'])}): "
              f"p50 {statistics.median(first['srm-bot']) / statistics.median(first['bare Bolt ack']):.2f}")
    finally:
        for proc in (ours, bare):
            proc.terminate()
            proc.wait(timeout=30)
        api.close()


if __name__ == "__main__":
    main()
