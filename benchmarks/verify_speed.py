"""`verify` speed in events/s against reading the same events raw, in one run (issues 5, 18).

The store is a SQLite file with generated plans (BENCH_VERIFY_EVENTS events, default 25,000;
1,000,000 for the issue's figure), signed by a checkpoint, so `verify` does all it does on a
real store: SQLite's own check, the tree recomputed against the checkpoint, the digest chains
and seals, and every snapshot checked by the digest the checkpoint signed (`verify
--all-snapshots`, timed too, folds them from their events). The target: verify within 2× the
raw read. Each is timed three times, the best kept, after the heap built for the store is frozen
(the garbage collector walking it is no part of either).
"""

import gc
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.map_rendering import generated_plan
from service.application import Strategikarta
from service.config import persistence_env
from service.log_check import LogCheck
from service.signed_note import SigningKey
from service.signed_snapshots import NONE_SIGNED, read_signatures
from service.snapshot_check import SnapshotCheck

EVENTS = int(os.environ.get("BENCH_VERIFY_EVENTS", "25000"))
MILESTONES = 500
EVENTS_PER_PLAN = 1250  # about, for a generated plan of 500 milestones
TARGET = 2.0


def build_store(path: Path, plans: int = max(1, EVENTS // EVENTS_PER_PLAN)) -> Strategikarta:
    url = f"sqlite:///{path}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    for index in range(plans):
        document = generated_plan(MILESTONES, seed=index)
        service.documents.import_plan({**document, "key": f"plan-{index}"}, actor="bench")
    return service


def sign(service: Strategikarta, directory: Path) -> None:
    SigningKey.create().save_new(directory / "signing-key")
    service.checkpoints.environ = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(directory / "signing-key")}
    assert service.checkpoints.make() is not None


def read_raw(service: Strategikarta) -> int:
    count, start = 0, 1
    while True:
        batch = service.store.recorder.select_notifications(start=start, limit=5000)
        count += len(batch)
        if len(batch) < 5000:
            return count
        start = batch[-1].id + 1


def check_snapshots(service: Strategikarta, all_snapshots: bool = False) -> None:
    """The snapshot check alone, as `verify` does it (or with `--all-snapshots`): its share,
    with a pass of its own over the log."""
    signatures = NONE_SIGNED if all_snapshots else read_signatures(
        service.checkpoints.digests, LogCheck(service.checkpoints).latest_signed())
    check, position = SnapshotCheck(service.store, signatures), 0
    while batch := service.checkpoints.tables.events_after(position, 5000):
        for event in batch:
            check.note(event.position, event)
        position = batch[-1].position
    check.first_bad()


def best(action: Callable[[], object], times: int = 3) -> float:
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        taken.append(time.perf_counter() - start)
    return min(taken)


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        service = build_store(Path(directory) / "store.sqlite")
        sign(service, Path(directory))
        gc.collect()
        gc.freeze()
        events = read_raw(service)
        raw = best(lambda: read_raw(service))
        verify = best(lambda: service.integrity.verify())
        snapshots = best(lambda: check_snapshots(service))
        verify_all = best(lambda: service.integrity.verify(all_snapshots=True))
        fold = best(lambda: check_snapshots(service, all_snapshots=True))
        report = service.integrity.verify()
        service.close()
    assert report.ok and report.events == events and report.covered == events
    assert report.snapshots_by_digest and not report.snapshots_by_fold
    ratio = verify / raw
    print(f"verify: {events} events (generated plans of {MILESTONES} milestones, a checkpoint "
          "over all), SQLite file")
    print(f"  raw read: {events / raw:10.0f} events/s")
    print(f"  verify:   {events / verify:10.0f} events/s  ({ratio:.2f}× the raw read time; "
          f"target ≤ {TARGET:.0f}×: {'met' if ratio <= TARGET else 'NOT met'})")
    print(f"  of which the snapshots' check: {snapshots / raw:.2f}× the raw read time "
          f"({report.snapshots_by_digest} snapshots, each by its signed digest)")
    print(f"  verify --all-snapshots: {events / verify_all:10.0f} events/s  "
          f"({verify_all / raw:.2f}×; of which the snapshots' fold: {fold / raw:.2f}×)")


if __name__ == "__main__":
    main()
