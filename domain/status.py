"""Status reports and the rule that picks the one in force on a date."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.values import Immutable, Status


@dataclass(frozen=True)
class StatusReport(Immutable):
    """A planner's report: the status a milestone had on the reporting date `reported_for`."""

    status: Status
    comment: str
    reported_for: date
    actor: str


def report_in_force(reports: Iterable[StatusReport], on: date) -> StatusReport | None:
    """The report with the latest `reported_for` on or before `on`; ties go to the one entered last.

    `reports` must be in the order they were entered, so a late correction of an older
    reporting date never overrides a newer one.
    """
    in_force: StatusReport | None = None
    for report in reports:
        if report.reported_for <= on and (
            in_force is None or report.reported_for >= in_force.reported_for
        ):
            in_force = report
    return in_force


def status_in_force(reports: Iterable[StatusReport], on: date) -> Status:
    """The status of the report in force on `on`; `planned` when there is none."""
    report = report_in_force(reports, on)
    return report.status if report else Status.PLANNED
