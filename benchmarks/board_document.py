"""The board document (issue 16): how long the PDF of a decided round takes to make for a plan
of 200 milestones, with and without its 200 goals and 500 metrics (`goal_report.build`).

Server time of `GET /plans/{plan}/rounds/{round}/report?format=pdf` (Flask test client,
in-process): the first request (the map laid out by Graphviz, then the PDF) and the median
of REPEAT later ones (the map from the cache; the HTML and the PDF made again each time).
"""

import statistics
import sys
import time
from collections.abc import Callable

from benchmarks.goal_report import ON, PLANS, build
from service.application import Strategikarta
from web import create_app

REPEAT = 5
ENTRY = {"key": "delar", "title": "Delårsrapport", "kind": "interim",
         "reporting_date": ON, "deadline": ON.replace(day=10, month=9),
         "meeting": {"body": "RS", "date": ON.replace(day=24, month=9)}}


def decided_round(service: Strategikarta, plan: str) -> None:
    service.follow_up_plans.set(plan, [ENTRY], actor="bench")
    service.rounds.open(plan, "delar", actor="bench")
    service.rounds.submit(plan, "delar", True, actor="bench", reason="benchmark")
    service.rounds.decide(plan, "delar", "RS", ON.replace(day=24, month=9), "§ 1", "RS 2025/1", "",
                          actor="bench")


def seconds(action: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    size = action()
    return time.perf_counter() - start, size


def main() -> None:
    service = build()
    for key, name in (("RS", "Regionstyrelsen"), ("HSN", "Hälso- och sjukvårdsnämnden")):
        service.bodies.add(key, name, "board" if key == "RS" else "committee", actor="bench")
    for plan in PLANS:
        decided_round(service, plan)
    token = service.users.create_token("viewer", actor="bench")
    client = create_app({"SERVICE": service}).test_client()

    def pdf(plan: str) -> Callable[[], int]:
        def get() -> int:
            response = client.get(f"/api/v1/plans/{plan}/rounds/delar/report?format=pdf",
                                  headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.data[:300]
            return len(response.data)
        return get

    print(f"Board document: a decided round of 200 milestones (median of {REPEAT} after the "
          "first)")
    for plan in PLANS:
        first, size = seconds(pdf(plan))
        later = statistics.median(seconds(pdf(plan))[0] for _ in range(REPEAT))
        print(f"  {plan:<11} first {first:6.2f} s   later {later:6.2f} s   "
              f"{size / 1024:6.0f} KiB")
    service.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
