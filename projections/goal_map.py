"""The goal map as data: the top-level goals (perspectives) as lanes, every goal with its
assessment in force and its metrics' results, and the milestones that serve the goals."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from projections.analysis import statuses_on
from projections.goal_report import RESULTS, goals_report
from projections.records import PlanRecord
from projections.strategic_map import Lane, MapEdge, MapNode


@dataclass(frozen=True)
class GoalMapOptions:
    """What to show: filters keep every lane and its top goal, so the layout stays put."""

    on: date
    perspectives: frozenset[str] = frozenset()
    assessments: frozenset[str] = frozenset()
    lang: str = "sv"


@dataclass(frozen=True)
class GoalNode:
    """A goal in its lane, at its depth in the tree; `results` counts its metrics by result."""

    key: str
    title: str
    level: str
    parent: str | None
    lane: str
    depth: int
    assessment: str
    results: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GoalMap:
    """Everything a renderer needs: `columns` names the goal levels at each depth of the tree;
    edges are `contains` (parent to child goal) and `serves` (milestone to goal)."""

    plan: str
    title: str
    on: date
    position: int
    columns: tuple[str, ...]
    lanes: tuple[Lane, ...]
    goals: tuple[GoalNode, ...]
    milestones: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    lang: str = "sv"


def build_goal_map(plan: PlanRecord, options: GoalMapOptions) -> GoalMap:
    tree, report = plan.goal_tree, goals_report(plan, options.on)
    roots = tree.children.get(None, ())
    lane_of = {goal: root for root in roots for goal in _subtree(tree.children, root)}
    results: dict[str, dict[str, int]] = {}
    for metric in report.metrics:
        counts = results.setdefault(metric.goal, dict.fromkeys(RESULTS, 0))
        counts[metric.result] += 1
    goals = tuple(
        GoalNode(line.key, line.title, line.level, line.parent, lane_of[line.key], line.depth,
                 line.assessment, results.get(line.key, {}))
        for line in report.goals if _visible(line.depth, line.assessment, lane_of[line.key], options))
    shown = {goal.key for goal in goals}
    statuses = statuses_on(plan, options.on)
    serving = sorted((m for m in plan.milestones.values() if shown.intersection(m.goals)),
                     key=lambda m: (m.target_year, m.key))
    edges = tuple(
        [MapEdge(goal.parent, goal.key, "contains") for goal in goals if goal.parent in shown]
        + [MapEdge(m.key, goal, "serves") for m in serving for goal in sorted(shown & set(m.goals))])
    rank = {level.key: index for index, level in enumerate(plan.goal_levels)}
    levels_at: dict[int, set[str]] = {}
    for line in report.goals:
        levels_at.setdefault(line.depth, set()).add(line.level)
    return GoalMap(
        plan=plan.key, title=plan.title, on=options.on, position=plan.position,
        columns=tuple(capitalised(" / ".join(tree.level_name(level) for level in sorted(
            levels_at[depth], key=lambda level: rank.get(level, len(rank)))))
            for depth in sorted(levels_at)),
        lanes=tuple(Lane(root, plan.goals[root].title) for root in roots), goals=goals,
        milestones=tuple(MapNode(m.key, m.title, m.focus_area, m.target_year, statuses[m.key],
                                 m.kind) for m in serving),
        edges=edges, lang=options.lang)


def _visible(depth: int, assessment: str, lane: str, options: GoalMapOptions) -> bool:
    if depth == 0:
        return True  # a lane's head, always there
    return ((not options.perspectives or lane in options.perspectives)
            and (not options.assessments or assessment in options.assessments))


def _subtree(children: Mapping[str | None, tuple[str, ...]], root: str) -> list[str]:
    found, stack = [], [root]
    while stack:
        key = stack.pop()
        found.append(key)
        stack.extend(children.get(key, ()))
    return found


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]
