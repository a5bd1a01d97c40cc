"""How Strategikarta's workbooks look: bold frozen headers, readable widths, status colours."""

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.fields import NOT_ONE_LINE, replace_non_text
from domain.status_words import NOT_REPORTED, STATUS_ICONS, STATUS_WORDS
from domain.values import Status
from projections.renderers.map_style import STATUS_STYLES

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
INFO_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
NOT_REPORTED_COLOURS = ("FFFFFF", "000000")  # fill, font
# Swedish, as in the glossary; `not_reported` is not a status but must be seen.
STATUS_LABELS = {code: STATUS_WORDS[code].sv.name for code in (*(s.value for s in Status), NOT_REPORTED)}
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def new_workbook() -> Workbook:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):  # the default empty sheet
        workbook.remove(sheet)
    return workbook


def add_table(workbook: Workbook, title: str, headers: Sequence[str],
              rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> Worksheet:
    """A sheet with a bold header row that stays in view, a filter, and wrapped text."""
    sheet: Worksheet = workbook.create_sheet(sheet_name(workbook, title))
    for number, values in enumerate((headers, *rows), start=1):
        for column, value in enumerate(values, start=1):
            write(sheet.cell(row=number, column=column), value)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def write(cell: Cell | MergedCell, value: Any) -> None:
    """How every cell is written: text as text, even typed "=HYPERLINK(…)", which openpyxl
    would make a formula; characters no workbook can hold (which the log may keep from before
    the rules, `domain.fields.NOT_TEXT`) replaced by U+FFFD, for openpyxl refuses them."""
    cell.value = replace_non_text(value) if isinstance(value, str) else value
    if cell.data_type == "f":
        cell.data_type = "s"


def sheet_name(workbook: Workbook, wanted: str) -> str:
    """Excel allows 31 characters on one line, no []:*?/\\, no ' first or last, and no name
    twice."""
    one_line = NOT_ONE_LINE.sub(" ", wanted.translate(FORBIDDEN_IN_SHEET_NAMES))
    base = one_line.strip().strip("'").strip()[:31] or "Blad"
    name, number = base, 2
    while name in workbook.sheetnames:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    return name


def status_label(status: str) -> str:
    return f"{STATUS_ICONS[status]} {STATUS_LABELS[status]}"


def paint_status(cell: Any, status: str) -> None:
    """Colour AND a label with an icon, so the cell also reads in grey print."""
    if status == NOT_REPORTED:
        fill, font = NOT_REPORTED_COLOURS
    else:
        style = STATUS_STYLES[Status(status)]
        fill, font = style.fill.lstrip("#"), style.font.lstrip("#")
    write(cell, status_label(status))
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=font, bold=status in ("off_track", "at_risk"))


def to_bytes(workbook: Workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
