"""What signing the log costs writes (issue 18): status reports through the real server with
checkpoints on (a signing key, the watch's thread signing and rehashing every second instead of
every 20 s, the worst an operator could choose) against the same server without a key, in one
run, on a SQLite file and on PostgreSQL. Target: the cost at most 10 %."""

import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks.harness import BIN, Load, free_port, running, wrk
from benchmarks.http_throughput import MILESTONES, WRITE, prepare_store
from benchmarks.live_server import temporary_pg_schema

SECONDS, ROUNDS = 8, 3
PATH = "/api/v1/plans/bench/milestones/M%d/status"


@contextmanager
def server(url: str, environment: dict[str, str]) -> Iterator[str]:
    port = free_port()
    with running([str(BIN / "strategikarta"), "serve", "--port", str(port), "--workers", "2"],
                 {"STRATEGIKARTA_DATABASE_URL": url, **environment},
                 f"http://127.0.0.1:{port}/healthz"):
        yield f"http://127.0.0.1:{port}"


def measure(off_url: str, on_url: str, directory: Path) -> dict[str, list[Load]]:
    """Two stores alike, one server each; rounds alternate so drift hits both alike."""
    key = directory / f"signing-key-{free_port()}"
    subprocess.run([str(BIN / "strategikarta"), "key", "create", str(key)], check=True,
                   capture_output=True)
    tokens = {"off": prepare_store(off_url), "on": prepare_store(on_url)}
    signing = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(key),
               "STRATEGIKARTA_CHECKPOINT_INTERVAL": "1"}
    results: dict[str, list[Load]] = {"off": [], "on": []}
    with server(off_url, {}) as off, server(on_url, signing) as on:
        for _ in range(ROUNDS):
            for who, base in (("off", off), ("on", on)):
                script = directory / f"{who}.lua"
                script.write_text(WRITE % {"token": tokens[who], "path": PATH, "n": MILESTONES})
                results[who].append(wrk(base, script, SECONDS))
    return results


def show(backend: str, results: dict[str, list[Load]]) -> None:
    rate = {who: statistics.median(load.requests_per_second for load in loads)
            for who, loads in results.items()}
    errors = sum(load.errors for loads in results.values() for load in loads)
    print(f"  {backend:10}  checkpoints on {rate['on']:6.0f} req/s  off {rate['off']:6.0f} req/s  "
          f"cost {1 - rate['on'] / rate['off']:5.1%}  (target ≤ 10 %)  non-2xx {errors}")


def main() -> None:
    print(f"Checkpoint cost on writes: status reports, gunicorn 2 sync workers, wrk -t2 -c16, "
          f"{ROUNDS}×{SECONDS} s each, {MILESTONES} milestones; 'on' signs and rehashes every 1 s")
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        directory = Path(name)
        show("SQLite", measure(f"sqlite:///{directory / 'off.sqlite'}",
                               f"sqlite:///{directory / 'on.sqlite'}", directory))
        show("PostgreSQL", measure(stack.enter_context(temporary_pg_schema()),
                                   stack.enter_context(temporary_pg_schema()), directory))


if __name__ == "__main__":
    main()
