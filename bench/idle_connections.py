"""Idle connections against the web server: the Procfile's command against the previous default
(gthread, 2 workers x 4 threads), in one run.

Each server answers signed `/srm` requests first with nothing else connected, then `--probes`
more, one after another, right after `--idle` connections sent headers that announce a 100 kB
body and nothing more. A probe counts as answered within `--timeout` seconds; the first probe's
latency is how long a request waits behind the idle connections. Loopback only; every socket
has a timeout.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.slack_roundtrip import REPO, free_port, procfile_web, start, timed_post
from tests import slack_harness as h

GTHREAD = ("gunicorn 'bot.web:create_wsgi()' --bind 127.0.0.1:$PORT --worker-class gthread --workers 2 "
           "--threads 4 --timeout 30")
IDLE_HEAD = (b"POST /slack/events HTTP/1.1\r\nHost: srm\r\nContent-Type: application/json\r\n"
             b"Content-Length: 100000\r\n\r\n")


def measure(port: int, api_url: str, requests: int, timeout: float) -> tuple[int, list[float]]:
    """(answered, latencies in ms) for `requests` signed /srm, each on a fresh connection."""
    answered, times = 0, []
    for _ in range(requests):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            times.append(timed_post(conn, h.slash_command("who patches rds", response_url=api_url + "/response/x")))
            answered += 1
        except (TimeoutError, OSError, SystemExit):
            pass
        finally:
            conn.close()
    return answered, times


def run(name: str, command: str, env: dict[str, str], args: argparse.Namespace, api_url: str) -> dict[str, float]:
    port = free_port()
    proc = start(command.replace("$PORT", str(port)), env, port)
    idle: list[socket.socket] = []
    try:
        calm_answered, calm = measure(port, api_url, args.requests, args.timeout)
        for _ in range(args.idle):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(IDLE_HEAD)
            idle.append(conn)
        time.sleep(1.0)
        busy_answered, busy = measure(port, api_url, args.probes, args.timeout)
    finally:
        for conn in idle:
            conn.close()
        proc.terminate()
        proc.wait(timeout=30)
    result = {"calm p50": statistics.median(calm) if calm else float("nan"), "calm answered": calm_answered,
              "idle answered": busy_answered, "idle first": busy[0] if busy else float("nan"),
              "idle max": max(busy) if busy else float("nan")}
    print(f"{name:<10} calm: {calm_answered}/{args.requests} answered, p50 {result['calm p50']:.2f} ms · "
          f"with {args.idle} idle: {busy_answered}/{args.probes} answered within {args.timeout:.0f} s"
          + (f", first after {result['idle first']:.0f} ms, slowest {result['idle max']:.0f} ms" if busy else ""))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=int, default=32)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--probes", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    api = h.WebApiStandIn()
    workdir = tempfile.mkdtemp(prefix="srm-bench-")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "SLACK_BOT_TOKEN": h.BOT_TOKEN, "SLACK_SIGNING_SECRET": h.SIGNING_SECRET, "SLACK_API_URL": api.api_url,
           "DATABASE_URL": f"sqlite:///{workdir}/srm.sqlite3", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(REPO)}
    subprocess.run([str(Path(sys.executable).parent / "srm"), "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    try:
        before = run("gthread", GTHREAD, env, args, api.url)
        now = run("Procfile", procfile_web(), env, args, api.url)
    finally:
        api.close()
    print(f"Procfile: `{procfile_web()}`")
    print(f"calm p50 ratio Procfile / gthread: {now['calm p50'] / before['calm p50']:.2f}")


if __name__ == "__main__":
    main()
