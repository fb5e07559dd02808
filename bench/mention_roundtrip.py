"""A mention's round trip through gunicorn (the Procfile's settings) against a bare Bolt app that
replies with fixed text from a lazy listener: from the event POST to the reply arriving at the
Web API stand-in, plus the ack alone and throughput under concurrent load.

    .venv/bin/python -m bench.mention_roundtrip [--requests 400] [--load 600] [--concurrency 16]
                                                [--database sqlite|postgresql]

Sequential requests are interleaved app by app so machine noise hits both alike; load rounds
alternate (ours, bare, bare, ours). Requests are signed as Slack signs them, over keep-alive
connections on loopback; both apps share one Web API stand-in in this process.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shlex
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench.load import scratch_database
from bench.slack_roundtrip import app_env, free_port, procfile_web, questions, start
from bench.startup import children, cpu_s
from bench.stats import percentile
from tests import slack_harness as h

REPO = Path(__file__).resolve().parents[1]
OURS, BARE = "srm-bot", "bare Bolt lazy reply"


class Replies:
    """When each reply (keyed by its thread_ts) reached the stand-in."""

    def __init__(self, api: h.WebApiStandIn) -> None:
        self.api = api

    def wait(self, thread_ts: str, timeout: float = 30) -> float:
        deadline = time.monotonic() + timeout
        with self.api._changed:
            while True:
                for call in reversed(self.api.calls):
                    if call.method == "chat.postMessage" and call.body.get("thread_ts") == thread_ts:
                        return call.at
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SystemExit(f"no reply for {thread_ts}")
                self.api._changed.wait(remaining)


def send(conn: http.client.HTTPConnection, body: str) -> tuple[float, float]:
    """(monotonic time sent, ack seconds)."""
    ts = int(time.time())
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
               "X-Slack-Signature": h.sign(body, ts)}
    started = time.monotonic()
    conn.request("POST", "/slack/events", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status}")
    return started, time.monotonic() - started


_seq = iter(range(10**9))


def mention(text: str) -> tuple[str, str]:
    ts = f"{1700000000 + next(_seq)}.000100"
    return ts, h.event_callback(h.app_mention(f"<@U0BOT> {text}", ts=ts))


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "postgresql":
        with scratch_database(None) as url:
            if url.startswith("sqlite"):
                raise SystemExit("no PostgreSQL at 127.0.0.1:5432")
            yield url
    else:
        yield f"sqlite:///{tempfile.mkdtemp(prefix='srm-bench-')}/srm.sqlite3"


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by a gunicorn master and its workers."""
    return cpu_s(pid) + sum(cpu_s(child) for child in children(pid))


def sequential(ports: dict[str, int], replies: Replies, texts: list[str], n: int) -> dict[str, dict[str, list[float]]]:
    conns = {name: http.client.HTTPConnection("127.0.0.1", port) for name, port in ports.items()}
    out: dict[str, dict[str, list[float]]] = {name: {"ack": [], "reply": []} for name in ports}
    for i in range(n + 20):
        order = list(conns.items()) if i % 2 == 0 else list(reversed(conns.items()))
        for name, conn in order:
            ts, body = mention(texts[i % len(texts)])
            started, ack = send(conn, body)
            arrived = replies.wait(ts)
            if i >= 20:  # warm-up
                out[name]["ack"].append(ack * 1000)
                out[name]["reply"].append((arrived - started) * 1000)
    return out


def load(port: int, replies: Replies, texts: list[str], n: int, concurrency: int) -> tuple[float, list[float]]:
    """(replies per second, ack ms) for n mentions from `concurrency` clients."""
    local = threading.local()
    work = [mention(texts[i % len(texts)]) for i in range(n)]

    def one(item: tuple[str, str]) -> float:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port)
        return send(local.conn, item[1])[1] * 1000

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        acks = list(pool.map(one, work))
    last = max(replies.wait(ts, timeout=120) for ts, _ in work)
    return n / (last - started), acks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="sequential mentions per app")
    parser.add_argument("--load", type=int, default=600, help="mentions per app per load round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()

    api = h.WebApiStandIn()
    with database(args.database) as database_url:
        env = app_env(api.api_url, database_url)
        web = procfile_web()
        ports = {OURS: free_port(), BARE: free_port()}
        procs = [start(web.replace("$PORT", str(ports[OURS])), env, ports[OURS]),
                 start(web.replace("'bot.web:create_wsgi()'", shlex.quote("bench.bare_app:create()"))
                       .replace("$PORT", str(ports[BARE])), env, ports[BARE])]
        try:
            replies = Replies(api)
            texts = questions()
            seq = sequential(ports, replies, texts, args.requests)
            rates: dict[str, list[float]] = {OURS: [], BARE: []}
            acks: dict[str, list[float]] = {OURS: [], BARE: []}
            cpu: dict[str, float] = {OURS: 0.0, BARE: 0.0}
            servers = dict(zip((OURS, BARE), procs, strict=True))
            for name in (OURS, BARE, BARE, OURS):
                before = server_cpu(servers[name].pid)
                rate, ack = load(ports[name], replies, texts, args.load, args.concurrency)
                cpu[name] += server_cpu(servers[name].pid) - before
                rates[name].append(rate)
                acks[name] += ack
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
            api.close()

    database_name = "PostgreSQL" if args.database == "postgresql" else "SQLite"
    print(f"mention round trip over loopback, gunicorn `{web}`, {database_name}")
    print(f"sequential, {args.requests} mentions each, interleaved:")
    print(f"  {'app':<22} {'reply p50':>9} {'reply p99':>9} {'ack p50':>8} {'ack p99':>8}  (ms)")
    for name, values in seq.items():
        print(f"  {name:<22} {statistics.median(values['reply']):>9.2f} {percentile(values['reply'], 99):>9.2f} "
              f"{statistics.median(values['ack']):>8.2f} {percentile(values['ack'], 99):>8.2f}")
    print(f"under load, {args.load} mentions per round from {args.concurrency} clients, 2 rounds each:")
    print(f"  {'app':<22} {'replies/s':>9} {'ack p50':>8} {'ack p99':>8}  (ms)  {'server CPU per mention':>22}")
    for name in (OURS, BARE):
        print(f"  {name:<22} {statistics.mean(rates[name]):>9.0f} {statistics.median(acks[name]):>8.2f} "
              f"{percentile(acks[name], 99):>8.2f}        {cpu[name] / (2 * args.load) * 1000:>14.2f} ms")
    print("  (CPU is the servers' own, master and workers: what the machine's load does not inflate as it"
          " does wall time)")
    ratio = {
        "reply p50": statistics.median(seq[OURS]["reply"]) / statistics.median(seq[BARE]["reply"]),
        "throughput": statistics.mean(rates[OURS]) / statistics.mean(rates[BARE]),
        "ack p99 under load": percentile(acks[OURS], 99) / percentile(acks[BARE], 99),
        "server CPU per mention": cpu[OURS] / cpu[BARE],
    }
    goals = {"reply p50": "<= 1.3", "throughput": ">= 0.8", "ack p99 under load": "<= 2"}
    print("ratio srm-bot / bare: " + ", ".join(f"{k} {v:.2f}" + (f" (goal {goals[k]})" if k in goals else "")
                                               for k, v in ratio.items()))
    print(json.dumps({"database": args.database, **{k: round(v, 3) for k, v in ratio.items()}}))


if __name__ == "__main__":
    main()
