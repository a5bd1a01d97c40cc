"""Status reports per second through the real server (gunicorn, 2 workers, SQLite file)
against bare Flask + SQLite doing one committed INSERT per request, in the same run.

Target (issue 3): at least 50 % of the bare baseline.
"""

import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks.bare_baseline import create_table
from benchmarks.harness import BIN, Load, free_port, running, wrk
from service.application import Strategikarta
from service.config import persistence_env

MILESTONES = 200
SECONDS = 8
ROUNDS = 2

LUA = """
math.randomseed(os.time())
local n = %(n)d
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.body = '{"status": "on_track", "comment": "Enligt plan", "reported_for": "2024-04-30"}'
request = function()
  return wrk.format(nil, string.format("%(prefix)s", math.random(0, n - 1)))
end
"""


def prepare_store(path: Path) -> str:
    """A plan of MILESTONES milestones and a planner's token, in a fresh SQLite file."""
    url = f"sqlite:///{path}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    app = Strategikarta(persistence_env(url))
    focus = [{"key": f"fa{i}", "name": f"Område {i}", "description": ""} for i in range(7)]
    milestones = [{"key": f"M{i}", "title": f"Milstolpe {i}", "focus_area": f"fa{i % 7}",
                   "target_year": 2022 + i % 4, "kind": "change",
                   "requires": [f"M{i - 1}"] if i % 3 else []} for i in range(MILESTONES)]
    app.import_plan({"key": "bench", "title": "Benchmark", "owner": "HSN", "start_year": 2022,
                     "end_year": 2025, "focus_areas": focus, "milestones": milestones},
                    actor="bench")
    app.add_user("bench", "planner", "benchmark-password", actor="bench")
    token = app.create_token("bench", actor="bench")
    app.close()
    return token


def measure(directory: Path) -> tuple[list[Load], list[Load]]:
    token = prepare_store(directory / "store.sqlite")
    bare_path = directory / "bare.sqlite"
    create_table(str(bare_path))
    ours_port, bare_port = free_port(), free_port()
    ours_script, bare_script = directory / "ours.lua", directory / "bare.lua"
    ours_script.write_text(LUA % {"n": MILESTONES, "token": token,
                                  "prefix": "/api/v1/plans/bench/milestones/M%d/status"})
    bare_script.write_text(LUA % {"n": MILESTONES, "token": token, "prefix": "/report/M%d"})
    ours_env = {"STRATEGIKARTA_DATABASE_URL": f"sqlite:///{directory / 'store.sqlite'}"}
    bare_env = {"BARE_SQLITE_PATH": str(bare_path)}
    ours_cmd = [str(BIN / "strategikarta"), "serve", "--port", str(ours_port), "--workers", "2"]
    # Same server settings as `strategikarta serve`: 2 sync workers, access log on.
    bare_cmd = [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{bare_port}",
                "--access-logfile", "-", "benchmarks.bare_baseline:app"]
    ours, bare = [], []
    with running(ours_cmd, ours_env, f"http://127.0.0.1:{ours_port}/healthz"), \
            running(bare_cmd, bare_env, f"http://127.0.0.1:{bare_port}/report/x"):
        for _ in range(ROUNDS):  # alternate, so drift on the machine hits both alike
            bare.append(wrk(f"http://127.0.0.1:{bare_port}", bare_script, SECONDS))
            ours.append(wrk(f"http://127.0.0.1:{ours_port}", ours_script, SECONDS))
    stored = json.loads(subprocess.run(
        [str(BIN / "python"), "-c", "import sqlite3,sys,json; print(json.dumps(sqlite3.connect("
         f"'{directory / 'store.sqlite'}').execute('select count(*) from stored_events')"
         ".fetchone()[0]))"], capture_output=True, text=True, check=True).stdout)
    print(f"  events in the store afterwards: {stored}")
    return ours, bare


def main() -> None:
    print(f"Status reports through HTTP, SQLite file, gunicorn 2 sync workers, wrk -t2 -c16, "
          f"{ROUNDS}×{SECONDS}s each, {MILESTONES} milestones")
    with tempfile.TemporaryDirectory() as directory:
        ours, bare = measure(Path(directory))
    ours_rate = statistics.median(load.requests_per_second for load in ours)
    bare_rate = statistics.median(load.requests_per_second for load in bare)
    print(f"  bare Flask + SQLite INSERT: {bare_rate:8.0f} req/s  p99 "
          f"{max(load.p99_ms for load in bare):6.1f} ms  errors {sum(load.errors for load in bare)}")
    print(f"  Strategikarta status POST:  {ours_rate:8.0f} req/s  p99 "
          f"{max(load.p99_ms for load in ours):6.1f} ms  errors {sum(load.errors for load in ours)}")
    print(f"  ratio: {ours_rate / bare_rate:.0%} of bare (target ≥ 50%)")


if __name__ == "__main__":
    main()
