"""The aggregate index (aggregate -> kind, plan, key) is derived from the log, kept up to date by
whoever reads it, written again by a rebuild, and checked by `verify`, on every store."""

import sqlite3
from datetime import date
from uuid import UUID

import pytest

from domain.errors import MilestoneNotFoundError
from domain.goal import goal_id
from domain.milestone import milestone_id
from domain.plan import plan_id
from domain.user import user_id
from service.aggregate_index import IndexRow
from service.application import Strategikarta
from service.config import persistence_env
from tests.builders import goal_plan, make_plan, make_proposal_of_each_mark
from tests.conftest import open_store
from tests.read_models import fresh_fold


def indexed(service: Strategikarta) -> dict[UUID, tuple[str, str | None, str]]:
    index = service.store.aggregate_index
    assert index.caught_up() == service.store.recorder.max_notification_id()
    return {row.aggregate: (row.kind, row.plan, row.key) for row in index.rows()}


def test_every_aggregate_is_indexed_with_its_plan_as_a_fold_of_the_log_knows_it(
        service: Strategikarta) -> None:
    make_proposal_of_each_mark(service)
    goal_plan(service, key="mal")
    service.users.add("greta", "planner", "lösenord-greta", actor="admin")
    state = fresh_fold(service)
    expected: dict[UUID, tuple[str, str | None, str]] = {
        user_id("greta"): ("user", None, "greta")}
    for plan in state.plans.values():
        expected[plan_id(plan.key)] = ("plan", plan.key, plan.key)
        expected |= {milestone_id(plan.key, key): ("milestone", plan.key, key)
                     for key in plan.milestones}
        expected |= {goal_id(plan.key, key): ("goal", plan.key, key) for key in plan.goals}
    found = indexed(service)
    assert {a: row for a, row in found.items() if a in expected} == expected
    kinds = {kind for kind, _, _ in found.values()}
    assert {"plan", "milestone", "goal", "metric", "proposal", "user"} <= kinds
    # A plan's aggregates, the plan's own first; nothing of another plan among them.
    rows = service.store.aggregate_index.plan_aggregates("fhs")
    assert rows[0] == IndexRow(plan_id("fhs"), "plan", "fhs", "fhs", rows[0].position)
    assert {row.plan for row in rows} == {"fhs"}
    assert {row.key for row in rows if row.kind == "milestone"} == set(
        state.plans["fhs"].milestones)


def test_a_second_process_reads_the_aggregates_the_first_one_created(
        shared_store_url: str) -> None:
    first, second = open_store(shared_store_url), open_store(shared_store_url)
    try:
        make_plan(first, milestones=("A", "B"))
        assert second.store.aggregate_index.caught_up() is not None
        assert second.store.aggregate_index.plans_with("milestone", "B") == ["fhs"]
        make_plan(first, key="ovr", milestones=("B", "C"))
        # Both bring it up to the log's end at once: the same rows, written once each.
        assert first.store.aggregate_index.caught_up() == second.store.aggregate_index.caught_up()
        assert second.store.aggregate_index.plans_with("milestone", "B") == ["fhs", "ovr"]
        assert len(list(second.store.aggregate_index.rows())) == len(
            list(first.store.aggregate_index.rows())) == 2 + 4
    finally:
        first.close()
        second.close()


def test_an_unknown_milestone_names_the_plan_that_has_it_from_the_index(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    make_plan(service, key="ovr", milestones=("X",))
    with pytest.raises(MilestoneNotFoundError, match="it belongs to plan 'fhs'"):
        service.dependencies.add("ovr", "X", "B", "requires", actor="anna")


def test_a_long_stretch_without_new_aggregates_moves_the_position_on(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.aggregate_index.UNWRITTEN_RANGE", 5)
    service = open_store(sqlite_url)
    make_plan(service, milestones=("A",))
    index = service.store.aggregate_index
    index.caught_up()
    for month in range(1, 4):
        service.milestones.report_status("fhs", "A", "on_track", "", date(2024, month, 28),
                                         actor="bo")
    end = service.store.recorder.max_notification_id()
    assert index.caught_up() == end and index.through() == end - 3  # 3 < 5: nothing written
    for month in range(4, 7):
        service.milestones.report_status("fhs", "A", "on_track", "", date(2024, month, 28),
                                         actor="bo")
    assert index.caught_up() == index.through() == end + 3  # 6 ≥ 5: the position moved on
    service.close()


def altered(url: str, sql: str, *params: object) -> None:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        db.execute(sql, params if "?" in sql else ())
    db.close()


@pytest.mark.parametrize(("change", "problem"), [
    ("UPDATE strategikarta_aggregates SET plan = 'ovr' WHERE originator_id = ?",
     "the aggregate index says aggregate {aggregate} is milestone 'B' of plan 'ovr'; its first "
     "event"),
    ("DELETE FROM strategikarta_aggregates WHERE originator_id = ?",
     "aggregate {aggregate}, first recorded at log position"),
    ("INSERT INTO strategikarta_aggregates VALUES ('00000000000000000000000000000001', "
     "'milestone', 'fhs', 'Z', 2)",  # a milestone slipped into the plan
     "holds aggregate 00000000-0000-0000-0000-000000000001, which the log never recorded"),
])
def test_verify_finds_an_altered_index_and_a_rebuild_writes_it_again(
        sqlite_url: str, change: str, problem: str) -> None:
    service = open_store(sqlite_url)
    make_plan(service, milestones=("A", "B", "C"))
    make_plan(service, key="ovr", milestones=("X",))
    before = indexed(service)
    assert service.integrity.verify().ok
    altered(sqlite_url, change, milestone_id("fhs", "B").hex)
    report = service.integrity.verify()
    assert not report.ok
    assert problem.format(aggregate=milestone_id("fhs", "B")) in str(report.problem)
    service.rebuild()
    assert indexed(service) == before
    assert service.integrity.verify().ok
    service.close()


def test_a_store_made_before_the_index_is_indexed_by_db_init(sqlite_url: str) -> None:
    service = open_store(sqlite_url)
    make_plan(service, milestones=("A", "B"))
    service.close()
    altered(sqlite_url, "DROP TABLE strategikarta_aggregates")
    altered(sqlite_url, "DROP TABLE strategikarta_aggregates_through")
    worker = Strategikarta(persistence_env(sqlite_url))  # no `db init` yet: no index, no harm
    assert worker.store.aggregate_index.caught_up() is None
    with pytest.raises(MilestoneNotFoundError, match="has no milestone 'Q'"):
        worker.dependencies.add("fhs", "A", "Q", "requires", actor="anna")
    assert worker.integrity.verify().ok
    worker.close()
    initialised = open_store(sqlite_url)  # `db init`, then a worker
    assert {key for _, _, key in indexed(initialised).values()} == {"fhs", "A", "B"}
    initialised.close()
