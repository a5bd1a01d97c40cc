"""A planner builds a plan on the pages: a plan, focus areas, a milestone with its effects,
responsible and dependencies; bad input gets the service's message at its field, the typed
values back, 422, and nothing stored. Viewers may not build."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth
from tests.http.test_pages import csrf, signed_in
from web import create_app

PLAN = "/plans/fhs"


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    make_plan(memory_service, "fhs", ("NV-01", "NV-02"))
    memory_service.dependencies.add("fhs", "NV-02", "NV-01", "requires", actor="anna")
    return create_app({"TESTING": True, "SERVICE": memory_service})


def error_at(page: str, field_id: str) -> str:
    """The message shown at a field, which the field names with aria-describedby."""
    assert re.search(rf'id="{field_id}"[^>]*aria-describedby="{field_id}-error"|'
                     rf'aria-describedby="{field_id}-error"[^>]*id="{field_id}"', page), field_id
    found = re.search(rf'<span class="error" id="{field_id}-error">([^<]*)</span>', page)
    assert found, field_id
    return found.group(1)


def new_plan(client: FlaskClient, **overrides: str) -> dict[str, str]:
    data = {"plan-key": "ny-plan", "plan-title": "Ny förändringsplan", "plan-owner": "HSN",
            "plan-start_year": "2026", "plan-end_year": "2029",
            "plan-focus_areas": "nara: Nära vård\ndigital: Digitala tjänster",
            "csrf_token": csrf(client, "/")}
    return {**data, **overrides}


def new_milestone(client: FlaskClient, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "key": "NV-03", "title": "Mobila team", "description": "Team som åker hem.",
        "focus_area": "nara-vard", "target_year": "2024", "kind": "pilot",
        "responsible": "HSN, Primärvården",
        "effects_residents": "Vård i hemmet\nFärre resor",
        "effects_system": "Färre inläggningar", "effects_services": "",
        "requires": ["NV-01"], "affects": ["NV-02"],
        "csrf_token": csrf(client, f"{PLAN}/new-milestone")}
    return {**data, **overrides}


def test_a_planner_creates_a_plan_with_two_focus_areas(site: Flask,
                                                         memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    start = client.get("/").data.decode()
    assert "Ny plan" in start and 'name="plan-key"' in start
    response = client.post("/plans/new", data=new_plan(client))
    assert response.status_code == 302 and response.headers["Location"].endswith("/plans/ny-plan")
    plan = memory_service.plans.get("ny-plan")
    assert [(a.key, a.name) for a in plan.focus_areas] == [("nara", "Nära vård"),
                                                            ("digital", "Digitala tjänster")]
    assert (plan.title, plan.owner, plan.start_year, plan.end_year) == (
        "Ny förändringsplan", "HSN", 2026, 2029)
    assert "Planen är skapad" in client.get(response.headers["Location"]).data.decode()


def test_a_bad_plan_gets_the_message_at_its_field_and_nothing_is_stored(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    for overrides, field, words in (
            ({"plan-key": "fhs"}, "plan-key", "det finns redan en plan"),
            ({"plan-end_year": "2020"}, "plan-end_year", "innan den börjar"),
            ({"plan-title": "   "}, "plan-title", ""),
            ({"plan-focus_areas": "a: A\na: B"}, "plan-focus_areas", "förekommer två gånger"),
            ({"plan-key": "inte ok"}, "plan-key", "")):
        response = client.post("/plans/new", data=new_plan(client, **overrides))
        page = response.data.decode()
        assert response.status_code == 422, overrides
        assert words in error_at(page, field), overrides
        assert 'value="Ny förändringsplan"' in page or field == "plan-title"
        assert [p.key for p in memory_service.plans.list()] == ["fhs"]


def test_a_planner_adds_a_focus_area_on_the_dashboard(site: Flask,
                                                       memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    assert "Nytt insatsområde" in client.get(PLAN).data.decode()
    response = client.post(f"{PLAN}/focus-areas", data={
        "area-key": "psykisk", "area-name": "Psykisk hälsa", "area-description": "Tidiga insatser",
        "csrf_token": csrf(client, PLAN)})
    assert response.status_code == 302
    added = memory_service.plans.get("fhs").focus_areas[-1]
    assert (added.key, added.name, added.description) == (
        "psykisk", "Psykisk hälsa", "Tidiga insatser")
    duplicate = client.post(f"{PLAN}/focus-areas", data={
        "area-key": "digital", "area-name": "Dubblett", "csrf_token": csrf(client, PLAN)})
    page = duplicate.data.decode()
    assert duplicate.status_code == 422 and "har redan insatsområdet" in error_at(page, "area-key")
    assert 'value="Dubblett"' in page
    assert len(memory_service.plans.get("fhs").focus_areas) == 4


def test_a_planner_defines_a_milestone_with_effects_responsible_and_dependencies(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    assert "/plans/fhs/new-milestone" in client.get(PLAN).data.decode()
    form = client.get(f"{PLAN}/new-milestone").data.decode()
    assert "Ny milstolpe" in form and '<option value="2025">' in form
    assert '<option value="2026">' not in form  # only years in the plan period
    response = client.post(f"{PLAN}/new-milestone", data=new_milestone(
        client, required_by=["NV-02"]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plans/fhs/milestones/NV-03")
    milestone = memory_service.milestones.get("fhs", "NV-03")
    assert (milestone.title, milestone.kind.value, milestone.target_year) == (
        "Mobila team", "pilot", 2024)
    assert list(milestone.responsible) == ["HSN", "Primärvården"]
    assert [(e.for_.value, e.text) for e in milestone.effects] == [
        ("residents", "Vård i hemmet"), ("residents", "Färre resor"),
        ("system", "Färre inläggningar")]
    assert list(milestone.requires) == ["NV-01"] and list(milestone.affects) == ["NV-02"]
    assert list(milestone.required_by) == ["NV-02"]
    assert "Milstolpen är definierad" in client.get(response.headers["Location"]).data.decode()


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"key": "NV-01"}, "key", "har redan en milstolpe"),
    ({"target_year": "2030"}, "target_year", "utanför planperioden 2022–2025"),
    ({"title": "  "}, "title", ""),
    ({"required_by": ["NV-01"]}, "required_by", "vara beroende av sig själv"),
    ({"effects_system": "x" * 2001}, "effects_system", "högst 2000 tecken"),
], ids=["duplicate key", "year outside the period", "blank title", "cycle", "long effect"])
def test_a_bad_milestone_gets_the_message_at_its_field_and_nothing_is_stored(
        site: Flask, memory_service: Strategikarta, overrides: dict[str, object], field: str,
        words: str) -> None:
    client = signed_in(site, "planner")
    events = memory_service.store.catch_up().position
    response = client.post(f"{PLAN}/new-milestone", data=new_milestone(client, **overrides))
    page = response.data.decode()
    assert response.status_code == 422
    assert words in error_at(page, field)
    assert "Team som åker hem." in page  # what was typed is kept
    assert [m.key for m in memory_service.milestones.list("fhs")] == ["NV-01", "NV-02"]
    assert memory_service.store.catch_up().position == events
    assert list(memory_service.milestones.get("fhs", "NV-02").affected_by) == []


def test_a_year_outside_the_period_is_refused_by_the_service_too(
        memory_service: Strategikarta) -> None:
    make_plan(memory_service, "fhs")
    with pytest.raises(Exception, match="outside the plan period"):
        memory_service.milestones.define_with_dependencies(
            "fhs", {"key": "X", "title": "X", "focus_area": "nara-vard", "target_year": 2030,
                    "kind": "pilot"}, {}, actor="anna")


def test_a_viewer_sees_no_building_forms_and_may_not_post(site: Flask) -> None:
    client = signed_in(site, "viewer")
    assert 'name="plan-key"' not in client.get("/").data.decode()
    assert 'name="area-key"' not in client.get(PLAN).data.decode()
    assert client.get(f"{PLAN}/new-milestone").status_code == 403
    token = csrf(client, "/")
    for path, data in (("/plans/new", {"plan-key": "x"}),
                       (f"{PLAN}/focus-areas", {"area-key": "x"}),
                       (f"{PLAN}/new-milestone", {"key": "x"})):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403
