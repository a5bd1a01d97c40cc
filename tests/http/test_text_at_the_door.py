"""Text that is no text is refused at every door with 422 naming the field; line breaks are
refused where one line is meant (titles, names) and kept where people write prose."""

import io
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import milestone_body, plan_body
from tests.conftest import Auth
from tests.http.test_pages import PLAN, csrf, signed_in
from tests.http.test_pages import site as site  # the fixture: the demo plan and a user per role

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REVISION = {"year": 2023, "adopted_on": "2023-02-01", "decided_by": "HSN", "paragraph": "§ 12",
            "case_number": "RS/1/2023"}


@pytest.fixture
def planned(client: FlaskClient, auth: Auth) -> FlaskClient:
    """A plan `fhs` with milestones A and B."""
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    for key in ("A", "B"):
        client.post(f"{API}/plans/fhs/milestones", json=milestone_body(key),
                    headers=auth.headers())
    return client


def log_position(client: FlaskClient) -> int:
    position: int = client.get("/healthz").json["position"]
    return position


CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff"]
DOORS: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/plans", plan_body("ny", title="Plan\x00"), "title"),
    ("POST", "/plans", plan_body("ny", owner="HSN\x1b"), "owner"),
    ("POST", "/plans", plan_body("ny", focus_areas=[{"key": "a", "name": "A\x07"}]),
     "focus_areas.0.name"),
    ("POST", "/plans", plan_body("ny", focus_areas=[{"key": "a", "name": "A",
                                                     "description": "\x00"}]),
     "focus_areas.0.description"),
    ("POST", "/plans/fhs/focus-areas", {"key": "ny", "name": "Ny\x7f"}, "name"),
    ("POST", "/plans/fhs/milestones", milestone_body("C", title="C\x00"), "title"),
    ("POST", "/plans/fhs/milestones", milestone_body("C", description="\x00"), "description"),
    ("POST", "/plans/fhs/milestones", milestone_body("C", responsible=["HSN\x00"]),
     "responsible.0"),
    ("POST", "/plans/fhs/milestones",
     milestone_body("C", effects=[{"for": "residents", "text": "\ufffe"}]), "effects.0.text"),
    ("POST", "/plans/fhs/milestones", {**milestone_body("C"), "reason": "\x00"}, "reason"),
    ("PATCH", "/plans/fhs/milestones/A", {"title": "Ny\x00"}, "title"),
    ("PATCH", "/plans/fhs/milestones/A", {"description": "\x85"}, "description"),
    ("POST", "/plans/fhs/milestones/A/status", {"status": "on_track", "comment": "\x00"},
     "comment"),
    ("POST", "/plans/fhs/milestones/A/status", {"status": "on_track", "reason": "\uffff"},
     "reason"),
    ("POST", "/plans/fhs/dependencies", {"from": "B", "to": "A", "kind": "requires",
                                         "reason": "\x00"}, "reason"),
    ("POST", "/plans/fhs/revisions", {**REVISION, "decided_by": "HSN\x00"}, "decided_by"),
    ("POST", "/plans/fhs/revisions", {**REVISION, "summary": "\x00"}, "summary"),
    ("PUT", "/plans/fhs/reporting-periods",
     {"items": [{"key": "T1", "name": "T\x00", "month": 4, "day": 30}]}, "items.0.name"),
    ("POST", "/plans/fhs/status-reports",
     {"reports": [{"milestone": "A", "status": "on_track", "comment": "\x00"}]},
     "reports.0.comment"),
    ("POST", "/plans/import", {**plan_body("imp"), "milestones": [milestone_body("A",
                                                                                 title="\x00")]},
     "milestones.0.title"),
]


@pytest.mark.parametrize("method, path, body, field", DOORS,
                         ids=[f"{m} {p} {f}" for m, p, _, f in DOORS])
def test_a_control_character_in_any_text_is_422_naming_the_field(
        planned: FlaskClient, auth: Auth, method: str, path: str, body: dict[str, Any],
        field: str) -> None:
    before = log_position(planned)
    response = planned.open(API + path, method=method, json=body, headers=auth.headers())
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert log_position(planned) == before


@pytest.mark.parametrize("character", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_every_control_and_non_character_is_refused_in_prose_too(
        planned: FlaskClient, auth: Auth, character: str) -> None:
    response = planned.post(f"{API}/plans/fhs/milestones/A/status", headers=auth.headers(),
                            json={"status": "on_track", "comment": f"Klart{character}"})
    assert response.status_code == 422
    assert response.json["errors"]["comment"] == [
        f"must not contain U+{ord(character):04X} (character 6): control characters and "
        "non-characters are not text"]


@pytest.mark.parametrize("field", ["title", "responsible"])
def test_a_line_break_is_refused_where_one_line_is_meant_and_kept_in_prose(
        planned: FlaskClient, auth: Auth, field: str) -> None:
    value = ["HSN\nRS"] if field == "responsible" else "Första\nandra"
    response = planned.patch(f"{API}/plans/fhs/milestones/A", json={field: value},
                             headers=auth.headers())
    assert response.status_code == 422
    where = f"{field}.0" if field == "responsible" else field
    assert response.json["errors"][where] == ["must be a single line (no line breaks or tabs)"]
    prose = "Första stycket.\r\n\n\tAndra stycket."
    edited = planned.patch(f"{API}/plans/fhs/milestones/A", headers=auth.headers(), json={
        "description": prose, "effects": [{"for": "system", "text": prose}]})
    assert edited.status_code == 200 and edited.json["description"] == prose
    reported = planned.post(f"{API}/plans/fhs/milestones/A/status", headers=auth.headers(),
                            json={"status": "on_track", "comment": prose, "reason": prose})
    assert reported.status_code == 201 and reported.json["comment"] == prose


def test_a_workbook_cell_with_a_line_break_in_a_title_is_named(
        planned: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    exported = planned.get(f"{API}/plans/fhs/export?format=xlsx", headers=auth.headers())
    book = openpyxl.load_workbook(io.BytesIO(exported.data))
    book["Plan"]["B2"] = "kopia"
    book["Milstolpar"]["B2"] = "Första\nandra"
    out = io.BytesIO()
    book.save(out)
    response = planned.post(f"{API}/plans/import", data=out.getvalue(), content_type=XLSX,
                            headers=auth.headers())
    assert response.status_code == 422
    assert response.json["errors"] == {
        "Milstolpar!B2": ["Titel: must be a single line (no line breaks or tabs)"]}
    assert not memory_service.plans.exists("kopia")


def test_the_pages_forms_refuse_a_control_character_and_store_nothing(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/milestones/NV-06"
    before = memory_service.store.catch_up().position
    for data in ({"status": "on_track", "comment": "Klart\x00"},
                 {"status": "on_track", "comment": "Klart", "reason": "\x1b[31m"}):
        response = client.post(f"{path}/status", data={**data, "csrf_token": csrf(client, path)})
        assert response.status_code == 422
        assert "U+00" in response.data.decode()
    assert memory_service.store.catch_up().position == before
