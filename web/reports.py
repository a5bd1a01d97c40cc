"""Follow-up reports as people download them: CSV, and the words saying what the log knew.

Shared by the API and the command line."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service.follow_up import FollowUpReport
from web.files import csv_table
from web.messages import language

CSV_COLUMNS = ("focus_area", "key", "title", "target_year", "status", "comment",
               "reported_for", "reported_by")
# A plan with goals or metrics gets three more tables after a blank line each: its goals, its
# metrics, and the totals with the summary sentence.
GOAL_COLUMNS = ("goal", "title", "level", "parent", "assessment", "analysis", "measures",
                "reported_for", "reported_by")
METRIC_COLUMNS = ("metric", "goal", "name", "unit", "target", "outcome", "attainment", "result",
                  "comment", "reported_for")
TOTAL_COLUMNS = ("part", "name", "count")


def knowledge(query: dict[str, Any], report: FollowUpReport) -> str:
    """What the log knew, in the words printed on an exported report."""
    for name, words in (("as_of", "loggen per"), ("revision", "revideringen"),
                        ("position", "loggen vid position")):
        if query.get(name) is not None:
            return f"{words} {query[name]} (planens senaste händelse: position {report.position})"
    return f"loggen vid utskriften (planens senaste händelse: position {report.position})"


def report_csv(report: FollowUpReport,
               bodies: Mapping[str, str | None] | None = None) -> bytes:
    """The milestones; then, if the plan has goals or metrics, those and their totals, with
    the summary sentence, each table after a blank line; headers in the reader's language.
    With `bodies` (a round's report), each line's body in a last column, `body`."""
    rows = ([getattr(line, column) or "" for column in CSV_COLUMNS] for line in report.milestones)
    content = csv_table(*with_body(CSV_COLUMNS, rows, "milestone", report.milestones, bodies))
    part = report.goals
    if part.goals or part.metrics:
        # One byte-order mark, at the start: the later tables are joined as text.
        content += "\r\n".join(("", *(table.decode("utf-8-sig")
                                       for table in goal_tables(report, bodies)))).encode()
    return content


def blank(value: Any) -> Any:
    return "" if value is None else value


def with_body(columns: tuple[str, ...], rows: Iterable[list[Any]], kind: str,
              lines: Sequence[Any], bodies: Mapping[str, str | None] | None) -> tuple[
                  tuple[str, ...], Iterable[list[Any]]]:
    """The table's columns and rows, with `body` last when the report says whose lines are
    whose."""
    if bodies is None:
        return columns, rows
    return (*columns, "body"), ([*row, bodies.get(f"{kind}:{line.key}") or ""]
                                for row, line in zip(rows, lines, strict=True))


def goal_tables(report: FollowUpReport,
                bodies: Mapping[str, str | None] | None = None) -> tuple[bytes, bytes, bytes]:
    part = report.goals
    goals = csv_table(*with_body(GOAL_COLUMNS, ([
        line.key, line.title, line.level, blank(line.parent), line.assessment, line.analysis,
        line.measures, blank(line.reported_for), blank(line.reported_by)]
        for line in part.goals), "goal", part.goals, bodies))
    metrics = csv_table(*with_body(METRIC_COLUMNS, ([
        line.key, line.goal, line.name, line.unit, blank(line.target), blank(line.outcome),
        blank(line.attainment), line.result, line.comment, blank(line.reported_for)]
        for line in part.metrics), "metric", part.metrics, bodies))
    totals = csv_table(TOTAL_COLUMNS, [
        *(("goals", name, count) for name, count in part.goal_totals.items()),
        *(("metrics", name, count) for name, count in part.metric_totals.items()),
        ("summary", report.summary(language()), "")])
    return goals, metrics, totals
