"""The map page when the layout fails: the page with a fallback picture, or an HTML error page,
never the API's JSON."""

from typing import Any

import pytest
from flask import Flask

import service.maps
from projections.renderers.map_render import MapRenderError
from service.application import Strategikarta
from service.demo import load_demo
from tests.conftest import Auth
from tests.http.test_pages import PLAN, signed_in
from web import create_app


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    """The demo plan behind the pages, with the users `auth` made."""
    load_demo(memory_service)
    return create_app({"TESTING": True, "SERVICE": memory_service})


def failing(*args: Any, **kwargs: Any) -> bytes:
    raise MapRenderError("Graphviz stopped: simulated")


def test_a_layout_failure_shows_the_page_with_the_plain_grid_and_says_so(
        site: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service.maps, "render", failing)
    response = signed_in(site, "viewer").get(f"{PLAN}/map")
    page = response.data.decode()
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Kartan kunde inte ritas upp; detta är ett enkelt rutnät" in page
    assert 'xlink:href="/plans/fhs-exempel/milestones/NV-01"' in page
    download = signed_in(site, "viewer").get(f"{PLAN}/map.pdf")
    assert download.data.startswith(b"%PDF") and "plain grid" in download.headers["Warning"]


@pytest.mark.parametrize("path", [f"{PLAN}/map", f"{PLAN}/map.png"])
def test_a_map_that_cannot_be_drawn_at_all_gets_an_html_error_page_in_swedish(
        site: Flask, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setattr(service.maps, "render", failing)
    monkeypatch.setattr(service.maps, "convert", failing)
    monkeypatch.setattr(service.maps, "grid_svg", failing)
    response = signed_in(site, "viewer").get(path)
    assert response.status_code == 503 and response.mimetype == "text/html"
    page = response.data.decode()
    assert "<html" in page and not page.lstrip().startswith("{")
    assert "Kartan kunde inte ritas just nu" in page and "Graphviz" not in page


def test_the_error_page_speaks_english_when_asked(
        site: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service.maps, "render", failing)
    monkeypatch.setattr(service.maps, "grid_svg", failing)
    page = signed_in(site, "viewer").get(f"{PLAN}/map?lang=en").data.decode()
    assert "The map could not be drawn just now" in page


def test_the_api_still_answers_json_when_the_map_cannot_be_drawn(
        auth: Auth, site: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service.maps, "render", failing)
    monkeypatch.setattr(service.maps, "grid_svg", failing)
    response = site.test_client().get("/api/v1/plans/fhs-exempel/map", headers=auth.headers())
    assert response.status_code == 503 and "could not be drawn" in response.json["message"]
