"""The limits on a plan's size through the API: stated in the OpenAPI document, and a request
beyond one is 422 naming the field, whether the schema or the domain refuses it."""

import pytest
from flask.testing import FlaskClient

from domain.fields import (
    MAX_DEPENDENCIES_EACH,
    MAX_EFFECTS,
    MAX_FOCUS_AREAS,
    MAX_MILESTONES,
    MAX_REPORTING_PERIODS,
    MAX_RESPONSIBLE,
)
from tests.builders import milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1"


def test_the_openapi_document_states_the_limits_on_a_plans_size(client: FlaskClient) -> None:
    schemas = client.get(f"{API}/openapi.json").json["components"]["schemas"]
    document, milestone = schemas["PlanDocument"]["properties"], schemas["MilestoneIn"]["properties"]
    row = schemas["DocumentMilestone"]["properties"]
    assert (document["milestones"]["maxItems"], document["reporting_periods"]["maxItems"],
            document["focus_areas"]["maxItems"]) == (
        MAX_MILESTONES, MAX_REPORTING_PERIODS, MAX_FOCUS_AREAS)
    assert (row["requires"]["maxItems"], row["affects"]["maxItems"]) == (
        MAX_DEPENDENCIES_EACH, MAX_DEPENDENCIES_EACH)
    assert (milestone["responsible"]["maxItems"], milestone["effects"]["maxItems"]) == (
        MAX_RESPONSIBLE, MAX_EFFECTS)


def test_a_milestone_beyond_the_plans_limit_is_422_naming_the_field(
        client: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("domain.plan.MAX_MILESTONES", 1)
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    client.post(f"{API}/plans/fhs/milestones", json=milestone_body("A"), headers=auth.headers())
    response = client.post(f"{API}/plans/fhs/milestones", json=milestone_body("B"),
                           headers=auth.headers())
    assert response.status_code == 422
    assert response.json["errors"] == {
        "milestones": ["a plan has at most 1 milestones; plan 'fhs' would have 2"]}


def test_a_plan_document_of_too_many_milestones_is_422_from_the_schema(
        client: FlaskClient, auth: Auth) -> None:
    rows = [{**milestone_body(f"M{i}"), "description": ""} for i in range(MAX_MILESTONES + 1)]
    response = client.post(f"{API}/plans/import", json={**plan_body("imp"), "milestones": rows},
                           headers=auth.headers())
    assert response.status_code == 422 and "milestones" in response.json["errors"]
