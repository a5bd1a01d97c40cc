"""Frozen views of goals and metrics, as the API and the pages read them."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.goal_values import Target, Thresholds
from projections.goal_report import GoalLine, MetricLine
from projections.records import GoalRecord, MetricRecord, RecordedAssessment, RecordedOutcome


@dataclass(frozen=True)
class GoalView:
    """A goal with its place in the tree, its assessment in force on `on` and its history."""

    plan: str
    key: str
    title: str
    description: str
    level: str
    parent: str | None
    responsible: tuple[str, ...]
    children: tuple[str, ...]
    metrics: tuple[str, ...]
    milestones: tuple[str, ...]
    on: date
    assessment: str
    analysis: str
    measures: str
    reported_for: date | None
    assessments: tuple[RecordedAssessment, ...]
    version: int
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class MetricView:
    """A metric's definition, its standing on `on` and every outcome recorded."""

    plan: str
    key: str
    goal: str
    name: str
    unit: str
    direction: str
    frequency: str
    baseline: Target | None
    targets: tuple[Target, ...]
    thresholds: Thresholds
    source: str
    on: date
    target: float | None
    outcome: float | None
    attainment: float | None
    result: str
    comment: str
    reported_for: date | None
    outcomes: tuple[RecordedOutcome, ...]
    version: int
    changed_at: datetime
    changed_by: str


def goal_view(goal: GoalRecord, line: GoalLine, on: date) -> GoalView:
    return GoalView(
        plan=goal.plan, key=goal.key, title=goal.title, description=goal.description,
        level=goal.level, parent=goal.parent, responsible=goal.responsible,
        children=line.children, metrics=line.metrics, milestones=line.milestones, on=on,
        assessment=line.assessment, analysis=line.analysis, measures=line.measures,
        reported_for=line.reported_for, assessments=goal.assessments, version=goal.version,
        changed_at=goal.changed_at, changed_by=goal.changed_by)


def metric_view(metric: MetricRecord, line: MetricLine, on: date) -> MetricView:
    return MetricView(
        plan=metric.plan, key=metric.key, goal=metric.goal, name=metric.name, unit=metric.unit,
        direction=metric.direction.value, frequency=metric.frequency.value,
        baseline=metric.baseline, targets=metric.targets, thresholds=metric.thresholds,
        source=metric.source, on=on, target=line.target, outcome=line.outcome,
        attainment=line.attainment, result=line.result, comment=line.comment,
        reported_for=line.reported_for, outcomes=metric.outcomes, version=metric.version,
        changed_at=metric.changed_at, changed_by=metric.changed_by)
