"""A proposal side by side with its plan (issue 17): "a proposal's map renders like the plan's".

The plan is `map_rendering`'s generated plan of 500 milestones (~1.5 dependencies each, a
status report on a third of them), imported into a SQLite file. The proposal holds what a
yearly revision holds: a slip of the plan's first milestone to its last year (the moves it
propagates to everything downstream), three milestones defined (one linked to the plan), three
dropped, two edited, two dependencies added and two removed. Through the API in-process
(Flask's test client), median of REPEAT, the plan and the proposal timed in turns so that a
busy machine weighs on both alike:

- analysis: `GET /analysis` against `GET /proposals/{p}` (its changes, its diff and the
  analysis of the plan it would leave), on a read model just folded with nothing kept (as the
  first read after a change to the plan), and again;
- map, first render: `GET /map?format=svg` against `GET /proposals/{p}/map?format=svg`, the
  maps and worked-out proposals kept emptied before each (as after a change to the plan);
- map, cached: the same, served from the cache.

Target: the proposal's side at most 1.5× the plan's.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.map_rendering import STATUSES, generated_plan
from benchmarks.plan_size import open_store
from service.application import Strategikarta
from service.map_cache import MapCache
from service.proposal_outcomes import Outcomes
from web import create_app

SIZE = 500
PLAN, PROPOSAL = "bench", "revidering"
SLIP, TO = "M0", 2025
ON = date(2024, 9, 1)
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))
CACHED_REPEAT = 100
TARGET = 1.5


def prepare(service: Strategikarta) -> int:
    """The plan with its reports, and the proposal; the number of changes it holds."""
    document = generated_plan(SIZE)
    service.documents.import_plan(document, actor="bench")
    for i in range(0, SIZE, 3):
        service.milestones.report_status(PLAN, f"M{i}", STATUSES[i % len(STATUSES)], "",
                                         date(2024, 4, 30), actor="bench")
    service.proposals.make(PLAN, PROPOSAL, "Revidering 2025", "", actor="bench")

    def change(op: str, key: str, reason: str = "Revidering", **fields: Any) -> None:
        service.proposals.add_change(PLAN, PROPOSAL, op, key, fields, actor="bench",
                                     reason=reason)

    change("slip", SLIP, to=TO)
    for n in range(3):
        change("define", f"NY{n}", title=f"Ny milstolpe {n} i revideringen",
               focus_area=f"fa{n}", target_year=2025, kind="change")
    change("add_dependency", "NY0", to="M400", kind="requires")
    change("add_dependency", "NY1", to="NY0", kind="requires")
    requires = [(row["key"], target) for row in document["milestones"]
                for target in row["requires"]]
    for source, target in requires[-2:]:
        change("remove_dependency", source, to=target, kind="requires")
    for key in ("M301", "M302", "M305"):
        change("drop", key, "Utgår")
    for key in ("M450", "M451"):
        change("edit", key, title=f"Omformulerad {key}")
    return len(service.proposals.record(PLAN, PROPOSAL).changes)


def interleaved(actions: list[Callable[[], object]], repeat: int,
                before: Callable[[], object] = lambda: None) -> list[float]:
    """Median milliseconds of each action, taken in turns, each after an untimed `before`."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, taken in zip(actions, times, strict=True):
            before()
            start = time.perf_counter()
            action()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) * 1000 for taken in times]


def measure(directory: Path) -> tuple[dict[str, tuple[float, float]], dict[str, Any]]:
    service = open_store(directory / "proposal.sqlite")
    changes = prepare(service)
    service.users.add("bench-viewer", "viewer", "lösenord-bench", actor="bench")
    headers = {"Authorization": "Bearer " + service.users.create_token("bench-viewer",
                                                                        actor="bench")}
    client = create_app({"SERVICE": service}).test_client()

    def get(path: str) -> Callable[[], None]:
        def action() -> None:
            response = client.get(f"/api/v1/plans/{PLAN}/{path}", headers=headers)
            assert response.status_code == 200, response.data
            assert "Warning" not in response.headers, response.headers  # no fallback served
        return action

    def changed() -> None:
        """As if the plan had just changed: nothing drawn or worked out is kept."""
        service.maps.cache = MapCache()
        service.proposals.outcomes = Outcomes()

    def folded() -> None:
        """As the first read after a change: the read model just folded, nothing kept."""
        changed()
        service.rebuild()

    plan_map, proposal_map = (get(f"{path}?format=svg&on={ON}")
                              for path in ("map", f"proposals/{PROPOSAL}/map"))
    proposal = client.get(f"/api/v1/plans/{PLAN}/proposals/{PROPOSAL}", headers=headers).json
    facts = {"changes": changes, "moved": sum(c["op"] == "move" for c in proposal["changes"]),
             "stale": proposal["stale"], "conflicts": len(proposal["analysis"]["conflicts"])}
    analyses = [get(f"analysis?on={ON}"), get(f"proposals/{PROPOSAL}")]
    plan_map(), proposal_map()  # the process's first layout compiles Graphviz
    rows = {
        "analysis, first read": interleaved(analyses, REPEAT, folded),
        "analysis, again": interleaved(analyses, REPEAT),
        "map, first render": interleaved([plan_map, proposal_map], REPEAT, changed),
        "map, cached": interleaved([plan_map, proposal_map], CACHED_REPEAT),
    }
    service.close()
    return {name: (plan, proposed) for name, (plan, proposed) in rows.items()}, facts


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        rows, facts = measure(Path(directory))
    print(f"Proposal against its plan: {SIZE} milestones, SQLite file, API in-process, median "
          f"of {REPEAT} ({CACHED_REPEAT} cached); the proposal holds {facts['changes']} "
          f"changes ({facts['moved']} moves from a slip of {SLIP} to {TO}), "
          f"{facts['conflicts']} conflicts in the plan it leaves")
    print(f"  {'':<20} {'plan':>10} {'proposal':>10} {'ratio':>7}   target ≤ {TARGET}×")
    for name, (plan, proposed) in rows.items():
        ratio = proposed / plan
        print(f"  {name:<20} {plan:>8.1f}ms {proposed:>8.1f}ms {ratio:>6.2f}×   "
              f"{'ok' if ratio <= TARGET else 'OVER'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
