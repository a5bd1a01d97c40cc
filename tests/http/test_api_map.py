"""`/map` and `/analysis` through the API: formats, filters, the cache and its invalidation."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

import service.maps
from projections.renderers.map_render import MapRenderError
from service.demo import load_demo
from tests.builders import milestone_body
from tests.conftest import Auth, open_store
from web import create_app

API = "/api/v1/plans/fhs-exempel"


@pytest.fixture
def demo(client: FlaskClient, auth: Auth) -> FlaskClient:
    load_demo(client.application.extensions["strategikarta"])
    return client


@pytest.fixture
def dot_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the runs of `dot` (the real one still runs)."""
    runs: list[str] = []
    real: Callable[..., bytes] = service.maps.render

    def counting(dot_text: str, fmt: str, **kwargs: Any) -> bytes:
        runs.append(fmt)
        return real(dot_text, fmt, **kwargs)

    monkeypatch.setattr(service.maps, "render", counting)
    return runs


def failing(dot_text: str, fmt: str, **kwargs: Any) -> bytes:
    raise MapRenderError("Graphviz stopped: simulated")


@pytest.mark.parametrize("fmt, media_type, magic", [
    ("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG"),
    ("pdf", "application/pdf", b"%PDF"), ("dot", "text/vnd.graphviz", b"digraph"),
])
def test_the_map_comes_in_every_format(demo: FlaskClient, auth: Auth, fmt: str,
                                       media_type: str, magic: bytes) -> None:
    response = demo.get(f"{API}/map?format={fmt}", headers=auth.headers("viewer"))
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.data.startswith(magic)


def test_the_json_map_has_lanes_years_nodes_and_edges(demo: FlaskClient, auth: Auth) -> None:
    body = demo.get(f"{API}/map?format=json", headers=auth.headers()).json
    assert len(body["lanes"]) == 7 and body["years"] == [2022, 2023, 2024, 2025]
    assert len(body["nodes"]) == 42
    assert {"from": "LS-05", "to": "LS-04", "kind": "requires", "highlights": []} in body["edges"]


def test_filters_and_neighbourhood_narrow_the_json_map(demo: FlaskClient, auth: Auth) -> None:
    body = demo.get(f"{API}/map?format=json&focus_area=digital,kunskap&status=achieved",
                    headers=auth.headers()).json
    assert body["nodes"] and all(n["focus_area"] in ("digital", "kunskap")
                                 and n["status"] == "achieved" for n in body["nodes"])
    around = demo.get(f"{API}/map?format=json&around=LS-05&depth=1", headers=auth.headers()).json
    assert {n["key"] for n in around["nodes"]} == {"LS-05", "LS-04"}


def test_an_unchanged_map_is_served_from_the_cache_and_a_new_event_redraws_it(
        demo: FlaskClient, auth: Auth, dot_runs: list[str]) -> None:
    first = demo.get(f"{API}/map", headers=auth.headers())
    again = demo.get(f"{API}/map", headers=auth.headers())
    assert first.data == again.data and dot_runs == ["svg"]
    not_modified = demo.get(f"{API}/map", headers=auth.headers(**{"If-None-Match": first.headers["ETag"]}))
    assert not_modified.status_code == 304
    demo.post(f"{API}/milestones/NV-06/status", json={"status": "off_track"},
              headers=auth.headers())
    redrawn = demo.get(f"{API}/map", headers=auth.headers())
    assert dot_runs == ["svg", "svg"] and redrawn.data != first.data


