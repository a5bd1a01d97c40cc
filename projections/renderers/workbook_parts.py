"""One pass of expat over every part of a workbook, a chunk at a time, before openpyxl reads it.

It counts the XML elements of all parts, and in each worksheet the declared range, the rows
and the cells of every row, and stops at the first thing no real workbook holds. Problems of a
sheet are named by the sheet's name, found in the workbook part and its relationships.
"""

import posixpath
import re
from collections.abc import Iterable
from typing import NoReturn
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from domain.messages import N_, Count, Message
from projections.renderers import workbook_limits as limits
from projections.renderers.workbook_cells import WorkbookError

# Names as expat gives them (namespace, a space, the name), of the elements openpyxl reads.
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKSHEET, WORKBOOK, SHEET = f"{MAIN} worksheet", f"{MAIN} workbook", f"{MAIN} sheet"
ROW, CELL, DIMENSION = f"{MAIN} row", f"{MAIN} c", f"{MAIN} dimension"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELATIONSHIPS = f"{PACKAGE_RELATIONSHIPS} Relationships"
RELATIONSHIP = f"{PACKAGE_RELATIONSHIPS} Relationship"
RELATION_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
COORDINATE = re.compile(r"\$?([A-Za-z]+)\$?([0-9]*)")
FAR = 10**9  # a row or column past every limit
SHOWN = 80  # characters of a name or reference from the file that a message repeats
XML_SUFFIXES = (".xml", ".rels", ".vml")


class SheetDone(Exception):
    """A worksheet's problem is noted: the rest of the part need not be read."""


