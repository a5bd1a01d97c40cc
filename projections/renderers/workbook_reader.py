"""Workbooks planners send back: a whole plan, or a round of status reports, as documents.

Every problem is named by sheet, row and column (`Milstolpar!E7`), all of them at once;
the document read here is then validated like any JSON document, and the rules of the
domain are checked for every row before anything is stored.
"""

import zipfile
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from domain.messages import N_, Message
from projections.renderers import workbook_limits as limits
from projections.renderers.goal_sheet_reader import (
    assessment_row,
    goal_row,
    level_keys,
    metric_row,
    outcome_row,
)
from projections.renderers.goal_sheets import (
    ASSESSMENT_COLUMNS,
    ASSESSMENT_SHEET,
    GOAL_COLUMNS,
    GOAL_SHEET,
    LEVEL_COLUMNS,
    LEVEL_SHEET,
    METRIC_COLUMNS,
    METRIC_SHEET,
    OUTCOME_COLUMNS,
    OUTCOME_SHEET,
)
from projections.renderers.plan_workbook import (
    AREA_COLUMNS,
    AREA_SHEET,
    EFFECT_COLUMNS,
    KIND_LABELS,
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    PERIOD_COLUMNS,
    PERIOD_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
    STATUS_COLUMNS,
    STATUS_SHEET,
)
from projections.renderers.workbook_archive import NOT_A_WORKBOOK, check_archive
from projections.renderers.workbook_cells import Located, WorkbookError, cell_text, cell_value, status_code
from projections.renderers.workbook_columns import Column

Progress = Callable[[int], object]
# What openpyxl raises on a part it cannot make sense of, once the archive has passed its checks.
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError,
              IndexError, OSError, TypeError, ValueError)


def open_workbook(content: bytes) -> Any:
    """The workbook, read-only, once its archive has passed `check_archive`."""
    check_archive(content)
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE:
        raise WorkbookError({"file": [Message(NOT_A_WORKBOOK)]}) from None


def read_plan(content: bytes, progress: Progress | None = None) -> Located:
    """A plan workbook (as `projections.renderers.plan_workbook.plan_workbook` writes) → a plan document;
    cells that cannot be read are in `errors`, for the caller to report with the rest."""
    workbook = open_workbook(content)
    found = Located({})
    sheet = _sheet(workbook, PLAN_SHEET, found)
    if sheet is not None:
        labels = {c.header: c for c in PLAN_FIELDS}
        for row_number, row in _values(sheet, PLAN_SHEET, 2, found, first_row=2):
            label = cell_text(row[0]) if row else ""
            if label in labels and len(row) > 1:
                column = labels[label]
                cell = f"{PLAN_SHEET}!B{row_number}"
                found.cells[column.field], found.headers[cell] = cell, label
                found.data[column.field] = cell_value(column, row[1], cell, found)
        for column in PLAN_FIELDS:
            if column.field not in found.data:
                found.problem(PLAN_SHEET, Message(N_("the row %(row)r is missing in column A"),
                                                  row=column.header))
    found.data["focus_areas"] = list(_rows(workbook, AREA_SHEET, AREA_COLUMNS, "focus_areas",
                                           found))
    if PERIOD_SHEET in workbook.sheetnames:
        found.data["reporting_periods"] = list(
            _rows(workbook, PERIOD_SHEET, PERIOD_COLUMNS, "reporting_periods", found))
    found.data["milestones"] = [
        _milestone(row, path, found)
        for row, path in _progress(_rows(workbook, MILESTONE_SHEET, MILESTONE_COLUMNS,
                                         "milestones", found, with_paths=True), progress)]
    _read_goal_tree(workbook, found)
    return found


def _read_goal_tree(workbook: Any, found: Located) -> None:
    """The goal tree's sheets, which a workbook written before goals existed lacks."""
    levels = [row for row, _ in _optional_rows(workbook, LEVEL_SHEET, LEVEL_COLUMNS,
                                               "goal_levels", found)]
    if LEVEL_SHEET in workbook.sheetnames:
        found.data["goal_levels"] = levels
    keys = level_keys(levels)
    found.data["goals"] = [goal_row(row, keys) for row, _ in _optional_rows(
        workbook, GOAL_SHEET, GOAL_COLUMNS, "goals", found)]
    found.data["metrics"] = [metric_row(row, path, found) for row, path in _optional_rows(
        workbook, METRIC_SHEET, METRIC_COLUMNS, "metrics", found)]


