"""A plan's goal tree: its goals in tree order, with each goal's children, metrics and the
milestones that serve it, worked out once per plan record."""

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from domain.goal_values import GoalLevel


class GoalTree:
    """The goals of one plan record (read it, never change it: records are shared)."""

    def __init__(self, levels: tuple[GoalLevel, ...], goals: Mapping[str, Any],
                 metrics: Mapping[str, Any], milestones: Mapping[str, Any]) -> None:
        self.levels = levels
        self.goals = goals
        self.metrics = metrics
        self.milestones = milestones

    @cached_property
    def children(self) -> Mapping[str | None, tuple[str, ...]]:
        """Each goal's children (None: the roots), by level and then key."""
        rank = {level.key: index for index, level in enumerate(self.levels)}
        found: dict[str | None, list[str]] = {}
        for goal in self.goals.values():
            parent = goal.parent if goal.parent in self.goals else None
            found.setdefault(parent, []).append(goal.key)
        return {parent: tuple(sorted(keys, key=lambda k: (rank.get(self.goals[k].level, 99), k)))
                for parent, keys in found.items()}

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Every goal, parents before their children (depth first)."""
        ordered: list[str] = []
        stack = list(reversed(self.children.get(None, ())))
        while stack:
            key = stack.pop()
            ordered.append(key)
            stack.extend(reversed(self.children.get(key, ())))
        return tuple(ordered)

    def depth(self, key: str) -> int:
        depth, goal = 0, self.goals[key]
        while goal.parent in self.goals and depth < len(self.goals):
            depth, goal = depth + 1, self.goals[goal.parent]
        return depth

    @cached_property
    def metrics_of(self) -> Mapping[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for metric in self.metrics.values():
            found.setdefault(metric.goal, []).append(metric.key)
        return {goal: tuple(sorted(keys)) for goal, keys in found.items()}

    @cached_property
    def milestones_of(self) -> Mapping[str, tuple[str, ...]]:
        """The milestones that serve each goal."""
        found: dict[str, list[str]] = {}
        for milestone in self.milestones.values():
            for goal in milestone.goals:
                found.setdefault(goal, []).append(milestone.key)
        return {goal: tuple(sorted(keys)) for goal, keys in found.items()}

    def level_name(self, key: str) -> str:
        return next((level.name for level in self.levels if level.key == key), key)

    def assessed_level(self) -> str | None:
        """The lowest level that has goals: the one a follow-up counts (seed 002's 17
        resultatmål), or None without goals."""
        used = {goal.level for goal in self.goals.values()}
        return next((level.key for level in reversed(self.levels) if level.key in used), None)