class PartScan:
    """What the parts scanned so far hold: their elements, the workbook's sheets and
    relationships, and each worksheet's problem."""

    def __init__(self) -> None:
        self.elements = 0
        self.workbook: str | None = None  # the part whose root is <workbook>
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.relationships: dict[str, dict[str, str]] = {}  # .rels part → id → target
        self.sheet_problems: dict[str, Message] = {}  # worksheet part → its problem

    def part(self, name: str, chunks: Iterable[bytes]) -> None:
        reading = Part(self, name)
        parser, fed = reading.parser, 0
        try:
            for chunk in chunks:
                parser.Parse(chunk, False)
                fed += len(chunk)
                # Between calls the index is just past the last whole token (text is read as
                # it comes): what lies beyond is one tag or comment that has not ended yet.
                if fed - parser.CurrentByteIndex > limits.MAX_MARKUP_BYTES:
                    refuse(N_("%(part)s holds a tag longer than %(most)s MB, which no "
                              "workbook does"), part=shown(name),
                           most=limits.MAX_MARKUP_BYTES // limits.MIB)
            parser.Parse(b"", True)
        except SheetDone:
            pass
        except expat.ExpatError as error:
            reading.damaged(error)
        finally:
            self.elements = reading.elements


class Part:
    """The reading of one part: its root element, depth, and in a worksheet, where it is."""

    def __init__(self, scan: PartScan, name: str) -> None:
        self.scan, self.name = scan, name
        self.root: str | None = None
        self.depth, self.elements = 0, scan.elements
        self.most_elements, self.deepest = limits.MAX_XML_ELEMENTS, limits.MAX_XML_DEPTH
        self.rows = self.row = self.cells = self.column = 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.StartElementHandler = self.first
        self.parser.EndElementHandler = self.end

    def doctype(self, *_: object) -> None:
        refuse(N_("%(part)s declares a document type (<!DOCTYPE …>), which no workbook does"),
               part=shown(self.name))

    def first(self, tag: str, attributes: dict[str, str]) -> None:
        """The root element says what the part is, and so what else to look at in it."""
        self.root = tag
        if tag == WORKBOOK:
            self.scan.workbook = self.name
        handler = {WORKSHEET: self.in_worksheet, WORKBOOK: self.in_workbook,
                   RELATIONSHIPS: self.in_relationships}.get(tag, self.counted)
        self.parser.StartElementHandler = handler
        handler(tag, attributes)

    def counted(self, _tag: str, _attributes: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.elements > self.most_elements or self.depth > self.deepest:
            self.too_much()

    def too_much(self) -> NoReturn:
        if self.elements > self.most_elements:
            refuse(N_("the workbook holds more than %(most)s XML elements (counted as far as "
                      "%(part)s); a plan or a round of status reports has far fewer"),
                   most=Count(self.most_elements), part=shown(self.name))
        refuse(N_("%(part)s nests its XML more than %(most)s levels deep, which no workbook "
                  "does"), part=shown(self.name), most=self.deepest)

    def end(self, _tag: str) -> None:
        self.depth -= 1

    def in_workbook(self, tag: str, attributes: dict[str, str]) -> None:
        self.counted(tag, attributes)
        if tag == SHEET and len(self.scan.sheets) < limits.MAX_MEMBERS:  # a sheet is a member
            self.scan.sheets.append((attributes.get("name", ""), attributes.get(RELATION_ID, "")))

    def in_relationships(self, tag: str, attributes: dict[str, str]) -> None:
        self.counted(tag, attributes)
        targets = self.scan.relationships.setdefault(self.name, {})
        if tag == RELATIONSHIP and len(targets) < limits.MAX_MEMBERS:
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    def in_worksheet(self, tag: str, attributes: dict[str, str]) -> None:
        """Rows and cells as openpyxl counts them: `r` where given, else the next one."""
        self.counted(tag, attributes)
        if tag == CELL:
            self.cells += 1
            found = coordinate(attributes.get("r", ""))
            self.column = found[0] if found else self.column + 1
            if max(self.cells, self.column) > limits.MAX_COLUMNS:
                self.problem(Message(
                    N_("row %(row)s goes on past column %(column)s: at most %(most)s columns "
                       "are read; delete the columns after your data"), row=Count(self.row),
                    column=get_column_letter(limits.MAX_COLUMNS), most=limits.MAX_COLUMNS))
        elif tag == ROW:
            self.rows += 1
            self.row, self.cells, self.column = row_number(attributes.get("r"), self.row), 0, 0
            if max(self.rows, self.row) > limits.MAX_ROWS + 1:
                self.problem(Message(
                    N_("the sheet goes on past row %(last)s: at most %(most)s rows below the "
                       "header are read; delete the rows after your data, or send the rows in "
                       "parts"), last=Count(limits.MAX_ROWS + 1), most=Count(limits.MAX_ROWS)))
        elif tag == DIMENSION:
            self.dimension(attributes.get("ref", ""))

    def dimension(self, reference: str) -> None:
        ends = [coordinate(end) for end in reference.split(":")]
        if None in ends:
            return  # openpyxl refuses a range it cannot read
        columns, rows = (max(values) for values in zip(*ends, strict=True))
        if rows > limits.MAX_ROWS + 1 or columns > limits.MAX_COLUMNS:
            self.problem(Message(
                N_("the sheet declares the range %(range)s (%(rows)s rows, %(columns)s "
                   "columns): at most %(most_rows)s rows below the header and %(most_columns)s "
                   "columns are read; delete the rows and columns after your data"),
                range=reference[:SHOWN], rows=Count(rows), columns=Count(columns),
                most_rows=Count(limits.MAX_ROWS), most_columns=limits.MAX_COLUMNS))

    def problem(self, message: Message) -> None:
        self.scan.sheet_problems[self.name] = message
        raise SheetDone

    def damaged(self, error: expat.ExpatError) -> None:
        """Broken XML in a worksheet is the sheet's problem, elsewhere the file's; a member
        that is not XML at all (an image) is no concern of this scan."""
        if self.root == WORKSHEET:
            self.scan.sheet_problems[self.name] = Message(
                N_("the sheet's XML is damaged (%(error)s); open the workbook in Excel and save "
                   "it again"), error=str(error))
        elif self.root is not None or self.name.lower().endswith(XML_SUFFIXES):
            refuse(N_("the workbook's part %(part)s is damaged XML (%(error)s); open the "
                      "workbook in Excel and save it again"), part=shown(self.name),
                   error=str(error))


def refuse(template: str, **params: object) -> NoReturn:
    """Refuse the whole file: `template` with `params` says why."""
    raise WorkbookError({"file": [Message(template, **params)]})


def shown(name: str) -> str:
    return repr(name[:SHOWN])


def row_number(text: str | None, previous: int) -> int:
    """A row's `r`, or the row after the previous one (as openpyxl counts rows without it)."""
    if not text or not text.isdecimal():
        return previous + 1  # openpyxl refuses a row number that is no number
    return int(text) if len(text) < 10 else FAR


def coordinate(reference: str) -> tuple[int, int] | None:
    """`XFD1048576` → (16384, 1048576), a row of 0 if none is given; None if no cell at all."""
    match = COORDINATE.fullmatch(reference)
    if match is None:
        return None
    letters, digits = match.groups()
    column = 0
    for letter in letters.upper()[:4]:
        column = column * 26 + ord(letter) - ord("A") + 1
    row = 0 if not digits else int(digits) if len(digits) < 10 else FAR
    return (column if len(letters) < 4 else FAR), row


def sheet_names(scan: PartScan) -> dict[str, str]:
    """Worksheet part → the sheet's name, by the workbook part and its relationships."""
    if scan.workbook is None:
        return {}
    folder, _, file = scan.workbook.rpartition("/")
    targets = scan.relationships.get(posixpath.join(folder, "_rels", f"{file}.rels"), {})
    names: dict[str, str] = {}
    for name, key in scan.sheets:
        target = targets.get(key)
        if target:
            names[target[1:] if target.startswith("/")
                  else posixpath.normpath(posixpath.join(folder, target))] = name[:SHOWN]
    return names
