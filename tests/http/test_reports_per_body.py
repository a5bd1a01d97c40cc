"""Reports per body: `body=` on the report, the goals and the map; the round report's CSV and
XLSX say whose each line is; the board PDF before the decision is tagged and says so."""

import csv
import io

import pypdf
from flask.testing import FlaskClient
from openpyxl import load_workbook

from service.application import Strategikarta
from tests.conftest import Auth
from tests.http.test_follow_up_year_api import API, call, year


def test_body_filters_the_report_the_goals_and_the_map(client: FlaskClient, auth: Auth,
                                                         memory_service: Strategikarta) -> None:
    year(client, auth, memory_service)
    planner = auth.headers()
    report = call(client, "GET", f"{API}/report?on=2026-04-30&body=PN", planner).json
    assert [line["key"] for line in report["milestones"]] == ["B"]
    assert sum(report["totals"].values()) == 1
    assert [goal["key"] for goal in report["goals"]["items"]] == ["G"]
    assert [metric["key"] for metric in report["metrics"]["items"]] == ["M"]
    of_rs = call(client, "GET", f"{API}/report?on=2026-04-30&body=RS", planner).json
    assert [line["key"] for line in of_rs["milestones"]] == ["A"]
    assert of_rs["goals"]["items"] == [] and of_rs["metrics"]["items"] == []
    rows = list(csv.reader(io.StringIO(client.get(
        f"{API}/report?on=2026-04-30&body=RS&format=csv", headers=planner
    ).data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["A"]

    goals = call(client, "GET", f"{API}/goals?body=PN", planner).json["items"]
    assert [goal["key"] for goal in goals] == ["G"]
    assert call(client, "GET", f"{API}/goals?body=RS", planner).json["items"] == []

    drawn = call(client, "GET", f"{API}/map?format=json&body=RS", planner).json
    assert [node["key"] for node in drawn["nodes"]] == ["A"]
    assert [lane["key"] for lane in drawn["lanes"]] == ["vard"], "every lane stays"

    for path in (f"{API}/report?body=KF", f"{API}/goals?body=KF",
                 f"{API}/map?format=json&body=KF"):
        refused = call(client, "GET", path, planner)
        assert refused.status_code == 422 and "body" in refused.json["errors"], path


def test_the_round_reports_csv_and_xlsx_name_each_lines_body(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    year(client, auth, memory_service)
    planner = auth.headers()
    assert call(client, "POST", f"{API}/rounds", planner, {"entry": "T1-2026"}).status_code == 201
    text = client.get(f"{API}/rounds/T1-2026/report?format=csv",
                      headers=planner).data.decode("utf-8-sig")
    tables = [list(csv.reader(io.StringIO(part))) for part in text.split("\r\n\r\n")]
    milestones, goals, metrics = tables[0], tables[1], tables[2]
    assert milestones[0][-1] == goals[0][-1] == metrics[0][-1] == "body"
    assert {row[1]: row[-1] for row in milestones[1:]} == {"A": "RS", "B": "PN", "C": ""}
    assert goals[1][-1] == "PN" and metrics[1][-1] == "PN"

    workbook = load_workbook(io.BytesIO(client.get(
        f"{API}/rounds/T1-2026/report?format=xlsx", headers=planner).data))
    assert {row[0]: row[-1] for row in workbook["Vård"].iter_rows(min_row=2, values_only=True)
            } == {"A": "RS", "B": "PN", "C": None}
    assert [row[-1] for row in workbook["Mätetal"].iter_rows(values_only=True)] == ["Nämnd",
                                                                                   "PN"]


def test_the_board_pdf_before_the_decision_is_tagged_and_says_not_decided(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    year(client, auth, memory_service)
    planner = auth.headers()
    assert call(client, "POST", f"{API}/rounds", planner, {"entry": "T1-2026"}).status_code == 201
    response = client.get(f"{API}/rounds/T1-2026/report?format=pdf", headers=planner)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "sv" and "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Verksamhetsplan: Tertialrapport 1"
    first = reader.pages[0].extract_text()
    assert "Ej beslutad" in first and "Sammanträde Regionstyrelsen, 28 maj 2026" in first
    pages = [page.extract_text() for page in reader.pages]
    assert "Patientnämnden (PN)" in pages[1] and "Regionstyrelsen (RS)" in pages[2]
    assert "Ingen ansvarig nämnd" in pages[3] and "Strategisk karta" in pages[-1]
    assert all(f"Sida {n} av {len(pages)}" in page for n, page in enumerate(pages, start=1))
