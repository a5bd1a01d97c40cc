"""The PostgreSQL save in one round trip keeps the library's guarantees: it waits for the table
lock, so a follower of the log never passes over an event committed later; it notifies the
library's channel; its positions are the log's; a collision records none of its events, and
one on a save's first try is known to be no echo of the save itself."""

import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from service.application import Strategikarta
from service.postgres_recorder import ONE_TRIP_MAX_EVENTS, OneTripRecorder
from service.store_errors import FirstTryCollision
from tests.builders import make_plan
from tests.conftest import open_store

pytestmark = pytest.mark.postgres
STATE = b'{"comment":"Enligt plan"}'


@pytest.fixture
def store(pg_url: str) -> Iterator[Strategikarta]:
    service = open_store(pg_url)
    assert isinstance(service.store.recorder, OneTripRecorder)
    yield service
    service.close()


def events(count: int, aggregate: uuid.UUID | None = None, first: int = 1) -> list[StoredEvent]:
    originator = aggregate or uuid.uuid4()
    return [StoredEvent(originator, version, "tests:Event", STATE)
            for version in range(first, first + count)]


def admin(pg_url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(urlsplit(pg_url)._replace(query="").geturl(), autocommit=True)


def table(pg_url: str) -> str:
    return f'"{parse_qs(urlsplit(pg_url).query)["schema"][0]}"."strategikarta_events"'


@pytest.mark.parametrize("count", [1, 3, ONE_TRIP_MAX_EVENTS + 10])
def test_a_save_returns_the_log_positions_of_its_events_in_order(
        store: Strategikarta, count: int) -> None:
    saved = events(count)
    positions = store.store.recorder.insert_events(saved)
    logged = store.store.recorder.select_notifications(start=1, limit=1000)
    assert [(n.originator_id, n.originator_version) for n in logged] == [
        (e.originator_id, e.originator_version) for e in saved]
    assert list(positions or []) == [n.id for n in logged]


def test_a_save_waits_for_the_table_lock_another_writer_holds(
        store: Strategikarta, pg_url: str) -> None:
    recorder = store.store.recorder
    with admin(pg_url) as other, admin(pg_url) as watcher:
        other.execute("BEGIN")
        other.execute(f"LOCK TABLE {table(pg_url)} IN EXCLUSIVE MODE")  # a writer mid-commit
        saving = threading.Thread(target=recorder.insert_events, args=(events(1),))
        saving.start()
        for _ in range(200):  # (outside a transaction: pg_stat_activity is read afresh)
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE %s", (f"%LOCK TABLE {table(pg_url)}%",)).fetchone()
            if waiting == (1,):
                break
            time.sleep(0.05)
        assert waiting == (1,)
        assert recorder.max_notification_id() is None  # nothing of it visible meanwhile
        other.execute("ROLLBACK")
    saving.join(timeout=30)
    assert recorder.max_notification_id() == 1


def test_a_follower_of_the_log_misses_no_event_of_concurrent_writers(
        store: Strategikarta) -> None:
    recorder, done = store.store.recorder, threading.Event()
    seen: list[int] = []

    def write() -> None:
        aggregate = uuid.uuid4()
        for version in range(1, 101):
            recorder.insert_events(events(1, aggregate, version))

    def follow() -> None:
        position = 0
        while True:
            finished = done.is_set()  # read before the log: a last pass after the writers
            batch = recorder.select_notifications(start=position + 1, limit=100)
            seen.extend(n.id for n in batch)
            position = batch[-1].id if batch else position
            if finished and not batch:
                return

    writers = [threading.Thread(target=write) for _ in range(4)]
    follower = threading.Thread(target=follow)
    for thread in (follower, *writers):
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    follower.join()
    logged = [n.id for n in recorder.select_notifications(start=1, limit=1000)]
    assert len(logged) == 400 and seen == logged


def test_a_save_notifies_the_librarys_channel(store: Strategikarta, pg_url: str) -> None:
    with admin(pg_url) as listener:
        listener.execute('LISTEN "strategikarta_events"')
        store.store.recorder.insert_events(events(2))
        heard = list(listener.notifies(timeout=10, stop_after=1))
    assert [n.channel for n in heard] == ["strategikarta_events"]


def test_a_colliding_save_records_none_of_its_events_and_the_next_save_goes_through(
        store: Strategikarta) -> None:
    recorder, aggregate = store.store.recorder, uuid.uuid4()
    recorder.insert_events(events(1, aggregate))
    with pytest.raises(IntegrityError):
        recorder.insert_events([*events(1), *events(1, aggregate)])  # its second collides
    for _ in range(5):  # every pooled connection is usable again
        recorder.insert_events(events(1, aggregate, 2 + _))
    assert [(n.originator_id, n.originator_version) for n in recorder.select_notifications(
        start=1, limit=10)] == [(aggregate, version) for version in range(1, 7)]


@pytest.mark.parametrize("window", [
    {"start": 1, "limit": 100}, {"start": 3, "limit": 2}, {"start": None, "limit": 4},
    {"start": 2, "limit": 100, "stop": 5}, {"start": 2, "limit": 100, "inclusive_of_start": False},
    {"start": 1, "limit": 100, "topics": ["tests:Other"]},
    {"start": 2, "limit": 3, "stop": 7, "topics": ["tests:Event"], "inclusive_of_start": False},
])
def test_the_log_is_read_as_the_library_reads_it(
        store: Strategikarta, window: dict[str, object]) -> None:
    recorder = store.store.recorder
    recorder.insert_events(events(4))
    recorder.insert_events([StoredEvent(uuid.uuid4(), 1, "tests:Other", STATE)])
    recorder.insert_events(events(3))
    ours = recorder.select_notifications(**window)  # type: ignore[arg-type]
    library = PostgresApplicationRecorder.select_notifications(recorder, **window)
    assert ours and ours == library


def test_a_collision_on_the_first_try_is_known_to_be_no_echo_of_the_save_itself(
        store: Strategikarta) -> None:
    recorder, aggregate = store.store.recorder, uuid.uuid4()
    recorder.insert_events(events(1, aggregate))
    with pytest.raises(FirstTryCollision):
        recorder.insert_events(events(1, aggregate))


def losing_the_first_commits_answer(store: Strategikarta,
                                    monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The connection fails after the server committed a save's first try: the recorder
    tries again. Returns the sizes of the tries made."""
    recorder = store.store.recorder
    assert isinstance(recorder, OneTripRecorder)
    insert, tries = recorder._insert_in_one_trip, []

    def committed_but_unanswered(stored: Sequence[StoredEvent]) -> list[int]:
        tries.append(len(stored))
        positions = insert(stored)
        if len(tries) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return positions

    monkeypatch.setattr(recorder, "_insert_in_one_trip", committed_but_unanswered)
    monkeypatch.setattr("service.postgres_recorder.INSERT_WAIT", 0)
    return tries


def test_a_save_colliding_after_a_lost_try_may_collide_with_itself(
        store: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    tries = losing_the_first_commits_answer(store, monkeypatch)
    with pytest.raises(IntegrityError) as collision:
        store.store.recorder.insert_events(events(1))
    assert len(tries) == 2 and not isinstance(collision.value, FirstTryCollision)


def test_a_report_whose_lost_first_try_committed_is_acknowledged_and_recorded_once(
        store: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    make_plan(store, milestones=("A",))
    tries = losing_the_first_commits_answer(store, monkeypatch)
    store.milestones.report_status("fhs", "A", "on_track", "en gång", date(2025, 4, 30),
                                   actor="anna")
    assert len(tries) == 2
    assert [r.comment for r in store.milestones.status_history("fhs", "A")] == ["en gång"]
