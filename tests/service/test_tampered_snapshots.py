"""A plan snapshot altered in the store cannot make the plan accept a `requires` cycle."""

import json
import logging
import sqlite3

import pytest

from domain.errors import DependencyCycleError
from domain.plan import plan_id
from tests.builders import make_plan
from tests.conftest import open_store


def test_a_plan_snapshot_missing_an_edge_cannot_let_a_requires_cycle_be_stored(
        sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    writer = open_store(sqlite_url)
    make_plan(writer, milestones=("A", "B", "C", "D"))
    writer.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    for _ in range(12):  # to plan version 26: a snapshot at 25 holds A requires B
        writer.dependencies.add("fhs", "C", "D", "affects", actor="anna")
        writer.dependencies.remove("fhs", "C", "D", "affects", actor="anna")
    writer.close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        where = "WHERE originator_id = ? AND originator_version = 25"
        (state,) = db.execute(f"SELECT state FROM stored_snapshots {where}",
                              (plan_id("fhs").hex,)).fetchone()
        snapshot = json.loads(state)
        assert snapshot["state"]["requires"] == [["A", "B"]]
        snapshot["state"]["requires"] = []  # as an intruder with write access might
        db.execute(f"UPDATE stored_snapshots SET state = ? {where}",
                   (json.dumps(snapshot).encode(), plan_id("fhs").hex))
    db.close()

    fresh = open_store(sqlite_url)  # another process: it loads the plan from the snapshot
    with caplog.at_level(logging.WARNING), pytest.raises(DependencyCycleError) as refused:
        fresh.dependencies.add("fhs", "B", "A", "requires", actor="mallory")
    assert refused.value.cycle == ["B", "A", "B"]
    assert "the snapshot of plan 'fhs' does not match its events" in caplog.text
    assert fresh.maps.analysis("fhs").conflicts == ()
