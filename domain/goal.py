"""The Goal aggregate: a node of the plan's goal tree, and the assessments made of it."""

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import InvalidValueError
from domain.fields import ASSESSMENT, EDITABLE_GOAL_FIELDS, GOAL, check
from domain.goal_values import Assessment, AssessmentReport, GoalLevel
from domain.messages import N_
from domain.plan import PLAN_NAMESPACE, Plan
from domain.reporting_period import check_reporting_date


@lru_cache(maxsize=ID_CACHE)
def goal_id(plan_key: str, key: str) -> UUID:
    """Goal ids derive from plan and key, so a duplicate key collides in the store."""
    return uuid5(PLAN_NAMESPACE, f"{plan_key}/goal/{key}")


def check_level_below(levels: tuple[GoalLevel, ...], level: str, parent_level: str | None,
                      field: str = "parent") -> None:
    """`level` must be one of the plan's, and a parent's level higher (nearer the top)."""
    keys = [item.key for item in levels]
    if level not in keys:
        raise InvalidValueError(
            N_("the plan has no goal level %(level)r; choose one of %(levels)s"), "level",
            level=level, levels=", ".join(keys))
    if parent_level is not None and keys.index(parent_level) >= keys.index(level):
        raise InvalidValueError(
            N_("a goal's parent must be of a higher level: %(parent_level)r is not above "
            "%(level)r"), field, parent_level=parent_level, level=level)


class Goal(Aggregate):
    """A goal (mål) of one plan: a perspective, a strategic goal, a result goal, …"""

    class GoalDefined(Aggregate.Created):
        plan_key: str
        key: str
        title: str
        description: str
        level: str
        parent: str | None
        responsible: list[str]
        actor: str
        reason: str

    class GoalEdited(Aggregate.Event):
        changes: dict[str, Any]
        actor: str
        reason: str

    class GoalAssessed(Aggregate.Event):
        assessment: Assessment
        analysis: str
        measures: str
        reported_for: date
        actor: str
        reason: str

    @staticmethod
    def create_id(plan_key: str, key: str) -> UUID:
        return goal_id(plan_key, key)

    @classmethod
    def define(cls, plan: Plan, key: str, title: str, description: str, level: str,
               parent: str | None, parent_level: str | None, responsible: list[str],
               actor: str, reason: str = "") -> "Goal":
        """Define a goal; `parent_level` is the parent goal's level (the caller reads it)."""
        check(GOAL, "key", key)
        _check_fields({"title": title, "description": description, "responsible": responsible})
        check_level_below(plan.goal_levels, level, parent_level)
        if parent == key:
            raise InvalidValueError(N_("a goal cannot be its own parent"), "parent")
        return cls(plan.key, key, title, description, level, parent, list(responsible), actor,
                   reason)

    @event(GoalDefined)
    def __init__(self, plan_key: str, key: str, title: str, description: str, level: str,
                 parent: str | None, responsible: list[str], actor: str, reason: str) -> None:
        self.plan_key = plan_key
        self.key = key
        self.title = title
        self.description = description
        self.level = level
        self.parent = parent
        self.responsible = responsible
        self.assessments: list[AssessmentReport] = []

    def edit(self, plan: Plan, changes: dict[str, Any], parent_level: str | None, actor: str,
             reason: str = "") -> bool:
        """Apply the fields that differ; `parent_level` is the (new) parent's level. False if
        nothing changed. A goal's children are checked by the caller, who can read them."""
        unknown = set(changes) - set(EDITABLE_GOAL_FIELDS)
        if unknown:
            raise InvalidValueError(N_("this field cannot be edited"), sorted(unknown)[0])
        edits = {f: v for f, v in changes.items() if getattr(self, f) != v}
        _check_fields(edits)
        if "level" in edits or "parent" in edits:
            check_level_below(plan.goal_levels, edits.get("level", self.level), parent_level)
            if edits.get("parent") == self.key:
                raise InvalidValueError(N_("a goal cannot be its own parent"), "parent")
        if edits:
            self._edit(edits, actor, reason)
        return bool(edits)

    @event(GoalEdited)
    def _edit(self, changes: dict[str, Any], actor: str, reason: str) -> None:
        for field, value in changes.items():
            setattr(self, field, value)

    def assess(self, plan_years: range, assessment: Assessment, analysis: str, measures: str,
               reported_for: date, today: date, actor: str, reason: str = "") -> None:
        check_reporting_date(plan_years, reported_for, today)
        for name, value in (("analysis", analysis), ("measures", measures)):
            check(ASSESSMENT, name, value)
        self._assess(assessment, analysis, measures, reported_for, actor, reason)

    @event(GoalAssessed)
    def _assess(self, assessment: Assessment, analysis: str, measures: str,
                reported_for: date, actor: str, reason: str) -> None:
        self.assessments = [*self.assessments, AssessmentReport(
            assessment, analysis, measures, reported_for, actor)]


def _check_fields(fields: dict[str, Any]) -> None:
    for name in ("title", "description", "responsible"):
        if name in fields:
            value = fields[name]
            check(GOAL, name, list(value) if name == "responsible" else value)
