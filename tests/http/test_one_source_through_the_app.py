"""One source per fact, as the app shows it: the OpenAPI document, the API's answers, the pages."""

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from domain.fields import DOCUMENT_MILESTONE, FOCUS_AREA, PLAN_DOCUMENT, REPORTING_PERIOD
from domain.status_words import NOT_REPORTED, STATUS_WORDS
from domain.values import Status
from tests.builders import milestone_body, plan_body
from tests.conftest import Auth
from tests.unit.test_one_source import INPUTS, limits_of, stated
from web.pages import words
from web.pages.forms import status_choices

API = "/api/v1"
BADGE = '{% from "pages/status_badge.html" import badge with context %}{{ badge(status) }}'


def test_the_served_openapi_document_states_the_specs_limits(client: FlaskClient) -> None:
    components = client.get(f"{API}/openapi.json").json["components"]["schemas"]
    for schema, spec in INPUTS:
        properties = components[schema.__name__.removesuffix("Schema")]["properties"]
        for name, field_spec in spec.items():
            assert limits_of(properties[name]) == stated(field_spec), (schema, name)


@pytest.mark.parametrize("path, body, field", [
    ("/plans", plan_body("p\n"), "key"),
    ("/plans", plan_body("p", focus_areas=[{"key": "a\n", "name": "A"}]), "focus_areas.0.key"),
    ("/plans/fhs/focus-areas", {"key": "ny\n", "name": "Ny"}, "key"),
    ("/plans/fhs/milestones", milestone_body("B\n"), "key"),
    ("/plans/fhs/milestones", milestone_body("B", focus_area="nara-vard\n"), "focus_area"),
    ("/plans/fhs/dependencies", {"from": "A\n", "to": "A", "kind": "requires"}, "from"),
    ("/plans/import", {**plan_body("imp"), "milestones": [milestone_body("A\n")]},
     "milestones.0.key"),
])
def test_a_key_with_a_trailing_newline_is_refused_at_every_door(
        client: FlaskClient, auth: Auth, path: str, body: dict, field: str) -> None:
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    client.post(f"{API}/plans/fhs/milestones", json=milestone_body("A"), headers=auth.headers())
    response = client.post(API + path, json=body, headers=auth.headers())
    assert response.status_code == 422 and field in response.json["errors"], response.json


def test_an_exported_plan_document_holds_the_specs_fields(client: FlaskClient, auth: Auth) -> None:
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    client.post(f"{API}/plans/fhs/milestones", json=milestone_body("A"), headers=auth.headers())
    document = client.get(f"{API}/plans/fhs/export", headers=auth.headers()).json
    assert set(document) == set(PLAN_DOCUMENT)
    assert set(document["milestones"][0]) == set(DOCUMENT_MILESTONE)
    assert set(document["focus_areas"][0]) == set(FOCUS_AREA)
    assert set(document["reporting_periods"][0]) == set(REPORTING_PERIOD)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_status_form_offers_the_tables_long_labels_in_the_pages_language(
        app: Flask, lang: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        assert status_choices() == [
            (s.value, STATUS_WORDS[s.value].in_language(lang).long) for s in Status]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pages_name_every_status_in_their_language_by_the_table(app: Flask, lang: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        names = words()["status_names"]
        assert names == {s: STATUS_WORDS[s].in_language(lang).name for s in names}
        assert set(names) == {s.value for s in Status}
        not_reported = STATUS_WORDS[NOT_REPORTED]
        badge = render_template_string(BADGE, status=NOT_REPORTED)
        assert f"{not_reported.icon}</span> {not_reported.in_language(lang).name}" in badge
