"""The archive under a workbook, checked before openpyxl reads any of it: by what the zip's
directory declares, then in one streaming pass over its XML, quickly and in little memory."""

import zlib
from datetime import date
from typing import Any

import pytest

from domain.fields import DOCUMENT_MILESTONE, EFFECT, FOCUS_AREA, PLAN
from projections.follow_up import ReportLine
from projections.renderers import workbook_limits
from projections.renderers.plan_workbook import STATUS_SHEET, plan_workbook, status_round_workbook
from projections.renderers.workbook_archive import check_archive
from projections.renderers.workbook_cells import WorkbookError
from projections.renderers.workbook_reader import read_status_round
from tests.hostile_workbooks import (
    FILLED_IN,
    HOSTILE,
    MAIN,
    STATUS_HEADER,
    Member,
    bounded,
    cell_past_the_shared_strings,
    deflated,
    repeated,
    round_of_rows,
    shared_strings_bomb,
    sheet,
    status_round,
    workbook,
    zipped,
)

# Bounds that a spinning or bloating check would break by far, loose enough for a loaded machine:
# tracemalloc, which measures the memory, slows an allocating loop several-fold. The time as
# served is bounded more tightly in tests/http/test_hostile_workbooks.py.
SECONDS = 10


def refusal(content: bytes) -> dict[str, list[str]]:
    with pytest.raises(WorkbookError) as refused:
        check_archive(content)
    return refused.value.errors


def the_file(content: bytes) -> str:
    """The one problem of a file refused as a whole."""
    errors = refusal(content)
    assert list(errors) == ["file"] and len(errors["file"]) == 1, errors
    return errors["file"][0]


def longest(text: str, spec: Any) -> str:
    return (text * spec.max_length)[:spec.max_length]


def test_the_largest_real_plans_and_rounds_pass_well_inside_the_limits() -> None:
    milestones = [{
        "key": f"M-{n:03}", "title": longest(f"Titel {n} ", DOCUMENT_MILESTONE["title"]),
        "description": longest(f"Beskrivning av milstolpe {n}. ", DOCUMENT_MILESTONE["description"]),
        "focus_area": "nv", "target_year": 2025, "kind": "change", "responsible": ["HSN", "RS"],
        "effects": [{"for": kind, "text": longest(f"Effekt {n} ", EFFECT["text"])}
                    for kind in ("residents", "system", "services")],
        "requires": [], "affects": []} for n in range(200)]
    plan = {"key": "p", "title": longest("Plan ", PLAN["title"]), "owner": "HSN",
            "start_year": 2022, "end_year": 2030, "reporting_periods": [], "milestones": milestones,
            "focus_areas": [{"key": "nv", "name": longest("Nära vård ", FOCUS_AREA["name"]),
                             "description": longest("Vård. ", FOCUS_AREA["description"])}]}
    lines = [ReportLine(f"M-{n:04}", f"Milstolpe {n}", "nv", 2025, "on_track", "", None, None)
             for n in range(2_000)]
    for content in (plan_workbook(plan), status_round_workbook(lines, date(2025, 12, 31)),
                    round_of_rows(workbook_limits.MAX_ROWS)):
        with bounded(SECONDS):
            check_archive(content)


@pytest.mark.parametrize("case", HOSTILE)
def test_every_hostile_workbook_is_refused_by_name_quickly_and_in_little_memory(
        case: str) -> None:
    build, where, fragment = HOSTILE[case]
    content = build()
    with bounded(SECONDS, megabytes=16), pytest.raises(WorkbookError) as refused:
        read_status_round(content)
    assert fragment in " ".join(refused.value.errors[where])


def test_a_bomb_is_refused_by_what_its_directory_declares_unpacking_nothing() -> None:
    bomb = shared_strings_bomb(unpacked_mb=1_000)
    assert len(bomb) < 3 * workbook_limits.MIB
    with bounded(SECONDS, megabytes=1):
        problem = the_file(bomb)
    assert problem == ("the workbook unpacks to 1,000 MB ('xl/sharedStrings.xml' alone to "
                       "1,000 MB), more than the 64 MB a workbook may hold")


