"""Plans and rounds of status reports as Excel workbooks that planners fill in and send back.

The column layouts here are the contract between the workbooks Strategikarta writes (export,
templates) and the ones it reads back (`projections.renderers.workbook_reader`).
"""

from datetime import date
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation

from domain.goal_values import DEFAULT_GOAL_LEVELS
from domain.reporting_period import DEFAULT_REPORTING_PERIODS
from domain.values import KEY_MAX_LENGTH, MilestoneKind, Status
from projections.follow_up import ReportLine
from projections.goal_report import GoalsReport
from projections.renderers.goal_sheets import GOAL_INSTRUCTIONS, add_goal_sheets, add_round_sheets
from projections.renderers.workbook_columns import LIST_SEPARATOR, Column
from projections.renderers.xlsx_style import (
    INFO_FILL,
    STATUS_LABELS,
    add_table,
    new_workbook,
    paint_status,
    to_bytes,
)

KIND_LABELS = {MilestoneKind.PILOT.value: "test av nya arbetssätt",
               MilestoneKind.CHANGE.value: "verksamhetsförändring"}
EFFECT_COLUMNS = {"residents": "Effekter för invånare", "system": "Effekter för systemet",
                  "services": "Effekter för verksamheterna"}

PLAN_SHEET = "Plan"
PLAN_FIELDS = (Column("key", "Nyckel"), Column("title", "Titel"), Column("owner", "Ägare"),
               Column("start_year", "Startår"), Column("end_year", "Slutår"))
AREA_SHEET = "Insatsområden"
AREA_COLUMNS = (Column("key", "Nyckel", 14), Column("name", "Namn", 40),
                Column("description", "Beskrivning", 60))
PERIOD_SHEET = "Rapporteringstillfällen"
PERIOD_COLUMNS = (Column("key", "Nyckel", 12), Column("name", "Namn", 24),
                  Column("month", "Månad", 8), Column("day", "Dag", 8))
MILESTONE_SHEET = "Milstolpar"
MILESTONE_COLUMNS = (
    Column("key", "Nyckel", 12), Column("title", "Titel", 44),
    Column("description", "Beskrivning", 50), Column("focus_area", "Insatsområde", 16),
    Column("target_year", "Målår", 8), Column("kind", "Karaktär", 22),
    Column("responsible", "Ansvariga (;)", 18),
    *(Column(f"effects.{for_}", header, 40) for for_, header in EFFECT_COLUMNS.items()),
    Column("requires", "Är beroende av (;)", 18), Column("affects", "Påverkar (;)", 18),
    Column("goals", "Mål (;)", 18, optional=True))
STATUS_SHEET = "Statusrapporter"
STATUS_COLUMNS = (
    Column("milestone", "Nyckel", 12), Column("title", "Titel", 44),
    Column("focus_area", "Insatsområde", 16), Column("current", "Status i dag", 26),
    Column("status", "Status", 26), Column("comment", "Kommentar", 60),
    Column("reported_for", "Rapporterad per", 16))
INFO_FIELDS = ("title", "focus_area", "current")
INSTRUCTIONS = (
    "Fyll i bladen och läs in arbetsboken i Strategikarta (Importera plan).",
    "En rad per insatsområde, milstolpe och rapporteringstillfälle; tomma rader hoppas över.",
    f"Nycklar: 1–{KEY_MAX_LENGTH} bokstäver, siffror, '.', '_' eller '-'.",
    "Karaktär: " + " eller ".join(f"'{label}' ({kind})" for kind, label in KIND_LABELS.items())
    + ".",
    "Ansvariga, Är beroende av och Påverkar: flera värden skiljs åt med semikolon (;).",
    "Effekter: en effekt per rad i cellen (Alt+Enter).",
    *GOAL_INSTRUCTIONS,
    "Inget sparas om något är fel: felen anges med blad, rad och kolumn.",
)


