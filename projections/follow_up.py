"""Follow-up reports: every milestone's status on a reporting date, totals, and the trend.

A milestone's status on a date is its report with the latest `reported_for` on or before
that date (ties: the one entered last); with no such report it is `not_reported`, which is
not a status a planner can report but a fact the committee must see.
"""

from dataclasses import dataclass
from datetime import date

from domain.reporting_period import ReportingPeriod, reporting_dates
from domain.status import report_in_force
from domain.status_words import NOT_REPORTED as NOT_REPORTED
from domain.status_words import STATUS_WORDS
from projections.goal_report import GoalsReport, goals_report, summary_sentence
from projections.records import PlanRecord

# The order a committee reads them in: good news first, then trouble, then the rest.
REPORT_STATUSES = tuple(STATUS_WORDS)


@dataclass(frozen=True)
class ReportLine:
    """One milestone in a follow-up report."""

    key: str
    title: str
    focus_area: str
    target_year: int
    status: str
    comment: str
    reported_for: date | None
    reported_by: str | None


@dataclass(frozen=True)
class FocusAreaTotals:
    """How many milestones of one focus area are in each status."""

    key: str
    name: str
    totals: dict[str, int]


@dataclass(frozen=True)
class FollowUpReport:
    """The plan's follow-up on reporting date `on`, as the log knew it at `position`."""

    plan: str
    title: str
    on: date
    period: ReportingPeriod | None
    position: int
    totals: dict[str, int]
    by_focus_area: tuple[FocusAreaTotals, ...]
    milestones: tuple[ReportLine, ...]
    goals: GoalsReport

    @property
    def metrics(self) -> GoalsReport:
        """The same goals report: the API shows its goals as `goals`, its metrics as this."""
        return self.goals

    def summary(self, lang: str) -> str:
        """The sentence the report opens with, in `lang` (`sv` or `en`)."""
        return summary_sentence(self.goals, lang)


@dataclass(frozen=True)
class TrendPoint:
    """Status totals on one reporting date."""

    period: ReportingPeriod
    on: date
    totals: dict[str, int]


def report_line(plan: PlanRecord, key: str, on: date) -> ReportLine:
    milestone = plan.milestones[key]
    report = report_in_force(milestone.reports, on)
    return ReportLine(
        key=key, title=milestone.title, focus_area=milestone.focus_area,
        target_year=milestone.target_year,
        status=report.status.value if report else NOT_REPORTED,
        comment=report.comment if report else "",
        reported_for=report.reported_for if report else None,
        reported_by=report.actor if report else None)


def count(statuses: list[str]) -> dict[str, int]:
    totals = dict.fromkeys(REPORT_STATUSES, 0)
    for status in statuses:
        totals[status] += 1
    return totals


def follow_up_report(plan: PlanRecord, on: date) -> FollowUpReport:
    """Every milestone of the plan with the report in force on `on`, in plan order."""
    area_order = {area.key: index for index, area in enumerate(plan.focus_areas)}
    lines = sorted((report_line(plan, key, on) for key in plan.milestones),
                   key=lambda line: (area_order.get(line.focus_area, len(area_order)),
                                     line.target_year, line.key))
    by_area = tuple(
        FocusAreaTotals(area.key, area.name,
                        count([line.status for line in lines if line.focus_area == area.key]))
        for area in plan.focus_areas)
    period = next((p for p in plan.reporting_periods if p.on(on.year) == on), None)
    return FollowUpReport(plan.key, plan.title, on, period, plan.position,
                          count([line.status for line in lines]), by_area, tuple(lines),
                          goals_report(plan, on))


def dates_that_have_come(plan: PlanRecord, until: date) -> list[tuple[ReportingPeriod, date]]:
    """Every reporting date of the plan period on or before `until`, in date order."""
    return [(period, on) for period, on in reporting_dates(
        plan.reporting_periods, plan.start_year, plan.end_year) if on <= until]


def latest_reporting_date(plan: PlanRecord, today: date) -> date:
    """The last reporting date on or before `today` (or the plan's first, if none has passed)."""
    passed = dates_that_have_come(plan, today)
    if passed:
        return passed[-1][1]
    return plan.reporting_periods[0].on(plan.start_year)


def current_round(plan: PlanRecord, today: date) -> date:
    """The reporting date a report speaks for unless told otherwise: the last one that has come
    (a report entered in May speaks for 30 April), or today before the first has come."""
    passed = dates_that_have_come(plan, today)
    return passed[-1][1] if passed else today


def trend(plan: PlanRecord, until: date) -> tuple[TrendPoint, ...]:
    """Status totals on every reporting date of the plan period that has come by `until`."""
    return tuple(TrendPoint(period, on, count([report_line(plan, key, on).status
                                               for key in plan.milestones]))
                 for period, on in dates_that_have_come(plan, until))