def test_a_member_packed_tighter_than_any_workbook_is_refused_as_a_bomb() -> None:
    strings = repeated("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'.encode(),
                       b"<si><t>x</t></si>" * 60_000, 4, b"</sst>")
    assert strings.size < workbook_limits.MAX_UNPACKED_BYTES
    problem = the_file(workbook({STATUS_SHEET: sheet([STATUS_HEADER])}, shared_strings=strings))
    assert "'xl/sharedStrings.xml' is packed" in problem and "more than the 200 to 1" in problem


def test_a_member_unpacking_to_more_than_it_declares_stops_at_its_declared_size() -> None:
    honest = repeated("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'.encode(),
                      b"<si><t>x</t></si>" * 60_000, 200, b"</sst>")  # 200 MB
    lying = Member(honest.name, honest.packed, size=4_000, crc=honest.crc)
    with bounded(SECONDS, megabytes=2):
        problem = the_file(workbook({STATUS_SHEET: sheet([STATUS_HEADER])}, shared_strings=lying))
    assert "'xl/sharedStrings.xml' cannot be unpacked (Bad CRC-32" in problem


@pytest.mark.parametrize("name", ["../evil.xml", "xl/../../evil.xml", "/etc/passwd",
                                  "C:/Windows/evil.dll", "xl\\..\\..\\evil.xml"])
def test_a_member_named_outside_the_archive_is_refused(name: str) -> None:
    content = workbook({STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])},
                       extra=[deflated(name, b"")])
    assert the_file(content) == (f"the archive holds a file named {name!r}, outside the "
                                 "workbook's own folders")


def test_encrypted_members_and_packing_no_workbook_uses_are_refused() -> None:
    data = b"<x/>"
    encrypted = Member("xl/secret.xml", data, len(data), zlib.crc32(data), method=0, flags=1)
    lzma = Member("xl/lzma.xml", data, len(data), zlib.crc32(data), method=14)
    base = {STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])}
    assert "'xl/secret.xml' is encrypted" in the_file(workbook(base, extra=[encrypted]))
    assert "'xl/lzma.xml' is packed with method 14" in the_file(workbook(base, extra=[lzma]))


def test_a_file_over_the_upload_limit_is_refused_unopened() -> None:
    assert the_file(bytes(workbook_limits.MAX_WORKBOOK_BYTES + 1)) == (
        "the file is larger than the 16 MB a workbook may be")


def test_xml_that_declares_a_document_type_is_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>'
              + f'<sst xmlns="{MAIN}"><si><t>&b;</t></si></sst>'.encode())
    content = workbook({STATUS_SHEET: sheet([STATUS_HEADER])},
                       shared_strings=deflated("xl/sharedStrings.xml", laughs))
    assert the_file(content) == ("'xl/sharedStrings.xml' declares a document type (<!DOCTYPE …>), "
                                 "which no workbook does")


def test_xml_nested_deeper_than_any_workbook_is_refused() -> None:
    deep = sheet([STATUS_HEADER]).replace(b"<sheetData>", b"<a>" * 1_000 + b"</a>" * 1_000
                                          + b"<sheetData>")
    assert "nests its XML more than 100 levels deep" in the_file(workbook({STATUS_SHEET: deep}))


def test_a_tag_longer_than_any_workbook_has_is_refused_before_it_ends() -> None:
    attributes = "".join(f' a{n}=""' for n in range(400_000)).encode()  # 3 MB in one tag
    xml = sheet([STATUS_HEADER]).replace(b"<sheetData>", b"<sheetPr" + attributes + b"/><sheetData>")
    with bounded(SECONDS, megabytes=8):
        problem = the_file(workbook({STATUS_SHEET: xml}))
    assert problem == ("'xl/worksheets/sheet1.xml' holds a tag longer than 1 MB, which no "
                       "workbook does")


