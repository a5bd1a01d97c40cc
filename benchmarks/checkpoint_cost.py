"""What signing the log costs writes (issue 18): status reports through the real server with
checkpoints on (a signing key; the watch's thread signing what is new and rehashing 4,096 older
events every INTERVAL seconds, the default 20) against the same server without a
key, in one run, on a SQLite file and on PostgreSQL. Target: the cost at most 10 %.

Requests per second swing ±20 % with what else the machine does; the servers' CPU time per
request (the watch's thread included: it runs in the workers) hardly does, so both are shown."""

import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks.harness import BIN, Load, cpu_seconds, free_port, running, wrk
from benchmarks.http_throughput import MILESTONES, WRITE, prepare_store
from benchmarks.live_server import temporary_pg_schema

SECONDS, ROUNDS = 8, 3
INTERVAL = 20  # seconds between the watch's rounds: the default
PATH = "/api/v1/plans/bench/milestones/M%d/status"


@contextmanager
def server(url: str, environment: dict[str, str]) -> Iterator[tuple[str, int]]:
    port = free_port()
    with running([str(BIN / "strategikarta"), "serve", "--port", str(port), "--workers", "2"],
                 {"STRATEGIKARTA_DATABASE_URL": url, **environment},
                 f"http://127.0.0.1:{port}/healthz") as process:
        yield f"http://127.0.0.1:{port}", process.pid


def measure(off_url: str, on_url: str,
            directory: Path) -> tuple[dict[str, list[Load]], dict[str, list[float]]]:
    """Two stores alike, one server each; rounds alternate so drift hits both alike."""
    key = directory / f"signing-key-{free_port()}"
    subprocess.run([str(BIN / "strategikarta"), "key", "create", str(key)], check=True,
                   capture_output=True)
    tokens = {"off": prepare_store(off_url), "on": prepare_store(on_url)}
    signing = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(key),
               "STRATEGIKARTA_CHECKPOINT_INTERVAL": str(INTERVAL)}
    results: dict[str, list[Load]] = {"off": [], "on": []}
    cpu: dict[str, list[float]] = {"off": [], "on": []}  # ms of server CPU a request
    with server(off_url, {}) as off, server(on_url, signing) as on:
        pids = {"off": off[1], "on": on[1]}
        before = {who: cpu_seconds(pid) for who, pid in pids.items()}
        for _ in range(ROUNDS):
            for who, (base, _pid) in (("off", off), ("on", on)):
                script = directory / f"{who}.lua"
                script.write_text(WRITE % {"token": tokens[who], "path": PATH, "n": MILESTONES})
                results[who].append(wrk(base, script, SECONDS))
        time.sleep(INTERVAL + 2)  # the watch signs the last writes: their cost counts too
        for who, pid in pids.items():
            requests = sum(load.requests_per_second * SECONDS for load in results[who])
            cpu[who].append((cpu_seconds(pid) - before[who]) * 1000 / max(requests, 1))
    return results, cpu


def show(backend: str, measured: tuple[dict[str, list[Load]], dict[str, list[float]]]) -> None:
    results, cpu = measured
    rate = {who: statistics.median(load.requests_per_second for load in loads)
            for who, loads in results.items()}
    ms = {who: statistics.median(values) for who, values in cpu.items()}
    errors = sum(load.errors for loads in results.values() for load in loads)
    print(f"  {backend:10}  checkpoints on {rate['on']:6.0f} req/s  off {rate['off']:6.0f} req/s  "
          f"cost {1 - rate['on'] / rate['off']:5.1%};  server CPU a request on {ms['on']:.2f} ms "
          f"off {ms['off']:.2f} ms  cost {ms['on'] / ms['off'] - 1:5.1%}  (target ≤ 10 %)  "
          f"non-2xx {errors}")


def main() -> None:
    print(f"Checkpoint cost on writes: status reports, gunicorn 2 sync workers, wrk -t2 -c16, "
          f"{ROUNDS}×{SECONDS} s each, {MILESTONES} milestones; 'on' signs and rehashes every "
          f"{INTERVAL} s; server CPU over the whole run, the last signing included")
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        directory = Path(name)
        show("SQLite", measure(f"sqlite:///{directory / 'off.sqlite'}",
                               f"sqlite:///{directory / 'on.sqlite'}", directory))
        show("PostgreSQL", measure(stack.enter_context(temporary_pg_schema()),
                                   stack.enter_context(temporary_pg_schema()), directory))


if __name__ == "__main__":
    main()
