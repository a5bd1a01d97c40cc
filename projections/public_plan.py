"""What the public site shows of a plan: the plan as last adopted, its revisions and the
reports its bodies decided; nothing else. Every field shown is named here, so a field added to
a record reaches the public site only when it is added here too: drafts, proposals, open
rounds, people (actors, reporters, presenters) and history never do.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.goal_values import Target
from domain.values import FocusArea
from domain.year_values import Decision, RoundState
from projections.analysis import statuses_on
from projections.body_report import BodyPart, body_parts
from projections.follow_up import count, follow_up_report
from projections.goal_report import GoalLine, GoalsReport, MetricLine, goals_report
from projections.records import PlanRecord, RoundRecord


@dataclass(frozen=True)
class PublicRevision:
    """An adopted revision: the decision, its seal, and where the log recorded it."""

    year: int
    adopted_on: date
    decided_by: str
    paragraph: str
    case_number: str
    summary: str
    seal_position: int
    seal_digest: str
    position: int  # the event that recorded the revision and its seal: the leaf to prove
    adopted_position: int  # the plan as adopted is the log up to here (its save included)


@dataclass(frozen=True)
class PublicMilestone:
    key: str
    title: str
    description: str
    focus_area: str
    target_year: int
    kind: str
    responsible: tuple[str, ...]
    effects: tuple[tuple[str, str], ...]  # (for whom, text)
    goals: tuple[str, ...]
    requires: tuple[str, ...]
    affects: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class PublicGoal:
    key: str
    title: str
    level: str
    parent: str | None
    depth: int
    responsible: tuple[str, ...]
    metrics: tuple[str, ...]
    milestones: tuple[str, ...]
    assessment: str
    analysis: str
    measures: str
    reported_for: date | None


@dataclass(frozen=True)
class PublicMetric:
    key: str
    goal: str
    name: str
    unit: str
    direction: str
    frequency: str
    baseline: Target | None
    targets: tuple[Target, ...]
    green_from: float
    yellow_from: float
    target: float | None
    outcome: float | None
    attainment: float | None
    result: str
    comment: str
    reported_for: date | None


@dataclass(frozen=True)
class PublicGoals:
    """Goals and metrics on a date: each goal's assessment and each metric's attainment."""

    level_name: str
    goal_totals: Mapping[str, int]
    metric_totals: Mapping[str, int]
    goals: tuple[PublicGoal, ...]
    metrics: tuple[PublicMetric, ...]


@dataclass(frozen=True)
class AdoptedPlan:
    """The plan as its latest revision adopted it, statuses and goals on the adoption date."""

    revision: PublicRevision
    on: date
    focus_areas: tuple[FocusArea, ...]
    milestones: tuple[PublicMilestone, ...]
    status_totals: Mapping[str, int]
    goals: PublicGoals


@dataclass(frozen=True)
class PublicLine:
    """A milestone's line in a decided report."""

    key: str
    title: str
    target_year: int
    status: str
    comment: str
    reported_for: date | None


@dataclass(frozen=True)
class PublicPart:
    """What one body reported (`body` None: the lines no body is responsible for)."""

    body: str | None
    name: str
    goals: tuple[PublicGoal, ...]
    metrics: tuple[PublicMetric, ...]
    areas: tuple[tuple[FocusArea, tuple[PublicLine, ...]], ...]


@dataclass(frozen=True)
class DecidedReport:
    """A round's report as its body decided it, sealed, per responsible body."""

    round: str
    title: str
    kind: str
    reporting_date: date
    meeting_body: str
    meeting_date: date
    decision: Decision
    seal_position: int
    seal_digest: str
    report_digest: str
    position: int  # the event that recorded the decision and its seal: the leaf to prove
    status_totals: Mapping[str, int]
    goals: PublicGoals
    parts: tuple[PublicPart, ...]


def adopted_positions(record: PlanRecord) -> dict[int, tuple[int, int]]:
    """Each revision's year → (its event's position, the last position of the plan as it
    adopted it). A proposal adopted with a revision is saved with it, its changes after the
    revision's event and the proposal's own event last: the plan as adopted ends there."""
    through = {p.adopted_year: p.adopted_through for p in record.proposals.values()
               if p.adopted_year is not None and p.adopted_through is not None}
    return {revision.year: (position, max(position, through.get(revision.year, 0)))
            for (revision, _), position in zip(record.revisions, record.revision_positions,
                                               strict=True)}


