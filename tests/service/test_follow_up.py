"""Follow-up rules on every backend: reporting time, knowledge time, periods, report rounds."""

from datetime import date

import pytest

from domain.errors import DuplicateKeyError, InvalidDocumentError, InvalidValueError
from service.application import Strategikarta
from tests.builders import DEFAULT_PERIODS, make_plan, milestone_body, plan_body

APRIL, AUGUST = date(2025, 4, 30), date(2025, 8, 31)


@pytest.fixture
def reported(service: Strategikarta) -> tuple[Strategikarta, int]:
    """A, B and C; April reported for A and B (C not), presented at the returned position;
    then April corrected for A, and August reported for A and B."""
    make_plan(service, milestones=("A", "B", "C"))
    service.milestones.report_status("fhs", "A", "on_track", "Enligt plan", APRIL, actor="anna")
    service.milestones.report_status("fhs", "B", "at_risk", "Försenad", APRIL, actor="anna")
    presented = service.store.catch_up().position
    service.milestones.report_status("fhs", "A", "off_track", "Rättelse: avviker", APRIL, actor="bo",
                          reason="Fel uppgift i tertialrapporten")
    service.milestones.report_status("fhs", "A", "achieved", "Klar", AUGUST, actor="anna")
    service.milestones.report_status("fhs", "B", "on_track", "Ikapp", AUGUST, actor="anna")
    return service, presented


def statuses(report: object) -> dict[str, str]:
    return {line.key: line.status for line in report.milestones}  # type: ignore[attr-defined]


def test_the_april_report_is_reproduced_exactly_as_it_was_presented(
        reported: tuple[Strategikarta, int]) -> None:
    service, presented = reported
    as_presented = service.follow_up.report(
        "fhs", APRIL, service.time_travel.point("fhs", position=presented))
    assert statuses(as_presented) == {"A": "on_track", "B": "at_risk", "C": "not_reported"}
    assert as_presented.milestones[0].comment == "Enligt plan"


def test_the_corrected_april_picture_shows_the_correction(
        reported: tuple[Strategikarta, int]) -> None:
    service, _ = reported
    corrected = service.follow_up.report("fhs", APRIL)
    assert statuses(corrected) == {"A": "off_track", "B": "at_risk", "C": "not_reported"}
    assert corrected.milestones[0].reported_by == "bo"


def test_a_late_correction_of_april_does_not_override_august(
        reported: tuple[Strategikarta, int]) -> None:
    service, _ = reported
    assert statuses(service.follow_up.report("fhs", AUGUST)) == {
        "A": "achieved", "B": "on_track", "C": "not_reported"}
    assert service.milestones.get("fhs", "A").status.value == "achieved"


def test_unreported_milestones_count_as_not_reported_and_totals_add_up(
        reported: tuple[Strategikarta, int]) -> None:
    service, _ = reported
    report = service.follow_up.report("fhs", date(2025, 3, 1))
    assert report.totals["not_reported"] == 3 and sum(report.totals.values()) == 3
    april = service.follow_up.report("fhs", APRIL)
    assert april.period is not None and april.period.name == "Tertialrapport"
    area = next(a for a in april.by_focus_area if a.key == "nara-vard")
    assert area.totals == {**april.totals} and april.totals["off_track"] == 1


def test_two_reports_for_the_same_date_the_one_entered_last_counts(service: Strategikarta) -> None:
    make_plan(service, milestones=("A",))
    service.milestones.report_status("fhs", "A", "at_risk", "", APRIL, actor="anna")
    service.milestones.report_status("fhs", "A", "on_track", "", APRIL, actor="anna")
    assert statuses(service.follow_up.report("fhs", APRIL)) == {"A": "on_track"}


