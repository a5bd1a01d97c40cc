"""A plan's dependencies added together (as an import does, with one check for cycles) are
refused exactly where adding them one by one refuses them, with the same errors."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import DependencyCycleError, DomainError
from domain.plan import Plan
from domain.values import DependencyKind, FocusArea

KEYS = [f"M{index}" for index in range(10)]
Edge = tuple[str, str, DependencyKind]
edges = st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(KEYS),
                           st.sampled_from(list(DependencyKind))), max_size=60)


def a_plan(existing: list[Edge]) -> Plan:
    plan = Plan.create("p", "Plan", "HSN", 2022, 2025, [FocusArea("f", "Område", "")], "anna")
    plan.add_dependencies(existing, "anna")
    return plan


def described(error: DomainError) -> tuple[Any, ...]:
    return type(error), error.message, error.field, getattr(error, "cycle", None)


def one_by_one(plan: Plan, new: list[Edge]) -> dict[int, tuple[Any, ...]]:
    errors = {}
    for index, (source, target, kind) in enumerate(new):
        try:
            plan.add_dependency(source, target, kind, "anna")
        except DomainError as error:
            errors[index] = described(error)
    return errors


@settings(max_examples=400, deadline=None)
@given(edges, edges)
def test_dependencies_added_together_are_refused_as_one_by_one(existing: list[Edge],
                                                               new: list[Edge]) -> None:
    with pytest.MonkeyPatch.context() as limits:  # low enough for random plans to reach
        limits.setattr("domain.plan_dependencies.MAX_DEPENDENCIES", 40)
        limits.setattr("domain.plan_dependencies.MAX_DEPENDENCIES_EACH", 5)
        alone, together = a_plan(existing), a_plan(existing)
        expected = one_by_one(alone, new)
        found = together.add_dependencies(new, "anna")
    assert {index: described(error) for index, error in found.items()} == expected
    assert (together.requires, together.affects) == (alone.requires, alone.affects)
    assert [type(e) for e in together.collect_events()] == [type(e) for e in alone.collect_events()]


def test_a_cycle_among_dependencies_added_together_names_the_edge_that_closes_it() -> None:
    requires = DependencyKind.REQUIRES
    found = a_plan([]).add_dependencies(
        [("A", "B", requires), ("B", "C", requires), ("C", "A", requires), ("D", "A", requires)],
        "anna")
    assert list(found) == [2] and isinstance(found[2], DependencyCycleError)
    assert found[2].cycle == ["C", "A", "B", "C"]