def public_revisions(record: PlanRecord) -> tuple[PublicRevision, ...]:
    positions = adopted_positions(record)
    return tuple(PublicRevision(
        r.year, r.adopted_on, r.decided_by, r.paragraph, r.case_number, r.summary, seal.position,
        seal.digest, *positions.get(r.year, (seal.position, seal.position)))
        for r, seal in record.revisions)


def adopted_plan(adopted: PlanRecord, revision: PublicRevision) -> AdoptedPlan:
    """`adopted` is the plan replayed to `revision.adopted_position`."""
    on = revision.adopted_on
    area_order = {area.key: index for index, area in enumerate(adopted.focus_areas)}
    web, statuses = adopted.dependency_web, statuses_on(adopted, on)
    milestones = tuple(sorted((PublicMilestone(
        m.key, m.title, m.description, m.focus_area, m.target_year, m.kind.value,
        m.responsible, tuple((e.for_.value, e.text) for e in m.effects), m.goals,
        tuple(sorted(web.requires(m.key))), tuple(sorted(web.affects(m.key))),
        statuses[m.key].value) for m in adopted.milestones.values()),
        key=lambda m: (area_order.get(m.focus_area, len(area_order)), m.target_year, m.key)))
    return AdoptedPlan(revision, on, adopted.focus_areas, milestones,
                       count([m.status for m in milestones]),
                       public_goals(adopted, goals_report(adopted, on)))


def public_goals(record: PlanRecord, report: GoalsReport) -> PublicGoals:
    """The goals report without who reported what."""
    return PublicGoals(report.level_name, report.goal_totals, report.metric_totals,
                       tuple(_goal(line) for line in report.goals),
                       tuple(_metric(record, line) for line in report.metrics))


def _goal(line: GoalLine) -> PublicGoal:
    return PublicGoal(line.key, line.title, line.level, line.parent, line.depth,
                      line.responsible, line.metrics, line.milestones, line.assessment,
                      line.analysis, line.measures, line.reported_for)


def _metric(record: PlanRecord, line: MetricLine) -> PublicMetric:
    metric = record.metrics[line.key]
    return PublicMetric(line.key, line.goal, line.name, line.unit, line.direction,
                        line.frequency, metric.baseline, metric.targets, line.green_from,
                        line.yellow_from, line.target, line.outcome, line.attainment,
                        line.result, line.comment, line.reported_for)


def decided_report(then: PlanRecord, round_: RoundRecord,
                   bodies: Mapping[str, str]) -> DecidedReport:
    """`then` is the plan replayed to the decision's seal: the report exactly as decided."""
    decision = round_.decision
    assert decision is not None and round_.state is RoundState.DECIDED
    entry = round_.entry
    report = follow_up_report(then, entry.reporting_date)
    parts = tuple(_part(then, part) for part in body_parts(then, report, bodies, ""))
    return DecidedReport(
        round_.key, entry.title, entry.kind.value, entry.reporting_date, entry.meeting_body,
        entry.meeting_date, decision.decision, decision.seal.position, decision.seal.digest,
        decision.report_digest, decision.position, report.totals,
        public_goals(then, report.goals), parts)


def _part(record: PlanRecord, part: BodyPart) -> PublicPart:
    areas = {area.key: area for area in record.focus_areas}
    return PublicPart(part.body, part.name, tuple(_goal(line) for line in part.goals),
                      tuple(_metric(record, line) for line in part.metrics), tuple((areas[a.key], tuple(
                          PublicLine(m.key, m.title, m.target_year, m.status, m.comment,
                                     m.reported_for) for m in a.milestones))
                            for a in part.areas))


def decided_rounds(record: PlanRecord) -> list[RoundRecord]:
    """The plan's decided rounds, the latest reporting date first."""
    return sorted((r for r in record.rounds.values() if r.decision is not None),
                  key=lambda r: (r.entry.reporting_date, r.key), reverse=True)
