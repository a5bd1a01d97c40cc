"""Use cases of follow-up: reporting periods, reports on a reporting date, trends, report rounds."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import StaleVersionError
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod
from projections.body_report import body_report
from projections.follow_up import (
    REPORT_STATUSES,
    FollowUpReport,
    TrendPoint,
    current_round,
    dates_that_have_come,
    follow_up_report,
    latest_reporting_date,
    trend,
)
from projections.goal_report import goals_report
from projections.renderers.plan_workbook import status_round_workbook
from projections.renderers.trend_chart import trend_svg
from service.bodies import check_body
from service.documents import periods_from
from service.map_cache import MapCache, RenderedMap
from service.round_reports import RoundReports
from service.store import EventStore
from service.time_travel import PointInTime, TimeTravel

__all__ = ["REPORT_STATUSES", "FollowUp", "FollowUpReport", "TrendPoint", "VersionedPeriods"]


@dataclass(frozen=True)
class VersionedPeriods:
    """A plan's reporting periods and the plan's version (their `ETag`)."""

    items: tuple[ReportingPeriod, ...]
    version: int


class FollowUp:
    """Tertial, interim and annual follow-up of a plan, now or as known at a past point."""

    def __init__(self, store: EventStore, time_travel: TimeTravel, cache: MapCache) -> None:
        self.store = store
        self.time_travel = time_travel
        self.cache = cache
        self.round_reports = RoundReports(store)

    def reporting_periods(self, plan: str) -> tuple[ReportingPeriod, ...]:
        return self.store.plan_record(plan).reporting_periods

    def reporting_dates(self, plan: str) -> list[tuple[ReportingPeriod, date]]:
        """The plan's reporting dates that have come, oldest first."""
        return dates_that_have_come(self.store.plan_record(plan), self.store.today())

    def current_round(self, plan: str) -> date:
        """The reporting date a report speaks for unless told otherwise."""
        return current_round(self.store.plan_record(plan), self.store.today())

    def versioned_reporting_periods(self, plan: str) -> VersionedPeriods:
        """The reporting periods with the plan's version, which a change may be made onto."""
        record = self.store.plan_record(plan)
        return VersionedPeriods(record.reporting_periods, record.version)

    def set_reporting_periods(self, plan: str, periods: list[dict[str, Any]], actor: str,
                              reason: str = "",
                              expected_version: int | None = None) -> tuple[ReportingPeriod, ...]:
        """Replace the plan's reporting periods (an unchanged list records nothing); with
        `expected_version`, only onto that version of the plan."""
        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            if expected_version is not None and expected_version != aggregate.version:
                raise StaleVersionError(expected_version, aggregate.version, "plan")
            changed = aggregate.set_reporting_periods(periods_from(periods), actor, reason)
            return [aggregate] if changed else []

        self.store.save_with_retries(attempt)
        return self.reporting_periods(plan)

    def report(self, plan: str, on: date | None = None, at: PointInTime | None = None,
               body: str | None = None) -> FollowUpReport:
        """Each milestone's report in force on `on` (default: the last reporting date that
        has come), as the log knew it at `at` (default: now); with `body`, that body's
        milestones, goals and metrics only."""
        check_body(self.store, body)
        at = self.time_travel.resolve(at)
        record = self.time_travel.plan_state(plan, at)
        report = follow_up_report(record, on or latest_reporting_date(record, at.on))
        return report if body is None else body_report(record, report, body)

    def trend(self, plan: str, at: PointInTime | None = None) -> tuple[TrendPoint, ...]:
        """Status totals on every reporting date that has come, as known at `at`."""
        at = self.time_travel.resolve(at)
        return trend(self.time_travel.plan_state(plan, at), at.on)

    def trend_chart(self, plan: str, at: PointInTime | None = None,
                    lang: str = "sv") -> RenderedMap:
        """The trend as an SVG chart, drawn once per plan position (and day) and then cached."""
        at = self.time_travel.resolve(at)
        record = self.time_travel.plan_state(plan, at)
        request = ("trend", plan, lang, at.on)
        cached = self.cache.get(request, record.position)
        if cached is None:
            cached = RenderedMap(trend_svg(trend(record, at.on), record.title, lang),
                                 "image/svg+xml", record.position)
            self.cache.put(request, cached)
        return cached

    def status_round_template(self, plan: str) -> bytes:
        """The Excel workbook of a report round: every milestone, with today's status."""
        today, record = self.store.today(), self.store.plan_record(plan)
        lines = follow_up_report(record, today).milestones
        on = latest_reporting_date(record, today)
        return status_round_workbook(list(lines), on, goals_report(record, on))

    def report_statuses(self, plan: str, rows: list[dict[str, Any]], actor: str,
                        reason: str = "") -> int:
        """A round of status reports, all stored or (one bad row) none; every bad row named.

        Each row has `milestone`, `status`, `comment` and `reported_for` (default: the
        round's reporting date). `round_reports.report` takes outcomes and assessments too.
        """
        return self.round_reports.report(plan, rows, actor=actor, reason=reason).statuses
