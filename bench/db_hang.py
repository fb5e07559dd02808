"""What a hung PostgreSQL costs the web tier: the Procfile's web process behind a loopback proxy
that stops forwarding (connections open, nothing answers), mentions acked and answered before
and during the hang.

    .venv/bin/python -m bench.db_hang [--mentions 64] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.load import scratch_database
from bench.slack_roundtrip import free_port, procfile_web, start
from bench.stats import percentile
from tests import slack_harness as h
from tests.hang_proxy import HangingProxy

REPO = Path(__file__).resolve().parents[1]
_seq = iter(range(10**9))


def burst(url: str, api: h.WebApiStandIn, n: int, concurrency: int) -> tuple[list[float], list[float]]:
    """(ack ms, reply ms) for n mentions sent by `concurrency` clients."""
    sent: dict[str, float] = {}

    def one(_: int) -> float:
        ts = f"{1700000000 + next(_seq)}.000100"
        body = h.event_callback(h.app_mention("<@U0BOT> who patches rds", ts=ts))
        started = time.monotonic()
        sent[ts] = started
        assert h.post(url, body, "application/json").status == 200
        return (time.monotonic() - started) * 1000

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        acks = list(pool.map(one, range(n)))
    posts = {c.body.get("thread_ts"): c.at for c in api.wait_for("chat.postMessage", count=n, timeout=60)}
    api.reset()
    return acks, [(posts[ts] - started) * 1000 for ts, started in sent.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    api = h.WebApiStandIn()
    with scratch_database(None) as direct:
        if direct.startswith("sqlite"):
            raise SystemExit("needs the local PostgreSQL at 127.0.0.1:5432")
        target = make_url(direct)
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "SLACK_BOT_TOKEN": h.BOT_TOKEN, "SLACK_SIGNING_SECRET": h.SIGNING_SECRET,
               "SLACK_API_URL": api.api_url, "DATABASE_URL": direct, "LOG_LEVEL": "ERROR", "PYTHONPATH": str(REPO)}
        subprocess.run([str(Path(sys.executable).parent / "srm"), "db", "upgrade"], env=env, check=True,
                       capture_output=True)
        with HangingProxy((target.host or "127.0.0.1", target.port or 5432)) as proxy:
            env["DATABASE_URL"] = target.set(port=proxy.port).render_as_string(hide_password=False)
            port = free_port()
            proc = start(procfile_web().replace("$PORT", str(port)), env, port)
            url = f"http://127.0.0.1:{port}/slack/events"
            try:
                api.wait_for("auth.test")
                api.reset()
                burst(url, api, 16, args.concurrency)  # warm-up: pools connected
                rows = {"database answering": burst(url, api, args.mentions, args.concurrency)}
                proxy.hang()
                rows["database hung"] = burst(url, api, args.mentions, args.concurrency)
                proxy.release()
            finally:
                proc.terminate()
                proc.wait(timeout=30)
                api.close()
    print(f"{args.mentions} mentions from {args.concurrency} clients, gunicorn `{procfile_web()}`, PostgreSQL "
          "through a loopback proxy")
    print(f"{'':<20} {'ack p50':>8} {'ack p99':>8} {'ack max':>8} {'reply p50':>9} {'reply p99':>9}  (ms)")
    for name, (acks, replies) in rows.items():
        print(f"{name:<20} {statistics.median(acks):>8.1f} {percentile(acks, 99):>8.1f} {max(acks):>8.1f} "
              f"{statistics.median(replies):>9.1f} {percentile(replies, 99):>9.1f}")


if __name__ == "__main__":
    main()
