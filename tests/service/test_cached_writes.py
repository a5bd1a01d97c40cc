"""A status report starts from this process's cached copy of the milestone, without asking the
store; a copy another process has since outdated still loses no write, and a version named by
`If-Match` is judged against what is recorded, on a SQLite file and on PostgreSQL."""

from datetime import date

import pytest

from domain.errors import StaleVersionError
from domain.milestone import Milestone, milestone_id
from domain.values import Status
from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import open_store

APRIL = date(2025, 4, 30)


def two_processes(url: str) -> tuple[Strategikarta, Strategikarta]:
    first = open_store(url)
    make_plan(first, milestones=("A", "B"))
    return first, open_store(url)


def report(service: Strategikarta, comment: str, key: str = "A",
           expected_version: int | None = None) -> int:
    return service.milestones.report_status("fhs", key, "on_track", comment, APRIL, actor="anna",
                                            expected_version=expected_version).version


def test_reports_through_two_processes_by_turns_are_all_recorded_in_order(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    versions = [report(service, f"rapport {n}")
                for n in range(6) for service in (first, second)]  # each one's copy outdated
    assert versions == list(range(versions[0], versions[0] + 12))
    reader = open_store(shared_store_url)
    reports = reader.milestones.status_history("fhs", "A")
    assert [r.comment for r in reports] == [f"rapport {n}" for n in range(6) for _ in (1, 2)]
    assert reader.integrity.verify().ok


def test_a_version_another_process_wrote_is_current_for_if_match(shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    report(first, "först")  # cached here at this version
    newer = report(second, "sedan")
    assert report(first, "efter den andra", expected_version=newer) == newer + 1


def test_a_cached_version_another_process_outdated_is_refused_by_if_match(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    seen = report(first, "först")
    report(second, "sedan")
    with pytest.raises(StaleVersionError):
        report(first, "över den andras", expected_version=seen)
    assert [r.comment for r in open_store(shared_store_url).milestones.status_history(
        "fhs", "A")] == ["först", "sedan"]


def test_a_cached_aggregate_read_but_not_saved_is_read_again_before_deciding(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    report(first, "först", key="B")  # B cached in the first process
    report(second, "sedan", key="B")
    seen: list[int] = []

    def attempt() -> list[Milestone]:
        seen.append(first.store.milestone("fhs", "B").version)
        milestone = first.store.milestone("fhs", "A")
        milestone.report_status(range(2022, 2026), Status.AT_RISK, "", APRIL, APRIL, "anna")
        return [milestone]

    first.store.save_with_retries(attempt, from_cache=True)
    assert seen[-1] == first.store.get(milestone_id("fhs", "B")).version == seen[0] + 1


def test_a_copy_catches_up_on_the_events_this_process_read_from_the_log(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    mine = report(first, "först")
    report(second, "sedan")
    report(second, "sist")
    first.store.catch_up()  # reads the two reports of the other process
    assert first.store._cached_copy(milestone_id("fhs", "A")).version == mine + 2
    assert report(first, "efter båda") == mine + 3
    assert [r.comment for r in open_store(shared_store_url).milestones.status_history(
        "fhs", "A")] == ["först", "sedan", "sist", "efter båda"]


def test_an_event_read_but_no_longer_at_hand_is_read_from_the_store(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    mine = report(first, "först")
    report(second, "sedan")
    first.store.catch_up()
    first.store.mapper._recent.clear()  # type: ignore[attr-defined]  # as if pushed out
    assert first.store._cached_copy(milestone_id("fhs", "A")) is None
    assert report(first, "efter") == mine + 2


def test_a_cached_copy_that_collides_reads_the_log_on_and_is_judged_again_from_it(
        shared_store_url: str) -> None:
    first, second = two_processes(shared_store_url)
    mine = report(first, "först")
    report(second, "sedan")  # the first process has not read it: its copy collides
    assert report(first, "efter den andra") == mine + 2
    folded = first.store.state.plans["fhs"].milestones["A"].reports
    assert [r.comment for r in folded] == ["först", "sedan"]  # read on the collision
    assert [r.comment for r in open_store(shared_store_url).milestones.status_history(
        "fhs", "A")] == ["först", "sedan", "efter den andra"]
