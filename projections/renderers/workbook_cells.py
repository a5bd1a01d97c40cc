"""What a workbook's cells say, and where: values read from cells, each problem named by its
cell (`Milstolpar!E7`), and the cell of every field path of the document read."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.errors import N_, DomainError, Message, problem_list
from domain.fields import (
    DOCUMENT_MILESTONE,
    FOCUS_AREA,
    PLAN,
    REPORTING_PERIOD,
    Integer,
    ListOf,
    Record,
    parse_day,
)
from domain.status_words import NOT_REPORTED, STATUS_ICONS
from projections.renderers.workbook_columns import LIST_SEPARATOR, Column
from projections.renderers.xlsx_style import STATUS_LABELS


class WorkbookError(ValueError):
    """The workbook cannot be taken; `errors` maps cells (`Blad!B7`) to what is wrong there."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.message = Message(N_("the workbook has %(count)s problem(s), nothing was stored: "
                                  "%(problems)s"), count=len(errors),
                               problems=problem_list(errors))
        super().__init__(str(self.message))
        self.errors = errors


@dataclass
class Located:
    """What was read, and for each field path of it the cell it came from."""

    data: Any
    cells: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, cell: str, message: str, column: str = "") -> None:
        """What is wrong in `cell`, after its `column`'s header if that is given."""
        self.errors.setdefault(cell, []).append(in_column(column, message) if column else message)

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
            by_cell.setdefault(cell, []).extend(in_column(header, t) if header else t
                                                for t in texts)
        return by_cell

    def broken_rules(self, error: DomainError) -> "WorkbookError":
        """A rule of the plan that rows of the workbook break, named by their cells."""
        return WorkbookError(self.by_cell(rule_errors(error)))


def in_column(header: str, problem: str) -> Message:
    """`Målår: must be between 1900 and 2200`: a cell's problem after its column's header."""
    return Message(N_("%(column)s: %(problem)s"), column=header, problem=problem)


def rule_errors(error: DomainError) -> dict[str, list[str]]:
    """The rows (field paths) a domain error names, with what is wrong in each."""
    errors: dict[str, list[str]] | None = getattr(error, "errors", None)
    return errors or {error.field or "file": [error.message]}


# What a plan workbook's cells hold, by the specs of its sheets' records.
SHEET_RECORDS = (PLAN, FOCUS_AREA, REPORTING_PERIOD, DOCUMENT_MILESTONE)
INTEGER_FIELDS = {name for record in SHEET_RECORDS for name, spec in record.items()
                  if isinstance(spec, Integer)}
# Lists of plain values, one cell separated by LIST_SEPARATOR (effects have columns of their own).
LIST_FIELDS = {name for record in SHEET_RECORDS for name, spec in record.items()
               if isinstance(spec, ListOf) and not isinstance(spec.item, Record)}


def cell_value(column: Column, value: Any, cell: str, found: Located) -> Any:
    if column.field in INTEGER_FIELDS:
        return _integer(value, cell, column, found)
    if column.field == "reported_for":
        return _date(value, cell, found)
    if column.field in LIST_FIELDS:
        return [item.strip() for item in cell_text(value).split(LIST_SEPARATOR) if item.strip()]
    return cell_text(value)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(value: Any, cell: str, column: Column, found: Located) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        found.problem(cell, Message(N_("a whole number is needed")), column.header)
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not number.is_integer():
        found.problem(cell, Message(N_("%(value)r is not a whole number"), value=value),
                      column.header)
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
        return parse_day(cell_text(value))
    except ValueError:
        found.problem(cell, Message(N_("%(value)r is not a date (ÅÅÅÅ-MM-DD)"), value=value),
                      "Rapporterad per")
        return None


def status_code(value: str, cell: str, found: Located) -> str:
    """A status by its Swedish label (as the template's list offers) or its code."""
    if not value:
        found.problem(cell, Message(N_("a comment was given but no status; choose a status "
                                       "or clear the comment")), "Status")
        return value
    wanted = value.lstrip("".join(STATUS_ICONS.values()) + " ").strip().lower()
    for code, label in STATUS_LABELS.items():
        if wanted in (code, label) and code != NOT_REPORTED:
            return code
    found.problem(cell, Message(N_("%(value)r is not a status; choose one of %(choices)s"),
                                value=value, choices=", ".join(
                                    label for code, label in STATUS_LABELS.items()
                                    if code != NOT_REPORTED)), "Status")
    return value
