"""The public site's plan page through the real server (gunicorn, 2 sync workers, a SQLite
file, the demo's four years told and its plan published: four revisions, 42 milestones):
served again from the kept page (200 with the body, as is and gzipped as browsers ask for
it) and answered with a 304 (`If-None-Match`), side by side with bare Flask + one SELECT on
the same kind of database (`benchmarks.bare_baseline`), in one run. Target: a cached public
page ≥ 1,000 req/s."""

import statistics
import tempfile
from pathlib import Path

import requests

from benchmarks.bare_baseline import create_table
from benchmarks.harness import BIN, Load, cpu_seconds, free_port, running, wrk
from benchmarks.live_server import DEMO_PLAN, prepare_store, serving
from service.application import Strategikarta
from service.config import persistence_env
from service.demo_story import tell_demo_story

SECONDS, ROUNDS, TARGET = 8, 2, 1000
PAGE = f"/public/plans/{DEMO_PLAN}"
GET = """%(headers)srequest = function()
  return wrk.format("GET", "%(path)s")
end
"""


def demo_published(url: str) -> None:
    """`strategikarta demo` (the story with its revisions and decided rounds), then published."""
    prepare_store(url, planners=0, demo=False)
    service = Strategikarta(persistence_env(url))
    try:
        tell_demo_story(service)
        service.publication.set(DEMO_PLAN, True, actor="bench")
    finally:
        service.close()


def script(directory: Path, name: str, path: str, **headers: str) -> Path:
    lines = "".join(f'wrk.headers["{name.replace("_", "-")}"] = \'{value}\'\n'
                    for name, value in headers.items())
    written = directory / f"{name}.lua"
    written.write_text(GET % {"headers": lines, "path": path})
    return written


def measure(directory: Path) -> tuple[dict[str, list[Load]], dict[str, list[float]], int]:
    """req/s of each kind of request, and the servers' CPU milliseconds per request."""
    url = f"sqlite:///{directory / 'store.sqlite'}"
    demo_published(url)
    bare_db = str(directory / "bare.sqlite")
    create_table(bare_db, ["M0"])
    bare_port = free_port()
    loads: dict[str, list[Load]] = {"page": [], "gzip": [], "304": [], "bare": []}
    cpu: dict[str, list[float]] = {kind: [] for kind in loads}
    with serving(url, directory / "server.log") as server, \
            running([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{bare_port}",
                     "--access-logfile", "-", "benchmarks.bare_baseline:app"],
                    {"BARE_DATABASE_URL": bare_db},
                    f"http://127.0.0.1:{bare_port}/milestone/M0") as bare:
        first = requests.get(server.base + PAGE, headers={"Accept-Encoding": "identity"},
                             timeout=120)
        first.raise_for_status()
        pids = {"page": server.process.pid, "gzip": server.process.pid,
                "304": server.process.pid, "bare": bare.pid}
        scripts = {"page": (server.base, script(directory, "page", PAGE)),
                   "gzip": (server.base, script(directory, "gzip", PAGE,
                                                Accept_Encoding="gzip, deflate, br")),
                   "304": (server.base, script(directory, "304", PAGE,
                                               If_None_Match=first.headers["ETag"])),
                   "bare": (f"http://127.0.0.1:{bare_port}",
                            script(directory, "bare", "/milestone/M0"))}
        for base, path in scripts.values():  # every worker makes its page once, before timing
            wrk(base, path, 2)
        for _ in range(ROUNDS):  # alternate, so drift on the machine hits all alike
            for kind, (base, path) in scripts.items():
                before = cpu_seconds(pids[kind])
                load = wrk(base, path, SECONDS)
                loads[kind].append(load)
                cpu[kind].append((cpu_seconds(pids[kind]) - before) * 1000
                                 / (load.requests_per_second * SECONDS))
    return loads, cpu, len(first.content)


def main() -> None:
    print(f"Public site, gunicorn 2 sync workers each, wrk -t2 -c16, {ROUNDS}×{SECONDS} s, "
          f"SQLite file, the demo plan published: {PAGE}")
    with tempfile.TemporaryDirectory() as name:
        loads, cpu, size = measure(Path(name))
    rate = {kind: statistics.median(load.requests_per_second for load in runs)
            for kind, runs in loads.items()}
    p99 = {kind: max(load.p99_ms for load in runs) for kind, runs in loads.items()}
    errors = {kind: sum(load.errors for load in runs) for kind, runs in loads.items()}
    spent = {kind: statistics.median(runs) for kind, runs in cpu.items()}
    print(f"  bare Flask + one SELECT   {rate['bare']:6.0f} req/s (p99 {p99['bare']:5.1f} ms), "
          f"server CPU {spent['bare']:.2f} ms a request")
    for kind, label in (("page", f"kept page, 200 ({size // 1024} KiB)"),
                        ("gzip", "the same, gzipped"), ("304", "If-None-Match, 304")):
        print(f"  {label:<25} {rate[kind]:6.0f} req/s (p99 {p99[kind]:5.1f} ms), "
              f"server CPU {spent[kind]:.2f} ms a request; ratio {rate[kind] / rate['bare']:4.0%} "
              f"(CPU {spent['bare'] / spent[kind]:4.0%}); non-2xx/3xx {errors[kind]}; "
              f"{'meets' if rate[kind] >= TARGET else 'MISSES'} the target of ≥ {TARGET:,} req/s")
    print("  (server CPU a request: the workers' user and system time over the requests served,\n"
          "   which other load on the machine does not change as it changes req/s)")


if __name__ == "__main__":
    main()
