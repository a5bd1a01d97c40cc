"""The audit trails move out of the workers' memory into the store (`AuditArchive`), and every
history read gives what it gave when a worker held them all: on a SQLite file and PostgreSQL,
in a worker that archived, one that started after, and one that only let go."""

import random
from datetime import date, timedelta, timezone

import pytest

from domain.messages import Joined, Message
from service.application import Strategikarta
from service.config import persistence_env
from service.demo_story import tell_demo_story
from service.history import HistoryQuery
from service.time_travel import PointInTime
from tests.attacker import Attacker
from tests.conftest import open_store

PLAN = "fhs-exempel"


@pytest.fixture
def story(shared_store_url: str) -> str:
    """The demo's four years, told once into a shared store."""
    app = open_store(shared_store_url)
    tell_demo_story(app)
    first = next(iter(app.store.catch_up().plans[PLAN].milestones))
    app.milestones.edit(PLAN, first, {"title": "Ny titel", "description": "Ny beskrivning"},
                        actor="redaktör", reason="Förtydligad")
    app.close()
    return shared_store_url


def everything_read(app: Strategikarta) -> dict[str, object]:
    """What history reads give: pages, filtered pages, extracts, trail ranges and a diff."""
    entries = app.history.extract(PLAN, HistoryQuery())
    rng = random.Random(5)
    milestones = sorted({e.milestone for e in entries if e.milestone})
    actors, types = sorted({e.actor for e in entries}), sorted({e.type for e in entries})
    middle = entries[len(entries) // 2]
    queries = [HistoryQuery(), HistoryQuery(limit=7), HistoryQuery(after=middle.position),
               HistoryQuery(since=middle.recorded_at), HistoryQuery(until=middle.recorded_at),
               HistoryQuery(actor="nobody"),
               *[HistoryQuery(milestone=rng.choice(milestones), actor=rng.choice(actors),
                              type=rng.choice(types), limit=rng.randrange(1, 40))
                 for _ in range(10)],
               *[HistoryQuery(milestone=m) for m in milestones[:5]],
               *[HistoryQuery(type=t, limit=3) for t in types]]
    last = app.store.catch_up().position
    trail = app.store.trail(PLAN)
    return {
        "extract": [(e, e.summary.template, e.values) for e in entries],
        "types": [tuple(type(v) for v in e.values) for e in entries],
        "pages": [app.history.page(PLAN, query) for query in queries],
        "filtered": [app.history.extract(PLAN, query) for query in queries],
        "between": [trail.between(a, b) for a, b in ((0, last), (10, 200), (last // 2, last))],
        "all": list(trail), "length": len(trail),
        "diff": app.time_travel.diff(PLAN, PointInTime(last // 3, date(2024, 6, 30))),
    }


def test_history_reads_the_same_from_the_archive_as_from_memory(story: str) -> None:
    oracle = open_store(story)
    before = everything_read(oracle)
    archiving = open_store(story)
    through = archiving.audit_archive.archive()
    assert through == archiving.store.state.position > 0
    assert not any(archiving.store.state.audit.values())  # nothing held any more
    assert everything_read(archiving) == before
    started_after = open_store(story)  # makes no entries up to the archive
    assert started_after.store.catch_up().audit_through == through
    assert not any(started_after.store.state.audit.values())
    assert everything_read(started_after) == before
    for app in (oracle, archiving, started_after):
        app.close()


def test_the_texts_of_an_entry_come_back_in_the_readers_language(story: str) -> None:
    app = open_store(story)
    app.audit_archive.archive()
    values = [v for e in app.history.extract(PLAN, HistoryQuery()) for v in e.values]
    kinds = {type(v) for v in values}
    assert {Message, date, str}.issubset(kinds)
    joined = [v for v in values if isinstance(v, Joined)]
    assert joined and all(v.parts and v.template == "%(parts)s" for v in joined)
    assert all(v.template for v in values if isinstance(v, Message))
    app.close()


def test_a_write_is_read_back_at_once_in_every_worker_and_archived_by_one(story: str) -> None:
    holder, other = open_store(story), open_store(story)
    holder.audit_archive.archive()
    other.plans.add_focus_area(PLAN, "ny", "Nytt område", "", actor="skrivare")
    newest = HistoryQuery(limit=1)
    for app in (holder, other):  # not archived yet: held by each, read at once
        (entry,), _ = app.history.page(PLAN, newest)
        assert entry.actor == "skrivare"
    with holder.checkpoints.lock.held():  # the holder's round archives it
        assert holder.log_watch.round()
    assert not any(holder.store.state.audit.values())
    assert other.log_watch.round()  # the lock is free: this one archives what is left
    assert other.store.audit.through() == other.store.catch_up().position
    for app in (holder, other):
        (entry,), _ = app.history.page(PLAN, newest)
        assert entry.actor == "skrivare"
    holder.close()
    other.close()


def test_a_worker_without_the_lock_lets_go_of_what_another_archived(story: str) -> None:
    holder, idle = open_store(story), open_store(story)
    expected = everything_read(idle)
    holder.audit_archive.archive()
    with holder.checkpoints.lock.held():
        assert not idle.log_watch.round()  # another holds the lock: it only lets go
    assert not any(idle.store.state.audit.values())
    assert everything_read(idle) == expected
    holder.close()
    idle.close()


def test_a_store_older_than_the_archive_keeps_its_history_in_memory(story: str) -> None:
    attacker = Attacker(story)
    with attacker.sql() as db:  # as the store was before this version
        for table in ("audit", "audit_through"):
            db.execute(f"DROP TABLE {attacker.tree.replace('log_tree', table)}")
    app = Strategikarta(persistence_env(story))  # no `db init` since
    expected = everything_read(app)
    assert app.audit_archive.archive() == 0
    assert any(app.store.state.audit.values())
    assert everything_read(app) == expected
    app.close()


def test_the_archive_filters_by_time_in_utc_whatever_zone_asks(story: str) -> None:
    app = open_store(story)
    entries = app.history.extract(PLAN, HistoryQuery())
    middle = entries[len(entries) // 2].recorded_at
    stockholm = middle.astimezone(timezone(timedelta(hours=1)))
    expected = app.history.extract(PLAN, HistoryQuery(since=stockholm))
    app.audit_archive.archive()
    assert app.history.extract(PLAN, HistoryQuery(since=stockholm)) == expected
    app.close()
