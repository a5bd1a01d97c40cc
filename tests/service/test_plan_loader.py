"""A plan folded from its own events, found through the aggregate index, is the plan a fold of
the whole log makes, now and as of any position, on every store."""

from dataclasses import fields
from typing import Any

import pytest

from domain.errors import NotFoundError, PlanNotFoundError
from projections.records import PlanRecord
from service.application import Strategikarta
from service.plan_loader import plan_from_log
from tests.builders import goal_plan, make_proposal_of_each_mark
from tests.read_models import fresh_fold
from tests.service.test_trails_from_the_log import a_year_of_changes


def seen(plan: PlanRecord) -> dict[str, Any]:
    """What a reader can see of a plan (its cached dependency graph has no value equality)."""
    return {f.name: dict(value) if f.name == "milestones" else value
            for f in fields(plan) for value in [getattr(plan, f.name)]}


@pytest.mark.parametrize("batch", [5000, 3])  # 3: folded a few events at a time
def test_a_plan_from_its_own_events_is_the_plan_the_whole_log_makes(
        service: Strategikarta, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.plan_loader.BATCH", batch)
    a_year_of_changes(service)
    oracle = fresh_fold(service)
    assert set(oracle.plans) == {"fhs", "mal"}
    for key, plan in oracle.plans.items():
        assert seen(plan_from_log(service.store, key)) == seen(plan)


def test_a_plan_from_its_own_events_as_of_a_position_is_the_past_plan(
        service: Strategikarta) -> None:
    make_proposal_of_each_mark(service)
    goal_plan(service, key="mal")
    end = service.store.catch_up().position
    for position in range(1, end + 1, 7):
        for key in ("fhs", "mal"):
            try:
                past = service.time_travel.plan_at(key, position)
            except NotFoundError:  # not created yet: so says the loader too
                with pytest.raises(NotFoundError):
                    plan_from_log(service.store, key, position)
                continue
            assert seen(plan_from_log(service.store, key, position)) == seen(past)


def test_an_unknown_plan_is_not_found(service: Strategikarta) -> None:
    goal_plan(service, key="mal")
    with pytest.raises(PlanNotFoundError, match="there is no plan 'fhs'"):
        plan_from_log(service.store, "fhs")
