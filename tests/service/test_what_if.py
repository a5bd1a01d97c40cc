"""What if a milestone slips: the propagation rule, checked against a hand-worked plan."""

from datetime import date

import pytest

from domain.errors import InvalidValueError, PlanNotFoundError
from service.application import Strategikarta
from tests.builders import milestone_body, plan_body

ON = date(2023, 6, 15)


@pytest.fixture
def plan(memory_service: Strategikarta) -> Strategikarta:
    """A chain and a diamond (an arrow points from a prerequisite to what requires it):

        A 2022 → B 2023 → C 2023 → D 2024          (the chain)
        A 2022 → E 2022 ─┐
                         ├→ G 2024                   (the diamond: G requires E and F)
        H 2023 → F 2023 ─┘
        B 2023 → K 2025                              (K is already later than B)
    """
    service = memory_service
    service.plans.create(**plan_body(), actor="anna")  # 2022–2025
    for key, year in (("A", 2022), ("B", 2023), ("C", 2023), ("D", 2024), ("E", 2022),
                      ("F", 2023), ("G", 2024), ("H", 2023), ("K", 2025)):
        service.milestones.define("fhs", milestone_body(key, target_year=year), actor="anna")
    for source, target in (("B", "A"), ("C", "B"), ("D", "C"), ("E", "A"), ("G", "E"),
                           ("G", "F"), ("F", "H"), ("K", "B")):
        service.dependencies.add("fhs", source, target, "requires", actor="anna")
    return service


def moves(service: Strategikarta, slip: str, to: int) -> list[tuple[str, int, int]]:
    return [(m.key, m.from_year, m.to_year)
            for m in service.maps.what_if("fhs", slip, to, ON).moves]


def conflicts(service: Strategikarta, slip: str, to: int) -> list[tuple[str, int, str, int]]:
    return [(c.milestone, c.target_year, c.requires, c.required_target_year)
            for c in service.maps.what_if("fhs", slip, to, ON).conflicts]


def report(service: Strategikarta, key: str, status: str) -> None:
    service.milestones.report_status("fhs", key, status, "", date(2023, 4, 30), actor="anna",
                                     reason="Beslut")


def test_a_slip_moves_the_chain_behind_it_each_to_its_prerequisites_new_year(
        plan: Strategikarta) -> None:
    assert moves(plan, "B", 2024) == [("B", 2023, 2024), ("C", 2023, 2024)]


def test_a_longer_slip_moves_the_whole_chain_and_keeps_topological_order(
        plan: Strategikarta) -> None:
    assert moves(plan, "A", 2025) == [("A", 2022, 2025), ("B", 2023, 2025), ("C", 2023, 2025),
                                      ("D", 2024, 2025), ("E", 2022, 2025), ("G", 2024, 2025)]


def test_a_milestone_with_two_prerequisites_takes_the_later_of_them(plan: Strategikarta) -> None:
    assert moves(plan, "H", 2025) == [("H", 2023, 2025), ("F", 2023, 2025), ("G", 2024, 2025)]
    assert moves(plan, "E", 2023) == [("E", 2022, 2023)]  # G stays: 2024 is later than both


def test_a_milestone_requiring_the_slip_directly_and_through_another_moves_once_after_it(
        plan: Strategikarta) -> None:
    plan.dependencies.add("fhs", "C", "A", "requires", actor="anna")  # C requires A and B
    assert moves(plan, "A", 2025) == [("A", 2022, 2025), ("B", 2023, 2025), ("C", 2023, 2025),
                                      ("D", 2024, 2025), ("E", 2022, 2025), ("G", 2024, 2025)]


def test_dependents_already_later_than_the_new_year_do_not_move(plan: Strategikarta) -> None:
    assert moves(plan, "C", 2024) == [("C", 2023, 2024)]  # D is 2024 already


def test_moving_a_milestone_earlier_moves_nothing_downstream(plan: Strategikarta) -> None:
    assert moves(plan, "D", 2022) == [("D", 2024, 2022)]
    assert moves(plan, "B", 2022) == [("B", 2023, 2022)]


def test_moving_a_milestone_to_its_own_year_moves_nothing(plan: Strategikarta) -> None:
    result = plan.maps.what_if("fhs", "B", 2023, ON)
    assert result.moves == () and result.conflicts == ()


def test_moving_earlier_than_a_prerequisite_is_a_new_conflict(plan: Strategikarta) -> None:
    assert conflicts(plan, "B", 2022) == []  # A is 2022 too
    assert conflicts(plan, "D", 2022) == [("D", 2022, "C", 2023)]


def test_an_achieved_milestone_never_moves_and_left_before_is_a_conflict(
        plan: Strategikarta) -> None:
    report(plan, "C", "achieved")
    assert moves(plan, "B", 2025) == [("B", 2023, 2025)]  # K is 2025 already
    assert conflicts(plan, "B", 2025) == [("C", 2023, "B", 2025)]


def test_what_requires_the_slip_only_through_a_finished_milestone_stays(
        plan: Strategikarta) -> None:
    report(plan, "C", "achieved")
    assert "D" not in {key for key, _, _ in moves(plan, "A", 2025)}


def test_a_dropped_milestone_never_moves_and_left_before_is_a_conflict(
        plan: Strategikarta) -> None:
    report(plan, "E", "dropped")
    assert moves(plan, "A", 2023) == [("A", 2022, 2023)]  # B is 2023 already
    assert conflicts(plan, "A", 2023) == [("E", 2022, "A", 2023)]


def test_the_status_in_force_on_the_reporting_date_decides(plan: Strategikarta) -> None:
    report(plan, "C", "achieved")  # reported for 2023-04-30
    before = plan.maps.what_if("fhs", "B", 2024, date(2023, 1, 31)).moves
    assert [m.key for m in before] == ["B", "C"]


def test_the_critical_path_is_given_before_and_after(plan: Strategikarta) -> None:
    result = plan.maps.what_if("fhs", "C", 2025, ON)  # A→B→C→D now spans 2022–2025
    assert result.critical_path_before == ("A", "B", "K")
    assert result.critical_path_after == ("A", "B", "C", "D")


def test_nothing_is_stored(plan: Strategikarta) -> None:
    version = plan.plans.get("fhs").version
    plan.maps.what_if("fhs", "A", 2025, ON)
    assert plan.milestones.get("fhs", "B").target_year == 2023
    assert plan.plans.get("fhs").version == version


def test_a_slip_past_the_plan_period_is_refused_at_to(plan: Strategikarta) -> None:
    with pytest.raises(InvalidValueError) as refused:
        plan.maps.what_if("fhs", "B", 2026, ON)
    assert refused.value.field == "to" and "outside the plan period" in str(refused.value)


def test_an_unknown_milestone_is_refused_at_slip(plan: Strategikarta) -> None:
    with pytest.raises(InvalidValueError) as refused:
        plan.maps.what_if("fhs", "X-99", 2024, ON)
    assert refused.value.field == "slip"


def test_a_slip_of_an_achieved_milestone_is_refused_at_slip(plan: Strategikarta) -> None:
    report(plan, "B", "achieved")
    with pytest.raises(InvalidValueError) as refused:
        plan.maps.what_if("fhs", "B", 2024, ON)
    assert refused.value.field == "slip" and "does not move" in str(refused.value)


def test_an_unknown_plan_is_not_found(plan: Strategikarta) -> None:
    with pytest.raises(PlanNotFoundError):
        plan.maps.what_if("nope", "B", 2024, ON)
