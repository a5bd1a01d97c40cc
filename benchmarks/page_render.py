"""Server time of every page for the demo plan (issue 6: under 150 ms each), in-process;
the follow-up report and the dashboard's trend chart (issue 7) included."""

import re
import statistics
import time

from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo
from web import create_app

PLAN = "/plans/fhs-exempel"
PAGES = ["/", PLAN, f"{PLAN}/map", f"{PLAN}/map?highlight=blocked&highlight=critical_path",
         f"{PLAN}/milestones/NV-05", f"{PLAN}/history", f"{PLAN}/revisions",
         f"{PLAN}/revisions/compare?from=2025", f"{PLAN}/report",
         f"{PLAN}/report?on=2024-04-30&as_of=2030-01-01", f"{PLAN}/trend.svg", "/admin/",
         "/tillganglighet", "/login"]


def main() -> None:
    from datetime import date

    service = Strategikarta(persistence_env("sqlite:///:memory:"))
    load_demo(service)
    service.revisions.adopt("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50", "x", "",
                           actor="bench")
    service.users.add("admin", "admin", "benchmark-password", actor="bench")
    client = create_app({"SERVICE": service}).test_client()
    form = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "admin", "password": "benchmark-password",
                                "csrf_token": token})
    print("Pages, server time for the demo plan (Flask in-process; target < 150 ms each)")
    print(f"  {'page':<62} {'first':>8} {'median':>8}")
    worst = 0.0
    for path in PAGES:
        times = []
        for _ in range(15):
            start = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {path:<62} {times[0]:>6.1f}ms {median:>6.1f}ms")
    print(f"  slowest median: {worst:.1f} ms (target < 150 ms)")


if __name__ == "__main__":
    main()
