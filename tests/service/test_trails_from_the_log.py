"""A plan's audit trail is read from the log itself, not kept in a worker's memory: what the
history, the diff and the proposal check read equals what a fold of the whole log makes, on
every store; a write through one process is in the trail another process reads next."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from projections.records import AuditEntry
from service.application import Strategikarta
from service.history import History, HistoryQuery
from service.plan_log import RowFilter
from tests.builders import goal_plan, make_proposal_of_each_mark
from tests.conftest import open_store
from tests.read_models import fresh_fold

PLANS = ("fhs", "mal")
# Names JSON escapes or writes beyond ASCII, and one that is a prefix of another's.
HANDS = ('Åsa "Ö" Öberg', 'Åsa "Ö"', 'back\\slash \\"citat\\"', "flik\tår", "bo")


def a_year_of_changes(service: Strategikarta) -> None:
    """Plans with milestones, dependencies added and removed, reports, goals, metrics and a
    proposal adopted: every kind of entry a trail holds."""
    make_proposal_of_each_mark(service)
    service.proposals.adopt("fhs", "rev", 2025, date(2025, 6, 1), "Regionfullmäktige", "§ 12",
                            "RS 2025/1", "Revidering", actor="anna")
    service.dependencies.remove("fhs", "C", "B", "requires", actor="bo", reason="Utgår")
    service.milestones.report_status("fhs", "B", "at_risk", "Sen", date(2024, 4, 30),
                                     actor="cecilia", reason="Tertial 1")
    goal_plan(service, key="mal")


@pytest.mark.parametrize("batch", [200, 2])  # 2: the newest read window by window, by range
def test_every_trail_read_from_the_log_equals_the_trail_a_fold_keeps(
        service: Strategikarta, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.plan_trail.BATCH", batch)
    a_year_of_changes(service)
    state = service.store.catch_up()
    oracle = fresh_fold(service)
    assert not state.audit  # a worker keeps no trail in memory
    for plan in PLANS:
        kept = list(oracle.trail(plan))
        read = service.store.trail(plan, state)
        assert kept and list(read) == kept
        assert list(read.newest_first()) == kept[::-1]
        middle = kept[len(kept) // 2].position
        assert read.between(middle, state.position) == [e for e in kept if e.position > middle]
        assert list(read.newest_first(before=middle)) == [
            e for e in reversed(kept) if e.position < middle]
        for milestone in {e.milestone for e in kept if e.milestone}:
            assert list(read.newest_first(milestone=milestone)) == [
                e for e in reversed(kept) if e.milestone == milestone]
        for kind in {e.type for e in kept}:
            assert list(read.newest_first(kind=kind)) == [
                e for e in reversed(kept) if e.type == kind]
        for kind in ("NoSuchKind", "statusreported", "Status%", "Status_eported", ""):
            assert not list(read.newest_first(kind=kind))


def test_history_pages_walk_the_whole_trail_newest_first_without_gaps(
        service: Strategikarta) -> None:
    a_year_of_changes(service)
    kept = list(fresh_fold(service).trail("fhs"))
    history, walked, cursor = History(service.store), [], None
    while True:
        page, cursor = history.page("fhs", HistoryQuery(limit=3, after=cursor))
        walked += page
        if cursor is None:
            break
    assert walked == kept[::-1]
    for entry in kept[::3]:  # what was recorded up to a moment: read from its position back
        assert history.extract("fhs", HistoryQuery(until=entry.recorded_at)) == [
            e for e in reversed(kept) if e.recorded_at <= entry.recorded_at]
    by_actor = history.extract("fhs", HistoryQuery(actor="cecilia"))
    assert [(e.type, e.milestone, e.reason) for e in by_actor] == [
        ("StatusReported", "B", "Tertial 1")]


def test_a_trail_is_as_of_the_state_it_is_read_with(service: Strategikarta) -> None:
    a_year_of_changes(service)
    before = service.store.catch_up()
    service.milestones.report_status("fhs", "C", "achieved", "", date(2025, 1, 31), actor="bo")
    after = service.store.catch_up()
    assert len(list(service.store.trail("fhs", after))) == len(
        list(service.store.trail("fhs", before))) + 1


def test_a_write_through_one_process_is_in_the_next_history_read_by_another(
        shared_store_url: str) -> None:
    first, second = open_store(shared_store_url), open_store(shared_store_url)
    try:
        make_proposal_of_each_mark(first)
        assert History(second.store).page("fhs", HistoryQuery(limit=1))[0][0].actor == "anna"
        first.milestones.report_status("fhs", "A", "at_risk", "", date(2024, 4, 30), actor="bo",
                                       reason="Skrivet i den andra processen")
        (newest,), _ = History(second.store).page("fhs", HistoryQuery(limit=1))
        assert (newest.actor, newest.milestone, newest.reason) == (
            "bo", "A", "Skrivet i den andra processen")
        diff = second.time_travel.diff("fhs", second.time_travel.point("fhs", position=1))
        assert any(c.milestone == "A" for c in diff["status_changes"])
    finally:
        first.close()
        second.close()


def test_a_plans_events_are_found_alike_by_range_and_by_index(service: Strategikarta) -> None:
    a_year_of_changes(service)
    state = service.store.catch_up()
    log, end = service.store.plan_log, state.position
    for plan in PLANS:
        aggregates = [a for a, _ in state.plans[plan].aggregate_versions()]
        by_index = log.positions(aggregates, 0, end)
        assert by_index and log.positions(aggregates, 0, end, expected=end) == by_index
        assert log.positions(aggregates, 5, end - 5, expected=end) == [
            p for p in by_index if 5 < p <= end - 5]
    reports = [e.position for e in fresh_fold(service).trail("fhs") if e.type == "StatusReported"]
    aggregates = [a for a, _ in state.plans["fhs"].aggregate_versions()]
    for expected in (None, end):  # by index, by range
        assert log.positions(aggregates, 0, end, expected,
                             RowFilter(kind="StatusReported")) == reports
        for wildcard in ("Status_eported", "%Reported", "Status\\Reported"):  # LIKE's own
            assert not log.positions(aggregates, 0, end, expected, RowFilter(kind=wildcard))


def changes_by_many_hands(service: Strategikarta) -> None:
    """A year of changes, then reports and an edit by actors whose names JSON escapes."""
    a_year_of_changes(service)
    for turn, actor in enumerate(HANDS * 2):
        service.milestones.report_status("fhs", "BC"[turn % 2], "on_track", f"Rapport {turn}",
                                         date(2024, 8, 31), actor=actor, reason=f"av {actor}")
    service.milestones.edit("fhs", "C", {"title": "Ny titel"}, actor=HANDS[0],
                            reason='Rättad, "actor":"nobody"')


def by(actor: str | None, since: datetime | None, trail: list[AuditEntry]) -> list[AuditEntry]:
    return [e for e in reversed(trail) if (actor is None or e.actor == actor)
            and (since is None or e.recorded_at >= since)]


def test_a_history_by_actor_and_since_read_from_the_log_equals_the_fold(
        service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.plan_trail.BATCH", 2)  # windows by range, then the index
    changes_by_many_hands(service)
    kept = list(fresh_fold(service).trail("fhs"))
    history = History(service.store)
    # Never an actor: one written in other fields ("fhs" is the plan's key), and nobody.
    actors = [None, *HANDS, "anna", "fhs", "nobody", "Åsa"]
    sinces = [None, *(e.recorded_at for e in kept[::4]),
              kept[-1].recorded_at + timedelta(microseconds=1)]
    for actor in actors:
        for since in sinces:
            expected = by(actor, since, kept)
            query = HistoryQuery(actor=actor, since=since)
            assert history.extract("fhs", query) == expected, (actor, since)
            page, cursor = history.page("fhs", HistoryQuery(actor=actor, since=since, limit=2))
            assert page == expected[:2] and (cursor is None) == (len(expected) <= 2)
    assert all(by(actor, None, kept) for actor in HANDS)
    assert not any(by(actor, None, kept) for actor in ("fhs", "nobody", "Åsa"))


def test_a_history_by_actor_since_milestone_and_kind_pages_through_the_fold(
        service: Strategikarta) -> None:
    changes_by_many_hands(service)
    kept = list(fresh_fold(service).trail("fhs"))
    since = kept[len(kept) // 3].recorded_at
    query = HistoryQuery(actor=HANDS[0], since=since, milestone="C", type="StatusReported",
                         limit=1)
    expected = [e for e in by(HANDS[0], since, kept)
                if e.milestone == "C" and e.type == "StatusReported"]
    history = History(service.store)
    for kind in {e.type for e in kept}:
        for actor in HANDS:
            assert history.extract("fhs", HistoryQuery(actor=actor, type=kind)) == [
                e for e in by(actor, None, kept) if e.type == kind]
    walked, cursor = [], None
    while True:
        page, cursor = history.page("fhs", replace(query, after=cursor))
        walked += page
        if cursor is None:
            break
    assert walked == expected and expected
