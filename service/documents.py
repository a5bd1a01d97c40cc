"""Whole plans in and out: a plan document is the `POST /plans` body plus its milestones."""

from collections.abc import Mapping
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import DuplicateKeyError, InvalidValueError
from domain.milestone import Milestone
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod
from domain.values import DependencyKind
from projections.records import MilestoneRecord
from service.error_collector import ErrorCollector
from service.milestones import define
from service.plans import Plans, focus_areas_from
from service.store import EventStore
from service.views import PlanView


def build_plan(document: dict[str, Any], actor: str,
               reason: str = "") -> tuple[Plan, dict[str, Milestone]]:
    """The plan and its milestones as new aggregates, every rule checked, nothing saved.

    Every row is checked, so the error names every bad row, not only the first.
    """
    d = document
    plan = Plan.create(d["key"], d["title"], d["owner"], d["start_year"], d["end_year"],
                       focus_areas_from(d.get("focus_areas", [])), actor, reason)
    collector = ErrorCollector()
    if d.get("reporting_periods"):
        with collector.row("plan"):
            plan.set_reporting_periods(periods_from(d["reporting_periods"]), actor, reason)
    milestones: dict[str, Milestone] = {}
    rows = d.get("milestones", [])
    for index, row in enumerate(rows):
        with collector.row(f"milestones.{index}", f"milestone #{index + 1} ({row['key']})"):
            if row["key"] in milestones:
                raise DuplicateKeyError(f"key {row['key']!r} appears twice", "key")
            milestones[row["key"]] = define(plan, row, actor, reason)
    failed = {row["key"] for row in rows} - milestones.keys()
    for index, row in enumerate(rows):
        for kind in DependencyKind:
            for position, target in enumerate(row.get(kind.value, [])):
                if {row["key"], target} & failed:
                    continue  # the row itself is wrong; its dependencies cannot be judged
                with collector.row(f"milestones.{index}.{kind.value}.{position}",
                                   f"milestone #{index + 1} ({row['key']})"):
                    if target not in milestones:
                        raise InvalidValueError(
                            f"{kind.value} {target!r}, which is not a milestone of this plan")
                    plan.add_dependency(row["key"], target, kind, actor, reason)
    collector.raise_if_any()
    return plan, milestones


class Documents:
    """Import and export of plan documents."""

    def __init__(self, store: EventStore, plans: Plans) -> None:
        self.store = store
        self.plans = plans

    def import_plan(self, document: dict[str, Any], actor: str, reason: str = "") -> PlanView:
        """Store a whole plan atomically: one bad row and nothing is stored."""
        self.save_new_plan(*self._build_new_plan(document, actor, reason))
        return self.plans.get(document["key"])

    def check_plan(self, document: dict[str, Any]) -> None:
        """Check every rule a plan document must meet, storing nothing."""
        self._build_new_plan(document, "check", "")

    def _build_new_plan(self, document: dict[str, Any], actor: str,
                        reason: str) -> tuple[Plan, dict[str, Milestone]]:
        self.plans.check_new_key(document["key"])
        return build_plan(document, actor, reason)

    def save_new_plan(self, plan: Plan, milestones: dict[str, Milestone]) -> None:
        aggregates: list[Aggregate] = [plan, *milestones.values()]
        self.store.save_with_retries(lambda: self._still_new(plan, aggregates))

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
            "milestones": [_milestone_document(requires, affects, m)
                           for m in plan.milestones.values()],
        }


def periods_from(data: list[dict[str, Any]]) -> list[ReportingPeriod]:
    return [ReportingPeriod(p["key"], p["name"], p["month"], p["day"]) for p in data]


def _milestone_document(requires: Mapping[str, list[str]], affects: Mapping[str, list[str]],
                        m: MilestoneRecord) -> dict[str, Any]:
    return {
        "key": m.key, "title": m.title, "description": m.description,
        "focus_area": m.focus_area, "target_year": m.target_year, "kind": m.kind.value,
        "responsible": list(m.responsible),
        "effects": [{"for": e.for_.value, "text": e.text} for e in m.effects],
        "requires": sorted(requires.get(m.key, [])),
        "affects": sorted(affects.get(m.key, [])),
    }


def targets_by_source(edges: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    targets: dict[str, list[str]] = {}
    for source, target in edges:
        targets.setdefault(source, []).append(target)
    return targets
