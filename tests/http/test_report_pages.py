"""The follow-up pages through Flask's test client: the report, its time control, the trend
chart, and planners' Excel uploads of a status round and of a whole plan."""

import re
from datetime import date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from domain.fields import MAX_REPORTING_PERIODS
from service.application import Strategikarta
from tests.builders import follow_up_year
from tests.http.test_pages import PLAN, csrf, signed_in
from tests.http.test_pages import site as site  # the fixture: the demo plan and a user per role

REPORT = f"{PLAN}/report"


def total(page: str, status: str) -> int:
    """The count in the report's totals table for one status."""
    row = re.search(rf'<th scope="row"><span class="status status-{status}">.*?</span></th>'
                    r'<td class="number">(\d+)</td>', page)
    assert row is not None, status
    return int(row.group(1))


def xlsx(workbook: Any) -> BytesIO:
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def status_round(client: FlaskClient, reports: dict[str, str]) -> BytesIO:
    """The status round template from the API, with a status written for some milestones."""
    template = client.get(f"/api/v1{PLAN}/status-reports/template")
    workbook = load_workbook(BytesIO(template.data))
    sheet = workbook["Statusrapporter"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in reports:
            row[4].value = reports[row[0].value]
            row[5].value = "Från Excel"
    return xlsx(workbook)


def upload(client: FlaskClient, path: str, page: str, workbook: BytesIO) -> Any:
    return client.post(path, data={"file": (workbook, "ifylld.xlsx"),
                                   "csrf_token": csrf(client, page)},
                       content_type="multipart/form-data")


def test_the_report_on_a_chosen_date_shows_its_totals_and_milestones_not_reported(
        site: Flask) -> None:
    page = signed_in(site, "viewer").get(f"{REPORT}?on=2024-04-30").data.decode()
    assert '<option value="2024-04-30" selected>' in page and "(Tertialrapport)" in page
    assert [total(page, s) for s in ("achieved", "planned", "not_reported")] == [19, 5, 4]
    assert '<span aria-hidden="true" class="icon">?</span> ej rapporterad</span>' in page
    assert f'href="{PLAN}/report.csv?on=2024-04-30"' in page
    assert "Skicka statusrapporterna" not in page and 'name="as_of"' not in page


def test_the_report_defaults_to_the_latest_reporting_date_that_has_come(site: Flask) -> None:
    page = signed_in(site, "viewer").get(REPORT).data.decode()
    assert '<option value="2025-12-31" selected>' in page
    assert '<option value="2026-04-30"' not in page  # 2026 is outside the plan period
    assert total(page, "not_reported") == 3


def test_the_report_is_in_english_one_click_away(site: Flask) -> None:
    page = signed_in(site, "viewer").get(f"{REPORT}?lang=en").data.decode()
    assert 'lang="en"' in page and "Totals per status" in page and "not reported" in page


def test_auditors_read_the_report_as_adopted_or_known_earlier_viewers_may_not(
        site: Flask, memory_service: Strategikarta) -> None:
    memory_service.revisions.adopt("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50",
                                  "2025-POL000002", "", actor="anna")
    memory_service.milestones.report_status("fhs-exempel", "KS-05", "off_track", "Sen rättelse",
                                 date(2024, 4, 30), actor="bo")
    auditor = signed_in(site, "auditor")
    corrected = auditor.get(f"{REPORT}?on=2024-04-30").data.decode()
    as_adopted = auditor.get(f"{REPORT}?on=2024-04-30&revision=2025").data.decode()
    assert 'name="as_of"' in corrected and "Sen rättelse" in corrected
    assert "Sen rättelse" not in as_adopted and "som fastställd i revidering 2025" in as_adopted
    assert total(as_adopted, "off_track") == total(corrected, "off_track") - 1
    assert "revision=2025" in as_adopted  # the downloads carry the same knowledge time
    # A date means the end of that day in Swedish time: today there, not by the machine's clock
    # (between 23:00 and 24:00 UTC, the UTC date's end has passed in Sweden).
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    known_today = auditor.get(f"{REPORT}?on=2024-04-30&as_of={today}").data.decode()
    assert "Sen rättelse" in known_today and "som känt den" in known_today
    viewer = signed_in(site, "viewer")
    assert 'name="as_of"' not in viewer.get(REPORT).data.decode()
    for knowledge in (f"as_of={date.today()}", "revision=2025"):
        assert viewer.get(f"{REPORT}?{knowledge}").status_code == 403


def test_a_planner_sends_a_status_round_and_sees_how_many_were_stored(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    workbook = status_round(client, {"KS-05": "otillfredsställande", "HF-05": "on_track"})
    response = upload(client, f"{REPORT}/status-round", REPORT, workbook)
    assert response.status_code == 302
    page = client.get(REPORT).data.decode()
    assert "2 statusrapporter registrerades." in page
    statuses = {line.key: line.status for line in
                memory_service.follow_up.report("fhs-exempel", date(2026, 6, 15)).milestones}
    assert (statuses["KS-05"], statuses["HF-05"]) == ("off_track", "on_track")


def test_a_bad_status_round_names_every_bad_cell_and_stores_nothing(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    before = memory_service.follow_up.report("fhs-exempel", date(2026, 6, 15))
    workbook = status_round(client, {"KS-05": "kanske", "HF-05": "on_track", "SV-05": "???"})
    response = upload(client, f"{REPORT}/status-round", REPORT, workbook)
    page = response.data.decode()
    assert response.status_code == 422 and 'role="alert"' in page
    assert "Arbetsboken har 2 fel; ingenting registrerades." in page
    rows = {line.key: row for row, line in enumerate(before.milestones, start=2)}
    assert re.findall(r"<strong>(Statusrapporter![A-Z]+\d+)</strong>", page) == [
        f"Statusrapporter!E{rows['KS-05']}", f"Statusrapporter!E{rows['SV-05']}"]
    assert memory_service.follow_up.report("fhs-exempel", date(2026, 6, 15)) == before


def test_a_viewer_may_not_send_a_status_round(site: Flask) -> None:
    client = signed_in(site, "viewer")
    response = upload(client, f"{REPORT}/status-round", REPORT, BytesIO(b"PK"))
    assert response.status_code == 403


def test_a_planner_imports_a_plan_workbook_and_lands_on_its_dashboard(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    assert 'href="/api/v1/templates/plan"' in client.get("/").data.decode()
    workbook = load_workbook(BytesIO(client.get(f"/api/v1{PLAN}/export?format=xlsx").data))
    plan_sheet = workbook["Plan"]
    for row in plan_sheet.iter_rows(min_row=2):
        if row[0].value == "Nyckel":
            row[1].value = "ny-plan"
    response = upload(client, "/import", "/", xlsx(workbook))
    assert response.status_code == 302 and response.headers["Location"] == "/plans/ny-plan"
    assert "Planen är importerad." in client.get("/plans/ny-plan").data.decode()
    assert memory_service.plans.get("ny-plan").title == memory_service.plans.get(
        "fhs-exempel").title


def test_a_bad_plan_workbook_is_refused_with_its_cells_named(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    workbook = load_workbook(BytesIO(client.get("/api/v1/templates/plan").data))
    response = upload(client, "/import", "/", xlsx(workbook))
    page = response.data.decode()
    assert response.status_code == 422 and "ingenting registrerades" in page
    assert "<strong>Plan!B2</strong>" in page
    assert [p.key for p in memory_service.plans.list()] == ["fhs-exempel"]


def test_the_dashboard_shows_the_trend_as_a_chart_and_as_a_table(site: Flask) -> None:
    client = signed_in(site, "viewer")
    page = client.get(PLAN).data.decode()
    assert f'<img src="{PLAN}/trend.svg" alt="Diagram: milstolpar per status' in page
    assert f'href="{PLAN}/report?on=2022-04-30"' in page and f'href="{REPORT}"' in page
    chart = client.get(f"{PLAN}/trend.svg")
    assert chart.mimetype == "image/svg+xml" and b"<svg" in chart.data


def test_an_upload_that_is_not_a_workbook_is_refused_at_the_field(site: Flask) -> None:
    client = signed_in(site, "planner")
    response = client.post("/import", data={"file": (BytesIO(b"key,title"), "plan.csv"),
                                            "csrf_token": csrf(client, "/")},
                           content_type="multipart/form-data")
    page = response.data.decode()
    assert response.status_code == 422 and 'aria-invalid="true"' in page
    assert "Skicka en Excel-arbetsbok (.xlsx)." in page


def test_an_upload_without_its_csrf_token_is_refused(site: Flask) -> None:
    client = signed_in(site, "planner")
    response = client.post(f"{REPORT}/status-round", data={"file": (BytesIO(b"PK"), "a.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400


def test_a_planner_changes_the_reporting_periods_on_the_report_page(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    page = client.get(REPORT).data.decode()
    assert 'value="Tertialrapport"' in page
    token = re.search(r'id="periods-csrf_token"[^>]*value="([^"]+)"', page)
    rows = {f"periods-rows-{n}-{f}": "" for n in range(6) for f in ("key", "name", "day", "month")}
    rows.update({"periods-rows-0-key": "T1", "periods-rows-0-name": "Tertial 1",
                 "periods-rows-0-day": "30", "periods-rows-0-month": "4",
                 "periods-rows-3-key": "T2", "periods-rows-3-name": "Tertial 2",
                 "periods-rows-3-day": "31", "periods-rows-3-month": "8"})  # as a browser sends
    form = {"periods-csrf_token": token.group(1), **rows}  # type: ignore[union-attr]
    bad = client.post(f"{PLAN}/reporting-periods", data={**form, "periods-rows-3-day": "32"})
    assert bad.status_code == 422 and "Rad 4: " in bad.data.decode()
    incomplete = client.post(f"{PLAN}/reporting-periods",
                             data={**form, "periods-rows-5-name": "Bokslut"})
    assert "Rad 6: fyll i nyckel, namn, dag och månad." in incomplete.data.decode()
    assert [p.key for p in memory_service.follow_up.reporting_periods("fhs-exempel")] == [
        "T1", "delar", "bokslut"]
    saved = client.post(f"{PLAN}/reporting-periods", data=form, follow_redirects=True)
    assert "Rapporteringstillfällena är sparade." in saved.data.decode()
    assert [p.name for p in memory_service.follow_up.reporting_periods("fhs-exempel")] == [
        "Tertial 1", "Tertial 2"]


def test_a_viewer_may_not_change_the_reporting_periods(site: Flask) -> None:
    client = signed_in(site, "viewer")
    assert "periods-rows-0-key" not in client.get(REPORT).data.decode()
    assert client.post(f"{PLAN}/reporting-periods", data={}).status_code in (400, 403)


def periods(count: int) -> list[dict[str, Any]]:
    """`count` reporting periods on the 1st and 15th of each month."""
    return [{"key": f"P{n:02}", "name": f"Tillfälle {n}", "month": n // 2 + 1,
             "day": 1 + n % 2 * 14} for n in range(count)]


@pytest.mark.parametrize("count", [13, MAX_REPORTING_PERIODS])
def test_the_report_page_takes_as_many_reporting_periods_as_the_api(
        site: Flask, memory_service: Strategikarta, count: int) -> None:
    memory_service.follow_up.set_reporting_periods("fhs-exempel", periods(count), actor="anna")
    client = signed_in(site, "planner")
    page = client.get(REPORT)
    assert page.status_code == 200
    assert f'value="Tillfälle {count - 1}"' in page.data.decode()
    rows = len(re.findall(r'name="periods-rows-\d+-key"', page.data.decode()))
    assert rows == min(count + 3, MAX_REPORTING_PERIODS)  # room to add more, up to the most
    form = {f"periods-rows-{n}-{name}": str(value) for n, period in enumerate(periods(count))
            for name, value in period.items()}
    added = {"periods-rows-23-key": "NY", "periods-rows-23-name": "Ny", "periods-rows-23-day": "28",
             "periods-rows-23-month": "12"} if count < MAX_REPORTING_PERIODS else {}
    saved = client.post(f"{PLAN}/reporting-periods",
                        data={**form, **added, "periods-csrf_token": periods_token(client)})
    assert saved.status_code == 302
    expected = count + (1 if added else 0)
    assert len(memory_service.follow_up.reporting_periods("fhs-exempel")) == expected


def periods_token(client: FlaskClient) -> str:
    token = re.search(r'id="periods-csrf_token"[^>]*value="([^"]+)"', client.get(REPORT).data.decode())
    assert token is not None
    return token.group(1)


def test_a_form_row_numbered_in_other_than_ascii_digits_is_not_a_500(site: Flask) -> None:
    client = signed_in(site, "planner")
    for number in ("²", "9" * 5000):
        response = client.post(f"{PLAN}/reporting-periods", data={
            "periods-csrf_token": periods_token(client), f"periods-rows-{number}-key": "T1"})
        assert response.status_code < 500


def test_the_report_page_shows_one_bodys_share(site: Flask,
                                               memory_service: Strategikarta) -> None:
    """`?body=` keeps the milestones, goals and metrics of that body; the CSV follows it."""
    follow_up_year(memory_service, "fhs-exempel", actor="setup")
    client = signed_in(site, "viewer")
    whole = client.get("/plans/fhs-exempel/report?on=2025-08-31").data.decode()
    share = client.get("/plans/fhs-exempel/report?on=2025-08-31&body=HSN").data.decode()
    assert '<option value="HSN" selected>' in share and '<option value="HSN" selected>' not in whole
    csv_rows = client.get("/plans/fhs-exempel/report.csv?on=2025-08-31&body=HSN").data
    all_rows = client.get("/plans/fhs-exempel/report.csv?on=2025-08-31").data
    assert 1 < csv_rows.count(b"\n") < all_rows.count(b"\n")
    assert client.get("/plans/fhs-exempel/report?body=XYZ").status_code == 422
