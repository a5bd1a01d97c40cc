"""The follow-up API: reports as JSON, CSV and Excel, the trend, reporting periods, rounds."""

import io
from datetime import date
from xml.etree import ElementTree

import openpyxl
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth

API = "/api/v1/plans/fhs"
APRIL = date(2025, 4, 30)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reported_plan(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B", "C"))
    service.milestones.report_status("fhs", "A", "achieved", "Klar", APRIL, actor="anna")
    service.milestones.report_status("fhs", "B", "off_track", "Avviker <kraftigt>", APRIL, actor="anna")


def test_the_report_counts_every_status_and_the_unreported(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    reported_plan(memory_service)
    body = client.get(f"{API}/report?on=2025-04-30", headers=auth.headers("viewer")).json
    assert body["totals"] == {"achieved": 1, "on_track": 0, "at_risk": 0, "off_track": 1,
                              "planned": 0, "dropped": 0, "not_reported": 1}
    assert body["period"]["name"] == "Tertialrapport"
    assert [(m["key"], m["status"]) for m in body["milestones"]] == [
        ("A", "achieved"), ("B", "off_track"), ("C", "not_reported")]
    assert body["by_focus_area"][0]["key"] == "nara-vard"


def test_knowledge_time_in_a_report_is_for_auditors_and_planners(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B", "C"))
    before_reports = memory_service.store.catch_up().position
    memory_service.milestones.report_status("fhs", "A", "achieved", "Klar", APRIL, actor="anna")
    query = f"{API}/report?on=2025-04-30&position={before_reports}"
    assert client.get(query, headers=auth.headers("viewer")).status_code == 403
    past = client.get(query, headers=auth.headers("auditor")).json
    assert past["totals"]["not_reported"] == 3
    assert client.get(f"{API}/report?on=2025-04-30", headers=auth.headers("auditor")).json[
        "totals"]["not_reported"] == 2


def test_the_report_as_csv_opens_in_excel_with_swedish_letters(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    reported_plan(memory_service)
    response = client.get(f"{API}/report?on=2025-04-30&format=csv", headers=auth.headers())
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "focus_area,key,title,target_year,status,comment,reported_for,reported_by"
    assert lines[2].startswith("nara-vard,B,") and "off_track" in lines[2]
    assert len(lines) == 4


def test_the_report_as_xlsx_has_a_summary_and_a_coloured_labelled_sheet_per_focus_area(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    reported_plan(memory_service)
    response = client.get(f"{API}/report?on=2025-04-30&format=xlsx", headers=auth.headers())
    assert response.mimetype == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Sammanfattning", "Nära vård", "Digitala vårdtjänster",
                                   "Kompetensförsörjning"]
    summary = workbook["Sammanfattning"]
    assert summary["A4"].value == "Insatsområde" and summary.freeze_panes == "A5"
    assert [c.value for c in summary[8]][:3] == ["Hela planen", 1, 0]
    lane = workbook["Nära vård"]
    assert [c.value for c in lane[1]] == ["Milstolpe", "Titel", "Målår", "Status", "Kommentar",
                                          "Rapporterad per", "Rapporterad av"]
    assert lane.freeze_panes == "A2"
    assert lane["D3"].value == "✕ otillfredsställande" and lane["D3"].fill.fgColor.rgb == "00D55E00"
    assert lane["D4"].value == "? ej rapporterad" and lane["E3"].value == "Avviker <kraftigt>"


def test_the_trend_is_data_and_an_svg_chart(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    reported_plan(memory_service)
    items = client.get(f"{API}/trend", headers=auth.headers("viewer")).json["items"]
    april = next(i for i in items if i["on"] == "2025-04-30")
    assert april["totals"]["achieved"] == 1 and april["period"]["key"] == "T1"
    svg = client.get(f"{API}/trend?format=svg&lang=en", headers=auth.headers("viewer"))
    assert svg.mimetype == "image/svg+xml"
    text = "".join(ElementTree.fromstring(svg.data).itertext())
    assert "Tertialrapport 2025" in text and "not reported" in text


def test_only_planners_change_reporting_periods_and_bad_ones_name_the_field(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service)
    periods = {"items": [{"key": "T1", "name": "Tertial", "month": 4, "day": 31}]}
    url = f"{API}/reporting-periods"
    assert client.put(url, json=periods, headers=auth.headers("viewer")).status_code == 403
    response = client.put(url, json=periods, headers=auth.headers())
    assert response.status_code == 422 and "items.0.day" in response.json["errors"]
    periods["items"][0]["day"] = 30
    assert client.put(url, json=periods, headers=auth.headers()).json["items"][0]["day"] == 30


def test_a_round_of_status_reports_as_json(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    rows = [{"milestone": "A", "status": "at_risk", "reported_for": "2025-08-31"},
            {"milestone": "B", "status": "on_track", "comment": "Bra"}]
    response = client.post(f"{API}/status-reports", json={"reports": rows},
                           headers=auth.headers())
    assert response.status_code == 201 and response.json == {"stored": 2}
    assert memory_service.milestones.get("fhs", "B").status_comment == "Bra"


def test_text_that_looks_like_a_formula_stays_text_in_csv_and_excel(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    memory_service.milestones.report_status("fhs", "A", "at_risk", '=HYPERLINK("http://x.example","y")',
                                 APRIL, actor="anna")
    csv_text = client.get(f"{API}/report?on=2025-04-30&format=csv",
                          headers=auth.headers()).data.decode("utf-8-sig")
    assert """'=HYPERLINK(""http://x.example"",""y"")""" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        f"{API}/report?on=2025-04-30&format=xlsx", headers=auth.headers()).data))
    cell = book["Nära vård"]["E2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.example","y")'