def read_status_round(content: bytes, progress: Progress | None = None) -> Located:
    """A round of reports: `reports` (statuses), `outcomes` and `assessments`; a row whose
    Status (Utfall, Bedömning) and comments are empty is not reported this time."""
    workbook = open_workbook(content)
    found = Located({"reports": [], "outcomes": [], "assessments": []})
    rows = _rows(workbook, STATUS_SHEET, STATUS_COLUMNS, "reports", found, with_paths=True,
                 skip=lambda row: not row["status"] and not row["comment"])
    for row, path in _progress(rows, progress):
        status = status_code(row["status"], found.cells[f"{path}.status"], found)
        found.data["reports"].append({"milestone": row["milestone"], "status": status,
                                      "comment": row.get("comment") or "",
                                      "reported_for": row.get("reported_for")})
    found.data["outcomes"] = [outcome_row(row, path, found) for row, path in _progress(
        _optional_rows(workbook, OUTCOME_SHEET, OUTCOME_COLUMNS, "outcomes", found,
                       skip=lambda row: not row["value"] and not row["comment"]), progress)]
    found.data["assessments"] = [assessment_row(row, path, found) for row, path in _progress(
        _optional_rows(workbook, ASSESSMENT_SHEET, ASSESSMENT_COLUMNS, "assessments", found,
                       skip=lambda row: not (row["assessment"] or row["analysis"]
                                             or row["measures"])), progress)]
    if not any(found.data.values()) and not found.errors:
        found.problem(f"{STATUS_SHEET}!E2", Message(N_(
            "nothing is reported: fill in the Status column for the milestones you report on "
            "(or Utfall, Bedömning for metrics and goals)")))
    return _checked(found)


def _optional_rows(workbook: Any, name: str, columns: tuple[Column, ...], prefix: str,
                   found: Located,
                   skip: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[Any]:
    """The rows of a sheet a workbook may lack (one written before the sheet existed)."""
    if name in workbook.sheetnames:
        yield from _rows(workbook, name, columns, prefix, found, with_paths=True, skip=skip)


def _checked(found: Located) -> Located:
    if found.errors:
        raise WorkbookError(found.errors)
    return found


def _progress(rows: Iterator[Any], progress: Progress | None) -> Iterator[Any]:
    for row in rows:
        yield row
        if progress is not None:
            progress(1)


def _sheet(workbook: Any, name: str, found: Located) -> Any:
    if name not in workbook.sheetnames:
        found.problem(name, Message(N_("the sheet %(sheet)r is missing (sheets found: "
                                       "%(sheets)s)"), sheet=name,
                                    sheets=", ".join(workbook.sheetnames)))
        return None
    return workbook[name]


def _rows(workbook: Any, name: str, columns: tuple[Column, ...], prefix: str, found: Located,
          with_paths: bool = False,
          skip: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[Any]:
    """Non-empty rows of a table sheet as dicts of the columns' fields; cells noted."""
    sheet = _sheet(workbook, name, found)
    if sheet is None:
        return
    rows = _values(sheet, name, len(columns), found)
    header = [cell_text(value) for value in next(rows, (1, ()))[1]]
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        if column.optional and (index >= len(header) or not header[index]):
            continue
        if index >= len(header) or header[index] != column.header:
            found.problem(f"{name}!{letter}1", Message(N_(
                "expected the column %(column)r here; use the template's columns in its order"),
                column=column.header))
    if any(cell.startswith(f"{name}!") for cell in found.errors):
        return
    count = 0
    for row_number, values in rows:
        if all(value in (None, "") for value in values):
            continue
        path = f"{prefix}.{count}"
        row: dict[str, Any] = {}
        for index, column in enumerate(columns):
            cell = f"{name}!{get_column_letter(index + 1)}{row_number}"
            found.cells[f"{path}.{column.field}"], found.headers[cell] = cell, column.header
            value = values[index] if index < len(values) else None
            row[column.field] = cell_value(column, value, cell, found)
        found.cells.setdefault(path, f"{name}!A{row_number}")
        if skip is not None and skip(row):
            continue
        count += 1
        yield (row, path) if with_paths else row


def _values(sheet: Any, name: str, columns: int, found: Located,
            first_row: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a sheet, numbered, cut to its first `columns` and to the rows read: openpyxl
    pads every row to the range the sheet declares unless told where to stop."""
    rows = sheet.iter_rows(min_row=first_row, max_row=limits.MAX_ROWS + 1, max_col=columns,
                           values_only=True)
    for row_number in range(first_row, limits.MAX_ROWS + 2):
        try:
            values = next(rows)
        except StopIteration:
            return
        except UNREADABLE as error:
            found.problem(name, Message(N_("the sheet cannot be read (%(error)s); open the "
                                           "workbook in Excel and save it again"),
                                        error=f"{type(error).__name__}: {error}"))
            raise WorkbookError(found.errors) from None
        yield row_number, values


def _milestone(row: dict[str, Any], path: str, found: Located) -> dict[str, Any]:
    kind = row["kind"].lower()
    codes = {label: code for code, label in KIND_LABELS.items()}
    if kind in codes:
        kind = codes[kind]
    elif kind not in KIND_LABELS:
        found.problem(found.cells[f"{path}.kind"],
                      Message(N_("%(value)r is not one of %(choices)s"), value=row["kind"],
                              choices=", ".join(KIND_LABELS.values())), "Karaktär")
    effects: list[dict[str, str]] = []
    for for_ in EFFECT_COLUMNS:
        for line in row.pop(f"effects.{for_}").splitlines():
            if line.strip():
                found.cells[f"{path}.effects.{len(effects)}"] = found.cells[f"{path}.effects.{for_}"]
                effects.append({"for": for_, "text": line.strip()})
    return {**row, "kind": kind, "effects": effects}

