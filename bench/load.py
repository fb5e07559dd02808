"""Two app processes side by side on one database, driven with concurrent signed requests — slash
commands, mentions delivered several times each (as Slack retries), quiz clicks (some double) —
then the database and the Web API stand-in are checked: every mention answered exactly once,
every person's quiz answer stored exactly once.

    .venv/bin/python -m bench.load [--requests 1200] [--concurrency 16] [--database-url URL]

Without --database-url it creates a scratch database on the local PostgreSQL (trust auth) and
drops it afterwards, or falls back to SQLite when there is none.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from bench.slack_roundtrip import app_env, free_port, procfile_web, start
from bench.stats import percentile
from bot.storage.tables import quiz_answers
from tests import slack_harness as h

REPO = Path(__file__).resolve().parents[1]
QUIZ_CHANNEL = "C0QUIZ"


@contextmanager
def scratch_database(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    name = f"srm_load_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        yield f"sqlite:///{tempfile.mkdtemp(prefix='srm-load-')}/srm.sqlite3"
        return
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    api = h.WebApiStandIn()
    with scratch_database(args.database_url) as database_url:
        env = app_env(api.api_url, database_url)
        ports = [free_port(), free_port()]
        procs = [start(procfile_web().replace("$PORT", str(port)), env, port) for port in ports]
        urls = [f"http://127.0.0.1:{port}/slack/events" for port in ports]
        try:
            run(args, api, urls, database_url)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
            api.close()


def run(args: argparse.Namespace, api: h.WebApiStandIn, urls: list[str], database_url: str) -> None:
    rng = random.Random(11)
    response_url = api.url + "/response/load"
    # A quiz to click on: switch it on in a channel and post one now, as a person would.
    h.post(urls[0], h.slash_command("quiz on 09:30 UTC daily", response_url=response_url, channel=QUIZ_CHANNEL),
           "application/x-www-form-urlencoded")
    api.wait_for("response_url")
    h.post(urls[0], h.slash_command("quiz now", response_url=response_url, channel=QUIZ_CHANNEL),
           "application/x-www-form-urlencoded")
    (quiz_post,) = api.wait_for("chat.postMessage")
    blocks = quiz_post.body["blocks"]
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    api.reset()

    work: list[tuple[str, str, str, str]] = []  # (kind, url, body, content type)
    mentions: set[str] = set()
    clickers: set[str] = set()
    questions = ["who patches rds", "is encryption at rest on us for ebs", "who owns tls on our alb",
                 "lamda runtime updates", "who patches gcp cloud sql", "what do i own on fargate"]
    while len(work) < args.requests:
        roll = rng.random()
        if roll < 0.4:
            body = h.slash_command(rng.choice(questions), response_url=response_url)
            work.append(("command", rng.choice(urls), body, "application/x-www-form-urlencoded"))
        elif roll < 0.7:
            ts = f"17000{len(mentions):05d}.000100"
            mentions.add(ts)
            body = h.event_callback(h.app_mention("<@U0BOT> " + rng.choice(questions), ts=ts),
                                    event_id=f"EvLOAD{len(mentions):06d}")
            for _ in range(rng.choice((1, 2, 3))):  # Slack's retries, to either process
                work.append(("mention", rng.choice(urls), body, "application/json"))
        else:
            user = f"U{rng.randrange(200):05d}"
            clickers.add(user)
            button = rng.choice(buttons)
            body = h.block_actions(h.button(button["action_id"], button["value"], "quiz_choices"),
                                   response_url=response_url, user=user, channel=QUIZ_CHANNEL, ephemeral=False,
                                   message={"ts": "1700000000.000100", "blocks": blocks})
            for _ in range(rng.choice((1, 1, 2))):  # double clicks
                work.append(("click", rng.choice(urls), body, "application/x-www-form-urlencoded"))
    rng.shuffle(work)

    latencies: dict[str, list[float]] = {"command": [], "mention": [], "click": []}
    statuses: Counter[int] = Counter()

    def send(item: tuple[str, str, str, str]) -> None:
        kind, url, body, content_type = item
        started = time.perf_counter()
        response = h.post(url, body, content_type)
        latencies[kind].append((time.perf_counter() - started) * 1000)
        statuses[response.status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(send, work))
    elapsed = time.perf_counter() - started
    api.settle(quiet=1.0, timeout=60)

    replies = Counter(c.body.get("thread_ts") for c in api.of("chat.postMessage"))
    engine = create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(quiz_answers)).scalar_one()
        distinct = connection.execute(select(func.count(func.distinct(quiz_answers.c.user_id)))).scalar_one()
    engine.dispose()

    every = [x for values in latencies.values() for x in values]
    print(f"{len(work)} requests to 2 processes ({procfile_web()}), {args.concurrency} concurrent, "
          f"database {database_url.split('@')[-1].split('/')[0] if '@' in database_url else 'sqlite'}")
    print(f"throughput {len(work) / elapsed:.0f} requests/s; HTTP statuses {dict(statuses)}")
    for kind, values in latencies.items():
        print(f"  {kind:<8} n={len(values):<5} p50 {statistics.median(values):6.1f} ms   "
              f"p99 {percentile(values, 99):6.1f} ms")
    print(f"  all      n={len(every):<5} p50 {statistics.median(every):6.1f} ms   p99 {percentile(every, 99):6.1f} ms")
    doubled = {ts: n for ts, n in replies.items() if n > 1}
    missing = mentions - set(replies)
    print(f"mentions: {len(mentions)} distinct, {len(replies)} answered, {len(doubled)} answered twice, "
          f"{len(missing)} unanswered")
    print(f"quiz: {len(clickers)} people clicked, {stored} answers stored ({distinct} distinct people)")
    ok = not doubled and not missing and stored == distinct == len(clickers) and set(statuses) == {200}
    print("CHECK", "passed" if ok else "FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
