"""The indexes behind time travel: time → position (a table derived from the log), and plan
checkpoints."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

import projections.timeline
from projections.read_model import ReadModel
from service.application import Strategikarta
from service.config import persistence_env
from service.timeline_table import TimelineCheck
from tests.attacker import Attacker
from tests.builders import make_plan, plan_body
from tests.conftest import open_store

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def recorded(url: str, seconds: list[float]) -> Strategikarta:
    """A store whose events 1, 2, … were recorded at T0 + these seconds (a writer's clock as
    given: the stored times are written over, as no running clock would give them)."""
    service = open_store(url)
    service.plans.create(**plan_body("fhs"), actor="anna")
    for i in range(len(seconds) - 1):
        service.plans.add_focus_area("fhs", f"fa{i}", f"Område {i}", "", actor="anna")
    attacker = Attacker(url)
    for position, second in enumerate(seconds, start=1):
        stored = attacker.state(position)
        old = stored[stored.index(b'"_data_":"') + 10:stored.index(b'"', stored.index(b'"_data_":"') + 10)]
        attacker.rewrite(position, old, at(second).isoformat().encode())
    return service


def test_a_time_maps_to_the_last_position_recorded_at_or_before_it(
        shared_store_url: str) -> None:
    service = recorded(shared_store_url, [0, 1, 2, 3])
    assert [service.store.position_at(at(s), 4) for s in (-1, 0, 1.5, 3, 99)] == [0, 1, 2, 4, 4]
    assert service.store.position_at(at(99), 2) == 2  # a reader's state caps it
    since = service.store.timeline.last_before
    assert [since(at(s), 4) for s in (0, 0.5, 3, 99)] == [0, 1, 3, 4]
    service.close()


def test_a_writer_whose_clock_lags_does_not_hide_earlier_positions(
        shared_store_url: str) -> None:
    # Position 3 was written by a clock 5 ms behind.
    service = recorded(shared_store_url, [0, 2.0, 1.995, 3])
    position_at = service.store.position_at
    assert position_at(at(1.997), 4) == 3  # position 2 (2.0) comes with it: a prefix
    assert position_at(at(1.99), 4) == 1
    assert position_at(at(2.5), 4) == 3
    # Recorded since 1.997: position 2 (2.0) may be; nothing before it is.
    assert service.store.timeline.last_before(at(1.997), 4) == 1
    assert timeline_found(service) == (None, None)  # the times it keeps are the log's
    service.close()


def timeline_found(service: Strategikarta) -> tuple[int | None, object]:
    """What verify's check of the timeline finds (verify itself stops at the first event whose
    time was written over: its digest no longer chains)."""
    check = TimelineCheck(service.store.timeline)
    for event in service.checkpoints.tables.events_after(0, 1000):
        check.note(event)
    return check.first_bad()


def test_the_table_is_kept_by_batches_and_by_readers_taking_turns(
        shared_store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.timeline_table.BATCH", 2)
    service = recorded(shared_store_url, [0, 5, 1, 6, 2, 7, 3])
    other = Strategikarta(persistence_env(shared_store_url))  # another worker, no `db init`
    assert other.store.timeline.caught_up(3) == 3
    assert service.store.timeline.caught_up() == 7 == other.store.timeline.caught_up()
    rows = list(service.store.timeline.snapshot())[1:]
    assert [(p, m) for p, _, m, _ in rows] == [(1, at(0).timestamp()), (2, at(1).timestamp()),
                                              (3, at(1).timestamp()), (4, at(2).timestamp()),
                                              (5, at(2).timestamp()), (6, at(3).timestamp()),
                                              (7, at(3).timestamp())]
    assert timeline_found(service) == (None, None)
    other.close()
    service.close()


@pytest.mark.parametrize(("change", "problem"), [
    ("UPDATE strategikarta_timeline SET recorded_at = recorded_at + 1 WHERE position = 2",
     "the timeline table says position 2 was recorded at"),
    ("DELETE FROM strategikarta_timeline WHERE position = 3",
     "the timeline table lacks log position 3"),
    ("UPDATE strategikarta_timeline SET suffix_min = 0 WHERE position = 2",
     "the timeline table's earliest time from log position 2 on is not the log's"),
])
def test_verify_finds_an_altered_timeline_and_a_rebuild_writes_it_again(
        sqlite_url: str, change: str, problem: str) -> None:
    service = open_store(sqlite_url)
    make_plan(service, milestones=("A", "B", "C"))
    service.store.timeline.caught_up()
    middle = service.store.timeline.position_at(datetime.now(UTC), 2)
    with Attacker(sqlite_url).sql() as db:
        db.execute(change)
    report = service.integrity.verify()
    assert not report.ok and problem in str(report.problem)
    service.rebuild()
    assert service.integrity.verify().ok
    assert service.store.position_at(datetime.now(UTC), 2) == middle == 2
    service.close()


def test_every_event_up_to_the_position_before_a_time_was_recorded_before_it(
        sqlite_url: str) -> None:
    rng = random.Random(5)  # writers whose clocks lag each other by up to 3 s
    seconds = [position * 0.1 - rng.choice((0, 0, 0, 3)) for position in range(1, 29)]
    service = recorded(sqlite_url, seconds)
    stamps = dict(enumerate(map(at, seconds), start=1))
    for moment in map(at, (-10, -1, 0, 0.05, 1.23, 2, 2.75, 2.8, 99)):
        bound = service.store.recorded_before(moment, len(stamps))
        exact = next((p - 1 for p in stamps if stamps[p] >= moment), len(stamps))
        assert bound == exact  # every event up to it before the moment; the next one not
    service.close()


def test_an_actors_span_in_a_plan_runs_from_their_first_event_to_their_last(
        memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"), actor="anna")  # positions 1–3
    make_plan(memory_service, key="mal", actor="anna")  # 4
    memory_service.milestones.report_status("fhs", "A", "on_track", "", date(2024, 4, 30),
                                            actor="bo")  # 5
    memory_service.milestones.report_status("fhs", "B", "at_risk", "", date(2024, 4, 30),
                                            actor="anna")  # 6
    plans = memory_service.store.catch_up().plans
    assert dict(plans["fhs"].actor_spans) == {"anna": (1, 6), "bo": (5, 5)}
    assert dict(plans["mal"].actor_spans) == {"anna": (4, 4)}


def test_a_past_state_from_a_checkpoint_equals_a_full_replay(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projections.timeline, "CHECKPOINT_EVERY", 7)
    monkeypatch.setattr(projections.timeline, "MIN_DISTANCE", 3)
    service = memory_service
    service.store.read_model = ReadModel()  # fold again, with the small checkpoint interval
    make_plan(service, milestones=tuple(f"M{i}" for i in range(6)))
    for i in range(30):
        service.milestones.report_status("fhs", f"M{i % 6}", ("on_track", "at_risk")[i % 2], f"r{i}",
                              date(2024, 4, 30), actor="anna")
        if i % 5 == 0:
            service.milestones.edit("fhs", f"M{i % 6}", {"title": f"Titel {i}"}, actor="bo")
        if i % 3 == 0:  # an edge added, then removed: a checkpoint may fall on either
            service.dependencies.add("fhs", "M0", "M5", "affects", actor="bo")
        elif i % 3 == 1:
            service.dependencies.remove("fhs", "M0", "M5", "affects", actor="bo")
    service.store.catch_up()
    assert len(service.store.read_model.checkpoints["fhs"].copies) >= 5
    for position in range(2, service.store.state.position + 1, 3):
        from_checkpoint = service.time_travel.plan_at("fhs", position)
        replayed = ReadModel()
        replayed.fold((n.id, service.store.mapper.to_domain_event(n))
                      for n in service.store.recorder.select_notifications(start=1, limit=10_000,
                                                                           stop=position))
        full = replayed.state.plans["fhs"]
        assert from_checkpoint.milestones == full.milestones, position
        assert (from_checkpoint.requires, from_checkpoint.affects, from_checkpoint.version) == (
            full.requires, full.affects, full.version), position


def test_a_store_it_cannot_write_answers_as_of_and_since_from_the_table_and_the_events_after(
        sqlite_url: str) -> None:
    """The table behind the log and no way to bring it up (a SQLite file opened read-only, an
    auditor's copy): the events after the table's position are read, not written."""
    rng = random.Random(7)  # writers whose clocks lag each other by up to 3 s
    seconds = [position * 0.1 - rng.choice((0, 0, 0, 3)) for position in range(1, 29)]
    service = recorded(sqlite_url, seconds)
    stamps = dict(enumerate(map(at, seconds), start=1))
    end = len(stamps)
    moments = list(map(at, (-10, -1, 0, 0.05, 0.4, 1.23, 2, 2.75, 2.8, 99)))
    read_only = Strategikarta({**persistence_env(sqlite_url), "SQLITE_DBNAME":
                               f"file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro"},
                              plans_on_demand=None)
    for kept in (0, 1, 9, 17, end - 1):
        service.store.timeline.tables.empty("timeline", "timeline_through")
        service.store.timeline.caught_up(kept)
        for until in (kept, end // 2, end):
            horizon = max(kept, until)  # the table's rows count the events after `until` too
            for moment in moments:
                at_or_before = min(until, max(
                    (p for p in range(1, horizon + 1)
                     if min(stamps[q] for q in range(p, horizon + 1)) <= moment), default=0))
                before = next((p - 1 for p in range(1, until + 1) if stamps[p] >= moment),
                              until)
                assert read_only.store.position_at(moment, until) == at_or_before, (kept, until)
                assert read_only.store.recorded_before(moment, until) == before, (kept, until)
        assert service.store.timeline.through() == kept  # nothing written by the reader
    read_only.close()
    service.close()
