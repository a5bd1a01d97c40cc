"""Use cases on goals and metrics: the goal levels, goals and their assessments, metrics and
their outcomes; and reading them on a date."""

from datetime import date
from typing import Any

from domain.errors import (
    DuplicateKeyError,
    GoalNotFoundError,
    InvalidValueError,
    MetricNotFoundError,
)
from domain.fields import MAX_GOALS, MAX_METRICS
from domain.goal import Goal, goal_id
from domain.goal_values import (
    Assessment,
    Direction,
    Frequency,
    GoalLevel,
    Target,
    Thresholds,
)
from domain.messages import N_
from domain.metric import Metric, metric_id
from domain.plan import Plan
from projections.follow_up import current_round
from projections.goal_report import goal_line, metric_line
from projections.records import GoalRecord, MetricRecord, PlanRecord
from service.bodies import check_body
from service.goal_views import GoalView, MetricView, goal_view, metric_view
from service.milestones import enum_value
from service.store import EventStore

# One message each: the word for what is full must be translated with the sentence.
TOO_MANY_GOALS = N_("a plan has at most %(limit)s goals")
TOO_MANY_METRICS = N_("a plan has at most %(limit)s metrics")


def target_from(data: dict[str, Any] | None) -> Target | None:
    return None if data is None else Target(data["year"], data["value"])


def thresholds_from(data: dict[str, Any] | None) -> Thresholds:
    if data is None:
        return Thresholds()
    return Thresholds(data.get("green_from", 100), data.get("yellow_from", 90))


def metric_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The primitive values of metric fields as domain values."""
    converted = dict(fields)
    if "direction" in converted:
        converted["direction"] = enum_value(Direction, converted["direction"], "direction")
    if "frequency" in converted:
        converted["frequency"] = enum_value(Frequency, converted["frequency"], "frequency")
    if "baseline" in converted:
        converted["baseline"] = target_from(converted["baseline"])
    if "targets" in converted:
        converted["targets"] = [target_from(t) for t in converted["targets"]]
    if "thresholds" in converted:
        converted["thresholds"] = thresholds_from(converted["thresholds"])
    return converted


def new_goal(plan: Plan, fields: dict[str, Any], parent_level: str | None, actor: str,
             reason: str) -> Goal:
    """A goal aggregate from primitive fields; `parent_level` is its parent's level."""
    return Goal.define(plan, fields["key"], fields["title"], fields.get("description", ""),
                       fields["level"], fields.get("parent"), parent_level,
                       list(fields.get("responsible", [])), actor, reason)


def new_metric(plan: Plan, fields: dict[str, Any], actor: str, reason: str) -> Metric:
    """A metric aggregate from primitive fields (the caller checks its goal exists)."""
    f = metric_fields(fields)
    return Metric.define(plan, f["key"], f["goal"], f["name"], f.get("unit", ""), f["direction"],
                         f.get("frequency", Frequency.PERIOD), f.get("baseline"),
                         f.get("targets", []), f.get("thresholds", Thresholds()),
                         f.get("source", ""), actor, reason)


