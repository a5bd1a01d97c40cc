"""Time travel and current reads with a long history (issue 5), in one run.

Builds a SQLite store of BENCH_EVENTS events (default 1,000,000): many plans of 500
milestones, and one big plan whose 50,000 events (its import, then status reports) are
spread over the whole log. Measures `GET /state?as_of=` at arbitrary past points of the
big plan (target < 300 ms), `GET /milestones/{key}` against the same read on a store of
10,000 events (target ≤ 1.2×), both as a worker reads them (plans on demand, the default),
and the cold start and rebuild of a worker holding every plan: folding the whole log.
"""

import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from eventsourcing.persistence import Mapper

from benchmarks.map_rendering import generated_plan
from domain.milestone import milestone_id
from domain.values import Status
from service.application import Strategikarta
from service.config import persistence_env
from service.store import CATCH_UP_BATCH
from web import create_app

TOTAL = int(os.environ.get("BENCH_EVENTS", "1000000"))
BIG_PLAN_EVENTS = TOTAL // 20
SMALL_TOTAL = 10_000
DATES = [date(y, m, d) for y in (2022, 2023, 2024, 2025) for m, d in ((4, 30), (8, 31), (12, 31))]


def open_store(path: Path) -> Strategikarta:
    url = f"sqlite:///{path}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    return Strategikarta(persistence_env(url))


def report_batch(service: Strategikarta, rng: random.Random, count: int) -> None:
    """`count` status reports on the big plan, saved together (as a busy reporting day)."""
    plan_years = range(2022, 2026)
    milestones = {}
    for _ in range(count):
        key = f"M{rng.randrange(500)}"
        if key not in milestones:
            milestones[key] = service.store.repository.get(milestone_id("big", key))
        status = rng.choice(list(Status))
        milestones[key].report_status(plan_years, status, "Uppföljning", rng.choice(DATES),
                                      date(2026, 1, 1), "bench",
                                      "Beslut i nämnden" if status is Status.DROPPED else "")
    service.store.save(*milestones.values())


def build(path: Path, total: int, big_plan_events: int) -> Strategikarta:
    service = open_store(path)
    rng = random.Random(1)
    service.documents.import_plan({**generated_plan(500, seed=99), "key": "big"}, actor="bench")
    position, filler = service.store.recorder.max_notification_id() or 0, 0
    per_plan = 1252  # events of one generated plan of 500 milestones
    fillers = max(1, (total - big_plan_events) // per_plan)
    reports_each = max(1, (big_plan_events - position) // fillers)
    while position < total:
        if filler < fillers:
            document = generated_plan(500, seed=filler)
            service.documents.import_plan({**document, "key": f"plan-{filler}"}, actor="bench")
            filler += 1
        report_batch(service, rng, min(reports_each, max(1, total - position)))
        position = service.store.recorder.max_notification_id() or 0
    service.users.add("bench", "auditor", "benchmark-password", actor="bench")
    # What a running server's log watch keeps near the log's end (and `db init` writes).
    service.store.aggregate_index.caught_up()
    service.store.timeline.caught_up()
    return service


def median_ms(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def library_decode(service: Strategikarta) -> int:
    """What the eventsourcing library alone does for a replay: select the log, decode each event."""
    count, start = 0, 1
    while True:
        batch = service.store.recorder.select_notifications(start=start, limit=CATCH_UP_BATCH)
        for notification in batch:
            Mapper.to_domain_event(service.store.mapper, notification)
        count += len(batch)
        if len(batch) < CATCH_UP_BATCH:
            return count
        start = batch[-1].id + 1


def measure(path: Path, total: int, big: int) -> dict[str, float]:
    build(path, total, big).close()
    url = f"sqlite:///{path}"
    start = time.perf_counter()
    holding_all = Strategikarta(persistence_env(url), plans_on_demand=None)  # the fold
    holding_all.store.catch_up()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    library_decode(holding_all)
    decode = time.perf_counter() - start
    start = time.perf_counter()
    holding_all.store.rebuild()
    rebuild = time.perf_counter() - start
    holding_all.close()
    service = Strategikarta(persistence_env(url))  # the reads: as a worker, plans on demand
    token = service.users.create_token("bench", actor="bench")
    client = create_app({"SERVICE": service}).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    last = service.store.catch_up().position
    rng = random.Random(7)
    moments = []
    for position in (rng.randrange(1300, last) for _ in range(15)):
        (event,) = service.store.recorder.select_notifications(start=position, limit=1)
        moments.append(json.loads(event.state)["timestamp"]["_data_"])

    def past_state() -> None:
        response = client.get("/api/v1/plans/big/state", query_string={"as_of": moments.pop()},
                              headers=headers)
        assert response.status_code == 200

    def milestone() -> None:
        assert client.get("/api/v1/plans/big/milestones/M250", headers=headers).status_code == 200

    def history(milestone: str = "") -> Callable[[], None]:
        query = {"limit": 100, **({"milestone": milestone} if milestone else {})}

        def newest() -> None:  # read from the log itself, not from memory
            assert client.get("/api/v1/plans/big/history", query_string=query,
                              headers=headers).status_code == 200
        return newest

    return {"events": last, "cold": cold, "decode": decode, "rebuild": rebuild,
            "state": median_ms(past_state, len(moments)),
            "milestone": median_ms(milestone, 300), "history": median_ms(history(), 30),
            "history_one": median_ms(history("M250"), 30)}


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        small = measure(Path(directory) / "small.sqlite", SMALL_TOTAL, SMALL_TOTAL // 20)
        large = measure(Path(directory) / "large.sqlite", TOTAL, BIG_PLAN_EVENTS)
    print(f"History at scale: SQLite file; one plan of 500 milestones with ~{BIG_PLAN_EVENTS} "
          f"events spread over the log")
    for name, r in (("small", small), ("large", large)):
        print(f"  {name}: {r['events']:>9} events  cold start {r['cold']:6.1f} s  "
              f"state?as_of= {r['state']:7.1f} ms  milestone GET {r['milestone']:6.2f} ms  "
              f"history, newest 100 {r['history']:6.1f} ms (one milestone's "
              f"{r['history_one']:6.1f} ms)")
        print(f"  {name}: rebuild {r['events'] / r['rebuild']:8.0f} events/s, library select+decode "
              f"alone {r['events'] / r['decode']:8.0f} events/s: rebuild takes "
              f"{r['rebuild'] / r['decode']:.2f}× the decode time; cold start "
              f"{r['cold'] / r['decode']:.2f}×")
    print(f"  milestone GET, large vs small store: {large['milestone'] / small['milestone']:.2f}× "
          f"(target ≤ 1.2×); past state on the large store: {large['state']:.0f} ms "
          "(target < 300 ms); the newest 100 of the big plan's history, large vs small: "
          f"{large['history'] / small['history']:.2f}× ({large['history']:.0f} ms)")


if __name__ == "__main__":
    main()
