"""The history's filters that used to read a plan's whole trail (an actor, `since`, a kind
of change that matches little), timed on a store with one plan of BENCH_PLAN_EVENTS events
(default 50,000) spread over a log of about twice as many: its import, five reports by an
actor whose name JSON escapes, reports in batches between other plans' imports, one more by
that actor, thirty reports one by one, and a last plan imported after it (so a period after
the big plan's last event holds other events, none of its own).

Builds the SQLite store (kept at BENCH_STORE if given, reused when it exists), or with
BENCH_PG_URL a PostgreSQL one (an empty database: built; else reused), then times
`GET /api/v1/plans/big/history` with each filter in a process of its own, once with this
tree's code and, with BENCH_BEFORE=<another worktree>, with that tree's on the same store:
the figures side by side, and their ratio.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.history_scale import report_batch
from benchmarks.map_rendering import generated_plan
from service.application import Strategikarta
from service.config import persistence_env
from web import create_app

PLAN_EVENTS = int(os.environ.get("BENCH_PLAN_EVENTS", "50000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
RARE_ACTOR = 'Åsa "Ö" Back\\slash-Ärlig'  # five reports long ago, and one of the newest
REPORTS_BY_RARE = 5
NEWEST = 30  # reports saved one by one, the big plan's last events
PAGE = {"limit": 100}  # a CSV without a limit is a whole extract


def make_store(url: str) -> None:
    """The big plan's import and reports, other plans between them (see the module)."""
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service, rng = Strategikarta(persistence_env(url)), random.Random(1)
    try:
        service.documents.import_plan({**generated_plan(500, seed=99), "key": "big"},
                                      actor="bench")
        for i in range(REPORTS_BY_RARE):
            service.milestones.report_status("big", f"M{i}", "at_risk", "Sen", date(2024, 4, 30),
                                             actor=RARE_ACTOR, reason="Tertial 1")
        fillers = max(1, PLAN_EVENTS // 1252)  # a generated plan of 500 milestones: 1252 events
        for filler in range(fillers):
            service.documents.import_plan({**generated_plan(500, seed=filler),
                                           "key": f"plan-{filler}"}, actor="bench")
            report_batch(service, rng, PLAN_EVENTS // fillers)
        service.milestones.report_status("big", "M0", "on_track", "", date(2025, 4, 30),
                                         actor=RARE_ACTOR, reason="Tertial 1")
        for i in range(NEWEST):
            service.milestones.report_status("big", f"M{i}", "on_track", "", date(2025, 4, 30),
                                             actor="bench")
        service.documents.import_plan({**generated_plan(50, seed=5), "key": "last"},
                                      actor="bench")
        service.users.add("bench", "auditor", "benchmark-password", actor="bench")
    finally:
        service.close()


def cases(client: Any, headers: dict[str, str]) -> dict[str, dict[str, str | None]]:
    """The filters timed, from what the store holds: `since` the last plan's first event
    (nothing of the big plan), and the big plan's 30th newest (a page that is never full)."""
    def history(plan: str, limit: int) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = client.get(
            f"/api/v1/plans/{plan}/history", query_string={"limit": limit},
            headers=headers).get_json()["items"]
        return items

    after_the_plan = history("last", 1000)[-1]["recorded_at"]
    newest = history("big", NEWEST)[-1]["recorded_at"]
    return {
        "no filter (newest 100)": {},
        "actor, no match": {"actor": "nobody"},
        f"actor, {REPORTS_BY_RARE + 1} far apart": {"actor": RARE_ACTOR},
        "since, no match": {"since": after_the_plan},
        f"since, newest {NEWEST}": {"since": newest},
        "actor no match + since": {"actor": "nobody", "since": newest},
        "type, never recorded": {"type": "RevisionAdopted"},
        "type, only the first": {"type": "PlanCreated"},
        "actor, CSV extract": {"actor": RARE_ACTOR, "format": "csv", "limit": None},
    }


def measure(url: str) -> dict[str, float]:
    """Median ms of each case's request, in the code this process imports."""
    service = Strategikarta(persistence_env(url))
    service.store.catch_up()
    token = service.users.create_token("bench", actor="bench")
    client = create_app({"SERVICE": service}).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings = {"timeline bytes/event": sum(
        sys.getsizeof(index) for index in vars(service.store.read_model.timeline).values()
        if isinstance(index, array)) / service.store.state.position}
    for name, query in cases(client, headers).items():
        times = []
        for _ in range(REPEAT + 1):  # the first one warms up
            start = time.perf_counter()
            response = client.get("/api/v1/plans/big/history",
                                  query_string={**PAGE, **query}, headers=headers)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.get_data(as_text=True)
        timings[name] = statistics.median(times[1:]) * 1000
    service.close()
    return timings


def measured_in(tree: Path, store: Path | str) -> dict[str, float]:
    """The timings in `tree`'s code: this file run there, on a copy of a SQLite store."""
    with tempfile.TemporaryDirectory() as directory:
        url = store
        if isinstance(store, Path):
            url = f"sqlite:///{Path(directory) / 'store.sqlite'}"
            shutil.copyfile(store, Path(directory) / "store.sqlite")
        output = subprocess.run([sys.executable, __file__, "measure", str(url)], check=True,
                                capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree).stdout
    timings: dict[str, float] = json.loads(output.splitlines()[-1])
    return timings


def is_empty(url: str) -> bool:
    service = Strategikarta(persistence_env(url, create_tables=True))
    try:
        return not service.store.recorder.max_notification_id()
    finally:
        service.close()


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as directory:
        store: Path | str = os.environ.get("BENCH_PG_URL") or Path(
            os.environ.get("BENCH_STORE") or Path(directory) / "history.sqlite")
        url = store if isinstance(store, str) else f"sqlite:///{store}"
        if is_empty(url):
            start = time.perf_counter()
            make_store(url)
            print(f"built {store} in {time.perf_counter() - start:.0f} s")
        after = measured_in(here, store)
        before_tree = os.environ.get("BENCH_BEFORE")
        before = measured_in(Path(before_tree), store) if before_tree else None
    kind = "PostgreSQL" if isinstance(store, str) else "SQLite file"
    print(f"History filters: {kind}, one plan of ~{PLAN_EVENTS} events over a log of "
          f"~{2 * PLAN_EVENTS}; GET .../history?limit=100, median of {REPEAT}")
    for name, ms in after.items():
        unit = "B " if name.startswith("timeline") else "ms"
        if before is None:
            print(f"  {name:<24} {ms:8.1f} {unit}")
        else:
            print(f"  {name:<24} before {before[name]:8.1f} {unit} after {ms:8.1f} {unit} "
                  f"({before[name] / ms:.2f}×)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
