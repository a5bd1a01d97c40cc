"""A plan document carries the goal tree: levels, goals, metrics and the goals milestones serve."""

from datetime import date

import pytest

from domain.errors import DomainError, InvalidDocumentError
from service.application import Strategikarta
from tests.builders import goal_body, goal_tree_body, metric_body, milestone_body, plan_body


def test_goals_listed_children_first_are_defined_parents_first_and_export_in_tree_order(
        service: Strategikarta) -> None:
    tree = goal_tree_body()
    document = {**plan_body("imp"), **tree, "goals": list(reversed(tree["goals"])),
                "milestones": [milestone_body("A", goals=["R2"])]}
    service.documents.import_plan(document, actor="anna")
    exported = service.documents.export_plan("imp")
    assert exported["goals"] == tree["goals"] and exported["metrics"] == tree["metrics"]
    assert [g.key for g in service.goals.list("imp")] == ["P1", "S1", "R1", "R2"]
    assert service.goals.goal("imp", "R2").milestones == ("A",)


def test_a_plans_own_goal_levels_come_back_from_its_document(service: Strategikarta) -> None:
    levels = [{"key": "omrade", "name": "målområde"}, {"key": "mal", "name": "mål"}]
    document = {**plan_body("imp"), "goal_levels": levels,
                "goals": [goal_body("O1", "omrade"), goal_body("M1", "mal", "O1")]}
    service.documents.import_plan(document, actor="anna")
    exported = service.documents.export_plan("imp")
    assert exported["goal_levels"] == levels and len(exported["goals"]) == 2


def test_every_bad_goal_metric_and_link_is_named_by_its_path_and_nothing_is_stored(
        service: Strategikarta) -> None:
    tree = goal_tree_body()
    document = {**plan_body("imp"), **tree, "goals": [
        *tree["goals"],
        goal_body("R3", parent="R1"),  # a parent of the same level
        goal_body("R4", level="omrade"),  # no such level
        goal_body("R5", parent="FINNS-INTE"),
        goal_body("R1"),  # twice
    ], "metrics": [
        *tree["metrics"],
        metric_body("M3", "R1", targets=[{"year": 2031, "value": 1}]),  # outside the plan
        metric_body("M4", "FINNS-INTE"),
        metric_body("M5", "R1", thresholds={"green_from": 80, "yellow_from": 90}),
        metric_body("M6", "R1", direction="upp"),
    ], "milestones": [milestone_body("A", goals=["R1", "FINNS-INTE"])]}
    with pytest.raises(InvalidDocumentError) as error:
        service.documents.import_plan(document, actor="anna")
    assert set(error.value.errors) == {
        "goals.4.parent", "goals.5.level", "goals.6.parent", "goals.7.key",
        "metrics.2.targets.0.year", "metrics.3.goal", "metrics.4.thresholds.yellow_from",
        "metrics.5.direction", "milestones.0.goals.1"}
    assert "metric #3 (M3)" in error.value.errors["metrics.2.targets.0.year"][0]
    assert not service.plans.exists("imp")
    assert service.store.catch_up().position == 0


def test_bad_goal_levels_are_named_in_the_document(service: Strategikarta) -> None:
    document = {**plan_body("imp"), "goal_levels": [
        {"key": "a", "name": "A"}, {"key": "a", "name": "A igen"}]}
    with pytest.raises(DomainError) as error:
        service.documents.import_plan(document, actor="anna")
    assert error.value.field == "goal_levels.1.key"


def test_outcomes_and_assessments_are_reports_not_part_of_the_plans_document(
        memory_service: Strategikarta) -> None:
    service = memory_service
    service.documents.import_plan({**plan_body("imp"), **goal_tree_body()}, actor="anna")
    service.goals.report_outcome("imp", "M1", 72, "", date(2025, 8, 31), actor="anna")
    service.goals.assess("imp", "R1", "satisfactory", "Bra", "", date(2025, 8, 31),
                         actor="anna")
    exported = service.documents.export_plan("imp")
    service.documents.import_plan({**exported, "key": "kopia"}, actor="anna")
    assert {**service.documents.export_plan("kopia"), "key": "imp"} == exported
    assert service.goals.metric("kopia", "M1").outcomes == ()
    assert service.goals.goal("kopia", "R1").assessments == ()
