"""A worker's start and memory against the size of its store (issue 19), side by side in one run.

Builds SQLite stores of 5,000, 100,000 and 1,000,000 events (`BENCH_WORKER_SIZES`, comma
separated) in `benchmarks.history_scale`'s shape: plans of 500 milestones, and one big plan
whose status reports are spread over the whole log. Each store is then opened by a fresh
process the way gunicorn builds a worker (`create_app` with the store's URL: the fold of the
log, its check against the checkpoints, the map warm-up), three times; the medians are kept:

- ready: from the process's first line to `create_app` returned (imports excluded: they are
  the same for every store and are shown apart);
- first read: the big plan's milestone, through the app, right after;
- memory: the process's resident set (VmRSS) after that read;
- as of: then the big plan's state as of six past moments spread over the log (median);
- plan list: then `GET /api/v1/plans` (the start page's plans), once by the first worker on the
  store (the plan directory's table emptied before: every plan's entry made and kept, signed)
  and by the next ones (median: the entries read from the table and their signatures checked;
  with every plan held, from memory).

The stores are signed up to their end and the workers have the signing key, as deployed.

Both ways a worker can hold plans are measured on the same stores: every plan, folded at
start (the default), and plans on demand (`STRATEGIKARTA_PLANS_ON_DEMAND`, `service.plan_shelf`:
no fold at start; the first read folds the big plan from its own events).

Targets: ready at 100,000 and 1,000,000 events within 2× the 5,000-event figure (or under
3 s); memory at 1,000,000 at most +60 MB over the 5,000-event figure.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.history_scale import build
from service.application import Strategikarta
from service.config import DEFAULT_PLAN_BUDGET, SIGNING_KEY_FILE, persistence_env
from service.signed_note import SigningKey

SIZES = [int(n) for n in os.environ.get("BENCH_WORKER_SIZES", "5000,100000,1000000").split(",")]
SAMPLES = 3
START_TARGET, START_FLOOR, MEMORY_TARGET_MB = 2.0, 3.0, 60

WORKER = """
import json, sys, time
started = time.perf_counter()
from web import create_app
imported = time.perf_counter()
site = create_app({"DATABASE_URL": sys.argv[1],
                   "PLANS_ON_DEMAND": int(sys.argv[2]) if sys.argv[2] else None})
ready = time.perf_counter()
service = site.extensions["strategikarta"]
token = service.users.create_token("bench", actor="bench")
answer = site.test_client().get("/api/v1/plans/big/milestones/M250",
                                headers={"Authorization": f"Bearer {token}"})
assert answer.status_code == 200, answer.status_code
read = time.perf_counter()
rss = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmRSS:"))
import statistics
last = service.store.catch_up().position
as_of = []
for position in range(last // 7, last, last // 7):  # six past points, spread over the log
    (event,) = service.store.recorder.select_notifications(start=position, limit=1)
    moment = json.loads(event.state)["timestamp"]["_data_"]
    started_as_of = time.perf_counter()
    answer = site.test_client().get("/api/v1/plans/big/state", query_string={"as_of": moment},
                                    headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.status_code
    as_of.append(time.perf_counter() - started_as_of)
started_list = time.perf_counter()
answer = site.test_client().get("/api/v1/plans", headers={"Authorization": f"Bearer {token}"})
assert answer.status_code == 200 and len(answer.get_json()["items"]) > 1, answer.status_code
listed = time.perf_counter() - started_list
print(json.dumps({"imports": imported - started, "ready": ready - imported,
                  "first_read": read - ready, "rss_mb": rss / 1024,
                  "as_of": statistics.median(as_of), "plan_list": listed}))
"""


def start_worker(url: str, budget: int | None) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", WORKER, url, str(budget or "")],
                          capture_output=True, text=True, env=os.environ)
    if done.returncode:
        raise RuntimeError(f"the worker failed: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measured(url: str, budget: int | None) -> dict[str, float]:
    """The medians of SAMPLES fresh workers; the plan list also as the first worker ever shows
    it (the directory table emptied before), apart from the next workers' (which read it)."""
    empty_directory(url)
    samples = [start_worker(url, budget) for _ in range(SAMPLES)]
    result = {name: statistics.median(sample[name] for sample in samples) for name in samples[0]}
    result["first_plan_list"] = samples[0]["plan_list"]
    result["plan_list"] = statistics.median(sample["plan_list"] for sample in samples[1:])
    return result


def empty_directory(url: str) -> None:
    service = Strategikarta(persistence_env(url))
    service.store.directory_table.rebuild()
    service.close()


def main() -> None:
    modes = {"every plan": None, "plans on demand": DEFAULT_PLAN_BUDGET}
    results: dict[str, dict[int, dict[str, float]]] = {mode: {} for mode in modes}
    with tempfile.TemporaryDirectory() as directory:
        # As deployed: a signing key (the plan directory's rows are signed with it) and the
        # log signed up to its end, so a worker's watch has nothing large to do meanwhile.
        SigningKey.create().save_new(Path(directory) / "signing-key")
        os.environ[SIGNING_KEY_FILE] = str(Path(directory) / "signing-key")
        for size in SIZES:
            path = Path(directory) / f"store-{size}.sqlite"
            built = build(path, size, size // 20)
            built.checkpoints.make()
            built.close()
            for mode, budget in modes.items():
                results[mode][size] = measured(f"sqlite:///{path}", budget)
    imports = results["every plan"][SIZES[0]]["imports"]
    print(f"A worker's start against its store's size: SQLite file, history_scale's shape, "
          f"a fresh process each, median of {SAMPLES}; imports took {imports:.1f} s "
          "(the same for every store, not counted)")
    for mode, by_size in results.items():
        base = by_size[SIZES[0]]
        print(f" {mode} (STRATEGIKARTA_PLANS_ON_DEMAND={modes[mode] or 'off'}); ratios to "
              f"its {SIZES[0]}-event store")
        for size, r in by_size.items():
            ratio = r["ready"] / base["ready"]
            met = ratio <= START_TARGET or r["ready"] < START_FLOOR
            extra = r["rss_mb"] - base["rss_mb"]
            print(f"  {size:>9} events  ready {r['ready']:7.2f} s ({ratio:5.2f}×; target ≤ "
                  f"{START_TARGET:.0f}× or < {START_FLOOR:.0f} s: {'met' if met else 'NOT met'})"
                  f"  first read of the big plan {r['first_read'] * 1000:6.0f} ms  memory "
                  f"{r['rss_mb']:6.0f} MB (+{extra:.0f} MB; target ≤ +{MEMORY_TARGET_MB} MB: "
                  f"{'met' if extra <= MEMORY_TARGET_MB else 'NOT met'})  as of a past moment "
                  f"{r['as_of'] * 1000:5.0f} ms  plan list: first worker ever "
                  f"{r['first_plan_list'] * 1000:6.0f} ms, next workers "
                  f"{r['plan_list'] * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
