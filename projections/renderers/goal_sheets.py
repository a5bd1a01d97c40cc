"""The goal tree's sheets of the plan workbook (levels, goals, metrics) and a round's sheets of
outcomes and assessments: their column layouts, the contract with
`projections.renderers.goal_sheet_reader`, and their writers."""

from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from domain.goal_values import Assessment, Direction, Frequency
from domain.goal_words import ASSESSMENT_WORDS
from projections.goal_report import GoalsReport
from projections.renderers.workbook_columns import (
    LIST_SEPARATOR,
    Column,
    number_text,
    year_values_text,
)
from projections.renderers.xlsx_style import INFO_FILL, add_table

DIRECTION_LABELS = {Direction.HIGHER_IS_BETTER.value: "högre är bättre",
                    Direction.LOWER_IS_BETTER.value: "lägre är bättre"}
FREQUENCY_LABELS = {Frequency.PERIOD.value: "varje rapporteringstillfälle",
                    Frequency.ANNUAL.value: "årligen"}
ASSESSMENT_LABELS = {a.value: ASSESSMENT_WORDS[a.value].sv.name for a in Assessment}
NOT_MEASURED = ("ej mätt", "not measured")
ANNUAL_FONT = Font(bold=True)  # an outcome cell: not measured this time

LEVEL_SHEET = "Målnivåer"
LEVEL_COLUMNS = (Column("key", "Nyckel", 16), Column("name", "Namn", 30))
GOAL_SHEET = "Mål"
GOAL_COLUMNS = (
    Column("key", "Nyckel", 12), Column("title", "Titel", 44),
    Column("description", "Beskrivning", 50), Column("level", "Nivå", 16),
    Column("parent", "Överordnat mål", 16), Column("responsible", "Ansvariga (;)", 18))
METRIC_SHEET = "Mätetal"
METRIC_COLUMNS = (
    Column("key", "Nyckel", 12), Column("goal", "Mål", 12), Column("name", "Namn", 44),
    Column("unit", "Enhet", 10), Column("direction", "Riktning", 18),
    Column("frequency", "Mäts", 26), Column("baseline", "Utgångsvärde (år: värde)", 18),
    Column("targets", "Målvärden (år: värde; …)", 30),
    Column("thresholds.green_from", "Grönt från (%)", 12),
    Column("thresholds.yellow_from", "Gult från (%)", 12), Column("source", "Källa", 30))
GOAL_INSTRUCTIONS = (
    "Målnivåer: nivåerna i målträdet uppifrån (standard: perspektiv, strategiskt mål, "
    "resultatmål).",
    "Mål: Nivå är en nivås nyckel eller namn; Överordnat mål är nyckeln till ett mål på en "
    "högre nivå (tomt för ett mål överst).",
    "Mätetal: Riktning " + " eller ".join(f"'{label}'" for label in DIRECTION_LABELS.values())
    + "; Mäts " + " eller ".join(f"'{label}'" for label in FREQUENCY_LABELS.values()) + ".",
    "Utgångsvärde och Målvärden skrivs år: värde, flera målvärden skiljs åt med semikolon "
    "(2024: 85; 2025: 87,5). Grönt och gult från: procent av målvärdet (standard 100 och 90).",
    "Milstolpar: Mål (;) är nycklarna till de mål milstolpen tjänar.",
)

OUTCOME_SHEET = "Utfall"
OUTCOME_COLUMNS = (
    Column("metric", "Nyckel", 12), Column("name", "Mätetal", 44), Column("unit", "Enhet", 10),
    Column("frequency", "Mäts", 26), Column("target", "Årets målvärde", 14),
    Column("value", "Utfall", 12), Column("comment", "Kommentar", 50),
    Column("reported_for", "Rapporterad per", 16))
