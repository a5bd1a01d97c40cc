"""Frozen views the service returns: what a plan and a milestone look like to a reader."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.milestone import Milestone
from domain.status import report_in_force, status_in_force
from domain.values import Effect, FocusArea, MilestoneKind, Status
from projections.records import MilestoneRecord, PlanRecord


@dataclass(frozen=True)
class PlanView:
    """A plan with its focus areas and how many milestones it has in each status."""

    key: str
    title: str
    owner: str
    start_year: int
    end_year: int
    focus_areas: tuple[FocusArea, ...]
    counts: dict[str, object]
    version: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class MilestoneView:
    """A milestone with its status in force today and its place in the dependency web."""

    plan: str
    key: str
    title: str
    description: str
    focus_area: str
    target_year: int
    kind: MilestoneKind
    responsible: tuple[str, ...]
    effects: tuple[Effect, ...]
    status: Status
    status_comment: str | None
    reported_for: date | None
    requires: tuple[str, ...]
    required_by: tuple[str, ...]
    affects: tuple[str, ...]
    affected_by: tuple[str, ...]
    upstream: tuple[str, ...]
    downstream: tuple[str, ...]
    version: int
    defined_at: datetime
    changed_at: datetime
    changed_by: str
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadModelSize:
    """What a fold of the whole log found."""

    position: int
    plans: int
    milestones: int
    users: int


@dataclass(frozen=True)
class StatusReportView:
    """A status report just recorded, and the milestone's status in force today."""

    plan: str
    milestone: str
    status: Status
    comment: str
    reported_for: date
    actor: str
    current_status: Status
    version: int


def status_report_view(milestone: Milestone, today: date) -> StatusReportView:
    report = milestone.reports[-1]
    return StatusReportView(milestone.plan_key, milestone.key, report.status, report.comment,
                            report.reported_for, report.actor, milestone.status_on(today),
                            milestone.version)


def plan_view(plan: PlanRecord, today: date) -> PlanView:
    by_status = {status.value: 0 for status in Status}
    for milestone in plan.milestones.values():
        by_status[status_in_force(milestone.reports, today).value] += 1
    counts = {"milestones": len(plan.milestones), "requires": len(plan.requires),
              "affects": len(plan.affects), "by_status": by_status}
    return PlanView(plan.key, plan.title, plan.owner, plan.start_year, plan.end_year,
                    plan.focus_areas, counts, plan.version, plan.created_at, plan.created_by)


def milestone_view(plan: PlanRecord, milestone: MilestoneRecord, today: date) -> MilestoneView:
    key = milestone.key
    report = report_in_force(milestone.reports, today)
    web = plan.dependency_web
    return MilestoneView(
        plan=plan.key,
        key=key,
        title=milestone.title,
        description=milestone.description,
        focus_area=milestone.focus_area,
        target_year=milestone.target_year,
        kind=milestone.kind,
        responsible=milestone.responsible,
        effects=milestone.effects,
        status=report.status if report else Status.PLANNED,
        status_comment=report.comment if report else None,
        reported_for=report.reported_for if report else None,
        requires=web.requires(key),
        required_by=web.required_by(key),
        affects=web.affects(key),
        affected_by=web.affected_by(key),
        upstream=web.upstream(key),
        downstream=web.downstream(key),
        version=milestone.version,
        defined_at=milestone.defined_at,
        changed_at=milestone.changed_at,
        changed_by=milestone.changed_by,
        goals=milestone.goals,
    )
