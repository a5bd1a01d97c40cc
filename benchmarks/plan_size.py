"""Cost against plan size (issue 13): plans of 200 and 2,000 milestones side by side, one run.

Each plan has ~10 `requires` per milestone (each requires 10 of the 50 milestones before
it, so the graph is acyclic and its chains run through the whole plan), an `affects` of an
earlier milestone for half of them, and a status report for a third. 2,000 milestones and
~20,000 `requires` are the limits of `domain.fields`. Through the service layer on a SQLite
file: import (`documents.import_plan` of the whole document, into a store of its own), list
(`milestones.list`), state (`time_travel.state_view` now, and at a past position: nine
tenths of the plan imported and reported on), analysis (`maps.analysis`), diff
(`time_travel.diff` from that position to now, across the last tenth of the milestones
defined with their dependencies, a report on every tenth and an edit of every twentieth)
and export (`documents.export_plan`). Every read is timed on a freshly folded read model,
as the first read after a change to the plan's dependencies is, so nothing kept per plan
record is reused. Target: 10× the plan costs at most 25× the time.

List and state return every milestone's upstream and downstream in full; in plans like
these, where chains run through the whole plan, those alone grow with the square of the
plan (printed as "upstream and downstream keys").
"""

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from domain.values import DependencyKind
from service.application import Strategikarta
from service.config import persistence_env
from service.milestones import define
from service.time_travel import PointInTime

SIZES = tuple(int(n) for n in os.environ.get("BENCH_PLAN_SIZES", "200,2000").split(","))
REQUIRES_EACH, WINDOW = 10, 50
TARGET = 25.0
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
STATUSES = ("on_track", "at_risk", "off_track", "achieved", "planned")
OPERATIONS = ("import", "list", "state now", "state past", "analysis", "diff", "export")


def dense_plan(n: int, key: str = "big", seed: int = 13) -> dict[str, Any]:
    """n milestones over 7 lanes and 4 years, ~10 requires each, pointing back at most WINDOW."""
    rng = random.Random(seed)
    milestones = []
    for i in range(n):
        earlier = range(max(0, i - WINDOW), i)
        requires = sorted(f"M{j}" for j in rng.sample(earlier, min(len(earlier), REQUIRES_EACH)))
        affects = [f"M{rng.randrange(i)}"] if i and rng.random() < 0.5 else []
        milestones.append({
            "key": f"M{i}", "title": f"Milstolpe nummer {i} i den genererade planen",
            "description": "En beskrivning av vad som ska vara uppnått och hur det märks.",
            "focus_area": f"fa{i % 7}", "target_year": 2022 + i * 4 // n,
            "kind": rng.choice(["pilot", "change"]), "responsible": ["HSN", f"Förvaltning {i % 5}"],
            "effects": [{"for": "residents", "text": "Invånarna märker skillnad."}],
            "requires": requires, "affects": affects})
    return {"key": key, "title": f"Genererad plan, {n} milstolpar", "owner": "HSN",
            "start_year": 2022, "end_year": 2025,
            "focus_areas": [{"key": f"fa{i}", "name": f"Insatsområde {i + 1}", "description": ""}
                            for i in range(7)],
            "milestones": milestones}


def report_some(service: Strategikarta, keys: list[str], on: date, seed: int) -> None:
    rng = random.Random(seed)
    for key in keys:
        service.milestones.report_status("big", key, rng.choice(STATUSES), "Uppföljning", on,
                                         actor="bench")


def define_rest(service: Strategikarta, rows: list[dict[str, Any]]) -> None:
    """The last tenth of the plan with its dependencies, checked by the domain as one at a time
    would be, saved together (through the service one by one, setting up took minutes)."""
    plan = service.store.plan("big")
    milestones = [define(plan, row, "bench", "") for row in rows]
    for row in rows:
        for kind in DependencyKind:
            for target in row[kind.value]:
                plan.add_dependency(row["key"], target, kind, "bench")
    service.store.save(plan, *milestones)


def timed(action: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    """Median seconds of REPEAT runs of `action`, each after an untimed `before`."""
    times = []
    for _ in range(REPEAT):
        before()
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n: int, directory: Path) -> dict[str, float]:
    document = dense_plan(n)
    rows = document["milestones"]
    first, rest = rows[: n - n // 10], rows[n - n // 10:]
    result = {"requires": sum(len(row["requires"]) for row in rows),
              "import": time_imports(document, directory / f"imports-{n}.sqlite")}
    service = open_store(directory / f"plan-{n}.sqlite")
    service.documents.import_plan({**document, "milestones": first}, actor="bench")
    report_some(service, [row["key"] for row in first[::3]], date(2024, 4, 30), seed=n)
    past = PointInTime(service.store.catch_up().position, date(2024, 4, 30))
    define_rest(service, rest)
    report_some(service, [row["key"] for row in rows[::10]], date(2024, 8, 31), seed=n + 1)
    for row in rows[5::20]:
        service.milestones.edit("big", row["key"], {"title": f"Omformulerad {row['key']}"},
                                actor="bench")
    result["links"] = sum(len(m.upstream) + len(m.downstream)
                          for m in service.milestones.list("big"))
    fresh = service.rebuild  # every read below starts from a read model just folded
    result["list"] = timed(lambda: service.milestones.list("big"), fresh)
    result["state now"] = timed(lambda: service.time_travel.state_view("big"), fresh)
    result["state past"] = timed(lambda: service.time_travel.state_view("big", past), fresh)
    result["analysis"] = timed(lambda: service.maps.analysis("big"), fresh)
    result["diff"] = timed(lambda: service.time_travel.diff("big", past), fresh)
    result["export"] = timed(lambda: service.documents.export_plan("big"), fresh)
    service.close()
    return result


def open_store(path: Path) -> Strategikarta:
    url = f"sqlite:///{path}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    return Strategikarta(persistence_env(url))


def time_imports(document: dict[str, Any], path: Path) -> float:
    service = open_store(path)
    imports = iter(range(REPEAT))
    seconds = timed(lambda: service.documents.import_plan(
        {**document, "key": f"import-{next(imports)}"}, actor="bench"))
    service.close()
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        small, large = (measure(n, Path(directory)) for n in SIZES)
    print(f"Plan size: service layer, SQLite file, median of {REPEAT}; {SIZES[0]} and "
          f"{SIZES[1]} milestones with {small['requires']} and {large['requires']} requires")
    print(f"  upstream and downstream keys of all milestones (list and state return them): "
          f"{small['links']:,.0f} and {large['links']:,.0f}, "
          f"{large['links'] / small['links']:.0f}×")
    print(f"  {'operation':<11} {SIZES[0]:>10} {SIZES[1]:>10} {'ratio':>8}   target ≤ {TARGET:.0f}×")
    for name in OPERATIONS:
        ratio = large[name] / small[name]
        print(f"  {name:<11} {small[name] * 1000:>8.1f}ms {large[name] * 1000:>8.0f}ms "
              f"{ratio:>7.1f}×   {'ok' if ratio <= TARGET else 'OVER'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
