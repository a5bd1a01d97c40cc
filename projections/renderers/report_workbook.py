"""A follow-up report as an Excel workbook: a summary, then one sheet per focus area."""

from collections.abc import Mapping

from openpyxl.styles import Font

from projections.follow_up import REPORT_STATUSES, FollowUpReport
from projections.renderers.report_goal_sheets import (
    add_goal_sheets,
    add_goal_totals,
    body_header,
    with_body,
)
from projections.renderers.xlsx_style import (
    STATUS_LABELS,
    add_table,
    new_workbook,
    paint_status,
    status_label,
    to_bytes,
    write,
)

LINE_HEADERS = ("Milstolpe", "Titel", "Målår", "Status", "Kommentar", "Rapporterad per",
                "Rapporterad av")
STATUS_COLUMN = 4


def report_xlsx(report: FollowUpReport, knowledge: str, lang: str = "sv",
                levels: dict[str, str] | None = None,
                bodies: Mapping[str, str | None] | None = None) -> bytes:
    """`knowledge` says what the log knew, e.g. "loggen per 2024-05-15 (position 812)";
    the summary sentence is in `lang`, `levels` names the goal levels; `bodies` (a round's
    report) gives each line's body, written in the last column."""
    workbook = new_workbook()
    period = f" ({report.period.name})" if report.period else ""
    summary = add_table(
        workbook, "Sammanfattning",
        ("Insatsområde", *(STATUS_LABELS[s].capitalize() for s in REPORT_STATUSES), "Totalt"),
        [*([area.name, *(area.totals[s] for s in REPORT_STATUSES), sum(area.totals.values())]
           for area in report.by_focus_area),
         ["Hela planen", *(report.totals[s] for s in REPORT_STATUSES),
          sum(report.totals.values())]],
        (34, *([14] * len(REPORT_STATUSES)), 10))
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    summary.insert_rows(1, 3)
    write(summary["A1"], f"{report.title}: uppföljning per {report.on.isoformat()}{period}")
    summary["A1"].font = Font(bold=True, size=14)
    write(summary["A2"], f"Enligt {knowledge}")
    summary.freeze_panes = "A5"
    summary.auto_filter.ref = None
    part = report.goals
    if part.goals or part.metrics:
        add_goal_totals(summary, part, report.summary(lang))
        add_goal_sheets(workbook, part, levels or {}, bodies)
    for area in report.by_focus_area:
        lines = [line for line in report.milestones if line.focus_area == area.key]
        headers, widths = body_header(LINE_HEADERS, (12, 48, 8, 32, 60, 16, 18), bodies)
        sheet = add_table(
            workbook, area.name, headers,
            [with_body((line.key, line.title, line.target_year, status_label(line.status),
                        line.comment, line.reported_for, line.reported_by or ""), bodies,
                       f"milestone:{line.key}") for line in lines], widths)
        for row, line in enumerate(lines, start=2):
            paint_status(sheet.cell(row=row, column=STATUS_COLUMN), line.status)
            sheet.cell(row=row, column=6).number_format = "yyyy-mm-dd"
    return to_bytes(workbook)
