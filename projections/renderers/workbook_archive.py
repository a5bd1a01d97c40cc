"""The archive under a workbook, checked before openpyxl opens it.

openpyxl reads the whole shared-strings table (and the styles, and the start of every sheet)
as it opens a workbook, and pads every row to the range a sheet declares: a 1 MB file can ask
for gigabytes (a zip bomb) or for billions of empty cells (`A1:XFD1048576`). So a workbook is
judged first by the zip's directory, what its members declare, and then by one streaming pass
over each member (`workbook_parts`). zipfile never inflates a member past the size the
directory declares (a member that would fails its CRC check), so the declared sizes bound all
the work. The limits are in `workbook_limits`.
"""

import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO

from domain.messages import N_, Count
from projections.renderers import workbook_limits as limits
from projections.renderers.workbook_cells import WorkbookError
from projections.renderers.workbook_parts import PartScan, refuse, sheet_names, shown

NOT_A_WORKBOOK = N_("not an Excel workbook (.xlsx); download the template and fill it in")
NO_WORKBOOK_INSIDE = N_("not an Excel workbook (.xlsx): a zip archive without a workbook in it; "
                        "download the template and fill it in")
DIRECTORY_ENTRY = b"PK\x01\x02"  # every entry of a zip's central directory starts so
PACKING_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Excel and openpyxl write
CHUNK_BYTES = 64 * 1024
# What zipfile raises on an archive, or a member, that is damaged or not one at all.
UNPACKING = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


def check_archive(content: bytes) -> None:
    """Refuse (a `WorkbookError`) a file that is no workbook, or holds more than is read."""
    if len(content) > limits.MAX_WORKBOOK_BYTES:
        refuse(N_("the file is larger than the %(most)s MB a workbook may be"),
               most=limits.MAX_WORKBOOK_BYTES // limits.MIB)
    if content.count(DIRECTORY_ENTRY) > limits.MAX_MEMBERS:  # before zipfile reads them all
        refuse(N_("the archive holds more than %(most)s files, the most a workbook may have"),
               most=Count(limits.MAX_MEMBERS))
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except UNPACKING:
        refuse(NOT_A_WORKBOOK)
    with archive:
        members = archive.infolist()
        check_members(members)
        if "[Content_Types].xml" not in archive.namelist():
            refuse(NO_WORKBOOK_INSIDE)
        scan_parts(archive, members)


def check_members(members: list[zipfile.ZipInfo]) -> None:
    """What the directory declares: names, packing and sizes, before anything is unpacked."""
    if len(members) > limits.MAX_MEMBERS:
        refuse(N_("the archive holds %(count)s files, more than the %(most)s a workbook may "
                  "have"), count=Count(len(members)), most=Count(limits.MAX_MEMBERS))
    for member in members:
        name = shown(member.filename)
        if not inside(member.filename):
            refuse(N_("the archive holds a file named %(name)s, outside the workbook's own "
                      "folders"), name=name)
        if member.flag_bits & 0x1:
            refuse(N_("%(name)s is encrypted: save the workbook without a password"), name=name)
        if member.compress_type not in PACKING_METHODS:
            refuse(N_("%(name)s is packed with method %(method)s, which no workbook uses"),
                   name=name, method=member.compress_type)
    total = sum(member.file_size for member in members)
    if total > limits.MAX_UNPACKED_BYTES:
        largest = max(members, key=lambda member: member.file_size)
        refuse(N_("the workbook unpacks to %(total)s MB (%(name)s alone to %(largest)s MB), "
                  "more than the %(most)s MB a workbook may hold"),
               total=Count(round(total / limits.MIB)), name=shown(largest.filename),
               largest=Count(round(largest.file_size / limits.MIB)),
               most=limits.MAX_UNPACKED_BYTES // limits.MIB)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.RATIO_GRACE_BYTES and ratio > limits.MAX_RATIO:
            refuse(N_("%(name)s is packed %(ratio)s to 1, more than the %(most)s to 1 of any "
                      "real workbook (a zip bomb)"), name=shown(member.filename),
                   ratio=Count(round(ratio)), most=limits.MAX_RATIO)


def inside(name: str) -> bool:
    """A member's name that stays inside the archive: relative, without `..` or a drive."""
    parts = name.replace("\\", "/").split("/")
    return not (parts[0] == "" or ".." in parts or ":" in parts[0])


def scan_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Every member through one streaming pass; a sheet's problems are named by its name."""
    scan = PartScan()
    for member in members:
        scan.part(member.filename, chunks(archive, member))
    if scan.workbook is None:
        refuse(NO_WORKBOOK_INSIDE)
    if scan.sheet_problems:
        names = sheet_names(scan)
        raise WorkbookError({names.get(part, part): [problem]
                             for part, problem in scan.sheet_problems.items()})


def chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member unpacked a chunk at a time; one that cannot be unpacked is refused."""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk
    except UNPACKING as error:
        refuse(N_("the workbook is damaged: %(name)s cannot be unpacked (%(error)s); open it "
                  "in Excel and save it again"), name=shown(member.filename), error=str(error))
