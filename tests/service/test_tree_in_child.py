"""`verify` has a second process recompute the log's tree while it checks the chains: its roots
are the ones this process computes, it is used where a process can read the store, and when it
fails `verify` computes the tree itself (a SQLite file and PostgreSQL)."""

import sys
import time
from pathlib import Path

import pytest

from service.application import Strategikarta
from service.log_check import LogCheck
from service.tree_in_child import roots_in_child
from tests.service.test_tampered_log import signed_store


@pytest.fixture
def app(shared_store_url: str, tmp_path: Path) -> Strategikarta:
    signed = signed_store(shared_store_url, tmp_path / "signing-key")
    signed.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    assert signed.checkpoints.make() is not None  # two checkpoints: two roots
    return signed


def test_the_second_process_gives_the_roots_this_one_computes(app: Strategikarta) -> None:
    check = LogCheck(app.checkpoints)
    answer = roots_in_child(app.checkpoints.tables, check.sizes)
    assert answer is not None
    for event in app.checkpoints.tables.events_after(0, 100_000):
        check.note(event.position, event)
    assert answer() == check.roots and len(check.roots) == 2
    app.close()


def test_verify_uses_the_second_process_and_its_roots(
        app: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    noted: list[int] = []
    monkeypatch.setattr(LogCheck, "note", lambda self, position, event: noted.append(position))
    report = app.integrity.verify()
    assert report.ok and report.checkpoints == 2 and noted == []  # no leaf hashed here
    app.close()


def test_a_failing_second_process_leaves_the_tree_to_this_one(
        app: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.tree_in_child.RECORD", 41)  # its answer no longer parses
    report = app.integrity.verify()
    assert report.ok and report.checkpoints == 2 and report.covered == report.events
    app.close()


def test_a_second_process_that_does_not_answer_is_given_up_and_this_one_computes(
        app: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that hangs (a database that stopped answering it) holds `verify` up no longer
    than `CHILD_WAIT`, and is killed."""
    monkeypatch.setattr("service.tree_in_child.COMMAND",
                        [sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr("service.tree_in_child.CHILD_WAIT", 0.5)
    started = time.monotonic()
    report = app.integrity.verify()
    assert report.ok and report.checkpoints == 2 and report.covered == report.events
    assert time.monotonic() - started < 30  # not the child's 60 s
    app.close()


def test_a_store_in_memory_is_checked_in_one_process() -> None:
    app = Strategikarta({"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                         "SQLITE_DBNAME": ":memory:"})
    assert roots_in_child(app.checkpoints.tables, {1}) is None
    app.close()
