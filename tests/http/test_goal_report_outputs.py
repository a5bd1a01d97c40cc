"""The follow-up report's goals and metrics on the page, in print, as CSV and as XLSX: goal
lines with their assessment, metric lines with target, outcome, attainment and result, the
totals and the summary sentence in the reader's language."""

import csv
import io
import re

import openpyxl
import pytest
from flask import Flask

from service.application import Strategikarta
from tests.builders import add_goals, make_plan
from tests.http.test_pages import signed_in
from tests.http.test_pages import site as demo_site  # noqa: F401  (the fixture below uses it)

PLAN = "/plans/mal"  # not a demo plan: those have goal trees of their own
REPORT = f"{PLAN}/report?on=2025-08-31"
API_REPORT = f"/api/v1{PLAN}/report?on=2025-08-31"
SUMMARY_EN = ("Of 2 goals (resultatmål), one partly satisfactory and one not assessed; "
              "of 1 metric, one met.")
SUMMARY_SV = ("Av 2 resultatmål var ett inte helt tillfredsställande och ett ej bedömt; "
              "av 1 mätetal var ett uppfyllt.")


@pytest.fixture
def site(demo_site: Flask, memory_service: Strategikarta) -> Flask:  # noqa: F811
    make_plan(memory_service, "mal", milestones=("NV-05",))
    add_goals(memory_service, "mal", "NV-05")
    return demo_site


def test_the_report_page_shows_the_summary_the_totals_and_the_goal_and_metric_lines(
        site: Flask) -> None:
    page = signed_in(site, "viewer").get(REPORT).data.decode()
    assert f'<p class="summary-sentence">{SUMMARY_SV}</p>' in page
    assert "Mål per bedömning (resultatmål)" in page
    goal_totals = re.findall(r'assessment-(\w+)"><span aria-hidden="true" class="icon">.</span>'
                             r' [^<]+</span></th><td class="number">(\d+)</td>', page)
    assert dict(goal_totals) == {"satisfactory": "0", "partly_satisfactory": "1",
                                 "unsatisfactory": "0", "not_assessed": "1"}
    assert re.search(r'result-met"><span aria-hidden="true" class="icon">●</span> uppfyllt'
                     r'</span></th><td class="number">1</td>', page)
    assert "Aktiviteter pågår" in page and "Fler mottagningar" in page
    line = re.search(r'M1</a> Besök inom 90 dagar</th>(.*?)</tr>', page, re.DOTALL)
    assert line is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", line.group(1), re.DOTALL)
    assert [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells[1:5]] == [
        "92 %", "92,5 %", "100,5 %", "● uppfyllt"]


def test_the_printed_report_puts_goals_and_metrics_on_a_page_of_their_own(site: Flask) -> None:
    page = signed_in(site, "viewer").get(REPORT).data.decode()
    css = site.test_client().get("/static/style.css").data.decode()
    print_rules = css[css.index("@media print"):]
    assert '<section class="goals-part"' in page and ".goals-part" in print_rules
    assert 'class="summary-sentence"' in page  # not .no-print: the sentence is printed


def test_the_summary_is_in_the_readers_language(site: Flask) -> None:
    page = signed_in(site, "viewer").get(f"{REPORT}&lang=en").data.decode()
    assert "Of 2 goals (resultatmål), one partly satisfactory" in page


def test_the_csv_has_the_goals_metrics_totals_and_summary_after_the_milestones(
        site: Flask) -> None:
    client = signed_in(site, "viewer")
    text = client.get(f"{API_REPORT}&format=csv").data.decode("utf-8-sig")
    tables = [list(csv.reader(io.StringIO(part))) for part in text.split("\r\n\r\n")]
    assert len(tables) == 4 and tables[0][0][0] == "focus_area"
    goals = {row[0]: row for row in tables[1][1:]}
    assert tables[1][0][:5] == ["goal", "title", "level", "parent", "assessment"]
    assert goals["R1"][4] == "partly_satisfactory" and goals["R2"][4] == "not_assessed"
    metric = dict(zip(tables[2][0], tables[2][1], strict=True))
    assert (metric["target"], metric["outcome"], metric["attainment"], metric["result"]) == (
        "92", "92.5", "100.5", "met")
    totals = {(row[0], row[1]): row[2] for row in tables[3][1:]}
    assert totals[("goals", "partly_satisfactory")] == "1" and totals[("metrics", "met")] == "1"
    assert ("summary", SUMMARY_EN) in totals  # the API speaks English unless asked


def test_the_csv_of_a_plan_without_goals_is_as_it_was(
        memory_service: Strategikarta, site: Flask) -> None:
    client = signed_in(site, "viewer")
    memory_service.plans.create("tom", "Tom plan", "HSN", 2024, 2025,
                                [{"key": "a", "name": "A", "description": ""}], actor="anna")
    text = client.get("/api/v1/plans/tom/report?format=csv").data.decode("utf-8-sig")
    assert text.splitlines() == [
        "focus_area,key,title,target_year,status,comment,reported_for,reported_by"]


def test_the_xlsx_has_a_goals_sheet_a_metrics_sheet_and_the_totals_with_the_summary(
        site: Flask) -> None:
    client = signed_in(site, "viewer")
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{API_REPORT}&format=xlsx").data))
    assert workbook.sheetnames[:3] == ["Sammanfattning", "Mål", "Mätetal"]
    summary = workbook["Sammanfattning"]
    assert summary["A3"].value == SUMMARY_SV and summary["A4"].value == "Insatsområde"
    column_a = [cell.value for cell in summary["A"]]
    assert "Mål per bedömning (resultatmål)" in column_a and "Mätetal per resultat" in column_a
    goals = {row[0].value: row for row in workbook["Mål"].iter_rows(min_row=2)}
    assert goals["R1"][4].value == "! inte helt tillfredsställande"
    assert goals["R1"][4].fill.fgColor.rgb.endswith("F0E442")
    metric = [cell.value for cell in next(workbook["Mätetal"].iter_rows(min_row=2))]
    assert metric[:8] == ["M1", "Besök inom 90 dagar", "R1", "%", 92, 92.5, 1.005, "● uppfyllt"]
