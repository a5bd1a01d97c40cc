"""No traps for a planner: nothing is reported by an untouched form, dates outside the plan,
moves and drops without a reason are refused at the field, and removals are confirmed."""

import re

from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.conftest import Auth
from tests.http.test_pages import PLAN, csrf, signed_in, site  # noqa: F401  (fixture)

API = "/api/v1/plans/fhs-exempel"
MILESTONE = f"{PLAN}/milestones/NV-06"


def test_the_status_form_chooses_no_status_and_defaults_to_the_current_rounds_date(
        site: Flask) -> None:  # noqa: F811
    page = signed_in(site, "planner").get(MILESTONE).get_data(as_text=True)
    select = re.search(r'<select[^>]*name="status".*?</select>', page, re.S)
    assert select is not None and "selected" not in select.group(0)
    assert re.search(r'name="reported_for"[^>]*value="2025-12-31"', page)  # TODAY is 2026-06-15


def test_an_untouched_status_form_stores_nothing_and_says_so_at_the_field(
        site: Flask, memory_service: Strategikarta) -> None:  # noqa: F811
    client = signed_in(site, "planner")
    before = memory_service.store.catch_up().position
    response = client.post(f"{MILESTONE}/status", data={"csrf_token": csrf(client, MILESTONE)})
    assert response.status_code == 422 and "Välj den status du rapporterar" in response.data.decode()
    assert memory_service.store.catch_up().position == before


def test_a_reporting_date_outside_the_plan_period_is_refused_at_the_field_and_by_the_api(
        site: Flask, client: FlaskClient, auth: Auth) -> None:  # noqa: F811
    pages = signed_in(site, "planner")
    response = pages.post(f"{MILESTONE}/status", data={
        "status": "on_track", "reported_for": "2026-04-30", "csrf_token": csrf(pages, MILESTONE)})
    assert response.status_code == 422 and "utanför planperioden" in response.data.decode()
    api = client.post(f"{API}/milestones/NV-06/status", headers=auth.headers(),
                      json={"status": "on_track", "reported_for": "2026-04-30"})
    assert api.status_code == 422 and "reported_for" in api.json["errors"]


def test_a_move_or_a_drop_without_a_reason_is_refused_naming_the_reason(
        client: FlaskClient, auth: Auth, site: Flask) -> None:  # noqa: F811
    moved = client.patch(f"{API}/milestones/NV-06", headers=auth.headers(),
                         json={"target_year": 2024})
    assert moved.status_code == 422 and "reason" in moved.json["errors"]
    dropped = client.post(f"{API}/milestones/NV-06/status", headers=auth.headers(),
                          json={"status": "dropped", "reported_for": "2025-08-31"})
    assert dropped.status_code == 422 and "reason" in dropped.json["errors"]
    with_reason = client.patch(f"{API}/milestones/NV-06", headers=auth.headers(),
                               json={"target_year": 2024, "reason": "Senarelagd i revideringen"})
    assert with_reason.status_code == 200


def test_a_move_on_the_page_without_a_reason_shows_the_message_at_the_reason(
        site: Flask) -> None:  # noqa: F811
    client = signed_in(site, "planner")
    response = client.post(f"{MILESTONE}/edit", data={
        "edit-title": "Vård i hemmet", "edit-focus_area": "nara-vard", "edit-target_year": "2024",
        "edit-kind": "change", "edit-csrf_token": csrf(client, MILESTONE)})
    page = response.data.decode()
    assert response.status_code == 422
    reason_field = re.search(r'id="edit-reason".*?</p>', page, re.S)
    assert reason_field is not None and "class=\"error\"" in reason_field.group(0)


def test_removing_a_dependency_or_revoking_tokens_needs_a_confirmation(
        site: Flask, memory_service: Strategikarta, auth: Auth) -> None:  # noqa: F811
    client = signed_in(site, "planner")
    requires = memory_service.milestones.get("fhs-exempel", "NV-06").requires
    client.post(f"{MILESTONE}/dependencies/remove", data={
        "kind": "requires", "to": requires[0], "csrf_token": csrf(client, MILESTONE)})
    assert memory_service.milestones.get("fhs-exempel", "NV-06").requires == requires
    admin = signed_in(site, "admin")
    admin.post("/admin/tokens/revoke", data={"name": "planner-user",
                                             "csrf_token": csrf(admin, "/admin/users")})
    assert memory_service.users.for_token(auth.tokens["planner"]) is not None
