"""The HTML pages through Flask's test client: sign-in, roles, CSRF, escaping, languages."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from tests.builders import milestone_body
from tests.conftest import Auth
from web import create_app

PLAN = "/plans/fhs-exempel"
CSRF_FIELD = r'name="csrf_token"[^>]*?value="([^"]+)"'
NEW_NODE = 'xlink:href="/plans/fhs-exempel/milestones/NY-1"'


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    load_demo(memory_service)
    return create_app({"TESTING": True, "SERVICE": memory_service})


def signed_in(site: Flask, role: str) -> FlaskClient:
    client = site.test_client()
    page = client.get("/login").data.decode()
    token = re.search(CSRF_FIELD, page).group(1)
    response = client.post("/login", data={"name": f"{role}-user", "password": f"lösenord-{role}",
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


def csrf(client: FlaskClient, path: str) -> str:
    page = client.get(path).data.decode()
    return re.search(CSRF_FIELD, page).group(1)


def test_pages_need_a_sign_in(site: Flask) -> None:
    for path in ("/", PLAN, f"{PLAN}/map", f"{PLAN}/milestones/NV-05"):
        response = site.test_client().get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert site.test_client().get("/tillganglighet").status_code == 200


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(site: Flask) -> None:
    client = site.test_client()
    answers = []
    for name, password in (("planner-user", "fel-lösenord"), ("ingen-alls", "fel-lösenord")):
        response = client.post("/login", data={"name": name, "password": password,
                                               "csrf_token": csrf(client, "/login")})
        answers.append((response.status_code, "Fel användarnamn eller lösenord." in
                        response.data.decode()))
    assert answers == [(401, True), (401, True)]


def test_every_page_renders_in_swedish_with_security_headers(site: Flask) -> None:
    client = signed_in(site, "planner")
    for path in ("/", PLAN, f"{PLAN}/map", f"{PLAN}/milestones/NV-05", "/tillganglighet"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="sv"' in response.data.decode()
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strategisk karta" in client.get(f"{PLAN}/map").data.decode()
    english = client.get(f"{PLAN}/map?lang=en").data.decode()
    assert 'lang="en"' in english and "Strategic map" in english


def test_a_planner_reports_a_status_through_the_form(site: Flask) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/milestones/NV-06"
    response = client.post(f"{path}/status", data={
        "status": "off_track", "reported_for": "2025-09-30", "comment": "Stoppad",
        "csrf_token": csrf(client, path)})
    assert response.status_code == 302
    assert "Stoppad" in client.get(path).data.decode()


def test_a_bad_report_shows_the_apis_message_at_the_field(site: Flask) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/milestones/NV-06"
    response = client.post(f"{path}/status", data={
        "status": "on_track", "reported_for": "2099-04-30", "csrf_token": csrf(client, path)})
    page = response.data.decode()
    assert response.status_code == 422 and "is in the future" in page
    assert 'aria-invalid="true"' in page


def test_a_form_without_its_csrf_token_is_refused(site: Flask) -> None:
    client = signed_in(site, "planner")
    response = client.post(f"{PLAN}/milestones/NV-06/status", data={"status": "on_track"})
    assert response.status_code == 400


def test_a_viewer_sees_no_form_and_may_not_post(site: Flask) -> None:
    client = signed_in(site, "viewer")
    path = f"{PLAN}/milestones/NV-06"
    assert "Rapportera status" not in client.get(path).data.decode()
    response = client.post(f"{path}/status", data={"status": "on_track",
                                                   "csrf_token": csrf(client, path)})
    assert response.status_code == 403


def test_titles_with_markup_are_shown_as_text(site: Flask, memory_service: Strategikarta) -> None:
    memory_service.define_milestone("fhs-exempel", milestone_body(
        "X-1", title="<script>alert(1)</script>", focus_area="nara-vard"), actor="anna")
    client = signed_in(site, "planner")
    for path in (f"{PLAN}/milestones/X-1", f"{PLAN}/map"):
        page = client.get(path).data.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_time_control_is_for_auditors_and_planners(site: Flask,
                                                        memory_service: Strategikarta) -> None:
    from datetime import date

    memory_service.adopt_revision("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50",
                                  "2025-POL000002", "", actor="anna")
    memory_service.define_milestone("fhs-exempel", milestone_body("NY-1", focus_area="nara-vard"),
                                    actor="anna")
    auditor = signed_in(site, "auditor")
    assert NEW_NODE in auditor.get(f"{PLAN}/map").data.decode()
    assert NEW_NODE not in auditor.get(f"{PLAN}/map?revision=2025").data.decode()
    viewer = signed_in(site, "viewer")
    assert 'name="revision"' not in viewer.get(f"{PLAN}/map").data.decode()
    assert NEW_NODE in viewer.get(f"{PLAN}/map?revision=2025").data.decode()  # ignored


def test_maps_download_for_board_papers(site: Flask) -> None:
    client = signed_in(site, "viewer")
    response = client.get(f"{PLAN}/map.pdf?highlight=blocked")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