def test_a_failing_layout_serves_the_last_good_map_marked_stale(
        demo: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    good = demo.get(f"{API}/map", headers=auth.headers())
    demo.post(f"{API}/milestones/NV-06/status", json={"status": "at_risk"},
              headers=auth.headers())

    monkeypatch.setattr(service.maps, "render", failing)
    stale = demo.get(f"{API}/map", headers=auth.headers())
    assert stale.status_code == 200 and stale.data == good.data
    assert "last good map" in stale.headers["Warning"]


@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_a_map_never_drawn_before_comes_as_a_plain_grid_when_the_layout_fails(
        demo: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch, fmt: str, magic: bytes) -> None:
    monkeypatch.setattr(service.maps, "render", failing)
    response = demo.get(f"{API}/map?format={fmt}", headers=auth.headers())
    assert response.status_code == 200 and response.data.startswith(magic)
    assert "plain grid" in response.headers["Warning"]


def test_a_plan_the_layout_fails_on_costs_one_attempt_per_position(
        demo: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def failing_and_counted(dot_text: str, fmt: str, **kwargs: Any) -> bytes:
        attempts.append(fmt)
        raise MapRenderError("Graphviz took longer than 8 s to lay out the map")

    monkeypatch.setattr(service.maps, "render", failing_and_counted)
    first = demo.get(f"{API}/map", headers=auth.headers())
    second = demo.get(f"{API}/map", headers=auth.headers("viewer"))
    assert attempts == ["svg"] and second.data == first.data and "Warning" in second.headers
    demo.post(f"{API}/milestones/NV-06/status", json={"status": "at_risk"}, headers=auth.headers())
    demo.get(f"{API}/map", headers=auth.headers())
    assert attempts == ["svg", "svg"]  # a changed plan is tried again


def test_a_map_that_cannot_be_drawn_even_as_a_grid_costs_one_attempt_too(
        demo: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def conversion_past_its_bound(svg: bytes, fmt: str, *args: Any) -> bytes:
        attempts.append(fmt)
        raise MapRenderError("converting the map to PNG took longer than 8.0 s")

    monkeypatch.setattr(service.maps, "render", failing)
    monkeypatch.setattr(service.maps, "convert", conversion_past_its_bound)
    first = demo.get(f"{API}/map?format=png", headers=auth.headers())
    second = demo.get(f"{API}/map?format=png", headers=auth.headers())
    assert first.status_code == second.status_code == 503 and attempts == ["png"]
    assert "took longer than 8.0 s" in second.json["message"]


def test_bad_map_parameters_name_the_field(demo: FlaskClient, auth: Auth) -> None:
    for query, field in (("format=gif", "format"), ("status=grön", "status.0"),
                         ("highlight=all", "highlight.0"), ("depth=0", "depth"),
                         ("around=NOPE", "around"), ("on=igår", "on"),
                         ("focus_area=nara-vard,okand", "focus_area"),
                         ("format=png&focus_area=okand", "focus_area")):
        response = demo.get(f"{API}/map?{query}", headers=auth.headers())
        assert response.status_code == 422 and field in response.json["errors"], query


def test_the_analysis_endpoint_answers_for_a_reporting_date(demo: FlaskClient,
                                                            auth: Auth) -> None:
    body = demo.get(f"{API}/analysis?on=2024-09-01", headers=auth.headers("viewer")).json
    assert body["conflicts"] == [{"milestone": "LS-05", "target_year": 2022, "requires": "LS-04",
                                  "required_target_year": 2024}]
    assert {"milestone": "NV-05", "because": ["DI-03", "NV-04"]} in body["blocked"]
    assert body["order"][0] and len(body["critical_path"]) >= 4
    assert "LS-05" not in body["overdue"]  # achieved


def test_a_write_through_one_process_redraws_the_map_in_another(
        sqlite_url: str, dot_runs: list[str]) -> None:
    writer, reader = open_store(sqlite_url), open_store(sqlite_url)
    reader.users.password_method = "pbkdf2:sha256:1000"
    reader.users.add("anna", "planner", "lösenord-anna", actor="setup")
    headers = {"Authorization": f"Bearer {reader.users.create_token('anna', actor='setup')}"}
    load_demo(writer)
    client = create_app({"TESTING": True, "SERVICE": reader}).test_client()
    before = client.get(f"{API}/map", headers=headers)
    writer.milestones.define("fhs-exempel", milestone_body("NY-01", focus_area="digital",
                                                          title="Helt ny milstolpe"), actor="bo")
    after = client.get(f"{API}/map", headers=headers)
    assert dot_runs == ["svg", "svg"]
    assert b"NY-01" in after.data and b"NY-01" not in before.data
    ET.fromstring(after.data)


@pytest.mark.parametrize("around, depth", [("NV-01", 1), ("KO-01", 2), ("NV-06", 3)])
def test_a_neighbourhood_that_dots_usual_routing_loses_an_edge_is_still_drawn(
        demo: FlaskClient, auth: Auth, around: str, depth: int) -> None:
    """Debian's Graphviz 2.42 gave up ("lost edge") on these edges between lanes within a year."""
    wanted = demo.get(f"{API}/map?format=json&around={around}&depth={depth}", headers=auth.headers())
    response = demo.get(f"{API}/map?format=svg&around={around}&depth={depth}", headers=auth.headers())
    assert response.status_code == 200 and "Warning" not in response.headers
    titles = {t.text for t in ET.fromstring(response.data).iter("{http://www.w3.org/2000/svg}title")}
    assert {"m:" + node["key"] for node in wanted.json["nodes"]} <= titles
