"""Fifty users at once against the real server on 127.0.0.1, bounded in time: status reports,
milestone reads and map views mixed; afterwards every acknowledged report must be in the log
exactly once. `python -m benchmarks.mixed_load [SECONDS]` runs it on SQLite and PostgreSQL."""

import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import requests

from benchmarks.live_server import (
    DEMO_PLAN,
    logged_events,
    prepare_store,
    serving,
    temporary_pg_schema,
)
from service.demo import demo_document

USERS, SECONDS, WORKERS = 50, 60, 2
MIX = (("report", 0.2), ("read", 0.5), ("map", 0.3))
COMMENT_PREFIX = "load:"  # tells the load's reports from the demo plan's own


@dataclass
class Outcome:
    """What the users saw: latencies per kind, failures, and the reports acknowledged."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _ in MIX})
    failures: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def p99_ms(self, kind: str | None = None) -> float:
        values = self.latencies[kind] if kind else sum(self.latencies.values(), [])
        return 1000 * statistics.quantiles(values, n=100)[98] if len(values) > 1 else float("nan")


Mix = tuple[tuple[str, float], ...]


def user(base: str, token: str, name: str, keys: list[str], until: float, outcome: Outcome,
         mix: Mix = MIX) -> None:
    """One planner: a random mix of requests, one after the other, until the time is up."""
    rng = random.Random(name)
    kinds, weights = zip(*mix, strict=True)
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        n = 0
        while time.monotonic() < until:
            kind, key, n = rng.choices(kinds, weights)[0], rng.choice(keys), n + 1
            plan = f"{base}/api/v1/plans/{DEMO_PLAN}"
            comment = f"{COMMENT_PREFIX}{name}-{n}"
            started = time.perf_counter()
            try:
                if kind == "report":
                    response = http.post(f"{plan}/milestones/{key}/status", timeout=60, json={
                        "status": rng.choice(["on_track", "at_risk", "off_track"]),
                        "comment": comment,
                        "reported_for": str(date(2025, 1, 1) + timedelta(days=rng.randrange(365)))})
                elif kind == "read":
                    response = http.get(f"{plan}/milestones/{key}", timeout=60)
                else:
                    response = http.get(f"{plan}/map?format=svg", timeout=60)
                failure = None if response.ok else f"{kind} {response.status_code} {response.text[:200]}"
            except requests.RequestException as error:
                failure = f"{kind} {type(error).__name__}: {error}"
                time.sleep(0.05)  # the server is down: wait a moment, as a person would
            elapsed = time.perf_counter() - started
            with outcome.lock:
                if failure:
                    outcome.failures.append(failure)
                else:
                    outcome.latencies[kind].append(elapsed)
                    if kind == "report":
                        outcome.acknowledged.append(comment)


def run_users(base: str, tokens: list[str], seconds: float, users: int = USERS,
              mix: Mix = MIX, outcome: Outcome | None = None, run: str = "") -> Outcome:
    """`users` threads for `seconds`, each with a token of its own (shared when fewer) and a session;
    users are named `{run}u{n}`, so a second run into the same outcome needs another `run`."""
    keys = [m["key"] for m in demo_document()["milestones"]]
    outcome, started = outcome or Outcome(), time.monotonic()
    until = started + seconds
    threads = [threading.Thread(target=user, args=(base, tokens[n % len(tokens)], f"{run}u{n}", keys,
                                                   until, outcome, mix)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.monotonic() - started
    return outcome


def missing_and_duplicated(url: str, acknowledged: list[str]) -> tuple[set[str], set[str]]:
    """Acknowledged reports absent from the log, and reports the log holds more than once."""
    logged = Counter(event.comment for _, event in logged_events(url)
                     if type(event).__name__ == "StatusReported"
                     and event.comment.startswith(COMMENT_PREFIX))
    return set(acknowledged) - set(logged), {c for c, count in logged.items() if count > 1}


def report(backend: str, outcome: Outcome, missing: set[str], duplicated: set[str]) -> None:
    p99 = "  ".join(f"{kind} {outcome.p99_ms(kind):6.0f} ms" for kind, _ in MIX)
    print(f"  {backend:10} {outcome.requests() / outcome.seconds:7.0f} req/s  p99 all "
          f"{outcome.p99_ms():6.0f} ms ({p99})  errors {len(outcome.failures)}  "
          f"acknowledged reports {len(outcome.acknowledged)}, missing {len(missing)}, "
          f"duplicated {len(duplicated)}")
    for failure in outcome.failures[:5]:
        print(f"    {failure}")


def measure(backend: str, url: str, directory: Path, seconds: float) -> Outcome:
    tokens = prepare_store(url, planners=10)
    with serving(url, directory / f"{backend}.log", workers=WORKERS) as server:
        outcome = run_users(server.base, tokens, seconds)
    report(backend, outcome, *missing_and_duplicated(url, outcome.acknowledged))
    return outcome


def main(seconds: float = SECONDS) -> None:
    print(f"Mixed load: {USERS} users, {seconds:.0f} s, gunicorn {WORKERS} sync workers, demo plan; "
          f"mix {', '.join(f'{k} {w:.0%}' for k, w in MIX)}; the clients share the machine's cores")
    with tempfile.TemporaryDirectory() as directory:
        measure("SQLite", f"sqlite:///{directory}/store.sqlite", Path(directory), seconds)
        with temporary_pg_schema() as url:
            measure("PostgreSQL", url, Path(directory), seconds)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS)