class Goals:
    """The plan's goal tree and metrics."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    # -- aggregates, to change them ---------------------------------------------------------

    def goal_aggregate(self, plan: str, key: str, field: str | None = None) -> Goal:
        if not self.store.exists(goal_id(plan, key)):
            raise GoalNotFoundError(N_("plan %(plan)r has no goal %(key)r"), field, plan=plan,
                                    key=key)
        goal: Goal = self.store.get(goal_id(plan, key))
        return goal

    def metric_aggregate(self, plan: str, key: str) -> Metric:
        if not self.store.exists(metric_id(plan, key)):
            raise MetricNotFoundError(N_("plan %(plan)r has no metric %(key)r"), None, plan=plan,
                                      key=key)
        metric: Metric = self.store.get(metric_id(plan, key))
        return metric

    # -- goal levels ------------------------------------------------------------------------

    def levels(self, plan: str) -> tuple[GoalLevel, ...]:
        return self.store.plan_record(plan).goal_levels

    def set_levels(self, plan: str, levels: list[dict[str, Any]], actor: str,
                   reason: str = "", field: str = "levels") -> tuple[GoalLevel, ...]:
        """Name the goal tree's levels, from the top; errors name `field` (the request's
        name for the list)."""
        wanted = [GoalLevel(level["key"], level["name"]) for level in levels]

        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            goals = self.store.plan_record(plan).goals
            changed = aggregate.set_goal_levels(wanted, {g.level for g in goals.values()}, actor,
                                                reason, field)
            rank = {level.key: index for index, level in enumerate(wanted)}
            for goal in goals.values():
                parent = goals.get(goal.parent or "")
                if parent is not None and rank[parent.level] >= rank[goal.level]:
                    raise InvalidValueError(
                        N_("goal %(goal)r would no longer sit below its parent %(parent)r"),
                        field, goal=goal.key, parent=parent.key)
            return [aggregate] if changed else []

        self.store.save_with_retries(attempt)
        return self.levels(plan)

    # -- goals ------------------------------------------------------------------------------

    def _parent_level(self, plan: str, parent: str | None) -> str | None:
        """The level of the goal named as `parent`: 422 at `parent` if there is none (the body
        is what is wrong, not the URL; as for a metric's goal and a milestone's goals)."""
        if parent is None:
            return None
        self._check_goal_named(plan, parent, "parent")
        return self.goal_aggregate(plan, parent).level

    def define(self, plan: str, fields: dict[str, Any], actor: str, reason: str = "") -> GoalView:
        key = fields["key"]

        def attempt() -> list[Goal]:
            aggregate = self.store.plan(plan)
            if self.store.exists(goal_id(plan, key)):
                raise DuplicateKeyError(N_("plan %(plan)r already has a goal %(key)r"), "key",
                                        plan=plan, key=key)
            self._check_room(plan, "goals")
            return [new_goal(aggregate, fields, self._parent_level(plan, fields.get("parent")),
                             actor, reason)]

        self.store.save_with_retries(attempt)
        return self.goal(plan, key)

    def edit(self, plan: str, key: str, changes: dict[str, Any], actor: str,
             reason: str = "") -> GoalView:
        def attempt() -> list[Goal]:
            aggregate = self.store.plan(plan)
            goal = self.goal_aggregate(plan, key)
            parent = changes.get("parent", goal.parent)
            if "level" in changes or "parent" in changes:
                self._check_children_stay_below(plan, key, changes.get("level", goal.level),
                                                aggregate)
            goal.edit(aggregate, changes, self._parent_level(plan, parent), actor, reason)
            return [goal]

        self.store.save_with_retries(attempt)
        return self.goal(plan, key)

    def _check_children_stay_below(self, plan: str, key: str, level: str,
                                   aggregate: Plan) -> None:
        record = self.store.plan_record(plan)
        rank = {item.key: index for index, item in enumerate(aggregate.goal_levels)}
        for child in record.goal_tree.children.get(key, ()):
            child_level = record.goals[child].level
            if level in rank and rank[level] >= rank.get(child_level, 0):
                raise InvalidValueError(
                    N_("goal %(child)r is below this one: its level %(child_level)r must stay "
                    "below %(level)r"), "level", child=child, child_level=child_level,
                    level=level)

    def assess(self, plan: str, key: str, assessment: str, analysis: str, measures: str,
               reported_for: date | None, actor: str, reason: str = "") -> GoalView:
        value = enum_value(Assessment, assessment, "assessment")
        record = self.store.plan_record(plan, caught_up=False)

        def attempt() -> list[Goal]:
            goal = self.goal_aggregate(plan, key)
            today = self.store.today()
            goal.assess(record.years, value, analysis, measures,
                        reported_for or current_round(record, today), today, actor, reason)
            return [goal]

        self.store.save_with_retries(attempt)
        return self.goal(plan, key)

    def _check_goal_named(self, plan: str, key: str, field: str = "goal") -> None:
        """A goal named in a body (a metric's `goal`, a goal's `parent`) must be a goal of the
        plan: 422 at that field otherwise."""
        if not self.store.exists(goal_id(plan, key)):
            raise InvalidValueError(N_("plan %(plan)r has no goal %(key)r"), field, plan=plan,
                                    key=key)

    def _check_room(self, plan: str, what: str) -> None:
        record = self.store.plan_record(plan)
        count, limit, message = ((len(record.goals), MAX_GOALS, TOO_MANY_GOALS) if what == "goals"
                                 else (len(record.metrics), MAX_METRICS, TOO_MANY_METRICS))
        if count + 1 > limit:
            raise InvalidValueError(message, what, limit=limit)

    # -- metrics ----------------------------------------------------------------------------

    def define_metric(self, plan: str, fields: dict[str, Any], actor: str,
                      reason: str = "") -> MetricView:
        key = fields["key"]

        def attempt() -> list[Metric]:
            aggregate = self.store.plan(plan)
            if self.store.exists(metric_id(plan, key)):
                raise DuplicateKeyError(N_("plan %(plan)r already has a metric %(key)r"), "key",
                                        plan=plan, key=key)
            self._check_goal_named(plan, fields["goal"])
            self._check_room(plan, "metrics")
            return [new_metric(aggregate, fields, actor, reason)]

        self.store.save_with_retries(attempt)
        return self.metric(plan, key)

    def edit_metric(self, plan: str, key: str, changes: dict[str, Any], actor: str,
                    reason: str = "") -> MetricView:
        converted = metric_fields(changes)

        def attempt() -> list[Metric]:
            aggregate = self.store.plan(plan)
            metric = self.metric_aggregate(plan, key)
            if "goal" in converted:
                self._check_goal_named(plan, converted["goal"])
            metric.edit(aggregate, converted, actor, reason)
            return [metric]

        self.store.save_with_retries(attempt)
        return self.metric(plan, key)

    def report_outcome(self, plan: str, key: str, value: float | None, comment: str,
                       reported_for: date | None, actor: str, reason: str = "") -> MetricView:
        record = self.store.plan_record(plan, caught_up=False)

        def attempt() -> list[Metric]:
            metric = self.metric_aggregate(plan, key)
            today = self.store.today()
            metric.report_outcome(record.years, value, comment,
                                  reported_for or current_round(record, today), today, actor,
                                  reason)
            return [metric]

        self.store.save_with_retries(attempt)
        return self.metric(plan, key)

    # -- reading ----------------------------------------------------------------------------

    def record(self, plan: str, record: PlanRecord | None = None) -> PlanRecord:
        return record or self.store.plan_record(plan)

    def goal_record(self, plan: str, key: str, record: PlanRecord | None = None) -> GoalRecord:
        found = self.record(plan, record).goals.get(key)
        if found is None:
            raise GoalNotFoundError(N_("plan %(plan)r has no goal %(key)r"), None, plan=plan,
                                    key=key)
        return found

    def metric_record(self, plan: str, key: str,
                      record: PlanRecord | None = None) -> MetricRecord:
        found = self.record(plan, record).metrics.get(key)
        if found is None:
            raise MetricNotFoundError(N_("plan %(plan)r has no metric %(key)r"), None, plan=plan,
                                      key=key)
        return found

    def goal(self, plan: str, key: str, on: date | None = None,
             record: PlanRecord | None = None) -> GoalView:
        found = self.record(plan, record)
        goal, day = self.goal_record(plan, key, found), on or self.store.today()
        return goal_view(goal, goal_line(found, goal, day), day)

    def metrics(self, plan: str, on: date | None = None,
                record: PlanRecord | None = None) -> list[MetricView]:
        """Every metric, goal by goal in tree order, with its standing on `on`."""
        found = self.record(plan, record)
        day = on or self.store.today()
        tree = found.goal_tree
        return [metric_view(found.metrics[m], metric_line(found.metrics[m], day), day)
                for goal in tree.order for m in tree.metrics_of.get(goal, ())]

    def metric(self, plan: str, key: str, on: date | None = None,
               record: PlanRecord | None = None) -> MetricView:
        found = self.record(plan, record)
        metric, day = self.metric_record(plan, key, found), on or self.store.today()
        return metric_view(metric, metric_line(metric, day), day)

    def list(self, plan: str, on: date | None = None, record: PlanRecord | None = None,
             body: str | None = None) -> list[GoalView]:
        """Every goal in tree order, with the assessment in force on `on` (default today);
        with `body`, the goals with that body among their `responsible` only."""
        check_body(self.store, body)
        found = self.record(plan, record)
        day = on or self.store.today()
        return [goal_view(found.goals[key], goal_line(found, found.goals[key], day), day)
                for key in found.goal_tree.order
                if body is None or body in found.goals[key].responsible]
