"""How large a plan may grow (`domain.fields`): each limit is taken up to its value and refused
beyond it, naming the field and the limit, with nothing stored. Limits counted over many
requests are lowered here, so a test need not build a plan of 2,000 milestones."""

from typing import Any

import pytest

from domain.errors import InvalidValueError
from domain.fields import (
    MAX_DEPENDENCIES_EACH,
    MAX_EFFECTS,
    MAX_FOCUS_AREAS,
    MAX_MILESTONES,
    MAX_PLAN_YEARS,
    MAX_REPORTING_PERIODS,
    MAX_RESPONSIBLE,
)
from service.application import Strategikarta
from tests.builders import make_plan, milestone_body, plan_body


def refused(service: Strategikarta, action: Any) -> InvalidValueError:
    """The error `action` raises, having stored nothing."""
    position = service.store.catch_up().position
    with pytest.raises(InvalidValueError) as error:
        action()
    assert service.store.catch_up().position == position
    return error.value


def document(milestones: int, **row: Any) -> dict[str, Any]:
    return {**plan_body("imp"), "milestones": [
        {**milestone_body(f"M{i}"), **row} for i in range(milestones)]}


def test_a_plan_has_at_most_thirty_focus_areas(memory_service: Strategikarta) -> None:
    areas = [{"key": f"a{i}", "name": f"Område {i}"} for i in range(MAX_FOCUS_AREAS)]
    memory_service.plans.create(**plan_body(focus_areas=areas), actor="anna")
    one_more = refused(memory_service, lambda: memory_service.plans.add_focus_area(
        "fhs", "extra", "Ett till", "", actor="anna"))
    assert one_more.field == "focus_areas" and f"{MAX_FOCUS_AREAS} focus areas" in one_more.message
    too_many = refused(memory_service, lambda: memory_service.plans.create(
        **plan_body("p2", focus_areas=[*areas, {"key": "x", "name": "X"}]), actor="anna"))
    assert (too_many.field, too_many.message) == (
        "focus_areas", f"must have at most {MAX_FOCUS_AREAS} entries")


def test_a_plan_spans_at_most_twenty_five_years(memory_service: Strategikarta) -> None:
    memory_service.plans.create(**plan_body(end_year=2022 + MAX_PLAN_YEARS - 1), actor="anna")
    error = refused(memory_service, lambda: memory_service.plans.create(
        **plan_body("p2", end_year=2022 + MAX_PLAN_YEARS), actor="anna"))
    assert error.field == "end_year" and f"at most {MAX_PLAN_YEARS} years" in error.message


def test_a_plan_has_at_most_its_limit_of_milestones(memory_service: Strategikarta,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("domain.plan.MAX_MILESTONES", 3)
    make_plan(memory_service, milestones=("A", "B", "C"))
    error = refused(memory_service, lambda: memory_service.milestones.define(
        "fhs", milestone_body("D"), actor="anna"))
    assert (error.field, error.message) == (
        "milestones", "a plan has at most 3 milestones; plan 'fhs' would have 4")
    assert refused(memory_service, lambda: memory_service.documents.import_plan(
        document(4), actor="anna")).field == "milestones"


def test_a_document_of_more_milestones_than_a_plan_may_have_is_refused_at_once(
        memory_service: Strategikarta) -> None:
    error = refused(memory_service, lambda: memory_service.documents.import_plan(
        document(MAX_MILESTONES + 1), actor="anna"))
    assert error.field == "milestones" and f"at most {MAX_MILESTONES} milestones" in error.message


def test_a_plan_has_at_most_its_limit_of_dependencies_of_each_kind(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("domain.plan_dependencies.MAX_DEPENDENCIES", 2)
    make_plan(memory_service, milestones=("A", "B", "C", "D"))
    for source, target in (("B", "A"), ("C", "A")):
        memory_service.dependencies.add("fhs", source, target, "requires", actor="anna")
        memory_service.dependencies.add("fhs", source, target, "affects", actor="anna")
    error = refused(memory_service, lambda: memory_service.dependencies.add(
        "fhs", "D", "A", "requires", actor="anna"))
    assert (error.field, error.message) == (
        "kind", "a plan has at most 2 requires dependencies; plan 'fhs' would have 3")
    chain = document(4)
    for index in (1, 2, 3):
        chain["milestones"][index]["requires"] = [f"M{index - 1}"]
    assert refused(memory_service, lambda: memory_service.documents.import_plan(
        chain, actor="anna")).field == "milestones"


def test_a_milestone_records_at_most_its_limit_of_dependencies_of_each_kind(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("domain.plan_dependencies.MAX_DEPENDENCIES_EACH", 2)
    make_plan(memory_service, milestones=("A", "B", "C", "D"))
    for target in ("B", "C"):
        memory_service.dependencies.add("fhs", "A", target, "affects", actor="anna")
    memory_service.dependencies.add("fhs", "D", "A", "affects", actor="anna")  # only A is full
    error = refused(memory_service, lambda: memory_service.dependencies.add(
        "fhs", "A", "D", "affects", actor="anna"))
    assert (error.field, error.message) == (
        "from", "'A' already affects 2 milestones, the most one milestone may")


def test_a_document_row_of_too_many_dependencies_is_named(memory_service: Strategikarta) -> None:
    too_many = document(MAX_DEPENDENCIES_EACH + 2)
    too_many["milestones"][0]["requires"] = [
        f"M{i}" for i in range(1, MAX_DEPENDENCIES_EACH + 2)]
    error = refused(memory_service, lambda: memory_service.documents.import_plan(
        too_many, actor="anna"))
    assert error.field == "milestones.0.requires"
    assert error.message == f"milestone #1 (M0): must have at most {MAX_DEPENDENCIES_EACH} entries"


@pytest.mark.parametrize("field, limit, entry", [
    ("responsible", MAX_RESPONSIBLE, "HSN"),
    ("effects", MAX_EFFECTS, {"for": "residents", "text": "Invånarna märker det."}),
])
def test_a_milestone_has_at_most_twenty_responsible_and_twenty_effects(
        memory_service: Strategikarta, field: str, limit: int, entry: Any) -> None:
    make_plan(memory_service)
    memory_service.milestones.define("fhs", milestone_body("A", **{field: [entry] * limit}),
                                     actor="anna")
    for action in (
            lambda: memory_service.milestones.define(
                "fhs", milestone_body("B", **{field: [entry] * (limit + 1)}), actor="anna"),
            lambda: memory_service.milestones.edit(
                "fhs", "A", {field: [entry] * (limit + 1)}, actor="anna")):
        error = refused(memory_service, action)
        assert (error.field, error.message) == (field, f"must have at most {limit} entries")


def test_a_plan_has_at_most_twenty_four_reporting_periods(memory_service: Strategikarta) -> None:
    make_plan(memory_service)
    periods = [{"key": f"P{i}", "name": f"Period {i}", "month": 1 + i // 3, "day": 1 + i % 3}
               for i in range(MAX_REPORTING_PERIODS + 1)]
    memory_service.follow_up.set_reporting_periods("fhs", periods[:-1], actor="anna")
    error = refused(memory_service, lambda: memory_service.follow_up.set_reporting_periods(
        "fhs", periods, actor="anna"))
    assert (error.field, error.message) == (
        "reporting_periods", f"must have at most {MAX_REPORTING_PERIODS} entries")
    assert "reporting_periods" in refused(memory_service, lambda: memory_service.documents.import_plan(
        {**plan_body("imp"), "reporting_periods": periods}, actor="anna")).field
