"""Follow-up reports as people download them: CSV, and the words saying what the log knew.

Shared by the API and the command line."""

from typing import Any

from service.follow_up import FollowUpReport
from web.files import csv_table

CSV_COLUMNS = ("focus_area", "key", "title", "target_year", "status", "comment",
               "reported_for", "reported_by")


def knowledge(query: dict[str, Any], report: FollowUpReport) -> str:
    """What the log knew, in the words printed on an exported report."""
    for name, words in (("as_of", "loggen per"), ("revision", "revideringen"),
                        ("position", "loggen vid position")):
        if query.get(name) is not None:
            return f"{words} {query[name]} (planens senaste händelse: position {report.position})"
    return f"loggen vid utskriften (planens senaste händelse: position {report.position})"


def report_csv(report: FollowUpReport) -> bytes:
    """The report's lines, one a milestone; the header in the reader's language."""
    rows = ([getattr(line, column) or "" for column in CSV_COLUMNS] for line in report.milestones)
    return csv_table(CSV_COLUMNS, rows)
