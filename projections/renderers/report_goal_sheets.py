"""A follow-up workbook's goals and metrics: a sheet of goals with their assessments, one of
metrics with target, outcome, attainment and result, and their totals on the summary sheet.

Each assessment and result is written with its icon and word, and coloured: never colour
alone. Numbers stay numbers (Excel computes with them); attainment is a percentage cell.
"""

from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.goal_words import ASSESSMENT_WORDS, RESULT_WORDS
from projections.goal_report import GoalsReport
from projections.renderers.xlsx_style import add_table, write

GOAL_HEADERS = ("Mål", "Titel", "Nivå", "Överordnat mål", "Bedömning", "Analys", "Åtgärder",
                "Bedömt per", "Bedömt av")
METRIC_HEADERS = ("Mätetal", "Namn", "Mål", "Enhet", "Målvärde", "Utfall", "Måluppfyllelse",
                  "Resultat", "Kommentar", "Utfall per")
# fill, font: the same colours as the pages' badges.
COLOURS = {"satisfactory": ("00735A", "FFFFFF"), "met": ("00735A", "FFFFFF"),
           "partly_satisfactory": ("F0E442", "000000"), "partly_met": ("F0E442", "000000"),
           "unsatisfactory": ("B34700", "FFFFFF"), "not_met": ("B34700", "FFFFFF"),
           "not_assessed": ("FFFFFF", "000000"), "no_outcome": ("FFFFFF", "000000")}
WORDS = {**ASSESSMENT_WORDS, **RESULT_WORDS}
BODY_HEADER = "Nämnd"  # the last column of a round's report: the body reporting the line


def with_body(row: tuple[Any, ...], bodies: Mapping[str, str | None] | None,
              item: str) -> tuple[Any, ...]:
    """A row with the body of `item` (`metric:M`) at its end, when the report has bodies."""
    return row if bodies is None else (*row, bodies.get(item) or "")


def body_header(headers: tuple[str, ...], widths: tuple[int, ...],
                bodies: Mapping[str, str | None] | None) -> tuple[tuple[str, ...],
                                                               tuple[int, ...]]:
    return (headers, widths) if bodies is None else ((*headers, BODY_HEADER), (*widths, 12))


def label(code: str) -> str:
    return f"{WORDS[code].icon} {WORDS[code].sv.name}"


def paint(cell: Any, code: str) -> None:
    fill, font = COLOURS[code]
    write(cell, label(code))
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=font)


def add_goal_sheets(workbook: Workbook, part: GoalsReport, levels: dict[str, str],
                    bodies: Mapping[str, str | None] | None = None) -> None:
    """The goals sheet and the metrics sheet, each only if the plan has any; with `bodies`,
    each line's body in the last column."""
    if part.goals:
        headers, widths = body_header(GOAL_HEADERS, (10, 44, 16, 12, 30, 50, 50, 14, 16), bodies)
        sheet = add_table(workbook, "Mål", headers, [with_body(
            (line.key, line.title, levels.get(line.level, line.level), line.parent or "",
             label(line.assessment), line.analysis, line.measures, line.reported_for,
             line.reported_by or ""), bodies, f"goal:{line.key}") for line in part.goals], widths)
        for row, line in enumerate(part.goals, start=2):
            paint(sheet.cell(row=row, column=5), line.assessment)
            sheet.cell(row=row, column=8).number_format = "yyyy-mm-dd"
    if part.metrics:
        headers, widths = body_header(METRIC_HEADERS, (10, 44, 10, 10, 12, 12, 14, 22, 50, 14),
                                      bodies)
        sheet = add_table(workbook, "Mätetal", headers, [with_body(
            (line.key, line.name, line.goal, line.unit, line.target, line.outcome,
             None if line.attainment is None else line.attainment / 100, label(line.result),
             line.comment, line.reported_for), bodies, f"metric:{line.key}")
            for line in part.metrics], widths)
        for row, metric in enumerate(part.metrics, start=2):
            sheet.cell(row=row, column=7).number_format = "0.0 %"
            paint(sheet.cell(row=row, column=8), metric.result)
            sheet.cell(row=row, column=10).number_format = "yyyy-mm-dd"


def add_goal_totals(summary: Worksheet, part: GoalsReport, sentence: str) -> None:
    """The sentence above the status table, and the totals of goals and metrics below it."""
    write(summary["A3"], sentence)
    row = summary.max_row + 2
    for title, totals in ((f"Mål per bedömning ({part.level_name})", part.goal_totals),
                          ("Mätetal per resultat", part.metric_totals)):
        write(summary.cell(row=row, column=1), title)
        summary.cell(row=row, column=1).font = Font(bold=True)
        for offset, (code, count) in enumerate(totals.items(), start=1):
            paint(summary.cell(row=row + offset, column=1), code)
            write(summary.cell(row=row + offset, column=2), count)
        row += len(totals) + 2
