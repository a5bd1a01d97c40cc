"""Unit tests of the aggregates and the status rule, without storage."""

from datetime import date

import pytest

from domain.errors import (
    DependencyCycleError,
    DependencyExistsError,
    DuplicateKeyError,
    InvalidValueError,
    NotFoundError,
)
from domain.milestone import Milestone
from domain.plan import Plan
from domain.status import StatusReport, report_in_force
from domain.values import DependencyKind, Effect, EffectFor, FocusArea, MilestoneKind, Status

REQUIRES, AFFECTS = DependencyKind.REQUIRES, DependencyKind.AFFECTS
TODAY = date(2026, 6, 15)


def a_plan(**overrides: object) -> Plan:
    fields: dict = {"key": "fhs", "title": "Plan", "owner": "HSN", "start_year": 2022,
                    "end_year": 2025, "focus_areas": [FocusArea("nv", "Nära vård", "")],
                    "actor": "anna"}
    fields.update(overrides)
    return Plan.create(**fields)


def a_milestone(plan: Plan, key: str = "A", **overrides: object) -> Milestone:
    fields: dict = {"title": f"Milstolpe {key}", "description": "", "focus_area": "nv",
                    "target_year": 2023, "kind": MilestoneKind.CHANGE, "responsible": ["HSN"],
                    "effects": [Effect(EffectFor.RESIDENTS, "Bättre vård")], "actor": "anna"}
    fields.update(overrides)
    return Milestone.define(plan, key, **fields)


def test_a_new_plan_records_who_created_it_and_why() -> None:
    plan = Plan.create("fhs", "Plan", "HSN", 2022, 2025, [], actor="anna", reason="beslut §155")
    event = plan.collect_events()[0]
    assert (event.actor, event.reason) == ("anna", "beslut §155")


def test_a_plan_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidValueError) as error:
        a_plan(start_year=2025, end_year=2022)
    assert error.value.field == "end_year"


def test_a_plan_refuses_a_focus_area_key_twice() -> None:
    plan = a_plan()
    with pytest.raises(DuplicateKeyError):
        plan.add_focus_area(FocusArea("nv", "Igen", ""), actor="anna")


def test_a_milestone_outside_the_plan_period_is_refused_naming_target_year() -> None:
    with pytest.raises(InvalidValueError) as error:
        a_milestone(a_plan(), target_year=2026)
    assert error.value.field == "target_year"


def test_a_milestone_in_an_unknown_focus_area_is_refused() -> None:
    with pytest.raises(InvalidValueError) as error:
        a_milestone(a_plan(), focus_area="saknas")
    assert error.value.field == "focus_area"


def test_a_requires_dependency_that_closes_a_cycle_is_refused_with_the_cycle() -> None:
    plan = a_plan()
    plan.add_dependency("A", "B", REQUIRES, actor="anna")
    plan.add_dependency("B", "C", REQUIRES, actor="anna")
    with pytest.raises(DependencyCycleError) as error:
        plan.add_dependency("C", "A", REQUIRES, actor="anna")
    assert error.value.cycle == ["C", "A", "B", "C"]
    assert ["C", "A"] not in plan.requires


def test_affects_may_be_mutual() -> None:
    plan = a_plan()
    plan.add_dependency("A", "B", AFFECTS, actor="anna")
    plan.add_dependency("B", "A", AFFECTS, actor="anna")
    assert plan.affects == [["A", "B"], ["B", "A"]]


def test_a_milestone_cannot_depend_on_itself() -> None:
    with pytest.raises(InvalidValueError):
        a_plan().add_dependency("A", "A", AFFECTS, actor="anna")


def test_the_same_dependency_twice_is_a_conflict() -> None:
    plan = a_plan()
    plan.add_dependency("A", "B", REQUIRES, actor="anna")
    with pytest.raises(DependencyExistsError):
        plan.add_dependency("A", "B", REQUIRES, actor="anna")


def test_removing_an_unknown_dependency_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        a_plan().remove_dependency("A", "B", REQUIRES, actor="anna")


def test_a_removed_requires_edge_no_longer_blocks_the_reverse_edge() -> None:
    plan = a_plan()
    plan.add_dependency("A", "B", REQUIRES, actor="anna")
    plan.remove_dependency("A", "B", REQUIRES, actor="anna", reason="fel")
    plan.add_dependency("B", "A", REQUIRES, actor="anna")
    assert plan.requires == [["B", "A"]]


def test_editing_only_unchanged_values_records_nothing() -> None:
    plan = a_plan()
    milestone = a_milestone(plan)
    milestone.collect_events()
    assert milestone.edit(plan, {"title": "Milstolpe A"}, actor="bo") is False
    assert milestone.collect_events() == []


def test_moving_a_milestone_records_a_move_with_the_reason() -> None:
    plan = a_plan()
    milestone = a_milestone(plan)
    milestone.collect_events()
    milestone.edit(plan, {"target_year": 2024, "title": "Ny"}, actor="bo", reason="revidering")
    events = milestone.collect_events()
    assert [type(e).__name__ for e in events] == ["MilestoneEdited", "MilestoneMoved"]
    assert events[1].target_year == 2024 and events[1].reason == "revidering"


def test_a_move_outside_the_period_is_refused_and_changes_nothing() -> None:
    plan = a_plan()
    milestone = a_milestone(plan)
    with pytest.raises(InvalidValueError):
        milestone.edit(plan, {"target_year": 2030, "title": "Ny"}, actor="bo")
    assert (milestone.title, milestone.target_year) == ("Milstolpe A", 2023)


def test_a_report_for_a_future_date_is_refused() -> None:
    plan = a_plan()
    with pytest.raises(InvalidValueError) as error:
        a_milestone(plan).report_status(range(2022, 2026), Status.ON_TRACK, "", date(2026, 6, 16), TODAY,
                                        actor="anna")
    assert error.value.field == "reported_for"


def report(status: Status, on: date) -> StatusReport:
    return StatusReport(status, "", on, "anna")


def test_the_report_in_force_is_the_latest_reporting_date_on_or_before_the_day() -> None:
    april, august = date(2024, 4, 30), date(2024, 8, 31)
    reports = [report(Status.ON_TRACK, april), report(Status.AT_RISK, august)]
    assert report_in_force(reports, date(2024, 6, 1)).status is Status.ON_TRACK
    assert report_in_force(reports, august).status is Status.AT_RISK
    assert report_in_force(reports, date(2024, 1, 1)) is None


def test_a_late_correction_of_april_does_not_override_august() -> None:
    april, august = date(2024, 4, 30), date(2024, 8, 31)
    reports = [report(Status.ON_TRACK, april), report(Status.AT_RISK, august),
               report(Status.OFF_TRACK, april)]
    assert report_in_force(reports, TODAY).status is Status.AT_RISK
    assert report_in_force(reports, date(2024, 5, 1)).status is Status.OFF_TRACK


def test_among_reports_for_the_same_date_the_one_entered_last_wins() -> None:
    april = date(2024, 4, 30)
    reports = [report(Status.ON_TRACK, april), report(Status.AT_RISK, april)]
    assert report_in_force(reports, TODAY).status is Status.AT_RISK


def test_a_milestone_without_reports_is_planned() -> None:
    assert a_milestone(a_plan()).status_on(TODAY) is Status.PLANNED
