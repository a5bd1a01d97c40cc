"""Numbers that Python cannot take as given: 4xx naming the field, never a 500."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import milestone_body, plan_body
from tests.conftest import Auth
from tests.http.test_pages import PLAN, csrf, signed_in
from tests.http.test_pages import site as site  # the fixture: the demo plan and a user per role

API = "/api/v1"
DIGITS = "9" * 5000  # more than Python converts (sys.get_int_max_str_digits: 4300)


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


LONG_NUMBERS = [
    ("POST", "/plans/fhs/milestones", "application/json",
     '{"key": "C", "title": "t", "focus_area": "nara-vard", "kind": "pilot", '
     f'"target_year": {DIGITS}}}', "target_year"),
    ("POST", "/plans/fhs/milestones/A/status", "application/json",
     f'{{"status": "on_track", "extra": -{DIGITS}}}', "extra"),
    ("PATCH", "/plans/fhs/milestones/A", "application/json",
     f'{{"effects": [{{"for": "system", "text": {DIGITS}}}]}}', "effects.0.text"),
    ("PUT", "/plans/fhs/reporting-periods", "application/json",
     f'{{"items": [{{"key": "T1", "name": "T1", "month": {DIGITS}, "day": 1}}]}}',
     "items.0.month"),
    ("POST", "/plans/import", "application/json",
     '{"key": "imp", "title": "t", "owner": "o", "start_year": 2022, "end_year": 2023, '
     f'"milestones": [{{"key": "A", "target_year": {DIGITS}}}]}}', "milestones.0.target_year"),
    ("POST", "/plans/import", "application/yaml",
     f"key: imp\ntitle: t\nowner: o\nstart_year: {DIGITS}\nend_year: 2023\n", "start_year"),
]


@pytest.mark.parametrize("method, path, content_type, raw, field", LONG_NUMBERS,
                         ids=[f"{m} {p} {f}" for m, p, _, _, f in LONG_NUMBERS])
def test_an_integer_too_long_to_read_is_422_naming_the_field(
        planned: FlaskClient, auth: Auth, method: str, path: str, content_type: str, raw: str,
        field: str) -> None:
    before = log_position(planned)
    response = planned.open(API + path, method=method, data=raw.encode(),
                            content_type=content_type, headers=auth.headers())
    assert response.status_code == 422, response.json
    assert response.json["errors"] == {field: ["is a number of more than 4300 digits"]}
    assert log_position(planned) == before
    anonymous = planned.open(API + path, method=method, data=raw.encode(),
                             content_type=content_type)
    assert anonymous.status_code == 401


@pytest.mark.parametrize("if_match", ['"²"', "²", '"٣"', 'W/"³"', f'"{DIGITS}"'])
def test_an_if_match_of_other_than_ascii_digits_is_400(
        planned: FlaskClient, auth: Auth, if_match: str) -> None:
    response = planned.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Ny"},
                             headers=auth.headers(**{"If-Match": if_match}))
    assert response.status_code == 400 and "If-Match" in response.json["errors"]


@pytest.mark.parametrize("number", ["²", DIGITS])
def test_the_pages_take_a_version_or_a_cursor_only_in_ascii_digits(
        site: Flask, memory_service: Strategikarta, number: str) -> None:
    client = signed_in(site, "planner")
    assert client.get(f"{PLAN}/history", query_string={"after": number}).status_code == 200
    path = f"{PLAN}/milestones/NV-06"
    before = memory_service.store.catch_up().position
    response = client.post(f"{path}/edit", data={
        "edit-title": "Ny", "edit-focus_area": "nara-vard", "edit-target_year": "2025",
        "edit-kind": "change", "edit-version": number, "edit-csrf_token": csrf(client, path)})
    assert response.status_code == 422
    assert memory_service.store.catch_up().position == before
