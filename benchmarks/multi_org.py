"""Many organisations in one PostgreSQL database, one schema each (issue 19, docs/scale.md).

BENCH_ORGS organisations (default 300), each a schema of its own in one fresh database on the
local PostgreSQL, filled through the real application (`benchmarks.multi_org_build`): `db init`,
three users, a generated plan of 200 milestones, status reports up to BENCH_ORG_EVENTS events
(default 2,000), its own Ed25519 key and checkpoints. Measured: build time, disk and catalogue
per organisation; one store opened and folded by a fresh process, and every store held by one
process (`benchmarks.multi_org_probe`, stopped at BENCH_RSS_LIMIT_MB and extrapolated); the
first checkpoint, the log watch's rounds and `verify` per organisation; what a PostgreSQL
connection keeps once it has served every schema. Every organisation is checked to see only
its own plan, users, log and key. One process at a time; the database, and with it every
schema, is dropped at the end, also on failure or SIGTERM.
"""

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg

from benchmarks.live_server import PG_ADMIN_URL
from benchmarks.multi_org_build import MILESTONES, PLAN, ROUNDS, Org, build, check_isolated, schema_of

ORGS = int(os.environ.get("BENCH_ORGS", "300"))
ORG_EVENTS = int(os.environ.get("BENCH_ORG_EVENTS", "2000"))
SAMPLES = 5  # fresh processes, each opening one store
MB = 1024 * 1024
ORG_SCHEMAS = r"n.nspname LIKE 'org\_%'"


