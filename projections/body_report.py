"""A follow-up report per body: which body each line belongs to, the report's lines grouped
by body and focus area (the board document), and a report of one body's lines only.

Grouped, a line belongs to the body that reports it (`round_items.body_of`: the first of its
`responsible` entries that is a body; a metric through its goal). Filtered, a milestone or
goal belongs to every body among its `responsible` entries, a metric to its goal's.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from domain.year_values import ItemKind
from projections.follow_up import FollowUpReport, ReportLine, count
from projections.goal_report import GoalLine, MetricLine, goals_report
from projections.records import PlanRecord
from projections.round_items import item_body


@dataclass(frozen=True)
class AreaPart:
    """One focus area's milestones within a body's part."""

    key: str
    name: str
    milestones: tuple[ReportLine, ...]


@dataclass(frozen=True)
class BodyPart:
    """What one body reports (`body` None: the lines no body is responsible for)."""

    body: str | None
    name: str
    goals: tuple[GoalLine, ...]
    metrics: tuple[MetricLine, ...]
    areas: tuple[AreaPart, ...]


def line_bodies(plan: PlanRecord, report: FollowUpReport,
                bodies: Collection[str]) -> dict[str, str | None]:
    """The body of each line of `report`, by item id (`milestone:A`, `goal:G`, `metric:M`)."""
    lines = ((ItemKind.MILESTONE, [line.key for line in report.milestones]),
             (ItemKind.GOAL, [line.key for line in report.goals.goals]),
             (ItemKind.METRIC, [line.key for line in report.goals.metrics]))
    return {f"{kind.value}:{key}": item_body(plan, kind, key, bodies)
            for kind, keys in lines for key in keys}


def body_parts(plan: PlanRecord, report: FollowUpReport, bodies: Mapping[str, str],
               nobody: str) -> tuple[BodyPart, ...]:
    """The report's lines per body (in key order; the lines of no body, named `nobody`, last)
    and, within a body, its milestones per focus area; bodies without lines are left out."""
    of = line_bodies(plan, report, bodies)
    parts = []
    for body in (*sorted(bodies), None):
        milestones = [m for m in report.milestones if of[f"milestone:{m.key}"] == body]
        areas = tuple(AreaPart(area.key, area.name, tuple(
            m for m in milestones if m.focus_area == area.key)) for area in plan.focus_areas)
        part = BodyPart(
            body, bodies[body] if body else nobody,
            tuple(g for g in report.goals.goals if of[f"goal:{g.key}"] == body),
            tuple(m for m in report.goals.metrics if of[f"metric:{m.key}"] == body),
            tuple(area for area in areas if area.milestones))
        if part.goals or part.metrics or part.areas:
            parts.append(part)
    return tuple(parts)


def body_report(plan: PlanRecord, report: FollowUpReport, body: str) -> FollowUpReport:
    """`report` with only the milestones, goals and metrics of `body`, and their totals."""
    lines = tuple(line for line in report.milestones
                  if body in plan.milestones[line.key].responsible)
    goal_keys = {key for key, goal in plan.goals.items() if body in goal.responsible}
    by_area = tuple(replace(area, totals=count(
        [line.status for line in lines if line.focus_area == area.key]))
        for area in report.by_focus_area)
    return replace(report, milestones=lines, by_focus_area=by_area,
                   totals=count([line.status for line in lines]),
                   goals=goals_report(plan, report.on, goal_keys))