def test_the_report_defaults_to_the_last_reporting_date_that_has_come(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A",))  # the tests' today is 2026-06-15, after 30 April
    assert service.follow_up.report("fhs").on == date(2025, 12, 31)  # the plan ends with 2025


def test_the_trend_has_a_point_per_reporting_date_that_has_come(
        reported: tuple[Strategikarta, int]) -> None:
    service, _ = reported
    points = service.follow_up.trend("fhs")
    assert [p.on for p in points][:3] == [date(2022, 4, 30), date(2022, 8, 31), date(2022, 12, 31)]
    assert len(points) == 12  # 2022–2025, three dates a year, all passed by 2026-06-15
    by_date = {p.on: p.totals for p in points}
    assert by_date[APRIL]["off_track"] == 1 and by_date[AUGUST]["achieved"] == 1
    assert all(sum(t.values()) == 3 for t in by_date.values())


def test_reporting_periods_default_and_can_be_changed(service: Strategikarta) -> None:
    make_plan(service)
    assert [vars(p) for p in service.follow_up.reporting_periods("fhs")] == DEFAULT_PERIODS
    changed = service.follow_up.set_reporting_periods("fhs", [
        {"key": "bokslut", "name": "Årsredovisning", "month": 12, "day": 31},
        {"key": "T2", "name": "Delår", "month": 8, "day": 31}], actor="anna")
    assert [p.key for p in changed] == ["T2", "bokslut"]  # in date order
    assert [p.on for p in service.follow_up.trend("fhs")][:2] == [date(2022, 8, 31), date(2022, 12, 31)]


@pytest.mark.parametrize("periods, field", [
    ([], "reporting_periods"),
    ([{"key": "T1", "name": "Skottdag", "month": 2, "day": 29}], "reporting_periods.0.day"),
    ([{"key": "T1", "name": "a", "month": 4, "day": 30},
      {"key": "T1", "name": "b", "month": 5, "day": 31}], "reporting_periods.1.key"),
])
def test_bad_reporting_periods_are_refused_and_nothing_changes(
        service: Strategikarta, periods: list[dict[str, object]], field: str) -> None:
    make_plan(service)
    version = service.plans.get("fhs").version
    with pytest.raises((InvalidValueError, DuplicateKeyError)) as error:
        service.follow_up.set_reporting_periods("fhs", periods, actor="anna")
    assert error.value.field == field
    assert service.plans.get("fhs").version == version


def test_the_same_periods_again_record_nothing(service: Strategikarta) -> None:
    make_plan(service)
    version = service.plans.get("fhs").version
    service.follow_up.set_reporting_periods("fhs", DEFAULT_PERIODS, actor="anna")
    assert service.plans.get("fhs").version == version


def test_a_report_round_is_stored_whole(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    stored = service.follow_up.report_statuses("fhs", [
        {"milestone": "A", "status": "achieved", "comment": "Klar", "reported_for": APRIL},
        {"milestone": "B", "status": "at_risk", "comment": "", "reported_for": APRIL}],
        actor="anna")
    assert stored == 2 and statuses(service.follow_up.report("fhs", APRIL)) == {
        "A": "achieved", "B": "at_risk"}


def test_a_report_round_with_bad_rows_names_each_and_stores_nothing(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    position = service.store.catch_up().position
    with pytest.raises(InvalidDocumentError) as error:
        service.follow_up.report_statuses("fhs", [
            {"milestone": "A", "status": "achieved", "reported_for": APRIL},
            {"milestone": "X", "status": "achieved", "reported_for": APRIL},
            {"milestone": "B", "status": "at_risk", "reported_for": date(2030, 1, 1)},
            {"milestone": "A", "status": "on_track", "reported_for": APRIL}], actor="anna")
    assert set(error.value.errors) == {"reports.1.milestone", "reports.2.reported_for",
                                       "reports.3.milestone"}
    assert service.store.catch_up().position == position


def test_a_plan_import_names_every_bad_row_at_once(service: Strategikarta) -> None:
    document = {**plan_body("imp"), "milestones": [
        milestone_body("A"), milestone_body("B", target_year=2031),
        milestone_body("C", focus_area="okänt"), {**milestone_body("D"), "requires": ["Z"]}]}
    with pytest.raises(InvalidDocumentError) as error:
        service.documents.import_plan(document, actor="anna")
    assert set(error.value.errors) == {"milestones.1.target_year", "milestones.2.focus_area",
                                       "milestones.3.requires.0"}
    assert not service.plans.exists("imp")


def test_reporting_periods_travel_with_the_plan_document(service: Strategikarta) -> None:
    periods = [{"key": "T1", "name": "Tertial", "month": 4, "day": 30}]
    service.documents.import_plan({**plan_body("imp"), "reporting_periods": periods}, actor="anna")
    assert service.documents.export_plan("imp")["reporting_periods"] == periods
