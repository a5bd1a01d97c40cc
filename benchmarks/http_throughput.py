"""HTTP throughput of the real server (gunicorn, 2 sync workers) against bare Flask on the same
database, in one run, on a SQLite file and on PostgreSQL: writes (a status report against one
committed INSERT) and reads (a milestone against one SELECT). Target for writes: ≥ 50 %."""

import statistics
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks.bare_baseline import create_table
from benchmarks.harness import BIN, Load, free_port, running, wrk
from benchmarks.live_server import temporary_pg_schema
from service.application import Strategikarta
from service.config import persistence_env

MILESTONES, SECONDS, ROUNDS = 200, 8, 2
# Each wrk thread runs the script in a Lua state of its own, and both were seeded in the same
# second: they asked for the same milestones in the same order, so a report came with a twin for
# the same milestone at about the same moment, which the two workers then wrote at once. Spread
# over 200 milestones means at random: each thread gets a seed of its own.
HEADERS = """wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
local threads = 0
function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end
function init(args)
  math.randomseed(os.time() * 100 + number)
end
"""
WRITE = HEADERS + """wrk.method = "POST"
wrk.body = '{"status": "on_track", "comment": "Enligt plan", "reported_for": "2024-04-30"}'
request = function()
  return wrk.format(nil, string.format("%(path)s", math.random(0, %(n)d - 1)))
end
"""
READ = HEADERS + """request = function()
  return wrk.format("GET", string.format("%(path)s", math.random(0, %(n)d - 1)))
end
"""
OURS = {"write": "/api/v1/plans/bench/milestones/M%d/status",
        "read": "/api/v1/plans/bench/milestones/M%d"}
BARE = {"write": "/report/M%d", "read": "/milestone/M%d"}


def prepare_store(url: str) -> str:
    """A plan of MILESTONES milestones and a planner's token."""
    Strategikarta(persistence_env(url, create_tables=True)).close()
    app = Strategikarta(persistence_env(url))
    focus = [{"key": f"fa{i}", "name": f"Område {i}", "description": ""} for i in range(7)]
    milestones = [{"key": f"M{i}", "title": f"Milstolpe {i}", "focus_area": f"fa{i % 7}",
                   "target_year": 2022 + i % 4, "kind": "change",
                   "requires": [f"M{i - 1}"] if i % 3 else []} for i in range(MILESTONES)]
    app.documents.import_plan({"key": "bench", "title": "Benchmark", "owner": "HSN", "start_year": 2022,
                     "end_year": 2025, "focus_areas": focus, "milestones": milestones},
                    actor="bench")
    app.users.add("bench", "planner", "benchmark-password", actor="bench")
    token = app.users.create_token("bench", actor="bench")
    app.close()
    return token


@contextmanager
def servers(ours_url: str, bare_url: str) -> Iterator[tuple[str, str]]:
    """Ours and the bare baseline, both gunicorn with 2 sync workers and an access log."""
    ours_port, bare_port = free_port(), free_port()
    with running([str(BIN / "strategikarta"), "serve", "--port", str(ours_port), "--workers", "2"],
                 {"STRATEGIKARTA_DATABASE_URL": ours_url},
                 f"http://127.0.0.1:{ours_port}/healthz"), \
            running([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{bare_port}",
                     "--access-logfile", "-", "benchmarks.bare_baseline:app"],
                    {"BARE_DATABASE_URL": bare_url}, f"http://127.0.0.1:{bare_port}/milestone/x"):
        yield f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{bare_port}"


def measure(ours_url: str, bare_url: str, directory: Path) -> dict[str, dict[str, list[Load]]]:
    token = prepare_store(ours_url)
    create_table(bare_url, [f"M{i}" for i in range(MILESTONES)])
    results: dict[str, dict[str, list[Load]]] = {k: {"ours": [], "bare": []} for k in OURS}
    with servers(ours_url, bare_url) as (ours, bare):
        for _ in range(ROUNDS):  # alternate, so drift on the machine hits both alike
            for kind, template in (("write", WRITE), ("read", READ)):
                for who, base, paths in (("bare", bare, BARE), ("ours", ours, OURS)):
                    script = directory / f"{who}-{kind}.lua"
                    script.write_text(template % {"token": token, "path": paths[kind],
                                                  "n": MILESTONES})
                    results[kind][who].append(wrk(base, script, SECONDS))
    return results


def show(backend: str, results: dict[str, dict[str, list[Load]]]) -> None:
    for kind, loads in results.items():
        rate = {who: statistics.median(load.requests_per_second for load in runs)
                for who, runs in loads.items()}
        p99 = {who: max(load.p99_ms for load in runs) for who, runs in loads.items()}
        errors = sum(load.errors for runs in loads.values() for load in runs)
        print(f"  {backend:10} {kind:5}  ours {rate['ours']:6.0f} req/s (p99 {p99['ours']:5.1f} ms)  "
              f"bare {rate['bare']:6.0f} req/s (p99 {p99['bare']:5.1f} ms)  "
              f"ratio {rate['ours'] / rate['bare']:4.0%}  non-2xx {errors}")


def main() -> None:
    print(f"HTTP throughput, gunicorn 2 sync workers each, wrk -t2 -c16, {ROUNDS}×{SECONDS} s, "
          f"{MILESTONES} milestones; writes: status report vs one INSERT, reads: milestone vs one SELECT")
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        directory = Path(name)
        show("SQLite", measure(f"sqlite:///{directory / 'store.sqlite'}",
                               str(directory / "bare.sqlite"), directory))
        ours_url = stack.enter_context(temporary_pg_schema())
        bare_url = stack.enter_context(temporary_pg_schema())
        show("PostgreSQL", measure(ours_url, bare_url, directory))


if __name__ == "__main__":
    main()
