"""The goal tree of a plan document: its levels, goals and metrics in, and out again.

Goals are defined parents first (a parent is always of a higher level), so every goal's
parent is checked against the document; each problem is named by its path
(`goals.2.parent`, `metrics.3.targets.0.year`), all of them at once.
"""

from typing import Any

from domain.errors import DomainError, DuplicateKeyError, InvalidValueError
from domain.fields import PLAN_DOCUMENT, check_count
from domain.goal import Goal
from domain.goal_values import GoalLevel
from domain.messages import N_
from domain.metric import Metric
from domain.plan import Plan
from projections.records import GoalRecord, MetricRecord, PlanRecord
from service.error_collector import ErrorCollector
from service.goals import new_goal, new_metric


class DocumentGoals:
    """The goals and metrics built from one document, by key, in the order to save them."""

    def __init__(self, plan: Plan, document: dict[str, Any], collector: ErrorCollector,
                 actor: str, reason: str) -> None:
        self.plan, self.collector = plan, collector
        self.actor, self.reason = actor, reason
        self.rows: list[dict[str, Any]] = document.get("goals", [])
        self.keys: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            self.keys.setdefault(row["key"], row)
        self.goals: dict[str, Goal] = {}
        self.metrics: dict[str, Metric] = {}
        for name in ("goals", "metrics"):
            check_count(PLAN_DOCUMENT, name, len(document.get(name, [])))
        if document.get("goal_levels"):
            self._set_levels(document["goal_levels"])
        self._define_goals()
        self._define_metrics(document.get("metrics", []))

    def _set_levels(self, rows: list[dict[str, Any]]) -> None:
        with self.collector.row("goal_levels", "goal levels"):
            try:
                self.plan.set_goal_levels([GoalLevel(r["key"], r["name"]) for r in rows], set(),
                                          self.actor, self.reason)
            except DomainError as error:  # the aggregate names `levels.N.key`
                error.field = (error.field or "").removeprefix("levels").lstrip(".") or None
                raise

    def _define_goals(self) -> None:
        rank = {level.key: index for index, level in enumerate(self.plan.goal_levels)}
        order = sorted(range(len(self.rows)),
                       key=lambda i: (rank.get(self.rows[i]["level"], len(rank)), i))
        for index in order:
            row = self.rows[index]
            with self.collector.row(f"goals.{index}", f"goal #{index + 1} ({row['key']})"):
                if self.keys[row["key"]] is not row:
                    raise DuplicateKeyError(N_("goal %(key)r appears twice"), "key", key=row["key"])
                self.goals[row["key"]] = new_goal(self.plan, row, self._parent_level(row),
                                                  self.actor, self.reason)

    def _parent_level(self, row: dict[str, Any]) -> str | None:
        parent = row.get("parent")
        if parent is None:
            return None
        if parent not in self.keys:
            raise InvalidValueError(N_("the document has no goal %(key)r"), "parent", key=parent)
        level: str = self.keys[parent]["level"]
        # A parent of an unknown level is wrong in its own row; this one is not judged by it.
        return level if level in {item.key for item in self.plan.goal_levels} else None

    def _define_metrics(self, rows: list[dict[str, Any]]) -> None:
        for index, row in enumerate(rows):
            with self.collector.row(f"metrics.{index}", f"metric #{index + 1} ({row['key']})"):
                if row["key"] in self.metrics:
                    raise DuplicateKeyError(N_("metric %(key)r appears twice"), "key", key=row["key"])
                if row["goal"] not in self.keys:
                    raise InvalidValueError(N_("the document has no goal %(key)r"), "goal",
                                            key=row["goal"])
                self.metrics[row["key"]] = new_metric(self.plan, row, self.actor, self.reason)

    def check_links(self, goals: list[str]) -> None:
        """The goals a milestone serves must be goals of the document (`goals.N` otherwise)."""
        for index, key in enumerate(goals):
            if key not in self.keys:
                raise InvalidValueError(N_("the document has no goal %(key)r"), f"goals.{index}",
                                        key=key)


def goal_tree_document(plan: PlanRecord) -> dict[str, Any]:
    """The goal levels, goals (parents first) and metrics of a plan, as a document has them."""
    tree = plan.goal_tree
    return {
        "goal_levels": [{"key": level.key, "name": level.name} for level in plan.goal_levels],
        "goals": [_goal_document(plan.goals[key]) for key in tree.order],
        "metrics": [_metric_document(plan.metrics[metric]) for goal in tree.order
                    for metric in tree.metrics_of.get(goal, ())],
    }


def _goal_document(goal: GoalRecord) -> dict[str, Any]:
    return {"key": goal.key, "title": goal.title, "description": goal.description,
            "level": goal.level, "parent": goal.parent, "responsible": list(goal.responsible)}


def _metric_document(metric: MetricRecord) -> dict[str, Any]:
    baseline = metric.baseline
    return {
        "key": metric.key, "goal": metric.goal, "name": metric.name, "unit": metric.unit,
        "direction": metric.direction.value, "frequency": metric.frequency.value,
        "baseline": None if baseline is None else {"year": baseline.year,
                                                   "value": baseline.value},
        "targets": [{"year": t.year, "value": t.value} for t in metric.targets],
        "thresholds": {"green_from": metric.thresholds.green_from,
                       "yellow_from": metric.thresholds.yellow_from},
        "source": metric.source,
    }
