"""The rules for text, dates and times, and the helpers that write what the log holds."""

from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import Workbook

from domain.errors import InvalidValueError
from domain.fields import MILESTONE, REVISION, STATUS_REPORT, Text, parse_day, problems, replace_non_text
from projections.renderers.xlsx_style import sheet_name, write
from service.time_travel import parse_moment
from web.files import disposition, spreadsheet_safe
from web.storable_text import TooLongNumber, parse_body, unreadable_fields


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80",
                                       "\x9f", "\ud800", "\ufffe", "\uffff"])
def test_no_text_holds_control_characters_surrogates_or_non_characters(character: str) -> None:
    for spec in (Text(), Text(multiline=True)):
        assert spec.character_problem(f"ab{character}") == (
            f"must not contain U+{ord(character):04X} (character 3): control characters and "
            "non-characters are not text")


def test_single_line_text_takes_no_line_break_or_tab_and_prose_does() -> None:
    for character in "\t\n\r":
        assert Text().character_problem(f"a{character}b") == (
            "must be a single line (no line breaks or tabs)")
        assert Text(multiline=True).character_problem(f"a{character}b") is None
    assert Text().character_problem("Nära vård – 2025 ✓ \u2028") is None


def test_titles_are_one_line_and_descriptions_comments_and_summaries_prose() -> None:
    assert not MILESTONE["title"].multiline  # type: ignore[attr-defined]
    assert not REVISION["case_number"].multiline  # type: ignore[attr-defined]
    for spec in (MILESTONE["description"], STATUS_REPORT["comment"], REVISION["summary"]):
        assert spec.multiline  # type: ignore[attr-defined]
    assert problems(REVISION, {"year": 2023, "adopted_on": date(1, 1, 1), "decided_by": "HSN",
                               "paragraph": "§\t1", "case_number": "1"}) == {
        "adopted_on": ["0001-01-01 is not a plausible date (1900–2200)"],
        "paragraph": ["must be a single line (no line breaks or tabs)"]}


def test_what_the_log_holds_is_shown_with_a_replacement_character() -> None:
    assert replace_non_text("a\x00b\tc\nd\x85e\ufffe") == "a\ufffdb\tc\nd\ufffde\ufffd"


@pytest.mark.parametrize("text", ["2024-W01-1", "2024-W01", "20240101", "2024-1-1", "٢٠٢٤-01-01",
                                  " 2024-01-01", "2024-01-01\n", "2024-02-30"])
def test_a_date_is_read_only_as_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)
    assert parse_day("2024-02-29") == date(2024, 2, 29)


def test_a_moment_is_an_iso_date_or_datetime_in_the_plausible_years() -> None:
    assert parse_moment("2024-05-15") == date(2024, 5, 15)
    assert parse_moment("2024-05-15T10:11:12.123456+00:00") == datetime(
        2024, 5, 15, 10, 11, 12, 123456, tzinfo=UTC)
    assert parse_moment("1900-01-01T00:00+14:00").utcoffset() == timedelta(hours=14)
    for text in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2024-W01-1T10:00",
                 "2024-01-01T10", "2024-01-01T10:00:00+14", "20240101T100000"):
        with pytest.raises(InvalidValueError) as refused:
            parse_moment(text)
        assert refused.value.field == "as_of"


def test_a_cell_holds_text_as_text_without_what_no_workbook_can_hold() -> None:
    sheet = Workbook().active
    assert sheet is not None
    write(sheet["A1"], "=HYPERLINK(\"http://x\")\x00\x0b")
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value == "=HYPERLINK(\"http://x\")\ufffd\ufffd"
    write(sheet["A2"], 2025)
    assert sheet["A2"].value == 2025 and sheet["A2"].data_type == "n"


def test_a_sheet_name_is_one_line_without_excels_forbidden_characters() -> None:
    workbook = Workbook()
    assert sheet_name(workbook, "'Nära\nvård: [1]/*?\x00'") == "Nära vård   1"
    assert sheet_name(workbook, "\x00\n''") == "Blad"


def test_a_download_is_named_by_keys_without_what_a_header_cannot_hold() -> None:
    assert disposition("fhs\n-uppfoljning-2024-04-30.csv") == (
        'attachment; filename="fhs-uppfoljning-2024-04-30.csv"')
    assert disposition('p"; x=1.svg', "inline") == 'inline; filename="px1.svg"'


def test_a_csv_cell_neither_runs_a_formula_nor_holds_control_characters() -> None:
    assert spreadsheet_safe("=1+1\x00") == "'=1+1\ufffd"
    assert spreadsheet_safe(3) == 3


def test_an_integer_too_long_to_read_is_found_by_its_path() -> None:
    digits = "9" * 5000
    for raw, is_yaml in ((f'{{"a": [1, {{"b": -{digits}}}]}}', False),
                         (f"a:\n- 1\n- b: {digits}\n", True)):
        data = parse_body(raw, is_yaml)
        assert isinstance(data["a"][1]["b"], TooLongNumber)
        assert list(unreadable_fields(data)) == [("a.1.b", "is a number of more than 4300 digits")]
