"""The HTML pages through Flask's test client: sign-in, roles, CSRF, escaping, languages."""

import re

import pytest
from flask import Flask, Response, request
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from tests.builders import milestone_body
from tests.conftest import Auth
from web import create_app
from web.pages.extensions import a_limit_was_checked

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
    assert response.status_code == 422 and "ligger i framtiden" in page
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
    memory_service.milestones.define("fhs-exempel", milestone_body(
        "X-1", title="<script>alert(1)</script>", focus_area="nara-vard"), actor="anna")
    client = signed_in(site, "planner")
    for path in (f"{PLAN}/milestones/X-1", f"{PLAN}/map"):
        page = client.get(path).data.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_time_control_is_for_auditors_and_planners(site: Flask,
                                                        memory_service: Strategikarta) -> None:
    from datetime import date

    memory_service.revisions.adopt("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50",
                                  "2025-POL000002", "", actor="anna")
    memory_service.milestones.define("fhs-exempel", milestone_body("NY-1", focus_area="nara-vard"),
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


def test_an_edit_over_someone_elses_change_is_refused_with_a_message(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/milestones/NV-06"
    page = client.get(path).data.decode()
    version = re.search(r'name="edit-version" type="hidden" value="(\d+)"', page).group(1)
    memory_service.milestones.edit("fhs-exempel", "NV-06", {"title": "Någon annans titel"},
                                  actor="bo")
    response = client.post(f"{path}/edit", data={
        "edit-title": "Min titel", "edit-focus_area": "nara-vard", "edit-target_year": "2025",
        "edit-kind": "pilot", "edit-version": version, "csrf_token": csrf(client, path)})
    assert response.status_code == 409
    assert "Någon annan ändrade milstolpen medan du redigerade" in response.data.decode()
    assert 'value="Min titel"' in response.data.decode()  # the user's input is kept
    assert memory_service.milestones.get("fhs-exempel", "NV-06").title == "Någon annans titel"


def test_a_planner_moves_a_milestone_and_manages_dependencies(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/milestones/NV-06"
    version = memory_service.milestones.get("fhs-exempel", "NV-06").version
    response = client.post(f"{path}/edit", data={
        "edit-title": "Vård i hemmet", "edit-focus_area": "digital", "edit-target_year": "2024",
        "edit-kind": "pilot", "edit-version": str(version), "edit-reason": "Revidering",
        "csrf_token": csrf(client, path)})
    assert response.status_code == 302
    moved = memory_service.milestones.get("fhs-exempel", "NV-06")
    assert (moved.focus_area, moved.target_year) == ("digital", 2024)
    response = client.post(f"{path}/dependencies", data={
        "dependency-kind": "requires", "dependency-to": "NV-05",
        "csrf_token": csrf(client, path)})
    assert response.status_code == 302
    assert "NV-05" in memory_service.milestones.get("fhs-exempel", "NV-06").requires
    cycle = client.post(f"{PLAN}/milestones/NV-05/dependencies", data={
        "dependency-kind": "requires", "dependency-to": "NV-06",
        "csrf_token": csrf(client, path)})
    assert cycle.status_code == 409 and "vara beroende av sig själv" in cycle.data.decode()
    client.post(f"{path}/dependencies/remove", data={"kind": "requires", "to": "NV-05",
                                                     "confirm": "yes",
                                                     "csrf_token": csrf(client, path)})
    assert "NV-05" not in memory_service.milestones.get("fhs-exempel", "NV-06").requires


def test_auditors_read_history_and_compare_revisions_viewers_may_not(
        site: Flask, memory_service: Strategikarta) -> None:
    from datetime import date

    memory_service.revisions.adopt("fhs-exempel", 2024, date(2024, 6, 17), "HSN", "§ 60",
                                  "2024-POL000004", "Årlig revidering", actor="anna")
    memory_service.milestones.edit("fhs-exempel", "NV-06", {"target_year": 2024}, actor="bo",
                                  reason="Tidigarelagd")
    auditor = signed_in(site, "auditor")
    history = auditor.get(f"{PLAN}/history?milestone=NV-06").data.decode()
    assert "Tidigarelagd" in history and "Flyttad till nara-vard (Nära vård), 2024" in history
    csv = auditor.get(f"{PLAN}/history.csv?milestone=NV-06")
    assert csv.mimetype == "text/csv" and "Tidigarelagd" in csv.data.decode()
    revisions = auditor.get(f"{PLAN}/revisions").data.decode()
    assert "2024-POL000004" in revisions and "Record and seal" not in revisions
    compared = auditor.get(f"{PLAN}/revisions/compare?from=2024").data.decode()
    assert "Tidigarelagd" in compared and "<td>målår</td>" in compared
    viewer = signed_in(site, "viewer")
    for path in ("/history", "/history.csv", "/revisions", "/revisions/compare?from=2024"):
        assert viewer.get(PLAN + path).status_code == 403, path


def test_a_planner_records_a_revision_through_the_form(site: Flask,
                                                       memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/revisions"
    data = {"year": "2025", "adopted_on": "2025-06-16", "decided_by": "HSN", "paragraph": "§ 50",
            "case_number": "2025-POL000002", "csrf_token": csrf(client, path)}
    assert client.post(path, data=data).status_code == 302
    assert [r.year for r, _ in memory_service.revisions.list("fhs-exempel")] == [2025]
    again = client.post(path, data={**data, "csrf_token": csrf(client, path)})
    assert again.status_code == 422 and "är redan registrerad" in again.data.decode()


def test_an_admin_adds_a_user_and_creates_a_token_shown_once(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "admin")
    data = {"name": "ny-planerare", "role": "planner", "password": "ett-långt-lösenord",
            "csrf_token": csrf(client, "/admin/")}
    assert client.post("/admin/users", data=data).status_code == 302
    assert memory_service.users.get("ny-planerare").role.value == "planner"
    page = client.post("/admin/tokens", data={"name": "ny-planerare",
                                              "csrf_token": csrf(client, "/admin/")})
    token = re.search(r'id="new-token" readonly value="([^"]+)"', page.data.decode()).group(1)
    assert memory_service.users.for_token(token).name == "ny-planerare"
    assert page.headers["Cache-Control"] == "no-store"
    assert token not in client.get("/admin/").data.decode()
    short = client.post("/admin/users", data={**data, "name": "kort", "password": "kort",
                                              "csrf_token": csrf(client, "/admin/")})
    assert short.status_code == 422 and "minst 10 tecken" in short.data.decode()
    assert signed_in(site, "planner").get("/admin/").status_code == 403


def test_a_signed_in_session_reads_the_api_but_does_not_write_through_it(site: Flask) -> None:
    client = signed_in(site, "planner")
    assert client.get("/api/v1/plans/fhs-exempel").status_code == 200
    response = client.post("/api/v1/plans/fhs-exempel/milestones/NV-06/status",
                           json={"status": "on_track"})
    assert response.status_code == 401


def test_a_bearer_token_decides_who_calls_the_api_and_no_session_cookie_is_read_or_sent(
        site: Flask, auth: Auth) -> None:
    client = signed_in(site, "viewer")
    response = client.post("/api/v1/plans/fhs-exempel/milestones/NV-06/status",
                           json={"status": "on_track"}, headers=auth.headers("planner"))
    assert response.status_code == 201 and response.get_json()["actor"] == "planner-user"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/").status_code == 200  # the browser's session goes on


def test_the_history_download_holds_every_matching_entry_not_one_page(
        site: Flask, memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.history.MAX_PAGE", 50)  # the largest page, made small
    entries = len(list(memory_service.store.trail("fhs-exempel", memory_service.store.catch_up())))
    assert entries > 50
    extract = signed_in(site, "auditor").get(f"{PLAN}/history.csv").data.decode()
    assert len(extract.splitlines()) == 1 + entries


def test_the_history_page_filters_by_an_actor_whose_name_json_escapes(
        site: Flask, memory_service: Strategikarta) -> None:
    from datetime import date

    actor = 'Åsa "Ö" Back\\slash'
    memory_service.milestones.report_status("fhs-exempel", "NV-06", "at_risk", "Sen",
                                            date(2024, 8, 31), actor=actor, reason="Försenad")
    auditor = signed_in(site, "auditor")
    page = auditor.get(f"{PLAN}/history", query_string={"actor": actor}).data.decode()
    assert "Försenad" in page and "Tidigarelagd" not in page
    extract = auditor.get(f"{PLAN}/history.csv", query_string={"actor": actor}).data.decode()
    assert len(extract.splitlines()) == 2 and "Försenad" in extract
    nobody = auditor.get(f"{PLAN}/history", query_string={"actor": "Åsa"})
    assert nobody.status_code == 200 and "Försenad" not in nobody.data.decode()


def test_the_session_cookie_is_http_only_and_same_site(site: Flask) -> None:
    client = site.test_client()
    response = client.post("/login", data={"name": "viewer-user", "password": "lösenord-viewer",
                                           "csrf_token": csrf(client, "/login")})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


@pytest.mark.parametrize("target, lands_on", [
    (f"{PLAN}/map", f"{PLAN}/map"),
    ("//evil.example/", "/"),
    ("/\\evil.example/", "/"),
    ("/\t/evil.example/", "/"),
    ("https://evil.example/", "/"),
])
def test_after_signing_in_only_a_path_on_this_site_is_followed(
        site: Flask, target: str, lands_on: str) -> None:
    client = site.test_client()
    response = client.post("/login", query_string={"next": target}, data={
        "name": "viewer-user", "password": "lösenord-viewer", "csrf_token": csrf(client, "/login")})
    assert response.status_code == 302 and response.headers["Location"] == lands_on


def test_sign_in_attempts_are_limited_per_address(site: Flask) -> None:
    client = site.test_client()
    token = csrf(client, "/login")
    answers = [client.post("/login", data={"name": "planner-user", "password": f"gissning-{n}",
                                           "csrf_token": token}).status_code for n in range(10)]
    assert answers == [401] * 10
    right = client.post("/login", data={"name": "planner-user", "password": "lösenord-planner",
                                        "csrf_token": token})
    assert right.status_code == 429  # even the right password waits, so guessing gains nothing
    elsewhere = site.test_client()
    other = elsewhere.post("/login", environ_base={"REMOTE_ADDR": "192.0.2.7"}, data={
        "name": "planner-user", "password": "lösenord-planner",
        "csrf_token": csrf(elsewhere, "/login")})
    assert other.status_code == 302


def test_the_limiters_later_hooks_see_the_state_of_a_checked_limit_and_only_there(
        site: Flask, auth: Auth) -> None:
    checked: dict[str, bool] = {}

    @site.after_request
    def note(response: Response) -> Response:
        checked[request.path] = a_limit_was_checked()
        return response

    client = site.test_client()
    client.post("/login", data={"name": "planner-user", "password": "gissning",
                                "csrf_token": csrf(client, "/login")})
    client.get("/api/v1/plans/fhs-exempel", headers=auth.headers("viewer"))
    assert checked == {"/login": True, "/api/v1/plans/fhs-exempel": False}


def test_the_dashboards_bars_name_their_status_by_icon_not_only_colour(site: Flask) -> None:
    page = signed_in(site, "viewer").get(PLAN).data.decode()
    bars = re.findall(r'class="bar-text bar-text-(\w+)">(\S+) \d+</text>', page)
    icons = {"planned": "○", "on_track": "➜", "achieved": "✓", "at_risk": "!",
             "off_track": "✕", "dropped": "–"}
    assert bars and all(icon == icons[status] for status, icon in bars)


def test_the_map_page_shows_a_chosen_neighbourhood_and_depth(site: Flask) -> None:
    client = signed_in(site, "viewer")
    near = client.get(f"{PLAN}/map?around=DI-03&depth=1").data.decode()
    far = client.get(f"{PLAN}/map?around=DI-03&depth=3").data.decode()
    assert '<option value="DI-03" selected>' in near and '<option value="1" selected>' in near
    assert near.count('class="node"') < far.count('class="node"')
    assert "Närområde" in near


def test_the_map_form_sent_with_the_whole_plan_chosen_shows_the_whole_plan(site: Flask) -> None:
    client = signed_in(site, "viewer")
    response = client.get(f"{PLAN}/map?around=&depth=2")
    whole = client.get(f"{PLAN}/map").data.decode()
    assert response.status_code == 200
    assert response.data.decode().count('class="node"') == whole.count('class="node"')


def test_behind_https_the_session_cookie_is_secure(memory_service: Strategikarta, auth: Auth,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_HTTPS", "1")
    client = create_app({"TESTING": True, "SERVICE": memory_service}).test_client()
    response = client.post("/login", data={"name": "viewer-user", "password": "lösenord-viewer",
                                           "csrf_token": csrf(client, "/login")})
    assert response.status_code == 302 and "; Secure" in response.headers["Set-Cookie"]