ASSESSMENT_SHEET = "Bedömningar"
ASSESSMENT_COLUMNS = (
    Column("goal", "Nyckel", 12), Column("title", "Mål", 44),
    Column("current", "Bedömning i dag", 26), Column("assessment", "Bedömning", 26),
    Column("analysis", "Analys", 50), Column("measures", "Åtgärder", 50),
    Column("reported_for", "Rapporterad per", 16))


def add_goal_sheets(workbook: Workbook, document: dict[str, Any]) -> None:
    """The goal levels, goals and metrics of a plan document, one sheet each."""
    _table(workbook, LEVEL_SHEET, LEVEL_COLUMNS,
           [[level["key"], level["name"]] for level in document.get("goal_levels", [])])
    _table(workbook, GOAL_SHEET, GOAL_COLUMNS, [
        [g["key"], g["title"], g.get("description", ""), g["level"], g.get("parent") or "",
         LIST_SEPARATOR.join(g.get("responsible", []))] for g in document.get("goals", [])])
    sheet = _table(workbook, METRIC_SHEET, METRIC_COLUMNS,
                   [_metric_row(m) for m in document.get("metrics", [])])
    _choices(sheet, "E", DIRECTION_LABELS.values())
    _choices(sheet, "F", FREQUENCY_LABELS.values())


def _metric_row(metric: dict[str, Any]) -> list[Any]:
    thresholds = metric.get("thresholds") or {}
    baseline = metric.get("baseline")
    return [metric["key"], metric["goal"], metric["name"], metric.get("unit", ""),
            DIRECTION_LABELS[metric["direction"]],
            FREQUENCY_LABELS[metric.get("frequency", Frequency.PERIOD.value)],
            year_values_text([baseline]) if baseline else "",
            year_values_text(metric.get("targets", [])),
            thresholds.get("green_from"), thresholds.get("yellow_from"),
            metric.get("source", "")]


def add_round_sheets(workbook: Workbook, goals: GoalsReport, reported_for: date) -> None:
    """A round's outcomes (every metric) and assessments (every goal of the level counted)."""
    if goals.metrics:
        rows = [[m.key, m.name, m.unit, FREQUENCY_LABELS[m.frequency],
                 None if m.target is None else number_text(m.target), None, None, reported_for]
                for m in goals.metrics]
        sheet = _table(workbook, OUTCOME_SHEET, OUTCOME_COLUMNS, rows, info=(2, 3, 4, 5))
        for row, metric in enumerate(goals.metrics, start=2):
            if metric.frequency == Frequency.ANNUAL.value:  # filled in once a year
                sheet.cell(row=row, column=4).font = ANNUAL_FONT
    assessed = [g for g in goals.goals if g.level == goals.level]
    if assessed:
        rows = [[g.key, g.title, ASSESSMENT_WORDS[g.assessment].sv.name, None, None, None,
                 reported_for] for g in assessed]
        sheet = _table(workbook, ASSESSMENT_SHEET, ASSESSMENT_COLUMNS, rows, info=(2, 3))
        _choices(sheet, "D", ASSESSMENT_LABELS.values(), len(assessed))


def _table(workbook: Workbook, title: str, columns: tuple[Column, ...], rows: list[list[Any]],
           info: tuple[int, ...] = ()) -> Worksheet:
    sheet = add_table(workbook, title, [c.header for c in columns], rows,
                      [c.width for c in columns])
    for number in range(2, len(rows) + 2):
        for column in info:
            sheet.cell(row=number, column=column).fill = INFO_FILL
        if columns[-1].field == "reported_for":
            sheet.cell(row=number, column=len(columns)).number_format = "yyyy-mm-dd"
    return sheet


def _choices(sheet: Worksheet, letter: str, labels: Any, rows: int = 4999) -> None:
    choices = DataValidation(type="list", allow_blank=True,
                             formula1='"' + ",".join(labels) + '"')
    sheet.add_data_validation(choices)
    choices.add(f"{letter}2:{letter}{max(2, rows + 1)}")
