"""Workbooks planners send back: a whole plan, or a round of status reports.

Every problem is named by sheet, row and column (`Milstolpar!E7`), all of them at once;
the document read here is then validated like any JSON document, and the rules of the
domain are checked for every row before anything is stored.
"""

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from domain.errors import DomainError
from projections.plan_xlsx import (
    AREA_COLUMNS,
    AREA_SHEET,
    EFFECT_COLUMNS,
    KIND_LABELS,
    LIST_SEPARATOR,
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    PERIOD_COLUMNS,
    PERIOD_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
    STATUS_COLUMNS,
    STATUS_SHEET,
    Column,
)
from projections.xlsx_style import STATUS_LABELS

Progress = Callable[[int], None]


class WorkbookError(ValueError):
    """The workbook cannot be taken; `errors` maps cells (`Blad!B7`) to what is wrong there."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        listed = [f"{cell}: {' '.join(texts)}" for cell, texts in errors.items()]
        more = f"; and {len(listed) - 10} more" if len(listed) > 10 else ""
        super().__init__(f"the workbook has {len(listed)} problem(s), nothing was stored: "
                         + "; ".join(listed[:10]) + more)
        self.errors = errors


@dataclass
class Located:
    """What was read, and for each field path of it the cell it came from."""

    data: Any
    cells: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, cell: str, message: str) -> None:
        self.errors.setdefault(cell, []).append(message)

    def cell_of(self, path: str) -> str:
        """The cell a field path (`milestones.3.target_year`) came from, or its row's."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            cell = self.cells.get(".".join(parts[:end]))
            if cell is not None:
                return cell
        return path

    def by_cell(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Errors keyed by field path → the same errors keyed by cell, with the column named."""
        by_cell: dict[str, list[str]] = {}
        for path, texts in errors.items():
            cell = self.cell_of(path)
            header = self.headers.get(cell)
            by_cell.setdefault(cell, []).extend(f"{header}: {t}" if header else t for t in texts)
        return by_cell

    def broken_rules(self, error: DomainError) -> "WorkbookError":
        """A rule of the plan that rows of the workbook break, named by their cells."""
        return WorkbookError(self.by_cell(rule_errors(error)))


def rule_errors(error: DomainError) -> dict[str, list[str]]:
    """The rows (field paths) a domain error names, with what is wrong in each."""
    errors: dict[str, list[str]] | None = getattr(error, "errors", None)
    return errors or {error.field or "file": [error.message]}


def open_workbook(content: bytes) -> Any:
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise WorkbookError({"file": ["not an Excel workbook (.xlsx); download the template "
                                      "and fill it in"]}) from None


def read_plan(content: bytes, progress: Progress | None = None) -> Located:
    """A plan workbook (as `projections.plan_xlsx.plan_workbook` writes) → a plan document;
    cells that cannot be read are in `errors`, for the caller to report with the rest."""
    workbook = open_workbook(content)
    found = Located({})
    sheet = _sheet(workbook, PLAN_SHEET, found)
    if sheet is not None:
        labels = {c.header: c for c in PLAN_FIELDS}
        for row_number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            label = _text(row[0]) if row else ""
            if label in labels and len(row) > 1:
                column = labels[label]
                cell = f"{PLAN_SHEET}!B{row_number}"
                found.cells[column.field], found.headers[cell] = cell, label
                found.data[column.field] = _value(column, row[1], cell, found)
        for column in PLAN_FIELDS:
            if column.field not in found.data:
                found.problem(PLAN_SHEET, f"the row {column.header!r} is missing in column A")
    found.data["focus_areas"] = list(_rows(workbook, AREA_SHEET, AREA_COLUMNS, "focus_areas",
                                           found))
    if PERIOD_SHEET in workbook.sheetnames:
        found.data["reporting_periods"] = list(
            _rows(workbook, PERIOD_SHEET, PERIOD_COLUMNS, "reporting_periods", found))
    found.data["milestones"] = [
        _milestone(row, path, found)
        for row, path in _progress(_rows(workbook, MILESTONE_SHEET, MILESTONE_COLUMNS,
                                         "milestones", found, with_paths=True), progress)]
    return found


def read_status_round(content: bytes, progress: Progress | None = None) -> Located:
    """A round of status reports; rows with an empty Status are not reported this time."""
    workbook = open_workbook(content)
    found = Located([])
    rows = _rows(workbook, STATUS_SHEET, STATUS_COLUMNS, "reports", found, with_paths=True,
                 skip=lambda row: not row["status"] and not row["comment"])
    for row, path in _progress(rows, progress):
        status = _status(row["status"], found.cells[f"{path}.status"], found)
        found.data.append({"milestone": row["milestone"], "status": status,
                           "comment": row.get("comment") or "",
                           "reported_for": row.get("reported_for")})
    if not found.data and not found.errors:
        found.problem(f"{STATUS_SHEET}!E2", "no row has a status: fill in the Status column "
                                            "for the milestones you report on")
    return _checked(found)


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
        found.problem(name, f"the sheet {name!r} is missing (sheets found: "
                            f"{', '.join(workbook.sheetnames)})")
        return None
    return workbook[name]


def _rows(workbook: Any, name: str, columns: tuple[Column, ...], prefix: str, found: Located,
          with_paths: bool = False,
          skip: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[Any]:
    """Non-empty rows of a table sheet as dicts of the columns' fields; cells noted."""
    sheet = _sheet(workbook, name, found)
    if sheet is None:
        return
    rows = sheet.iter_rows(values_only=True)
    header = [_text(value) for value in next(rows, ())]
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        if index >= len(header) or header[index] != column.header:
            found.problem(f"{name}!{letter}1", f"expected the column {column.header!r} here; "
                                               "use the template's columns in its order")
    if any(cell.startswith(f"{name}!") for cell in found.errors):
        return
    count = 0
    for row_number, values in enumerate(rows, start=2):
        if all(value in (None, "") for value in values):
            continue
        path = f"{prefix}.{count}"
        row: dict[str, Any] = {}
        for index, column in enumerate(columns):
            cell = f"{name}!{get_column_letter(index + 1)}{row_number}"
            found.cells[f"{path}.{column.field}"], found.headers[cell] = cell, column.header
            value = values[index] if index < len(values) else None
            row[column.field] = _value(column, value, cell, found)
        found.cells.setdefault(path, f"{name}!A{row_number}")
        if skip is not None and skip(row):
            continue
        count += 1
        yield (row, path) if with_paths else row


INTEGER_FIELDS = {"start_year", "end_year", "target_year", "month", "day"}
LIST_FIELDS = {"responsible", "requires", "affects"}


def _value(column: Column, value: Any, cell: str, found: Located) -> Any:
    if column.field in INTEGER_FIELDS:
        return _integer(value, cell, column, found)
    if column.field == "reported_for":
        return _date(value, cell, found)
    if column.field in LIST_FIELDS:
        return [item.strip() for item in _text(value).split(LIST_SEPARATOR) if item.strip()]
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(value: Any, cell: str, column: Column, found: Located) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        found.problem(cell, f"{column.header}: a whole number is needed")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not number.is_integer():
        found.problem(cell, f"{column.header}: {value!r} is not a whole number")
        return None
    return int(number)


def _date(value: Any, cell: str, found: Located) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        found.problem(cell, f"Rapporterad per: {value!r} is not a date (ÅÅÅÅ-MM-DD)")
        return None


def _status(value: str, cell: str, found: Located) -> str:
    """A status by its Swedish label (as the template's list offers) or its code."""
    if not value:
        found.problem(cell, "Status: a comment was given but no status; choose a status or "
                            "clear the comment")
        return value
    wanted = value.lstrip("○➜✓!✕–? ").strip().lower()
    for code, label in STATUS_LABELS.items():
        if wanted in (code, label) and code != "not_reported":
            return code
    found.problem(cell, f"Status: {value!r} is not a status; choose one of "
                        + ", ".join(label for code, label in STATUS_LABELS.items()
                                    if code != "not_reported"))
    return value


def _milestone(row: dict[str, Any], path: str, found: Located) -> dict[str, Any]:
    kind = row["kind"].lower()
    codes = {label: code for code, label in KIND_LABELS.items()}
    if kind in codes:
        kind = codes[kind]
    elif kind not in KIND_LABELS:
        found.problem(found.cells[f"{path}.kind"],
                      f"Karaktär: {row['kind']!r} is not one of {', '.join(KIND_LABELS.values())}")
    effects = []
    for for_ in EFFECT_COLUMNS:
        for line in row.pop(f"effects.{for_}").splitlines():
            if line.strip():
                found.cells[f"{path}.effects.{len(effects)}"] = found.cells[f"{path}.effects.{for_}"]
                effects.append({"for": for_, "text": line.strip()})
    return {**row, "kind": kind, "effects": effects}