@contextmanager
def scratch_database() -> Iterator[str]:
    """A fresh database of the local PostgreSQL; dropped afterwards, with every schema in it."""
    name = "bench_orgs_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_ADMIN_URL + "postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(PG_ADMIN_URL + "postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def stop_on_sigterm() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(f"stopped by signal {signum}")
    signal.signal(signal.SIGTERM, stop)


def one_value(connection: psycopg.Connection[Any], sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None
    return row[0]


def catalogue(connection: psycopg.Connection[Any]) -> tuple[int, int, int]:
    """Rows of pg_class, and the bytes of pg_class and of every catalogue table."""
    return (one_value(connection, "SELECT count(*) FROM pg_class"),
            one_value(connection, "SELECT pg_total_relation_size('pg_catalog.pg_class')"),
            one_value(connection, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                  "WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'"))


def disk(connection: psycopg.Connection[Any]) -> tuple[list[int], dict[str, float], list[int]]:
    """Bytes of each organisation's tables (indexes and TOAST included), the mean of each table,
    and the relations each schema holds."""
    rows = connection.execute(
        "SELECT n.nspname, c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
        f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND {ORG_SCHEMAS}"
    ).fetchall()
    per_schema: dict[str, int] = {}
    per_table: dict[str, list[int]] = {}
    for schema, table, size in rows:
        per_schema[schema] = per_schema.get(schema, 0) + size
        per_table.setdefault(table, []).append(size)
    relations = [count for (count,) in connection.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE {ORG_SCHEMAS} GROUP BY n.nspname").fetchall()]
    return (list(per_schema.values()), {t: statistics.mean(s) for t, s in per_table.items()},
            relations)


def backend_memory(connection: psycopg.Connection[Any]) -> int:
    return int(one_value(connection, "SELECT sum(total_bytes) FROM pg_backend_memory_contexts"))


def touch(connection: psycopg.Connection[Any], schema: str) -> None:
    """The queries a worker's catch-up and log watch make of a store, on this connection."""
    for sql in (
        "SELECT * FROM {s}.strategikarta_events WHERE notification_id > 0 "
        "ORDER BY notification_id LIMIT 100",
        "SELECT max(notification_id) FROM {s}.strategikarta_events",
        "SELECT * FROM {s}.strategikarta_snapshots WHERE originator_id = "
        "'00000000-0000-0000-0000-000000000000' ORDER BY originator_version DESC LIMIT 1",
        "SELECT * FROM {s}.strategikarta_checkpoints ORDER BY size DESC LIMIT 1",
        "SELECT * FROM {s}.strategikarta_log_tree WHERE level = 0 AND idx = 0",
        "SELECT * FROM {s}.strategikarta_log_notice",
    ):
        connection.execute(sql.format(s=schema)).fetchall()


def probe(mode: str, urls: Sequence[str]) -> list[dict[str, Any]]:
    """Run `benchmarks.multi_org_probe` in a fresh process; its JSON lines."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.multi_org_probe", mode],
                          input="\n".join(urls), capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def spread(values: Sequence[float]) -> str:
    """Median, and the range over every organisation."""
    return f"{ms(median(values))} (min {ms(min(values))}, max {ms(max(values))})"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}), "
            f"{memory:,} MB RAM; Python {platform.python_version()}; load average "
            f"{os.getloadavg()[0]:.1f}")


def main() -> None:
    stop_on_sigterm()
    print(f"Many organisations in one PostgreSQL database, a schema each: {ORGS} organisations "
          f"× {ORG_EVENTS:,} events (3 users, a generated plan of {MILESTONES} milestones, "
          "status reports), each with its own key and checkpoints")
    print(f"  run: {machine()}")
    with scratch_database() as database, tempfile.TemporaryDirectory() as keys:
        run(database, Path(keys))
    print(f"  end: {machine()}; the database and its {ORGS} schemas dropped")


def run(database: str, keys: Path) -> None:
    admin = PG_ADMIN_URL + database
    orgs = [Org(i, f"{admin}?schema={schema_of(i)}", keys / f"{schema_of(i)}.key", ORG_EVENTS)
            for i in range(ORGS)]
    with psycopg.connect(admin, autocommit=True) as connection:
        print(f"  {one_value(connection, 'SELECT version()').split(' on ')[0]}, "
              f"shared_buffers {one_value(connection, 'SHOW shared_buffers')}")
        empty_size = one_value(connection, "SELECT pg_database_size(current_database())")
        empty_catalogue = catalogue(connection)
    started = time.perf_counter()
    for done, org in enumerate(orgs, 1):
        build(org, admin)
        if done % max(1, ORGS // 10) == 0:
            print(f"    built {done}/{ORGS} ({time.perf_counter() - started:,.0f} s)",
                  file=sys.stderr, flush=True)
    built = time.perf_counter() - started
    show_build(orgs, built)
    with psycopg.connect(admin, autocommit=True) as connection:  # fresh: no schema seen yet
        show_backend(connection, orgs)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("CHECKPOINT")
        show_disk(connection, empty_size, empty_catalogue)
    for org in orgs:
        check_isolated(org, orgs[(org.index + 1) % ORGS])
    show_folds(orgs)
    print(f"  isolation: each of the {ORGS} organisations' applications saw only its own plan "
          f"(the same key '{PLAN}' in every schema, its own title and dependencies), "
          f"its own 3 users (not the next one's), its own log of {ORG_EVENTS:,} events from "
          "position 1, and checkpoints that verify with its own key and not with the next "
          "organisation's: passed")


def show_build(orgs: Sequence[Org], built: float) -> None:
    early = sum(o.rounds_passed_early for o in orgs)
    print(f"  build (db init, users, plan import, reports; through the application): "
          f"{spread([o.build for o in orgs])} per organisation; all {len(orgs)}: "
          f"{built / 60:,.1f} min with the checks below")
    print(f"  first checkpoint (tree of {ORG_EVENTS - 1:,} leaves grown and signed): "
          f"{spread([o.checkpoint for o in orgs])}")
    print(f"  log watch round: one new event signed + a slice rehashed "
          f"{spread([o.round_new for o in orgs])}; nothing new (rehash and prove) "
          f"{spread([o.round_idle for o in orgs])}, of which this process's CPU "
          f"{ms(median([o.round_idle_cpu for o in orgs]))}; lock held elsewhere (try, pass) "
          f"{spread([o.round_passed for o in orgs])}; rounds that found the lock still held by the "
          f"previous round's closed connection (and passed): {early} of "
          f"{early + (1 + ROUNDS) * len(orgs)}")
    print(f"  verify ({ORG_EVENTS:,} events, signatures, snapshots): "
          f"{spread([o.verify for o in orgs])}")


def show_disk(connection: psycopg.Connection[Any], empty_size: int,
              empty_catalogue: tuple[int, int, int]) -> None:
    sizes, tables, relations = disk(connection)
    total = one_value(connection, "SELECT pg_database_size(current_database())")
    rows, pg_class, every = catalogue(connection)
    count = len(sizes)
    print(f"  disk per organisation: {median(sizes) / MB:.2f} MB median "
          f"({min(sizes) / MB:.2f}–{max(sizes) / MB:.2f}); of which "
          + ", ".join(f"{t.removeprefix('strategikarta_')} {s / MB:.2f} MB"
                      for t, s in sorted(tables.items(), key=lambda item: -item[1])))
    print(f"  disk in all: the {count} schemas {sum(sizes) / MB:,.1f} MB; pg_database_size "
          f"{total / MB:,.1f} MB (empty database {empty_size / MB:.1f} MB): "
          f"{(total - empty_size) / count / MB:.2f} MB per organisation")
    print(f"  catalogue: {median(relations):.0f} relations in each schema (5 tables, their "
          f"indexes, a sequence, a type), {(rows - empty_catalogue[0]) / count:.0f} pg_class rows "
          f"per organisation with TOAST; pg_class {rows:,} rows ({empty_catalogue[0]:,} empty), "
          f"{pg_class / MB:.1f} MB ({empty_catalogue[1] / MB:.1f}); every catalogue table "
          f"{every / MB:.1f} MB ({empty_catalogue[2] / MB:.1f}): "
          f"{(every - empty_catalogue[2]) / count / 1024:.0f} KB per organisation")


def show_backend(connection: psycopg.Connection[Any], orgs: Sequence[Org]) -> None:
    """What one PostgreSQL connection keeps in its caches once it has served every schema."""
    fresh = backend_memory(connection)
    touch(connection, orgs[0].schema)
    one = backend_memory(connection)
    for org in orgs[1:]:
        touch(connection, org.schema)
    every = backend_memory(connection)
    print(f"  a PostgreSQL connection's memory (pg_backend_memory_contexts): {fresh / MB:.1f} MB "
          f"fresh, {one / MB:.1f} MB after one schema's queries, {every / MB:.1f} MB after "
          f"every schema's ({(every - one) / max(1, len(orgs) - 1) / 1024:.0f} KB per schema)")


def show_folds(orgs: Sequence[Org]) -> None:
    samples = [probe("one", [orgs[i * len(orgs) // SAMPLES].url])[0]
               for i in range(min(SAMPLES, len(orgs)))]
    print(f"  open + fold one organisation's store in a fresh process (median of "
          f"{len(samples)}): open {ms(median([s['open_s'] for s in samples]))}, fold "
          f"{ms(median([s['fold_s'] for s in samples]))}; RSS "
          f"{median([s['rss_mb'] for s in samples]):.0f} MB, "
          f"+{median([s['rss_mb'] - s['baseline_mb'] for s in samples]):.1f} MB over the "
          f"process with the app imported ({median([s['baseline_mb'] for s in samples]):.0f} "
          f"MB); it holds {samples[0]['connections']} connections and "
          f"{samples[0]['threads']} more threads")
    print(f"  open + fold again in the building process, every organisation: "
          f"{spread([o.fold for o in orgs])}")
    lines = probe("all", [org.url for org in orgs])
    for line in lines:
        if "rss_mb" in line:
            print(f"    one process holding {line['orgs']} stores ({line['orgs'] * ORG_EVENTS:,} "
                  f"events over {line['positions']:,} log positions): "
                  f"RSS {line['rss_mb']:,.0f} MB after {line['elapsed_s']:,.1f} s")
    last = [line for line in lines if "rss_mb" in line][-1]
    per_org = (last["rss_mb"] - last["baseline_mb"]) / last["orgs"]
    stopped = any(line.get("stopped") for line in lines)
    print(f"  one process holding every store (pools closed after each fold): "
          f"{last['orgs']} of {len(orgs)} stores{' (stopped at the RSS limit)' if stopped else ''}"
          f", RSS {last['rss_mb']:,.0f} MB, {per_org:.2f} MB per store over its "
          f"{last['baseline_mb']:.0f} MB start; {last['elapsed_s'] / last['orgs']:.2f} s per "
          f"store; so {len(orgs)} stores ≈ {last['baseline_mb'] + per_org * len(orgs):,.0f} MB "
          f"and 311 ≈ {last['baseline_mb'] + per_org * 311:,.0f} MB in each worker")


if __name__ == "__main__":
    main()
