"""The strategic map through the app against bare Graphviz on the same DOT, in one run: Debian's
`dot -Tsvg` (the baseline of issue 4) and the bare in-process layout the app now uses; then the
engines side by side (`graphviz_engines`).

Targets (issue 4): first render at most 1.3× bare dot; a cached render at least 20× faster
than bare dot; the analysis endpoint for 500 milestones under 50 ms.
"""

import random
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import date

from flask.testing import FlaskClient

from benchmarks import graphviz_engines
from projections.renderers.graphviz_wasm import layout
from service.application import Strategikarta
from service.config import persistence_env
from service.map_cache import MapCache
from web import create_app

SIZES = (50, 200, 500)
STATUSES = ("on_track", "at_risk", "off_track", "achieved", "planned")


def generated_plan(n: int, seed: int = 7) -> dict:
    """n milestones over 7 lanes and 4 years, ~1.5 dependencies each (requires point back)."""
    rng = random.Random(seed)
    milestones = []
    for i in range(n):
        year = 2022 + i * 4 // n
        earlier = list(range(i))
        requires = sorted({f"M{j}" for j in rng.sample(earlier, min(len(earlier), 1))
                           if rng.random() < 0.9})
        affects = sorted({f"M{j}" for j in rng.sample(range(n), 1) if j != i and rng.random() < 0.6})
        milestones.append({"key": f"M{i}", "title": f"Milstolpe nummer {i} i den genererade planen",
                           "focus_area": f"fa{i % 7}", "target_year": year,
                           "kind": rng.choice(["pilot", "change"]), "requires": requires,
                           "affects": affects})
    return {"key": "bench", "title": f"Genererad plan, {n} milstolpar", "owner": "HSN",
            "start_year": 2022, "end_year": 2025,
            "focus_areas": [{"key": f"fa{i}", "name": f"Insatsområde {i + 1}",
                             "description": ""} for i in range(7)],
            "milestones": milestones}


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def app_for(n: int) -> tuple[Strategikarta, FlaskClient, dict[str, str]]:
    service = Strategikarta(persistence_env("sqlite:///:memory:"))
    service.documents.import_plan(generated_plan(n), actor="bench")
    rng = random.Random(n)
    for i in range(0, n, 3):
        service.milestones.report_status("bench", f"M{i}", rng.choice(STATUSES), "", date(2024, 4, 30),
                              actor="bench")
    service.users.add("bench", "viewer", "benchmark-password", actor="bench")
    headers = {"Authorization": "Bearer " + service.users.create_token("bench", actor="bench")}
    return service, create_app({"SERVICE": service}).test_client(), headers


def measure(n: int) -> dict[str, float]:
    service, client, headers = app_for(n)
    url = "/api/v1/plans/bench/map?format={}&on=2024-09-01"
    dot_text = client.get(url.format("dot"), headers=headers).data

    def bare_dot() -> None:
        subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, check=True)

    def bare_wasm() -> None:
        layout(dot_text.decode("utf-8"), "svg", 60)  # the first layout only, as bare dot

    def first_render() -> None:
        service.maps.cache = MapCache()  # as if the plan had just changed
        response = client.get(url.format("svg"), headers=headers)
        assert response.status_code == 200 and "Warning" not in response.headers

    def cached_render() -> None:
        client.get(url.format("svg"), headers=headers)

    bare_wasm()  # the process's first layout compiles the module (graphviz_engines times it)
    # Taken in turns, so that a busy machine weighs on the three alike.
    bare, wasm, first = graphviz_engines.interleaved_medians_ms([bare_dot, bare_wasm, first_render], 7)
    cached = median_ms(cached_render, 200)
    analysis = median_ms(lambda: client.get("/api/v1/plans/bench/analysis?on=2024-09-01",
                                            headers=headers), 20)
    return {"bare": bare, "wasm": wasm, "first": first, "cached": cached, "analysis": analysis}


def dot_of_size(n: int) -> bytes:
    _, client, headers = app_for(n)
    return client.get("/api/v1/plans/bench/map?format=dot&on=2024-09-01", headers=headers).data


def main() -> None:
    print("Strategic map: GET /map?format=svg through the app vs bare Graphviz on the same DOT: "
          "Debian's `dot -Tsvg` and the in-process layout alone")
    print(f"  {'milestones':>10} {'bare dot':>10} {'bare wasm':>10} {'first':>10} {'÷ dot':>6} "
          f"{'÷ wasm':>7} {'cached':>9} {'speed-up':>9} {'analysis':>10}")
    for n in SIZES:
        r = measure(n)
        print(f"  {n:>10} {r['bare']:>8.1f}ms {r['wasm']:>8.1f}ms {r['first']:>8.1f}ms "
              f"{r['first'] / r['bare']:>5.2f}× {r['first'] / r['wasm']:>6.2f}× {r['cached']:>7.2f}ms "
              f"{r['bare'] / r['cached']:>8.0f}× {r['analysis']:>8.1f}ms")
    print("  targets: first ≤ 1.3× bare dot; cached ≥ 20× faster than bare dot; "
          "analysis (500) < 50 ms")
    graphviz_engines.main(dot_of_size)


if __name__ == "__main__":
    main()
