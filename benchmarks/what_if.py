"""What-if on a 500-milestone plan (issue 17), side by side with the plan's own analysis.

The plan is `plan_size`'s generated plan (~10 `requires` each, chains through the whole plan,
a status report on a third of the milestones), imported into a SQLite file. The slip moves
an early milestone to the plan's last year, so most of the plan is downstream of it. Server
time two ways, median of REPEAT: through the service layer (`maps.what_if`, `maps.analysis`),
on the read model as readers find it and on one just folded (as the first read after a change
to the plan is); and through the API in-process (Flask's test client: routing, validation,
authentication and JSON, no network). Target: what-if under 50 ms.
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.plan_size import REPEAT, dense_plan, open_store, report_some, timed
from web import create_app

SIZE = 500
SLIP, TO = "M10", 2025
TARGET_MS = 50.0


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        service = open_store(Path(directory) / "what-if.sqlite")
        document = dense_plan(SIZE)
        service.documents.import_plan(document, actor="bench")
        report_some(service, [row["key"] for row in document["milestones"][::3]],
                    date(2022, 4, 30), seed=SIZE)
        on = date(2022, 6, 30)  # the reports are in force, and most of the plan is to come
        result = service.maps.what_if("big", SLIP, TO, on)
        service.users.add("bench-viewer", "viewer", "lösenord-bench", actor="bench")
        token = service.users.create_token("bench-viewer", actor="bench")
        client = create_app({"SERVICE": service}).test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def api(path: str) -> None:
            response = client.get(f"/api/v1/plans/big/{path}", headers=headers)
            assert response.status_code == 200, response.data

        rows = {
            "service, warm": (timed(lambda: service.maps.what_if("big", SLIP, TO, on)),
                              timed(lambda: service.maps.analysis("big", on))),
            "service, folded": (timed(lambda: service.maps.what_if("big", SLIP, TO, on),
                                      service.rebuild),
                                timed(lambda: service.maps.analysis("big", on),
                                      service.rebuild)),
            "API in-process": (timed(lambda: api(f"what-if?slip={SLIP}&to={TO}&on={on}")),
                               timed(lambda: api(f"analysis?on={on}"))),
        }
        service.close()
    requires = sum(len(row["requires"]) for row in document["milestones"])
    print(f"What-if: {SIZE} milestones, {requires} requires; slip {SLIP} to {TO} moves "
          f"{len(result.moves)} milestones, {len(result.conflicts)} new conflicts; "
          f"median of {REPEAT}")
    print(f"  {'':<16} {'what-if':>9} {'analysis':>9} {'ratio':>7}   target < {TARGET_MS:.0f} ms")
    for name, (what_if, analysis) in rows.items():
        print(f"  {name:<16} {what_if * 1000:>7.1f}ms {analysis * 1000:>7.1f}ms "
              f"{what_if / analysis:>6.2f}×   {'ok' if what_if * 1000 < TARGET_MS else 'OVER'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