def plan_workbook(document: dict[str, Any]) -> bytes:
    """A plan document as a workbook that `projections.renderers.workbook_reader.read_plan` takes back."""
    workbook = new_workbook()
    add_table(workbook, "Instruktioner", ("Så fyller du i mallen",),
              [(line,) for line in INSTRUCTIONS], (100,))
    plan = add_table(workbook, PLAN_SHEET, ("Fält", "Värde"),
                     [(c.header, document.get(c.field)) for c in PLAN_FIELDS], (14, 60))
    plan.auto_filter.ref = None
    add_table(workbook, AREA_SHEET, [c.header for c in AREA_COLUMNS],
              [[area.get(c.field, "") for c in AREA_COLUMNS]
               for area in document.get("focus_areas", [])], [c.width for c in AREA_COLUMNS])
    add_table(workbook, PERIOD_SHEET, [c.header for c in PERIOD_COLUMNS],
              [[period[c.field] for c in PERIOD_COLUMNS]
               for period in document.get("reporting_periods", [])],
              [c.width for c in PERIOD_COLUMNS])
    sheet = add_table(workbook, MILESTONE_SHEET, [c.header for c in MILESTONE_COLUMNS],
                      [milestone_row(m) for m in document.get("milestones", [])],
                      [c.width for c in MILESTONE_COLUMNS])
    kinds = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"',
                           allow_blank=True)
    sheet.add_data_validation(kinds)
    kinds.add("F2:F5000")
    add_goal_sheets(workbook, document)
    return to_bytes(workbook)


def plan_template() -> bytes:
    """An empty plan workbook with instructions and the default reporting periods."""
    return plan_workbook({"reporting_periods": [vars(p) for p in DEFAULT_REPORTING_PERIODS],
                          "goal_levels": [{"key": level.key, "name": level.name}
                                          for level in DEFAULT_GOAL_LEVELS]})


def milestone_row(milestone: dict[str, Any]) -> list[Any]:
    effects = milestone.get("effects", [])
    return [
        milestone["key"], milestone["title"], milestone.get("description", ""),
        milestone["focus_area"], milestone["target_year"], KIND_LABELS[milestone["kind"]],
        LIST_SEPARATOR.join(milestone.get("responsible", [])),
        *("\n".join(e["text"] for e in effects if e["for"] == for_) for for_ in EFFECT_COLUMNS),
        LIST_SEPARATOR.join(milestone.get("requires", [])),
        LIST_SEPARATOR.join(milestone.get("affects", [])),
        LIST_SEPARATOR.join(milestone.get("goals", [])),
    ]


def status_round_workbook(lines: list[ReportLine], reported_for: date,
                          goals: GoalsReport | None = None) -> bytes:
    """A round of reports to fill in: one row per milestone, today's status shown; with
    `goals`, one per metric (its outcome) and per goal of the level counted (its assessment).

    Leave Status (Utfall, Bedömning) empty for what is not reported in this round.
    """
    workbook = new_workbook()
    sheet = add_table(
        workbook, STATUS_SHEET, [c.header for c in STATUS_COLUMNS],
        [(line.key, line.title, line.focus_area, None, None, None, reported_for)
         for line in lines], [c.width for c in STATUS_COLUMNS])
    for row, line in enumerate(lines, start=2):
        paint_status(sheet.cell(row=row, column=4), line.status)
        for column in (2, 3):
            sheet.cell(row=row, column=column).fill = INFO_FILL
        sheet.cell(row=row, column=7).number_format = "yyyy-mm-dd"
    choices = DataValidation(
        type="list", allow_blank=True,
        formula1='"' + ",".join(STATUS_LABELS[s.value] for s in Status) + '"')
    sheet.add_data_validation(choices)
    choices.add(f"E2:E{max(2, len(lines) + 1)}")
    if goals is not None:
        add_round_sheets(workbook, goals, reported_for)
    return to_bytes(workbook)
