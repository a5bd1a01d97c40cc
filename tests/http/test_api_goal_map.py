"""`/goal-map` through the API and its page: every format, ETag and the cache, time travel,
bad parameters named, and the page with its controls in Swedish."""

import time
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import goal_plan
from tests.conftest import Auth
from tests.http.test_api_map import dot_runs  # noqa: F401 (a fixture)
from tests.http.test_pages import signed_in
from web import create_app

API = "/api/v1/plans/fhs"
ON = "on=2024-09-01"


@pytest.fixture
def goals(client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> FlaskClient:
    goal_plan(memory_service)
    return client


@pytest.mark.parametrize("fmt, media_type, magic", [
    ("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG"),
    ("pdf", "application/pdf", b"%PDF"), ("dot", "text/vnd.graphviz", b"digraph"),
    ("json", "application/json", b"{"),
])
def test_the_goal_map_comes_in_every_format(goals: FlaskClient, auth: Auth, fmt: str,
                                            media_type: str, magic: bytes) -> None:
    response = goals.get(f"{API}/goal-map?format={fmt}&{ON}", headers=auth.headers("viewer"))
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.data.lstrip().startswith(magic)
    if fmt in ("png", "pdf", "dot"):
        assert f"fhs-goal-map.{fmt}" in response.headers["Content-Disposition"]


def test_the_json_goal_map_has_lanes_goals_milestones_and_edges(goals: FlaskClient,
                                                                auth: Auth) -> None:
    body = goals.get(f"{API}/goal-map?format=json&{ON}", headers=auth.headers()).json
    assert [lane["key"] for lane in body["lanes"]] == ["MED", "PAT"]
    vant = next(goal for goal in body["goals"] if goal["key"] == "VANT")
    assert vant["assessment"] == "partly_satisfactory" and vant["lane"] == "PAT"
    assert vant["results"] == {"met": 1, "partly_met": 1, "not_met": 0, "no_outcome": 0}
    assert {"from": "NV-02", "to": "ARB", "kind": "serves", "highlights": []} in body["edges"]
    assert [m["key"] for m in body["milestones"]] == ["NV-01", "NV-02"]


def test_an_unchanged_goal_map_is_served_from_the_cache_with_its_etag_and_a_new_event_redraws_it(
        goals: FlaskClient, auth: Auth, dot_runs: list[str]) -> None:  # noqa: F811
    first = goals.get(f"{API}/goal-map?{ON}", headers=auth.headers())
    again = goals.get(f"{API}/goal-map?{ON}", headers=auth.headers())
    assert first.data == again.data and dot_runs == ["svg"]
    assert first.headers["ETag"] == again.headers["ETag"]
    not_modified = goals.get(f"{API}/goal-map?{ON}",
                             headers=auth.headers(**{"If-None-Match": first.headers["ETag"]}))
    assert not_modified.status_code == 304 and not not_modified.data
    strategic = goals.get(f"{API}/map?{ON}", headers=auth.headers())
    assert strategic.headers["ETag"] != first.headers["ETag"]  # a request of its own in the cache
    goals.post(f"{API}/goals/MED/assessments", json={
        "assessment": "satisfactory", "reported_for": "2024-08-31"}, headers=auth.headers())
    redrawn = goals.get(f"{API}/goal-map?{ON}",
                        headers=auth.headers(**{"If-None-Match": first.headers["ETag"]}))
    assert redrawn.status_code == 200 and redrawn.data != first.data
    assert dot_runs == ["svg", "svg", "svg"]


def test_the_goal_map_as_known_at_a_past_position(goals: FlaskClient, auth: Auth,
                                                  memory_service: Strategikarta) -> None:
    before = memory_service.store.plan_record("fhs").position
    goals.post(f"{API}/goals/VANT/assessments", json={
        "assessment": "satisfactory", "reported_for": "2024-08-31"}, headers=auth.headers())
    goals.post(f"{API}/goals", json={"key": "NY", "title": "Nytt mål", "level": "result_goal",
                                     "parent": "MED"}, headers=auth.headers())
    now = goals.get(f"{API}/goal-map?format=json&{ON}", headers=auth.headers("auditor")).json
    past = goals.get(f"{API}/goal-map?format=json&{ON}&position={before}",
                     headers=auth.headers("auditor")).json
    assessed = {goal["key"]: goal["assessment"] for goal in past["goals"]}
    assert assessed["VANT"] == "partly_satisfactory" and "NY" not in assessed
    assert past["position"] == before < now["position"]
    assert {goal["key"]: goal["assessment"] for goal in now["goals"]}["VANT"] == "satisfactory"
    svg = goals.get(f"{API}/goal-map?{ON}&position={before}", headers=auth.headers("auditor"))
    assert svg.status_code == 200 and b"g:NY" not in svg.data and f"logg {before}".encode() in svg.data
    refused = goals.get(f"{API}/goal-map?{ON}&position={before}", headers=auth.headers("viewer"))
    assert refused.status_code == 403


def test_bad_goal_map_parameters_name_the_field(goals: FlaskClient, auth: Auth) -> None:
    for query, field in (("format=gif", "format"), ("assessment=grön", "assessment.0"),
                         ("on=igår", "on"), ("perspective=VANT", "perspective"),
                         ("format=png&perspective=OKAND", "perspective")):
        response = goals.get(f"{API}/goal-map?{query}", headers=auth.headers())
        assert response.status_code == 422 and field in response.json["errors"], query


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    goal_plan(memory_service)
    return create_app({"TESTING": True, "SERVICE": memory_service})


def test_the_goal_map_page_shows_the_svg_with_its_filters_in_swedish(site: Flask) -> None:
    dashboard = signed_in(site, "viewer").get("/plans/fhs").data.decode()
    assert 'href="/plans/fhs/goal-map"' in dashboard
    page = signed_in(site, "viewer").get("/plans/fhs/goal-map?on=2024-09-01&perspective=PAT")
    text = page.data.decode()
    assert page.status_code == 200 and "<h1>Målkarta" in text
    assert "<svg" in text and 'xlink:href="/plans/fhs/goals/VANT"' in text
    assert 'name="perspective" value="PAT" checked' in text and "Bedömning" in text
    assert "g:ARB" not in text  # the other perspective's goals are filtered away
    download = signed_in(site, "viewer").get("/plans/fhs/goal-map.pdf?on=2024-09-01")
    assert download.data.startswith(b"%PDF")


def test_an_auditor_sees_the_goal_map_page_as_known_in_the_past(
        site: Flask, memory_service: Strategikarta) -> None:
    time.sleep(0.01)
    before = quote(datetime.now(UTC).isoformat(timespec="microseconds"))
    time.sleep(0.01)
    memory_service.goals.define("fhs", {"key": "NY", "title": "Nytt mål", "level": "result_goal",
                                        "parent": "MED"}, actor="anna")
    past = signed_in(site, "auditor").get(f"/plans/fhs/goal-map?as_of={before}").data.decode()
    assert "g:NY" not in past and "g:ARB" in past and 'name="as_of"' in past
    assert "Visar planen som den var känd vid loggposition" in past
    viewer = signed_in(site, "viewer").get(f"/plans/fhs/goal-map?as_of={before}").data.decode()
    assert "g:NY" in viewer and 'name="as_of"' not in viewer  # viewers see now
