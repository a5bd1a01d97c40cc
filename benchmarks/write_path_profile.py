"""Where a status report's time goes (issue 19), in one process, repeatably.

Two apps ("workers") on one fresh PostgreSQL schema take status POSTs through Flask's test
client by turns, on `http_throughput`'s plan of 200 milestones with a fixed random seed. A
worker's token check catches up with the log every 0.1 s under load, about every 12 of its
requests; here that catch-up is made explicit (every `BENCH_CATCH_UP_EVERY` requests), so a
run does the same work however slow the machine or the profiler is. Every milestone is
written through both apps first, so each has every milestone cached.

Prints CPU time per POST and the statements sent per POST. With `BENCH_PROFILE=file`, the
measured POSTs are profiled (cProfile) into that file. For instruction counts, which do not
move with the machine's load, run it under callgrind with `BENCH_CALLGRIND=1` and
`PYTHONHASHSEED=0`: the count is collected over the measured POSTs only,

    PYTHONHASHSEED=0 BENCH_CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no \\
        python -m benchmarks.write_path_profile 150

and `Collected` divided by 2 × 150 is the instructions a POST (client side; PostgreSQL apart).
"""

import cProfile
import os
import random
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import psycopg

import service.users
from benchmarks.http_throughput import MILESTONES, prepare_store
from benchmarks.live_server import temporary_pg_schema
from web import create_app

BODY = b'{"status": "on_track", "comment": "Enligt plan", "reported_for": "2024-04-30"}'
CATCH_UP_EVERY = int(os.environ.get("BENCH_CATCH_UP_EVERY", "12"))
statements: Counter[str] = Counter()
counting = [False]


def count_statements() -> None:
    execute = psycopg.Cursor.execute

    def counted(cursor: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if counting[0]:
            text = query.decode() if isinstance(query, bytes) else str(query)
            statements[" ".join(text.split())[:70]] += 1
        return execute(cursor, query, params, **kwargs)

    psycopg.Cursor.execute = counted  # type: ignore[method-assign, assignment]


def callgrind(switch: str) -> None:
    if os.environ.get("BENCH_CALLGRIND"):
        subprocess.run(["callgrind_control", "-i", switch, str(os.getpid())], check=True,
                       capture_output=True)


def main(turns: int) -> None:
    service.users.TOKEN_STALENESS = float("inf")  # catch-ups come from the loop below
    with temporary_pg_schema() as url:
        token = prepare_store(url)
        apps = [create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}) for _ in range(2)]
        clients = [app.test_client() for app in apps]
        stores = [app.extensions["strategikarta"].store for app in apps]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def post(worker: int, key: int) -> None:
            response = clients[worker].post(f"/api/v1/plans/bench/milestones/M{key}/status",
                                            data=BODY, headers=headers)
            assert response.status_code == 201, response.get_data(as_text=True)

        for key in range(MILESTONES):
            post(0, key)
            post(1, key)
        for store in stores:
            store.catch_up()
        choose = random.Random(19)
        profile_file = os.environ.get("BENCH_PROFILE")
        profile = cProfile.Profile() if profile_file else None
        count_statements()
        counting[0] = True
        callgrind("on")
        if profile:
            profile.enable()
        started = time.process_time()
        for turn in range(turns):
            for worker in (0, 1):
                post(worker, choose.randrange(MILESTONES))
                if turn % CATCH_UP_EVERY == CATCH_UP_EVERY - 1:
                    stores[worker].catch_up()
        spent = time.process_time() - started
        if profile:
            profile.disable()
            profile.dump_stats(str(profile_file))
        callgrind("off")
        counting[0] = False
    posts = 2 * turns
    print(f"{posts} status POSTs through 2 in-process apps, catch-up every {CATCH_UP_EVERY}: "
          f"{spent / posts * 1e3:.3f} ms CPU a POST")
    for statement, count in statements.most_common():
        print(f"  {count / posts:6.3f} a POST  {statement}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
