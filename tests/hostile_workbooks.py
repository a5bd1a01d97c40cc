"""Workbooks no planner sends, built byte by byte: zip bombs, a sheet declaring every cell of
Excel, far too many rows, damaged XML, thousands of files, names that climb out of the archive.

The zip writer is our own, so a file may declare what it likes; a bomb is deflated without
ever being held unpacked. `bounded` interrupts a block that runs too long, so a reader that
spins fails its test instead of holding the run.
"""

import signal
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from projections.renderers.plan_workbook import STATUS_COLUMNS, STATUS_SHEET

MIB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STATUS_HEADER = [column.header for column in STATUS_COLUMNS]


@dataclass(frozen=True)
class Member:
    """A file of the archive as its directory declares it."""

    name: str
    packed: bytes
    size: int
    crc: int
    method: int = 8  # deflated
    flags: int = 0


def deflated(name: str, data: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def repeated(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Member:
    """`head + chunk × times + tail`, deflated without being unpacked: after a full flush the
    compressor starts afresh, so every chunk packs to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return Member(name, first + piece * times + last, len(head) + len(chunk) * times + len(tail),
                  zlib.crc32(tail, crc))


def zipped(members: Iterable[Member]) -> bytes:
    """A zip archive of the members exactly as declared (sizes, method and flags included)."""
    body, directory, count = bytearray(), bytearray(), 0
    for member in members:
        name = member.name.encode()
        sizes = (member.crc, len(member.packed), member.size)
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, member.flags,
                                 member.method, 0, 0x21, *sizes, len(name), 0, 0, 0, 0, 0,
                                 len(body)) + name
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, member.flags, member.method, 0,
                            0x21, *sizes, len(name), 0) + name + member.packed
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def cell(column: int, row: int, value: object) -> str:
    reference = f"{get_column_letter(column)}{row}"
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet(rows: Iterable[Sequence[object]], dimension: str | None = None) -> bytes:
    """A worksheet of inline strings and numbers; None leaves a cell out."""
    lines = "".join(f'<row r="{number}">' + "".join(
        cell(column, number, value) for column, value in enumerate(values, start=1)
        if value is not None) + "</row>" for number, values in enumerate(rows, start=1))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{declared}<sheetData>{lines}</sheetData></worksheet>'.encode()


def workbook(sheets: dict[str, bytes], shared_strings: Member | None = None,
             replace: dict[str, Member] | None = None, extra: Sequence[Member] = ()) -> bytes:
    """The smallest workbook openpyxl opens: the sheets given (parts may be replaced by any
    member, which is how a hostile part gets in), optional shared strings and extra files."""
    parts = {f"xl/worksheets/sheet{n}.xml": xml for n, xml in enumerate(sheets.values(), start=1)}
    overrides = "".join(f'<Override PartName="/{part}" ContentType="{SHEET_TYPE}"/>' for part in parts)
    relations = "".join(f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
                        f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(parts) + 1))
    if shared_strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        relations += (f'<Relationship Id="rIdS" Type="{RELATIONSHIPS}/sharedStrings" '
                      'Target="sharedStrings.xml"/>')
    names = "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                    for n, name in enumerate(sheets, start=1))
    parts |= {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"'
            ' ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'{overrides}</Types>').encode(),
        "_rels/.rels": (f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
                        f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
                        '</Relationships>').encode(),
        "xl/workbook.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{names}'
                            '</sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (f'<Relationships xmlns="{PACKAGE}/relationships">'
                                       f'{relations}</Relationships>').encode(),
    }
    members = {name: deflated(name, xml) for name, xml in parts.items()}
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    for name, member in (replace or {}).items():
        members[name] = member
    return zipped([*members.values(), *extra])


def status_round(rows: Iterable[Sequence[object]], dimension: str | None = None) -> bytes:
    """A round of status reports: the template's header, then the rows given."""
    return workbook({STATUS_SHEET: sheet([STATUS_HEADER, *rows], dimension)})


# The hostile files: what each is, and a piece of the message that must name it.

def shared_strings_bomb(unpacked_mb: int = 256) -> bytes:
    """A few hundred KB whose shared strings unpack to `unpacked_mb` MB."""
    chunk = b"<si><t>x</t></si>" * (MIB // 17)
    strings = repeated("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'.encode(), chunk,
                       unpacked_mb * MIB // len(chunk), b"</sst>")
    return workbook({STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])}, shared_strings=strings)


FILLED_IN = ["A", None, None, None, "uppnådd"]  # milestone A reported as achieved


def sheet_declaring_every_cell() -> bytes:
    """What a space typed into the last cell of Excel makes: a few cells, the range
    A1:XFD1048576, and a million rows that openpyxl pads to 16,384 columns each."""
    xml = sheet([STATUS_HEADER, FILLED_IN], dimension="A1:XFD1048576").replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is>'
                         b"</c></row></sheetData>")
    return workbook({STATUS_SHEET: xml})


@cache
def round_of_rows(count: int) -> bytes:
    """A round with `count` filled-in rows, each a milestone of its own."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>M-{n}</t></is></c><c r="E{n}" '
                   f't="inlineStr"><is><t>uppnådd</t></is></c></row>' for n in range(2, count + 2))
    header = sheet([STATUS_HEADER]).replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    return workbook({STATUS_SHEET: header})


def damaged_sheet() -> bytes:
    xml = sheet([STATUS_HEADER, FILLED_IN])
    return workbook({STATUS_SHEET: xml.replace(b"</row></sheetData>", b"</sheetData>")})


def thousands_of_files(count: int = 5_000) -> bytes:
    return workbook({STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])},
                    extra=[deflated(f"xl/media/image{n}.png", b"") for n in range(count)])


def not_a_zip() -> bytes:
    return b"%PDF-1.4\n" + b"0" * 2_000


def zip_without_a_workbook() -> bytes:
    return zipped([deflated("anteckningar.txt", "Läs mig".encode())])


def climbing_out() -> bytes:
    """A workbook with a member whose name climbs out of any folder it is unpacked into."""
    return workbook({STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])},
                    extra=[deflated("../../etc/cron.d/x", b"")])


def cell_past_the_shared_strings() -> bytes:
    """Well-formed XML that openpyxl still cannot read: string 99 of a table of one."""
    xml = sheet([STATUS_HEADER]).replace(
        b"</sheetData>", b'<row r="2"><c r="A2" t="s"><v>99</v></c></row></sheetData>')
    strings = deflated("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>A</t></si></sst>'.encode())
    return workbook({STATUS_SHEET: xml}, shared_strings=strings)


# name → (the file, where the problem is named, a piece of the message)
HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "shared-strings bomb": (shared_strings_bomb, "file", "'xl/sharedStrings.xml' alone to 256 MB"),
    "sheet declaring A1:XFD1048576": (sheet_declaring_every_cell, STATUS_SHEET,
                                      "declares the range A1:XFD1048576"),
    "200,000 rows": (lambda: round_of_rows(200_000), STATUS_SHEET, "goes on past row 10,001"),
    "damaged sheet XML": (damaged_sheet, STATUS_SHEET, "the sheet's XML is damaged (mismatched tag"),
    "5,000 files": (thousands_of_files, "file", "more than 1,000 files"),
    "not a zip": (not_a_zip, "file", "not an Excel workbook (.xlsx)"),
    "zip without a workbook": (zip_without_a_workbook, "file", "a zip archive without a workbook"),
    "path traversal": (climbing_out, "file", "'../../etc/cron.d/x', outside the workbook"),
}


class TookTooLong(BaseException):
    """Not an Exception, so that no handler on the way (Flask's, click's) turns it into an answer."""


@contextmanager
def bounded(seconds: float, megabytes: float | None = None) -> Iterator[None]:
    """The block must end within `seconds` (it is interrupted after that) and, if given, allocate
    at most `megabytes` at its peak (as tracemalloc sees Python's allocations)."""
    alarm = threading.current_thread() is threading.main_thread()
    if alarm:
        def interrupt(*_: object) -> None:
            raise TookTooLong(f"still running after {seconds} s")
        previous = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    if megabytes is not None:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if megabytes is not None:
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert megabytes is None or peak < megabytes * MIB, f"allocated {peak / MIB:.0f} MB"
