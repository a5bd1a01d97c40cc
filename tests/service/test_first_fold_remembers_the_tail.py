"""A worker's first fold keeps the chain digests of the log's last events only (those older
would be pushed out before it ends): writes still chain to what is stored, and verify passes."""

import pytest

from domain.milestone import milestone_id
from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo
from tests.conftest import open_store


def test_a_first_fold_remembers_the_last_events_and_writes_still_chain(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = open_store(sqlite_url)
    load_demo(writer)
    writer.close()
    monkeypatch.setattr("service.store.REMEMBERED", 10)
    app = Strategikarta(persistence_env(sqlite_url), plans_on_demand=None)  # a fold at start
    last = app.store.catch_up().position
    recorder = app.store.recorder
    events = recorder.select_notifications(start=1, limit=last)
    mapper = app.store.mapper
    remembered = [e.id for e in events if mapper.knows(e.originator_id, e.originator_version)]
    assert remembered and min(remembered) >= last - 10  # only the tail
    first = milestone_id("fhs-exempel", "NV-01")
    assert not mapper.knows(first, 1)  # its chain's head is read from the store to link to
    app.milestones.report_status("fhs-exempel", "NV-01", "on_track", "Enligt plan", None,
                                 actor="test")
    app.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    report = app.integrity.verify()
    assert report.ok and report.events == last + 2
    app.close()
