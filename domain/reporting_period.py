"""Reporting periods: the fixed dates of every year that a plan is followed up on."""

from dataclasses import dataclass
from datetime import date

from domain.errors import N_, DuplicateKeyError, InvalidValueError
from domain.fields import PLAN_DOCUMENT, REPORTING_PERIOD, check, check_count
from domain.values import Immutable

# Any year that is not a leap year: a reporting date must exist in every year.
_ORDINARY_YEAR = 2023


@dataclass(frozen=True)
class ReportingPeriod(Immutable):
    """A reporting point of each year, e.g. the tertial report per 30 April."""

    key: str
    name: str
    month: int
    day: int

    def on(self, year: int) -> date:
        """The reporting date of this period in `year`."""
        return date(year, self.month, self.day)


DEFAULT_REPORTING_PERIODS = (
    ReportingPeriod("T1", "Tertialrapport", 4, 30),
    ReportingPeriod("delar", "Delårsrapport", 8, 31),
    ReportingPeriod("bokslut", "Årsbokslut", 12, 31),
)


def check_reporting_periods(periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """At least one period, each a real date of every year, no key or date twice; sorted by date."""
    if not periods:
        raise InvalidValueError(N_("a plan needs at least one reporting period"),
                                "reporting_periods")
    check_count(PLAN_DOCUMENT, "reporting_periods", len(periods))
    keys: set[str] = set()
    dates: set[tuple[int, int]] = set()
    for index, period in enumerate(periods):
        field = f"reporting_periods.{index}"
        for name in ("key", "name"):
            check(REPORTING_PERIOD, name, getattr(period, name), f"{field}.{name}")
        try:
            date(_ORDINARY_YEAR, period.month, period.day)
        except (ValueError, TypeError):
            raise InvalidValueError(
                N_("month %(month)s, day %(day)s is not a date of every year"), f"{field}.day",
                month=period.month, day=period.day) from None
        if period.key in keys:
            raise DuplicateKeyError(N_("reporting period %(key)r appears twice"),
                                    f"{field}.key", key=period.key)
        if (period.month, period.day) in dates:
            raise DuplicateKeyError(N_("two reporting periods fall on %(day)s/%(month)s"),
                                    f"{field}.day", day=period.day, month=period.month)
        keys.add(period.key)
        dates.add((period.month, period.day))
    return sorted(periods, key=lambda p: (p.month, p.day))


def reporting_dates(periods: tuple[ReportingPeriod, ...], first_year: int,
                    last_year: int) -> list[tuple[ReportingPeriod, date]]:
    """Every reporting date from `first_year` to `last_year`, in date order."""
    return [(period, period.on(year)) for year in range(first_year, last_year + 1)
            for period in periods]


def check_reporting_date(plan_years: range, reported_for: date, today: date) -> None:
    """A report speaks for a date that has come, within the plan period."""
    if reported_for > today:
        raise InvalidValueError(
            N_("%(date)s is in the future: a report speaks for a date that has passed"),
            "reported_for", date=reported_for.isoformat())
    if reported_for.year not in plan_years:
        raise InvalidValueError(
            N_("%(date)s is outside the plan period %(start)s–%(end)s"), "reported_for",
            date=reported_for.isoformat(), start=plan_years[0], end=plan_years[-1])
