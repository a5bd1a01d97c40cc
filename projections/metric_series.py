"""A metric over time: its target, outcome, attainment and result on every reporting date
that has come and on every date an outcome speaks for. The metric's chart and its table are
both drawn from one series, so they cannot show different figures."""

from dataclasses import dataclass
from datetime import date

from projections.follow_up import dates_that_have_come
from projections.goal_report import metric_line
from projections.records import MetricRecord, PlanRecord


@dataclass(frozen=True)
class MetricPoint:
    """A metric's standing on one date (`period`: the reporting period's name, or "")."""

    on: date
    period: str
    target: float | None
    outcome: float | None
    attainment: float | None
    result: str
    comment: str
    reported_for: date | None


def metric_series(plan: PlanRecord, metric: MetricRecord, until: date) -> tuple[MetricPoint, ...]:
    """The metric on each reporting date up to `until`, and on each date an outcome was
    reported for (a correction between rounds shows too), oldest first."""
    periods = {on: period.name for period, on in dates_that_have_come(plan, until)}
    days = set(periods) | {o.reported_for for o in metric.outcomes
                           if o.reported_for <= until and o.reported_for.year in plan.years}
    points = []
    for on in sorted(days):
        line = metric_line(metric, on)
        points.append(MetricPoint(on, periods.get(on, ""), line.target, line.outcome,
                                  line.attainment, line.result, line.comment,
                                  line.reported_for))
    return tuple(points)
