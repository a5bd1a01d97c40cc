"""The planner's scenarios through the service, on in-memory SQLite, a SQLite file and PostgreSQL."""

from datetime import date

import pytest

from domain.errors import (
    DependencyCycleError,
    DuplicateKeyError,
    InvalidValueError,
    MilestoneNotFoundError,
    PlanNotFoundError,
    StaleVersionError,
)
from domain.milestone import milestone_id
from domain.values import EffectFor, MilestoneKind, Status
from service.application import Strategikarta
from service.history import HistoryQuery
from tests.builders import DEFAULT_PERIODS, goal_tree_body, make_plan, milestone_body, plan_body

APRIL, AUGUST = date(2024, 4, 30), date(2024, 8, 31)


def test_a_plan_is_created_with_its_focus_areas_and_grows_a_new_one(service: Strategikarta) -> None:
    service.plans.create(**plan_body(), actor="anna")
    service.plans.add_focus_area("fhs", "samverkan", "Samverkan", "Med kommunerna", actor="anna")
    plan = service.plans.get("fhs")
    assert [a.key for a in plan.focus_areas] == ["nara-vard", "digital", "kompetens", "samverkan"]
    assert plan.version == 2 and plan.created_by == "anna"


def test_a_defined_milestone_reads_back_with_its_fields(service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    milestone = service.milestones.get("fhs", "NV-01")
    assert milestone.kind is MilestoneKind.CHANGE
    assert milestone.effects[0].for_ is EffectFor.RESIDENTS
    assert milestone.responsible == ("HSN",)
    assert milestone.status is Status.PLANNED and milestone.reported_for is None


def test_values_survive_the_store_as_their_own_types(service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    service.milestones.report_status("fhs", "NV-01", "at_risk", "Försenad", APRIL, actor="anna")
    stored = service.store.repository.get(milestone_id("fhs", "NV-01"))
    assert stored.kind is MilestoneKind.CHANGE
    assert stored.reports[0].status is Status.AT_RISK
    assert stored.reports[0].reported_for == APRIL


def test_the_current_status_is_the_latest_reporting_date_not_the_latest_entry(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    service.milestones.report_status("fhs", "NV-01", "on_track", "April", APRIL, actor="anna")
    service.milestones.report_status("fhs", "NV-01", "at_risk", "Augusti", AUGUST, actor="anna")
    service.milestones.report_status("fhs", "NV-01", "off_track", "Rättelse av april", APRIL, actor="bo")
    milestone = service.milestones.get("fhs", "NV-01")
    assert (milestone.status, milestone.status_comment, milestone.reported_for) == (
        Status.AT_RISK, "Augusti", AUGUST)


def test_edits_and_moves_are_recorded_with_actor_and_reason(service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    service.milestones.edit("fhs", "NV-01", {"title": "Ny titel", "focus_area": "digital",
                                            "target_year": 2025}, actor="bo", reason="Revidering")
    milestone = service.milestones.get("fhs", "NV-01")
    assert (milestone.title, milestone.focus_area, milestone.target_year) == (
        "Ny titel", "digital", 2025)
    entries, _ = service.history.page("fhs", HistoryQuery(milestone="NV-01"))
    assert [(e.type, e.actor, e.reason) for e in entries[:2]] == [
        ("MilestoneMoved", "bo", "Revidering"), ("MilestoneEdited", "bo", "Revidering")]


def test_an_edit_against_a_stale_version_is_refused(service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    version = service.milestones.get("fhs", "NV-01").version
    service.milestones.edit("fhs", "NV-01", {"title": "Först"}, actor="anna",
                           expected_version=version)
    with pytest.raises(StaleVersionError):
        service.milestones.edit("fhs", "NV-01", {"title": "Sen"}, actor="bo",
                               expected_version=version)
    assert service.milestones.get("fhs", "NV-01").title == "Först"


def test_dependencies_show_up_and_downstream(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B", "C", "D"))
    service.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    service.dependencies.add("fhs", "B", "C", "requires", actor="anna")
    service.dependencies.add("fhs", "D", "A", "affects", actor="anna")
    a, c = service.milestones.get("fhs", "A"), service.milestones.get("fhs", "C")
    assert (a.requires, a.affected_by, a.upstream) == (("B",), ("D",), ("B", "C"))
    assert (c.required_by, c.downstream) == (("B",), ("A", "B"))


def test_a_cycle_is_refused_and_nothing_is_recorded(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    service.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    version = service.plans.get("fhs").version
    with pytest.raises(DependencyCycleError) as error:
        service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    assert error.value.cycle == ["B", "A", "B"]
    assert service.plans.get("fhs").version == version


def test_removing_a_dependency_takes_it_away(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    service.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    service.dependencies.remove("fhs", "A", "B", "requires", actor="anna", reason="Fel")
    assert service.milestones.get("fhs", "A").requires == ()


def test_keys_are_unique_per_plan_but_not_across_plans(service: Strategikarta) -> None:
    make_plan(service, "p1", milestones=("A",))
    make_plan(service, "p2", milestones=("A",))
    with pytest.raises(DuplicateKeyError):
        service.milestones.define("p1", milestone_body("A"), actor="anna")
    with pytest.raises(DuplicateKeyError):
        service.plans.create(**plan_body("p1"), actor="anna")


def test_a_dependency_across_plans_is_refused_naming_the_other_plan(
        service: Strategikarta) -> None:
    make_plan(service, "p1", milestones=("A",))
    make_plan(service, "p2", milestones=("B",))
    with pytest.raises(MilestoneNotFoundError, match="belongs to plan 'p2'") as error:
        service.dependencies.add("p1", "A", "B", "requires", actor="anna")
    assert error.value.field == "to"


def test_unknown_plans_and_milestones_are_not_found(service: Strategikarta) -> None:
    make_plan(service)
    with pytest.raises(PlanNotFoundError):
        service.plans.get("saknas")
    with pytest.raises(MilestoneNotFoundError):
        service.milestones.get("fhs", "saknas")


def test_filters_pick_milestones_by_focus_area_status_and_year(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    service.milestones.define("fhs", milestone_body("C", focus_area="digital", target_year=2025),
                             actor="anna")
    service.milestones.report_status("fhs", "B", "achieved", "Klar", APRIL, actor="anna")
    assert [m.key for m in service.milestones.list("fhs", focus_area="digital")] == ["C"]
    assert [m.key for m in service.milestones.list("fhs", status="achieved")] == ["B"]
    assert [m.key for m in service.milestones.list("fhs", target_year=2023)] == ["A", "B"]
    with pytest.raises(InvalidValueError):
        service.milestones.list("fhs", status="grön")


def test_history_pages_newest_first_with_a_cursor(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B", "C"))
    first, cursor = service.history.page("fhs", HistoryQuery(limit=2))
    rest, end = service.history.page("fhs", HistoryQuery(limit=2, after=cursor))
    assert [e.milestone for e in first + rest] == ["C", "B", "A", None]
    assert end is None and first[0].position > rest[-1].position


def test_import_then_export_gives_back_an_equal_plan(service: Strategikarta) -> None:
    document = {**plan_body("imp"), **goal_tree_body(), "milestones": [
        {**milestone_body("A", goals=["R1", "S1"]), "requires": ["B"], "affects": ["B"]},
        {**milestone_body("B", kind="pilot", goals=[]), "requires": [], "affects": ["A"]}]}
    service.documents.import_plan(document, actor="anna")
    exported = service.documents.export_plan("imp")
    assert exported.pop("reporting_periods") == DEFAULT_PERIODS
    assert exported == {k: v for k, v in document.items() if k != "reason"}


def test_an_import_with_one_bad_row_stores_nothing(service: Strategikarta) -> None:
    document = {**plan_body("imp"), "milestones": [
        milestone_body("A"), milestone_body("B", target_year=2031)]}
    with pytest.raises(InvalidValueError) as error:
        service.documents.import_plan(document, actor="anna")
    assert error.value.field == "milestones.1.target_year"
    assert "milestone #2 (B)" in error.value.message
    assert not service.plans.exists("imp")
    assert service.store.catch_up().position == 0


def test_an_import_with_a_cycle_names_the_row_and_stores_nothing(service: Strategikarta) -> None:
    document = {**plan_body("imp"), "milestones": [
        {**milestone_body("A"), "requires": ["B"]}, {**milestone_body("B"), "requires": ["A"]}]}
    with pytest.raises(DependencyCycleError) as error:
        service.documents.import_plan(document, actor="anna")
    assert error.value.field.startswith("milestones.1.requires.0")
    assert not service.plans.exists("imp")


def test_a_late_correction_answers_with_the_status_still_in_force(service: Strategikarta) -> None:
    make_plan(service, milestones=("NV-01",))
    service.milestones.report_status("fhs", "NV-01", "at_risk", "Augusti", AUGUST, actor="anna")
    correction = service.milestones.report_status("fhs", "NV-01", "off_track", "Rättelse", APRIL, actor="bo")
    assert (correction.status, correction.current_status) == (Status.OFF_TRACK, Status.AT_RISK)
