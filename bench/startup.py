"""Start-up against a bare Bolt app in the same run: time to the first answer and worker memory.

    .venv/bin/python -m bench.startup [--rounds 5] [--database-url postgresql+psycopg://…]

Web: gunicorn with the Procfile's settings is started for srm-bot and for the bare Bolt app of
bench/bare_app.py, alternately, and timed from the process start to the first signed `/srm`
answered with 200; each worker's resident memory (VmRSS) is read once every worker has loaded
the app and served requests. CLI: `srm ask` from process start to the printed answer, against a
fresh process that builds the bare Bolt app and answers one signed `/srm` in-process.

Bytecode is compiled first, as a deployment has it (pip compiles a wheel on install; a source
checkout writes __pycache__ on first import): otherwise a machine with PYTHONDONTWRITEBYTECODE
set recompiles srm-bot's ~45 modules in every process, ~0.15 s of CPU the bare app never pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.slack_roundtrip import REPO, free_port, procfile_web
from tests import slack_harness as h

SRM = Path(sys.executable).parent / "srm"
QUESTION = "who patches rds"


def post_srm(port: int, body: str, timeout: float = 5.0) -> int:
    """One signed /srm on a fresh connection (so gunicorn spreads them over its workers)."""
    ts = int(time.time())
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": str(ts),
                 "X-Slack-Signature": h.sign(body, ts)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used (ticks from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


def boot(command: str, env: dict[str, str], port: int, body: str) -> tuple[float, float, float]:
    """Seconds from process start to the first 200 on /srm; the CPU seconds it took (the master's
    and the busiest worker's, which external load on the machine does not inflate as it does wall
    time); then the largest worker's RSS in MB once every worker is up."""
    started = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", f"exec {command}"], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 60
        while True:
            try:
                if post_srm(port, body, timeout=10) == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() > deadline:
                raise SystemExit(f"no answer within 60 s: {command}")
            time.sleep(0.01)
        first = time.perf_counter() - started
        cpu = cpu_s(proc.pid) + max(cpu_s(pid) for pid in children(proc.pid))
        # Every worker has loaded the app (RSS steady for a second) and served requests.
        previous: list[float] = []
        while True:
            for _ in range(20):
                post_srm(port, body)
            workers = sorted(children(proc.pid))
            current = [rss_mb(pid) for pid in workers]
            if previous and len(current) == len(previous) and all(
                    abs(a - b) < 0.5 for a, b in zip(current, previous, strict=True)):
                return first, cpu, max(current)
            previous = current
            time.sleep(1.0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def bare_cli() -> None:
    """The baseline for `srm ask`: build the bare Bolt app and answer one signed /srm in-process."""
    from slack_bolt.request import BoltRequest

    from bench.bare_app import create

    handler = create()
    body = h.slash_command(QUESTION, response_url="http://127.0.0.1:9/response/x")
    ts = int(time.time())
    response = handler.app.dispatch(BoltRequest(body=body, headers={
        "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": str(ts),
        "x-slack-signature": h.sign(body, ts)}))
    if response.status != 200:
        raise SystemExit(f"bare app answered {response.status}")
    print(response.body)


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one command, run from another directory."""
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default="", help="srm-bot's database (default: a fresh SQLite file)")
    parser.add_argument("--verbose", action="store_true", help="print every sample")
    parser.add_argument("--bare-cli", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_cli:
        bare_cli()
        return

    for folder in ("bot", "bench"):
        compileall.compile_dir(REPO / folder, quiet=1)
    api = h.WebApiStandIn()
    workdir = tempfile.mkdtemp(prefix="srm-bench-")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "SLACK_BOT_TOKEN": h.BOT_TOKEN, "SLACK_SIGNING_SECRET": h.SIGNING_SECRET, "SLACK_API_URL": api.api_url,
           "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/srm.sqlite3", "LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(REPO)}
    subprocess.run([str(SRM), "db", "upgrade"], env=env, check=True, capture_output=True)
    web = procfile_web()
    body = h.slash_command(QUESTION, response_url=api.url + "/response/x")
    commands = {"srm-bot": web, "bare Bolt": web.replace("'bot.web:create_wsgi()'",
                                                         shlex.quote("bench.bare_app:create()"))}
    clis = {"srm-bot": [str(SRM), "ask", QUESTION],
            "bare Bolt": [sys.executable, "-m", "bench.startup", "--bare-cli"]}
    boots: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    cli: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for i in range(args.rounds):
            order = list(commands) if i % 2 == 0 else list(reversed(commands))
            for name in order:
                port = free_port()
                first, cpu, mb = boot(commands[name].replace("$PORT", str(port)), env, port, body)
                boots[name].append(first)
                cpus[name].append(cpu)
                rss[name].append(mb)
            for name in order:
                cli[name].append(timed_run(clis[name], env))
    finally:
        api.close()

    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"start-up, {args.rounds} rounds interleaved; web: gunicorn `{web}`; srm-bot on {database}")
    print(f"{'medians':<34} {'srm-bot':>9} {'bare Bolt':>9} {'ratio':>6}  per-round ratios")
    rows = (("web: start to first /srm answer, s", boots), ("web: CPU to first answer, s", cpus),
            ("web: largest worker RSS, MB", rss),
            ("CLI: start to first answer, s", cli))
    for label, values in rows:
        ours, bare = statistics.median(values["srm-bot"]), statistics.median(values["bare Bolt"])
        rounds = sorted(a / b for a, b in zip(values["srm-bot"], values["bare Bolt"], strict=True))
        print(f"{label:<34} {ours:>9.2f} {bare:>9.2f} {ours / bare:>6.2f}  {rounds[0]:.2f}–{rounds[-1]:.2f}")
    if args.verbose:
        for label, values in rows:
            for name, samples in values.items():
                print(f"  {label}, {name}: " + " ".join(f"{v:.2f}" for v in samples))
    print("targets: start-up within 2.5x, worker RSS within 1.8x of the bare app (medians)")


if __name__ == "__main__":
    main()
