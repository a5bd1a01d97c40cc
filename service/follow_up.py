"""Use cases of follow-up: reporting periods, reports on a reporting date, trends, report rounds."""

from datetime import date
from typing import Any

from domain.errors import DuplicateKeyError, InvalidValueError, MilestoneNotFoundError
from domain.milestone import Milestone
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod
from domain.values import Status
from projections.follow_up import (
    FollowUpReport,
    TrendPoint,
    dates_that_have_come,
    follow_up_report,
    latest_reporting_date,
    trend,
)
from projections.plan_xlsx import status_round_workbook
from projections.trend_chart import trend_svg
from service.error_collector import ErrorCollector
from service.map_cache import MapCache, RenderedMap
from service.milestones import enum_value
from service.plan_documents import periods_from
from service.time_travel import PointInTime, TimeTravelUseCases


class FollowUpUseCases(TimeTravelUseCases):
    """Tertial, interim and annual follow-up of a plan, now or as known at a past point."""

    map_cache: MapCache

    def reporting_periods(self, plan: str) -> tuple[ReportingPeriod, ...]:
        return self._plan_record(plan).reporting_periods

    def reporting_dates(self, plan: str) -> list[tuple[ReportingPeriod, date]]:
        """The plan's reporting dates that have come, oldest first."""
        record = self._plan_record(plan)
        with self.state.lock:
            return dates_that_have_come(record, self.today())

    def set_reporting_periods(self, plan: str, periods: list[dict[str, Any]], actor: str,
                              reason: str = "") -> tuple[ReportingPeriod, ...]:
        """Replace the plan's reporting periods (an unchanged list records nothing)."""
        def attempt() -> list[Plan]:
            aggregate = self._plan(plan)
            changed = aggregate.set_reporting_periods(periods_from(periods), actor, reason)
            return [aggregate] if changed else []

        self._save_with_retries(attempt)
        return self.reporting_periods(plan)

    def follow_up(self, plan: str, on: date | None = None,
                  point: PointInTime | None = None) -> FollowUpReport:
        """Each milestone's report in force on `on` (default: the last reporting date that
        has come), as the log knew it at `point` (default: now)."""
        record = self.plan_state(plan, point)
        with self.state.lock:
            knowledge_date = point.on if point else self.today()
            return follow_up_report(record, on or latest_reporting_date(record, knowledge_date))

    def trend(self, plan: str, point: PointInTime | None = None) -> tuple[TrendPoint, ...]:
        """Status totals on every reporting date that has come, as known at `point`."""
        record = self.plan_state(plan, point)
        with self.state.lock:
            return trend(record, point.on if point else self.today())

    def trend_chart(self, plan: str, point: PointInTime | None = None,
                    lang: str = "sv") -> RenderedMap:
        """The trend as an SVG chart, drawn once per plan position (and day) and then cached."""
        record = self.plan_state(plan, point)
        until = point.on if point else self.today()
        request = ("trend", plan, lang, until)
        cached = self.map_cache.get(request, record.position)
        if cached is None:
            with self.state.lock:
                points = trend(record, until)
            cached = RenderedMap(trend_svg(points, record.title, lang), "image/svg+xml",
                                 record.position)
            self.map_cache.put(request, cached)
        return cached

    def status_round_template(self, plan: str) -> bytes:
        """The Excel workbook of a report round: every milestone, with today's status."""
        today, record = self.today(), self._plan_record(plan)
        with self.state.lock:
            lines = follow_up_report(record, today).milestones
            reporting_date = latest_reporting_date(record, today)
        return status_round_workbook(list(lines), reporting_date)

    def report_statuses(self, plan: str, rows: list[dict[str, Any]], actor: str,
                        reason: str = "") -> int:
        """A round of status reports, all stored or (one bad row) none; every bad row named.

        Each row has `milestone`, `status`, `comment` and `reported_for` (default today).
        """
        start_year = self._plan_record(plan, caught_up=False).start_year

        def attempt() -> list[Milestone]:
            today, collector = self.today(), ErrorCollector()
            reported: dict[str, Milestone] = {}
            for index, row in enumerate(rows):
                with collector.row(f"reports.{index}"):
                    key = row["milestone"]
                    if key in reported:
                        raise DuplicateKeyError(f"milestone {key!r} is reported twice in "
                                                "this round", "milestone")
                    status = enum_value(Status, row["status"], "status")
                    milestone = self._round_milestone(plan, key)
                    milestone.report_status(start_year, status, row.get("comment") or "",
                                            row.get("reported_for") or today, today,
                                            actor, reason)
                    reported[key] = milestone
            collector.raise_if_any()
            return list(reported.values())

        self._save_with_retries(attempt)
        return len(rows)

    def _round_milestone(self, plan: str, key: str) -> Milestone:
        """In a round, an unknown key is a bad row (422), not a missing resource (404)."""
        try:
            return self._milestone(plan, key, "milestone")
        except MilestoneNotFoundError as error:
            raise InvalidValueError(error.message, "milestone") from None

