"""What the log already holds cannot break a download: text written before the rules (a NUL,
control characters, a key ending in a newline) and text that looks like a formula or mathtext."""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from urllib.parse import quote

import pytest
from flask import Flask
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from domain.milestone import Milestone
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod
from domain.values import Effect, EffectFor, FocusArea, MilestoneKind, Status
from service.application import Strategikarta
from tests.conftest import Auth
from tests.http.test_pages import signed_in
from web import create_app

API = "/api/v1"
# Each is text the old code stored: control characters openpyxl refuses, non-characters XML
# cannot hold, a C1 control, a formula, mathtext, and a line break where one line is meant.
ODD = ["\x00", "\x0b", "\x1f", "\ufffe", "\x85", "$\\frac$", "\n"]


def old_text(name: str) -> str:
    return f"={name}(" + "".join(ODD) + ")"


def write_as_old_code_could(service: Strategikarta, key: str, milestone: str) -> int:
    """A plan recorded past today's checks, by the aggregates' own events; its log position."""
    plan = Plan(key, old_text("plan"), old_text("owner"), 2022, 2025,
                [FocusArea("fa", old_text("area"), old_text("description")),
                 FocusArea("fb", "[B]: *?/\\ '", "")], "anna", old_text("reason"))
    plan._set_reporting_periods([ReportingPeriod("T1", old_text("T1"), 4, 30),
                                 ReportingPeriod("D", old_text("D"), 8, 31)], "anna", "")
    first = Milestone(key, milestone, old_text("title"), old_text("description"), "fa", 2023,
                      MilestoneKind.CHANGE, [old_text("responsible")],
                      [Effect(EffectFor.RESIDENTS, old_text("effect"))], "anna", old_text("why"))
    second = Milestone(key, "B", "B", "", "fb", 2024, MilestoneKind.PILOT, [], [], "anna", "")
    service.store.save(plan, first, second)
    service.dependencies.add(key, "B", milestone, "requires", actor="anna", reason=old_text("d"))
    past = service.store.catch_up().position
    first = service.store.milestone(key, milestone)
    first._report_status(Status.AT_RISK, old_text("comment"), date(2024, 4, 30), "anna",
                         old_text("reason"))
    service.store.save(first)
    return past


@pytest.fixture(params=[("old", "A"), ("old\n", "A\n")], ids=["odd-text", "keys-ending-in-newline"])
def old_plan(request: pytest.FixtureRequest, memory_service: Strategikarta,
             auth: Auth) -> Iterator[tuple[Flask, str, str, int]]:
    """The app, the plan's and the milestone's keys as URL parts, and a past log position."""
    key, milestone = request.param
    past = write_as_old_code_could(memory_service, key, milestone)
    yield (create_app({"TESTING": True, "SERVICE": memory_service}), quote(key, safe=""),
           quote(milestone, safe=""), past)


DOWNLOADS = [
    ("export", {}), ("export", {"format": "yaml"}), ("export", {"format": "xlsx"}),
    ("report", {"format": "csv"}), ("report", {"format": "xlsx"}),
    ("status-reports/template", {}), ("trend", {"format": "svg"}),
    ("history", {"format": "csv"}), ("state", {}),
    ("map", {"format": "svg"}), ("map", {"format": "png"}), ("map", {"format": "pdf"}),
    ("map", {"format": "dot"}),
]
TAKES_TIME = ("report", "trend", "state", "map")


def readable(response: TestResponse) -> None:
    """A workbook opens, an SVG is well-formed XML."""
    if "spreadsheetml" in response.content_type:
        load_workbook(BytesIO(response.data))
    elif "svg" in response.content_type:
        ET.fromstring(response.data)


@pytest.mark.parametrize("path, query", DOWNLOADS, ids=[f"{p} {q}" for p, q in DOWNLOADS])
def test_every_download_of_what_the_log_holds_works_now_and_for_a_past_state(
        old_plan: tuple[Flask, str, str, int], auth: Auth, path: str, query: dict) -> None:
    app, plan, _, past = old_plan
    client = app.test_client()
    points = [{}, {"position": past}] if path in TAKES_TIME else [{}]
    for point in points:
        response = client.get(f"{API}/plans/{plan}/{path}", query_string={**query, **point},
                              headers=auth.headers("admin"))
        assert response.status_code == 200, (point, response.data[:300])
        assert "\n" not in response.headers.get("Content-Disposition", "")
        readable(response)


def test_the_pages_and_their_downloads_show_what_the_log_holds(
        old_plan: tuple[Flask, str, str, int]) -> None:
    app, plan, milestone, past = old_plan
    client = signed_in(app, "admin")
    for path in ("/", f"/plans/{plan}", f"/plans/{plan}/report",
                 f"/plans/{plan}/report?position={past}", f"/plans/{plan}/map",
                 f"/plans/{plan}/map?position={past}", f"/plans/{plan}/map.svg",
                 f"/plans/{plan}/map.png", f"/plans/{plan}/map.pdf", f"/plans/{plan}/history",
                 f"/plans/{plan}/history.csv", f"/plans/{plan}/revisions",
                 f"/plans/{plan}/milestones/{milestone}", f"/plans/{plan}/trend.svg"):
        response = client.get(path)
        assert response.status_code == 200, path
        readable(response)


def test_text_that_looks_like_a_formula_is_text_in_the_report_workbook(
        old_plan: tuple[Flask, str, str, int], auth: Auth) -> None:
    app, plan, _, _ = old_plan
    response = app.test_client().get(f"{API}/plans/{plan}/report",
                                     query_string={"format": "xlsx", "on": "2024-04-30"},
                                     headers=auth.headers())
    workbook = load_workbook(BytesIO(response.data))
    title = workbook["Sammanfattning"]["A1"]
    assert title.data_type == "s" and title.value.startswith("=plan(\ufffd")
    assert "uppföljning per 2024-04-30 (=T1(" in title.value
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title
