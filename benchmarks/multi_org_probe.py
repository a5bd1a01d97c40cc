"""The fresh-process side of `benchmarks.multi_org`: open organisations' stores and fold them, as
a worker does at start, and say what it took (JSON lines on stdout).

    python -m benchmarks.multi_org_probe one   < URL           one store
    python -m benchmarks.multi_org_probe all   < URLs          every store, held at once

`all` keeps every application (its read model, caches and mapper) and closes only its
connection pool after the fold: each open pool holds POSTGRES_POOL_SIZE connections, and
hundreds of them would pass PostgreSQL's max_connections long before memory runs out. It stops
once RSS passes BENCH_RSS_LIMIT_MB (default 3,072) and says how far it got.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

import psycopg

from service.application import Strategikarta
from service.config import persistence_env

RSS_LIMIT_MB = float(os.environ.get("BENCH_RSS_LIMIT_MB", "3072"))
REPORT_EVERY = 25  # stores between progress lines of `all`


def rss_mb() -> float:
    """Resident set size of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def say(**figures: object) -> None:
    print(json.dumps(figures), flush=True)


def connections_to(url: str) -> int:
    """Connections open to the store's database, this question's own left out."""
    dbname = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
            "pg_backend_pid()", (dbname,)).fetchone()
    return int(row[0]) if row else 0


def one(url: str) -> None:
    baseline = rss_mb()
    threads = threading.active_count()
    start = time.perf_counter()
    app = Strategikarta(persistence_env(url))
    opened = time.perf_counter()
    state = app.store.catch_up()
    folded = time.perf_counter()
    say(baseline_mb=baseline, rss_mb=rss_mb(), open_s=opened - start, fold_s=folded - opened,
        position=state.position, connections=connections_to(url),
        threads=threading.active_count() - threads)
    app.close()


def every(urls: list[str]) -> None:
    baseline = rss_mb()
    held: list[Strategikarta] = []
    positions, start = 0, time.perf_counter()
    for url in urls:
        app = Strategikarta(persistence_env(url))
        positions += app.store.catch_up().position  # events, and any positions skipped
        app.store.recorder.datastore.pool.close()  # type: ignore[attr-defined]
        held.append(app)
        rss = rss_mb()
        if len(held) % REPORT_EVERY == 0 or len(held) == len(urls) or rss > RSS_LIMIT_MB:
            say(orgs=len(held), positions=positions, rss_mb=rss, baseline_mb=baseline,
                elapsed_s=time.perf_counter() - start, threads=threading.active_count())
        if rss > RSS_LIMIT_MB:
            say(stopped=True, orgs=len(held), of=len(urls))
            return


if __name__ == "__main__":
    given = sys.stdin.read().split()
    if sys.argv[1:] == ["one"]:
        one(given[0])
    elif sys.argv[1:] == ["all"]:
        every(given)
    else:
        sys.exit(__doc__)
