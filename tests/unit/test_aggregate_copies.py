"""The copy of a cached aggregate a command changes is as independent of the cached one as a
deep copy, while values nobody can change are shared."""

from datetime import date

from domain.milestone import Milestone
from domain.plan import Plan
from domain.values import DependencyKind, Status
from service.aggregate_copies import aggregate_copy
from service.application import Strategikarta
from tests.builders import make_plan

APRIL = date(2025, 4, 30)


def report(milestone: Milestone, comment: str) -> None:
    milestone.report_status(range(2022, 2026), Status.ON_TRACK, comment, APRIL, APRIL, "anna")


def test_a_report_on_the_copy_leaves_the_cached_milestone_as_it_was(
        memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    cached = memory_service.store.milestone("fhs", "A")
    report(cached, "först")
    cached.collect_events()
    copied = aggregate_copy(cached)
    report(copied, "sedan")
    copied.responsible.append("Regionstyrelsen")
    assert [r.comment for r in cached.reports] == ["först"]
    assert (cached.version, cached.pending_events, cached.responsible) == (2, [], ["HSN"])
    assert [r.comment for r in copied.reports] == ["först", "sedan"] and copied.version == 3
    assert copied.reports[0] is cached.reports[0] and copied.id is cached.id  # shared values


def test_nested_state_of_a_plan_is_copied_not_shared(memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    cached: Plan = memory_service.store.plan("fhs")
    copied = aggregate_copy(cached)
    copied.add_dependency("A", "B", DependencyKind.REQUIRES, "anna", "")
    copied.requires.append(["X", "Y"])
    assert cached.requires == [] and len(copied.requires) == 2
    assert cached.pending_events == [] and len(copied.pending_events) == 1


def test_one_list_held_twice_stays_one_list_in_the_copy(memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    cached = memory_service.store.milestone("fhs", "A")
    cached.goals = cached.responsible  # one list under two names
    copied = aggregate_copy(cached)
    assert copied.goals is copied.responsible and copied.responsible is not cached.responsible
