"""Use cases of follow-up: reporting periods, reports on a reporting date, trends, report rounds."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import (
    N_,
    DuplicateKeyError,
    InvalidValueError,
    MilestoneNotFoundError,
    StaleVersionError,
)
from domain.milestone import Milestone
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod
from domain.values import Status
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
from projections.renderers.plan_workbook import status_round_workbook
from projections.renderers.trend_chart import trend_svg
from service.documents import periods_from
from service.error_collector import ErrorCollector
from service.map_cache import MapCache, RenderedMap
from service.milestones import enum_value
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

    def report(self, plan: str, on: date | None = None,
               at: PointInTime | None = None) -> FollowUpReport:
        """Each milestone's report in force on `on` (default: the last reporting date that
        has come), as the log knew it at `at` (default: now)."""
        at = self.time_travel.resolve(at)
        record = self.time_travel.plan_state(plan, at)
        return follow_up_report(record, on or latest_reporting_date(record, at.on))

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
        return status_round_workbook(list(lines), latest_reporting_date(record, today))

    def report_statuses(self, plan: str, rows: list[dict[str, Any]], actor: str,
                        reason: str = "") -> int:
        """A round of status reports, all stored or (one bad row) none; every bad row named.

        Each row has `milestone`, `status`, `comment` and `reported_for` (default today).
        """
        record = self.store.plan_record(plan, caught_up=False)
        period = record.years

        def attempt() -> list[Milestone]:
            today, collector = self.store.today(), ErrorCollector()
            reported: dict[str, Milestone] = {}
            for index, row in enumerate(rows):
                with collector.row(f"reports.{index}"):
                    key = row["milestone"]
                    if key in reported:
                        raise DuplicateKeyError(N_("milestone %(key)r is reported twice in "
                                                   "this round"), "milestone", key=key)
                    status = enum_value(Status, row["status"], "status")
                    milestone = self._round_milestone(plan, key)
                    comment = row.get("comment") or ""
                    # In a round, a row's comment says why when the round as a whole does not
                    # (a milestone dropped in a workbook round needs a reason too).
                    milestone.report_status(period, status, comment,
                                            row.get("reported_for")
                                            or current_round(record, today), today,
                                            actor, reason or comment)
                    reported[key] = milestone
            collector.raise_if_any()
            return list(reported.values())

        self.store.save_with_retries(attempt)
        return len(rows)

    def _round_milestone(self, plan: str, key: str) -> Milestone:
        """In a round, an unknown key is a bad row (422), not a missing resource (404)."""
        try:
            return self.store.milestone(plan, key, "milestone")
        except MilestoneNotFoundError as error:
            raise InvalidValueError(error.message, "milestone") from None
