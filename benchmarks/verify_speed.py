"""`verify` speed in events/s against reading the same events raw, in one run (issue 5).

The store is a SQLite file with generated plans; the 1,000,000-event figures of the issue
(time travel under 300 ms, current reads not growing with history) are not measured yet.
"""

import tempfile
import time
from pathlib import Path

from benchmarks.map_rendering import generated_plan
from service.application import Strategikarta
from service.config import persistence_env

PLANS = 20
MILESTONES = 500


def build_store(path: Path) -> Strategikarta:
    url = f"sqlite:///{path}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    for index in range(PLANS):
        document = generated_plan(MILESTONES, seed=index)
        service.documents.import_plan({**document, "key": f"plan-{index}"}, actor="bench")
    return service


def read_raw(service: Strategikarta) -> int:
    count, start = 0, 1
    while True:
        batch = service.store.recorder.select_notifications(start=start, limit=5000)
        count += len(batch)
        if len(batch) < 5000:
            return count
        start = batch[-1].id + 1


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        service = build_store(Path(directory) / "store.sqlite")
        start = time.perf_counter()
        events = read_raw(service)
        raw = time.perf_counter() - start
        start = time.perf_counter()
        report = service.integrity.verify()
        verify = time.perf_counter() - start
    assert report.ok and report.events == events
    print(f"verify: {events} events ({PLANS} plans of {MILESTONES} milestones), SQLite file")
    print(f"  raw read: {events / raw:10.0f} events/s")
    print(f"  verify:   {events / verify:10.0f} events/s  ({verify / raw:.1f}× the raw read time)")


if __name__ == "__main__":
    main()