def test_more_xml_elements_than_a_workbook_has_are_refused_as_they_are_counted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(30_000))  # 60,000 elements
    content = workbook({STATUS_SHEET: sheet([STATUS_HEADER])}, shared_strings=deflated(
        "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'.encode() + strings + b"</sst>"))
    check_archive(content)
    monkeypatch.setattr(workbook_limits, "MAX_XML_ELEMENTS", 50_000)
    with bounded(SECONDS, megabytes=2):
        problem = the_file(content)
    assert problem.startswith("the workbook holds more than 50,000 XML elements (counted as far "
                              "as 'xl/sharedStrings.xml')")


def test_rows_up_to_the_limit_pass_and_a_row_past_it_is_refused_by_the_sheets_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_limits, "MAX_ROWS", 3)
    check_archive(status_round([FILLED_IN] * 3, dimension="A1:G4"))
    past = "the sheet goes on past row 4: at most 3 rows below the header are read"
    for content in (status_round([FILLED_IN] * 4),  # one row too many
                    workbook({STATUS_SHEET: sheet([STATUS_HEADER]).replace(  # one row, far down
                        b"</sheetData>", b'<row r="5"><c r="A5"><v>1</v></c></row></sheetData>')}),
                    workbook({STATUS_SHEET: sheet([STATUS_HEADER]).replace(  # rows numbered alike
                        b"</sheetData>", b'<row r="2"/>' * 4 + b"</sheetData>")})):
        assert past in refusal(content)[STATUS_SHEET][0]
    assert "declares the range A1:G5 (5 rows, 7 columns)" in refusal(
        status_round([FILLED_IN] * 3, dimension="A1:G5"))[STATUS_SHEET][0]


def test_a_cell_past_the_last_column_is_refused_by_the_sheets_name() -> None:
    far = sheet([STATUS_HEADER, FILLED_IN]).replace(
        b"</row></sheetData>", b'<c r="XFD2"><v>1</v></c></row></sheetData>')
    assert refusal(workbook({STATUS_SHEET: far})) == {STATUS_SHEET: [
        "row 2 goes on past column GR: at most 200 columns are read; delete the columns after "
        "your data"]}
    many = sheet([STATUS_HEADER]).replace(
        b"</sheetData>", b'<row r="2">' + b"<c><v>1</v></c>" * 201 + b"</row></sheetData>")
    assert "row 2 goes on past column GR" in refusal(workbook({STATUS_SHEET: many}))[STATUS_SHEET][0]


def test_damaged_xml_outside_a_sheet_is_refused_naming_the_part() -> None:
    broken = deflated("xl/workbook.xml", f'<workbook xmlns="{MAIN}"><sheets>'.encode())
    problem = the_file(workbook({STATUS_SHEET: sheet([STATUS_HEADER])},
                                replace={"xl/workbook.xml": broken}))
    assert problem.startswith("the workbook's part 'xl/workbook.xml' is damaged XML (no element "
                              "found: line 1")


def test_members_that_are_no_xml_are_left_to_be_what_they_are() -> None:
    image = deflated("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(2_000))
    check_archive(workbook({STATUS_SHEET: sheet([STATUS_HEADER, FILLED_IN])}, extra=[image]))


def test_a_cell_openpyxl_cannot_read_is_named_by_its_sheet() -> None:
    check_archive(cell_past_the_shared_strings())  # well-formed: only openpyxl finds it wrong
    with pytest.raises(WorkbookError) as refused:
        read_status_round(cell_past_the_shared_strings())
    assert refused.value.errors == {STATUS_SHEET: [
        "the sheet cannot be read (IndexError: list index out of range); open the workbook in "
        "Excel and save it again"]}


def test_only_the_templates_columns_are_read() -> None:
    noted = status_round([[*FILLED_IN, "Kommentar", None, *[None] * 18, "en anteckning"]],
                         dimension="A1:Z2")
    assert read_status_round(noted).data["reports"] == [
        {"milestone": "A", "status": "achieved", "comment": "Kommentar", "reported_for": None}]


def test_a_zip_of_many_files_is_refused_before_zipfile_reads_its_directory() -> None:
    content = zipped(deflated(f"f{n}", b"") for n in range(workbook_limits.MAX_MEMBERS + 1))
    assert the_file(content) == ("the archive holds more than 1,000 files, the most a workbook "
                                 "may have")
