"""Whole plans in and out: a plan document is the `POST /plans` body plus its milestones."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import N_, DomainError, DuplicateKeyError, InvalidValueError, Message
from domain.fields import DOCUMENT_MILESTONE, MAX_DEPENDENCIES_EACH, check_count
from domain.goal import Goal
from domain.metric import Metric
from domain.milestone import Milestone
from domain.plan import Plan
from domain.plan_dependencies import check_room_for_dependencies
from domain.reporting_period import ReportingPeriod
from domain.values import DependencyKind
from projections.records import MilestoneRecord
from service.document_goals import DocumentGoals, goal_tree_document
from service.error_collector import ErrorCollector
from service.milestones import define
from service.plans import Plans, focus_areas_from
from service.store import EventStore
from service.views import PlanView


@dataclass
class NewPlan:
    """A plan built from a document: new aggregates, every rule checked, nothing saved."""

    plan: Plan
    milestones: dict[str, Milestone]
    goals: dict[str, Goal] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)

    def aggregates(self) -> list[Aggregate]:
        """In the order to save them: the plan, its goals (parents first), metrics, milestones."""
        return [self.plan, *self.goals.values(), *self.metrics.values(),
                *self.milestones.values()]


def build_plan(document: dict[str, Any], actor: str, reason: str = "") -> NewPlan:
    """The plan, its goal tree and milestones as new aggregates, every rule checked, nothing
    saved. Every row is checked, so the error names every bad row, not only the first.
    """
    d = document
    plan = Plan.create(d["key"], d["title"], d["owner"], d["start_year"], d["end_year"],
                       focus_areas_from(d.get("focus_areas", [])), actor, reason)
    rows = d.get("milestones", [])
    plan.check_room_for_milestones(0, len(rows))
    for kind in DependencyKind:
        check_room_for_dependencies(
            plan, kind, sum(len(row.get(kind.value, [])) for row in rows), "milestones")
    collector = ErrorCollector()
    if d.get("reporting_periods"):
        with collector.row("plan"):
            plan.set_reporting_periods(periods_from(d["reporting_periods"]), actor, reason)
    goals = DocumentGoals(plan, d, collector, actor, reason)
    milestones: dict[str, Milestone] = {}
    for index, row in enumerate(rows):
        with collector.row(f"milestones.{index}", row_label(index, row)):
            if row["key"] in milestones:
                raise DuplicateKeyError(N_("key %(key)r appears twice"), "key", key=row["key"])
            goals.check_links(list(row.get("goals", [])))
            milestones[row["key"]] = define(plan, row, actor, reason)
    add_dependencies(plan, rows, milestones, collector, actor, reason)
    collector.raise_if_any()
    return NewPlan(plan, milestones, goals.goals, goals.metrics)


NOT_IN_PLAN = {
    DependencyKind.REQUIRES: N_("requires %(target)r, which is not a milestone of this plan"),
    DependencyKind.AFFECTS: N_("affects %(target)r, which is not a milestone of this plan"),
}


def row_label(index: int, row: dict[str, Any]) -> Message:
    """A document's milestone row as a problem names it: `milestone #3 (A-1)`."""
    return Message(N_("milestone #%(number)s (%(key)s)"), number=index + 1, key=row["key"])


