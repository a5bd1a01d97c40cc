"""Cost against plan size (issue 13): plans of 200 and 2,000 milestones side by side, one run.

Each plan has ~10 `requires` per milestone (each milestone requires up to 10 of the 50 before
it, so the graph is acyclic and its chains run through the whole plan), an `affects` for
about half of them, and a status report for a third. Through the service layer on a SQLite
file: import (`documents.import_plan` of the whole document), list (`milestones.list`),
state (`time_travel.state_view` now and at the position right after the import), analysis
(`maps.analysis`), diff (`time_travel.diff` from that position to now, across reports, edits,
new milestones and dependencies, one per ten milestones of each kind) and export
(`documents.export_plan`). Every read is timed on a freshly folded read model, as the first
read after a change to the plan is, so no index kept per plan record is reused.
Target: 10× the plan costs at most 25× the time.
"""

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

from service.application import Strategikarta
from service.config import persistence_env
from service.time_travel import PointInTime

SIZES = tuple(int(n) for n in os.environ.get("BENCH_PLAN_SIZES", "200,2000").split(","))
REQUIRES_EACH, WINDOW = 10, 50
TARGET = 25.0
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
STATUSES = ("on_track", "at_risk", "off_track", "achieved", "planned")
OPERATIONS = ("import", "list", "state now", "state past", "analysis", "diff", "export")


def dense_plan(n: int, key: str = "big", seed: int = 13) -> dict[str, Any]:
    """n milestones over 7 lanes and 4 years, ~10 requires each, pointing back at most WINDOW."""
    rng = random.Random(seed)
    milestones = []
    for i in range(n):
        earlier = range(max(0, i - WINDOW), i)
        requires = sorted(f"M{j}" for j in rng.sample(earlier, min(len(earlier), REQUIRES_EACH)))
        affects = [f"M{j}" for j in rng.sample(range(n), 1) if j != i and rng.random() < 0.5]
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


def report_some(service: Strategikarta, n: int, every: int, on: date, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(0, n, every):
        service.milestones.report_status("big", f"M{i}", rng.choice(STATUSES), "Uppföljning", on,
                                         actor="bench")


def change_some(service: Strategikarta, n: int) -> None:
    """One change of each kind per ten milestones: what a busy year adds to a plan."""
    rng = random.Random(n)
    report_some(service, n, 10, date(2024, 8, 31), seed=n + 1)
    for i in range(5, n, 10):
        service.milestones.edit("big", f"M{i}", {"title": f"Omformulerad milstolpe {i}"},
                                actor="bench")
    for i in range(0, n, 10):
        key = f"N{i}"
        service.milestones.define("big", {"key": key, "title": f"Ny milstolpe {i}",
                                          "focus_area": f"fa{i % 7}", "target_year": 2025,
                                          "kind": "change"}, actor="bench")
        for j in rng.sample(range(n), 2):
            service.dependencies.add("big", key, f"M{j}", "requires", actor="bench")


def timed(action: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    """Median seconds of REPEAT runs of `action`, each after an untimed `before`."""
    times = []
    for _ in range(REPEAT):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n: int, directory: Path) -> dict[str, float]:
    url = f"sqlite:///{directory / f'plan-{n}.sqlite'}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    document = dense_plan(n)
    imports = iter(range(REPEAT))
    result = {"requires": sum(len(m["requires"]) for m in document["milestones"]),
              "import": timed(lambda: service.documents.import_plan(
                  {**document, "key": f"import-{next(imports)}"}, actor="bench"))}
    service.documents.import_plan(document, actor="bench")
    report_some(service, n, 3, date(2024, 4, 30), seed=n)
    past = PointInTime(service.store.catch_up().position, date(2024, 4, 30))
    change_some(service, n)
    fresh = service.rebuild  # every read below starts from a read model just folded
    result["list"] = timed(lambda: service.milestones.list("big"), fresh)
    result["state now"] = timed(lambda: service.time_travel.state_view("big"), fresh)
    result["state past"] = timed(lambda: service.time_travel.state_view("big", past), fresh)
    result["analysis"] = timed(lambda: service.maps.analysis("big"), fresh)
    result["diff"] = timed(lambda: service.time_travel.diff("big", past), fresh)
    result["export"] = timed(lambda: service.documents.export_plan("big"), fresh)
    service.close()
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        small, large = (measure(n, Path(directory)) for n in SIZES)
    print(f"Plan size: service layer, SQLite file, median of {REPEAT}; {SIZES[0]} and "
          f"{SIZES[1]} milestones with {small['requires']} and {large['requires']} requires")
    print(f"  {'operation':<11} {SIZES[0]:>10} {SIZES[1]:>10} {'ratio':>8}   target ≤ {TARGET:.0f}×")
    for name in OPERATIONS:
        ratio = large[name] / small[name]
        print(f"  {name:<11} {small[name] * 1000:>8.1f}ms {large[name] * 1000:>8.0f}ms "
              f"{ratio:>7.1f}×   {'ok' if ratio <= TARGET else 'OVER'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
