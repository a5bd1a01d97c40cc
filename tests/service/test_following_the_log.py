"""Instances on one store follow its log: another instance's writes are caught up with, in
batches or not, and read at once by the next read, also when another OS process wrote them;
on a SQLite file and on PostgreSQL."""

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.proposal import ProposalStaleError
from domain.values import Status
from service.application import Strategikarta
from service.history import HistoryQuery
from service.store import CATCH_UP_BATCH
from service.time_travel import PointInTime
from tests.builders import milestone_body, plan_body
from tests.conftest import TODAY, open_store
from tests.mixed_commands import AUGUST, REVISION, a_large_plan, a_planning_year, run_all
from tests.reader_view import differences, reader_view

REPOSITORY = Path(__file__).resolve().parents[2]
Opener = Callable[[], Strategikarta]
MILESTONES_EACH = 8  # per writer, each reported on three times


@pytest.fixture(params=[None, 1], ids=["every-plan", "plans-on-demand"])
def instance(shared_store_url: str, request: pytest.FixtureRequest) -> Iterator[Opener]:
    """Opens another application instance on the test's store, holding every plan or only the
    plan read last (`service.plan_shelf`); all are closed afterwards."""
    opened: list[Strategikarta] = []

    def open_one() -> Strategikarta:
        opened.append(open_store(shared_store_url, plans_on_demand=request.param))
        return opened[-1]

    yield open_one
    for service in opened:
        service.close()


def rebuilt(instance: Opener) -> Strategikarta:
    service = instance()
    service.rebuild()
    return service


def assert_same_view(reader: Strategikarta, other: Strategikarta) -> None:
    assert differences(reader_view(reader), reader_view(other)) == []


# -- catch-up ----------------------------------------------------------------------------

def test_instances_started_before_between_and_after_the_writes_read_what_a_rebuild_reads(
        instance: Opener) -> None:
    writer, early = instance(), instance()
    early.store.catch_up()  # an empty log, read before any write
    steps = a_planning_year(writer)
    for _ in zip(range(20), steps, strict=False):
        pass
    early.store.catch_up()  # halfway
    between = instance()
    between.store.catch_up()
    assert sum(1 for _ in steps) > 10  # the rest of the year
    late, fresh = instance(), rebuilt(instance)
    assert len(fresh.store.state.plans) == 2 and fresh.store.state.position > 40
    for reader in (early, between, late, writer):
        assert_same_view(reader, fresh)


def test_more_events_than_a_batch_written_between_two_reads_are_caught_up_in_batches(
        instance: Opener) -> None:
    writer, reader = instance(), instance()
    run_all(writer)
    before = reader.store.catch_up().position
    a_large_plan(writer)  # one save of more events than a batch holds
    writer.milestones.report_status("stor", "M399", "at_risk", "", AUGUST, actor="rut")
    batches: list[int] = []
    reader.store.on_fold = lambda batch: batches.append(len(batch))
    state = reader.store.catch_up()
    assert state.position - before > CATCH_UP_BATCH
    assert len(batches) >= 2 and batches[0] == CATCH_UP_BATCH and sum(batches) == (
        state.position - before)
    assert state.plans["stor"].milestones["M399"].reports[-1].status is Status.AT_RISK
    assert_same_view(reader, rebuilt(instance))


def test_a_reader_catching_up_while_two_instances_write_misses_no_event(
        instance: Opener) -> None:
    first, second, reader = instance(), instance(), instance()
    first.plans.create(**plan_body(), actor="anna")
    writers = [threading.Thread(target=write_milestones, args=(service, prefix))
               for service, prefix in ((first, "A"), (second, "B"))]
    for thread in writers:
        thread.start()
    while any(thread.is_alive() for thread in writers):
        reader.store.catch_up()  # again and again, between and during the writes
    for thread in writers:
        thread.join()
    record = reader.store.catch_up().plans["fhs"]
    assert len(record.milestones) == 2 * MILESTONES_EACH
    assert {len(m.reports) for m in record.milestones.values()} == {3}
    assert_same_view(reader, rebuilt(instance))