def add_dependencies(plan: Plan, rows: list[dict[str, Any]], milestones: dict[str, Milestone],
                     collector: ErrorCollector, actor: str, reason: str) -> None:
    """Every row's dependencies, added together (`Plan.add_dependencies`: one check for cycles,
    not one per edge); each problem named by row, in the document's order."""
    failed = {row["key"] for row in rows} - milestones.keys()
    edges: list[tuple[str, str, DependencyKind]] = []
    steps: list[tuple[str, str, DomainError | int]] = []  # where, label, a problem or an edge
    for index, row in enumerate(rows):
        label = row_label(index, row)
        for kind in DependencyKind:
            targets = row.get(kind.value, [])
            try:
                check_count(DOCUMENT_MILESTONE, kind.value, len(targets))
            except DomainError as error:
                steps.append((f"milestones.{index}", label, error))
            for position, target in enumerate(targets[:MAX_DEPENDENCIES_EACH]):
                if {row["key"], target} & failed:
                    continue  # the row itself is wrong; its dependencies cannot be judged
                where = f"milestones.{index}.{kind.value}.{position}"
                if target not in milestones:
                    steps.append((where, label, InvalidValueError(
                        NOT_IN_PLAN[kind], target=target)))
                else:
                    steps.append((where, label, len(edges)))
                    edges.append((row["key"], target, kind))
    refused = plan.add_dependencies(edges, actor, reason)
    for where, row_name, step in steps:
        problem = refused.get(step) if isinstance(step, int) else step
        if problem is not None:
            with collector.row(where, row_name):
                raise problem


class Documents:
    """Import and export of plan documents."""

    def __init__(self, store: EventStore, plans: Plans) -> None:
        self.store = store
        self.plans = plans

    def import_plan(self, document: dict[str, Any], actor: str, reason: str = "") -> PlanView:
        """Store a whole plan atomically: one bad row and nothing is stored."""
        self.save_new_plan(self._build_new_plan(document, actor, reason))
        return self.plans.get(document["key"])

    def check_plan(self, document: dict[str, Any]) -> None:
        """Check every rule a plan document must meet, storing nothing."""
        self._build_new_plan(document, "check", "")

    @staticmethod
    def check_revised(document: dict[str, Any]) -> None:
        """Check a revised document of a plan that exists as `check_plan` checks a new one:
        its fields, rows and the plan's rules, storing nothing."""
        build_plan(document, "check", "")

    def _build_new_plan(self, document: dict[str, Any], actor: str, reason: str) -> NewPlan:
        self.plans.check_new_key(document["key"])
        return build_plan(document, actor, reason)

    def save_new_plan(self, new: NewPlan) -> None:
        aggregates = new.aggregates()
        self.store.save_with_retries(lambda: self._still_new(new.plan, aggregates))

    def _still_new(self, plan: Plan, aggregates: list[Aggregate]) -> list[Aggregate]:
        self.plans.check_new_key(plan.key)  # a writer that got there first wins, cleanly
        return aggregates

    def export_plan(self, key: str) -> dict[str, Any]:
        self.plans.get(key)
        plan = self.store.state.plans[key]
        requires, affects = targets_by_source(plan.requires), targets_by_source(plan.affects)
        return {
            "key": plan.key, "title": plan.title, "owner": plan.owner,
            "start_year": plan.start_year, "end_year": plan.end_year,
            "focus_areas": [{"key": a.key, "name": a.name, "description": a.description}
                            for a in plan.focus_areas],
            "reporting_periods": [vars(p) for p in plan.reporting_periods],
            **goal_tree_document(plan),
            "milestones": [milestone_document(requires, affects, m)
                           for m in plan.milestones.values()],
        }


def periods_from(data: list[dict[str, Any]]) -> list[ReportingPeriod]:
    return [ReportingPeriod(p["key"], p["name"], p["month"], p["day"]) for p in data]


def milestone_document(requires: Mapping[str, list[str]], affects: Mapping[str, list[str]],
                        m: MilestoneRecord) -> dict[str, Any]:
    return {
        "key": m.key, "title": m.title, "description": m.description,
        "focus_area": m.focus_area, "target_year": m.target_year, "kind": m.kind.value,
        "responsible": list(m.responsible),
        "effects": [{"for": e.for_.value, "text": e.text} for e in m.effects],
        "goals": list(m.goals),
        "requires": sorted(requires.get(m.key, [])),
        "affects": sorted(affects.get(m.key, [])),
    }


def targets_by_source(edges: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    targets: dict[str, list[str]] = {}
    for source, target in edges:
        targets.setdefault(source, []).append(target)
    return targets
