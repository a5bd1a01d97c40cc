"""The Metric aggregate: how a goal is measured (mätetal), its targets and its outcomes."""

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import InvalidValueError
from domain.fields import EDITABLE_METRIC_FIELDS, METRIC, OUTCOME, TARGET, check
from domain.goal_values import Direction, Frequency, Outcome, Target, Thresholds
from domain.messages import N_
from domain.plan import PLAN_NAMESPACE, Plan
from domain.reporting_period import check_reporting_date


@lru_cache(maxsize=ID_CACHE)
def metric_id(plan_key: str, key: str) -> UUID:
    """Metric ids derive from plan and key, so a duplicate key collides in the store."""
    return uuid5(PLAN_NAMESPACE, f"{plan_key}/metric/{key}")


class Metric(Aggregate):
    """A metric of one goal: unit, direction, targets per year, thresholds and outcomes."""

    class MetricDefined(Aggregate.Created):
        plan_key: str
        key: str
        goal: str
        name: str
        unit: str
        direction: Direction
        frequency: Frequency
        baseline: Target | None
        targets: list[Target]
        thresholds: Thresholds
        source: str
        actor: str
        reason: str

    class MetricEdited(Aggregate.Event):
        changes: dict[str, Any]
        actor: str
        reason: str

    class OutcomeReported(Aggregate.Event):
        value: float | None
        comment: str
        reported_for: date
        actor: str
        reason: str

    @staticmethod
    def create_id(plan_key: str, key: str) -> UUID:
        return metric_id(plan_key, key)

    @classmethod
    def define(cls, plan: Plan, key: str, goal: str, name: str, unit: str,
               direction: Direction, frequency: Frequency, baseline: Target | None,
               targets: list[Target], thresholds: Thresholds, source: str, actor: str,
               reason: str = "") -> "Metric":
        """Define a metric of `goal` (the caller checks the goal exists)."""
        check(METRIC, "key", key)
        check(METRIC, "goal", goal)
        _check_fields(plan, {"name": name, "unit": unit, "source": source, "baseline": baseline,
                             "targets": targets, "thresholds": thresholds})
        return cls(plan.key, key, goal, name, unit, direction, frequency, baseline,
                   list(targets), thresholds, source, actor, reason)

    @event(MetricDefined)
    def __init__(self, plan_key: str, key: str, goal: str, name: str, unit: str,
                 direction: Direction, frequency: Frequency, baseline: Target | None,
                 targets: list[Target], thresholds: Thresholds, source: str, actor: str,
                 reason: str) -> None:
        self.plan_key = plan_key
        self.key = key
        self.goal = goal
        self.name = name
        self.unit = unit
        self.direction = direction
        self.frequency = frequency
        self.baseline = baseline
        self.targets = targets
        self.thresholds = thresholds
        self.source = source
        self.outcomes: list[Outcome] = []

    def edit(self, plan: Plan, changes: dict[str, Any], actor: str, reason: str = "") -> bool:
        """Apply the fields that differ from the current ones; False if nothing changed.
        Targets and thresholds are part of the plan's rules: the change is kept with its
        reason, and reports as known before it still use the old ones."""
        unknown = set(changes) - set(EDITABLE_METRIC_FIELDS)
        if unknown:
            raise InvalidValueError(N_("this field cannot be edited"), sorted(unknown)[0])
        edits = {f: v for f, v in changes.items() if getattr(self, f) != v}
        if "goal" in edits:
            check(METRIC, "goal", edits["goal"])
        _check_fields(plan, edits)
        if edits:
            self._edit(edits, actor, reason)
        return bool(edits)

    @event(MetricEdited)
    def _edit(self, changes: dict[str, Any], actor: str, reason: str) -> None:
        for field, value in changes.items():
            setattr(self, field, value)

    def report_outcome(self, plan_years: range, value: float | None, comment: str,
                       reported_for: date, today: date, actor: str, reason: str = "") -> None:
        """Record the value measured for `reported_for`; None: not measured this time."""
        check_reporting_date(plan_years, reported_for, today)
        if value is not None:
            check(OUTCOME, "value", value)
        check(OUTCOME, "comment", comment)
        self._report_outcome(value, comment, reported_for, actor, reason)

    @event(OutcomeReported)
    def _report_outcome(self, value: float | None, comment: str, reported_for: date,
                        actor: str, reason: str) -> None:
        self.outcomes = [*self.outcomes, Outcome(value, comment, reported_for, actor)]


def _check_fields(plan: Plan, fields: dict[str, Any]) -> None:
    for name in ("name", "unit", "source"):
        if name in fields:
            check(METRIC, name, fields[name])
    baseline = fields.get("baseline")
    if baseline is not None:
        check(TARGET, "value", baseline.value, "baseline.value")
        check(TARGET, "year", baseline.year, "baseline.year")
    if "targets" in fields:
        check_targets(plan, fields["targets"])
    thresholds = fields.get("thresholds")
    if thresholds is not None:
        check_thresholds(thresholds)


def check_targets(plan: Plan, targets: list[Target]) -> None:
    years: set[int] = set()
    for index, target in enumerate(targets):
        check(TARGET, "value", target.value, f"targets.{index}.value")
        if target.year not in plan.years:
            raise InvalidValueError(
                N_("a target is for a year of the plan period %(start)s–%(end)s, not %(year)s"),
                f"targets.{index}.year", start=plan.start_year, end=plan.end_year,
                year=target.year)
        if target.year in years:
            raise InvalidValueError(N_("the metric already has a target for %(year)s"),
                                    f"targets.{index}.year", year=target.year)
        years.add(target.year)


def check_thresholds(thresholds: Thresholds) -> None:
    check(METRIC, "thresholds", {"green_from": thresholds.green_from,
                                 "yellow_from": thresholds.yellow_from})
    for name in ("green_from", "yellow_from"):
        value = getattr(thresholds, name)
        if not 0 <= value <= 1000:
            raise InvalidValueError(N_("must be a percentage between 0 and 1000"),
                                    f"thresholds.{name}")
    if thresholds.yellow_from > thresholds.green_from:
        raise InvalidValueError(
            N_("yellow starts below green: %(yellow)s %% is above green's %(green)s %%"),
            "thresholds.yellow_from", yellow=thresholds.yellow_from,
            green=thresholds.green_from)
