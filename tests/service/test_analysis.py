"""The dependency analysis, checked against small hand-worked plans."""

from datetime import date

import pytest

from service.application import Strategikarta
from tests.builders import milestone_body, plan_body

ON = date(2026, 6, 15)


@pytest.fixture
def plan(memory_service: Strategikarta) -> Strategikarta:
    """A ← B ← C ← D (D requires C requires B requires A), E requires A, F on its own.

    Years: A 2022, B 2023, C 2023, D 2025, E 2022 (requires A, same year), F 2024.
    """
    service = memory_service
    service.plans.create(**plan_body(), actor="anna")
    for key, year in (("A", 2022), ("B", 2023), ("C", 2023), ("D", 2025), ("E", 2022),
                      ("F", 2024)):
        service.milestones.define("fhs", milestone_body(key, target_year=year), actor="anna")
    for source, target in (("B", "A"), ("C", "B"), ("D", "C"), ("E", "A")):
        service.dependencies.add("fhs", source, target, "requires", actor="anna")
    service.dependencies.add("fhs", "F", "D", "affects", actor="anna")
    return service


def test_order_lists_what_can_start_first_then_next(plan: Strategikarta) -> None:
    assert plan.maps.analysis("fhs", ON).order == (("A", "F"), ("B", "E"), ("C",), ("D",))


def test_the_critical_path_is_the_longest_chain_weighted_by_years(plan: Strategikarta) -> None:
    assert plan.maps.analysis("fhs", ON).critical_path == ("A", "B", "C", "D")


def test_a_milestone_scheduled_before_its_prerequisite_is_a_conflict(
        plan: Strategikarta) -> None:
    plan.milestones.edit("fhs", "B", {"target_year": 2024}, actor="anna", reason="Försenad")
    conflicts = plan.maps.analysis("fhs", ON).conflicts
    assert [(c.milestone, c.target_year, c.requires, c.required_target_year)
            for c in conflicts] == [("C", 2023, "B", 2024)]


def test_a_red_prerequisite_two_steps_upstream_blocks_the_chain(plan: Strategikarta) -> None:
    plan.milestones.report_status("fhs", "B", "off_track", "Stoppad", date(2024, 4, 30), actor="anna")
    blocked = {b.milestone: b.because for b in plan.maps.analysis("fhs", ON).blocked}
    assert blocked == {"C": ("B",), "D": ("B",)}


def test_a_yellow_prerequisite_blocks_too_but_an_achieved_milestone_is_not_blocked(
        plan: Strategikarta) -> None:
    plan.milestones.report_status("fhs", "A", "at_risk", "", date(2024, 4, 30), actor="anna")
    plan.milestones.report_status("fhs", "E", "achieved", "", date(2024, 8, 31), actor="anna")
    blocked = {b.milestone for b in plan.maps.analysis("fhs", ON).blocked}
    assert blocked == {"B", "C", "D"}


def test_overdue_means_target_year_passed_and_not_achieved_or_dropped(
        plan: Strategikarta) -> None:
    plan.milestones.report_status("fhs", "A", "achieved", "", date(2022, 12, 31), actor="anna")
    plan.milestones.report_status("fhs", "B", "dropped", "", date(2023, 12, 31), actor="anna",
                                  reason="Utgår enligt revidering")
    assert plan.maps.analysis("fhs", date(2024, 1, 1)).overdue == ("C", "E")
    assert plan.maps.analysis("fhs", date(2023, 6, 1)).overdue == ("E",)


def test_impact_goes_up_and_down_the_requires_chain(plan: Strategikarta) -> None:
    milestone = plan.milestones.get("fhs", "B")
    assert (milestone.upstream, milestone.downstream) == (("A",), ("C", "D"))


def test_the_demo_plan_shows_its_deliberate_conflict(memory_service: Strategikarta) -> None:
    from service.demo import load_demo

    load_demo(memory_service)
    conflicts = memory_service.maps.analysis("fhs-exempel", ON).conflicts
    assert [(c.milestone, c.requires) for c in conflicts] == [("LS-05", "LS-04")]