def write_milestones(service: Strategikarta, prefix: str) -> None:
    for n in range(MILESTONES_EACH):
        key = f"{prefix}{n}"
        service.milestones.define("fhs", milestone_body(key), actor=prefix)
        for status in ("on_track", "at_risk", "achieved"):
            service.milestones.report_status("fhs", key, status, "", AUGUST, actor=prefix)


# -- read-your-writes --------------------------------------------------------------------

def test_a_write_through_one_instance_is_seen_by_the_next_read_through_another(
        instance: Opener) -> None:
    writer, reader = instance(), instance()
    run_all(writer)
    old = reader.store.catch_up().position
    milestone = reader.milestones.get("fhs", "D")  # read now, to be outdated next
    report = writer.milestones.report_status("fhs", "D", "off_track", "Stoppad", AUGUST,
                                             actor="bo", reason="Upphandlingen överklagad")
    seen = reader.milestones.get("fhs", "D")
    assert (seen.status, seen.status_comment, seen.version) == (
        Status.OFF_TRACK, "Stoppad", report.version)
    assert seen.version == milestone.version + 1
    position = reader.store.plan_record("fhs").position
    assert position > old and position == writer.store.catch_up().position
    newest = reader.history.page("fhs", HistoryQuery(limit=1))[0][0]
    assert (newest.position, newest.type, newest.milestone, newest.actor, newest.reason) == (
        position, "StatusReported", "D", "bo", "Upphandlingen överklagad")
    now = reader.time_travel.point("fhs", as_of=datetime.now(UTC))
    assert now.position == position
    item = {m.key: m for m in reader.time_travel.state_view("fhs", now).items}["D"]
    assert (item.status, item.status_comment) == (Status.OFF_TRACK, "Stoppad")
    diff = reader.time_travel.diff("fhs", PointInTime(old, TODAY))
    assert [(c.milestone, c.after, c.actor) for c in diff["status_changes"]] == [
        ("D", "off_track", "bo")]


def test_a_structure_change_through_one_instance_makes_the_other_see_a_proposal_stale(
        instance: Opener) -> None:
    writer, reader = instance(), instance()
    run_all(writer)
    writer.proposals.make("fhs", "rev-2", "Nästa revidering", "", actor="anna")
    writer.proposals.add_change("fhs", "rev-2", "slip", "C", {"to": 2025}, actor="anna")
    assert not reader.proposals.get("fhs", "rev-2").stale
    writer.milestones.edit("fhs", "C", {"target_year": 2024}, actor="bo", reason="Omplanerad")
    assert reader.proposals.get("fhs", "rev-2").stale
    with pytest.raises(ProposalStaleError):
        reader.proposals.adopt("fhs", "rev-2", **{**REVISION, "year": 2024}, actor="anna")
    assert reader.store.plan_record("fhs").milestones["C"].target_year == 2024


WRITER = """
import sys
from datetime import date
from service.application import Strategikarta
from service.config import persistence_env

service = Strategikarta(persistence_env(sys.argv[1]))
report = service.milestones.report_status("fhs", "D", "achieved", "Klar", date(2025, 8, 31),
                                          actor="en-annan-process")
print(report.version, service.store.catch_up().position)
service.close()
"""


def test_a_write_by_another_os_process_is_seen_by_the_next_read_here(
        instance: Opener, shared_store_url: str) -> None:
    reader = instance()
    run_all(instance())
    reader.store.catch_up()
    done = subprocess.run(
        [sys.executable, "-c", WRITER, shared_store_url], capture_output=True, text=True,
        cwd=REPOSITORY, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(REPOSITORY), os.environ.get("PYTHONPATH")) if p)})
    assert done.returncode == 0, done.stderr
    version, position = map(int, done.stdout.split())
    seen = reader.milestones.get("fhs", "D")
    assert (seen.status, seen.status_comment, seen.version) == (Status.ACHIEVED, "Klar", version)
    newest = reader.history.page("fhs", HistoryQuery(limit=1))[0][0]
    assert (newest.position, newest.actor) == (position, "en-annan-process")
    assert reader.store.state.position == position
