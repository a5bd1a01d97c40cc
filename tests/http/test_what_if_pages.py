"""The what-if on the pages: the map's overlay (moved milestones marked with their old year,
conflicts highlighted) and "what if this slips a year?" on a milestone's page."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from flask import Flask

from service.application import Strategikarta
from service.maps import MapOptions
from tests.builders import make_slip_chain, milestone_body
from tests.conftest import Auth
from tests.http.test_pages import signed_in
from web import create_app

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chain(memory_service: Strategikarta) -> Strategikarta:
    return make_slip_chain(memory_service)


@pytest.fixture
def site(chain: Strategikarta, auth: Auth) -> Flask:
    return create_app({"TESTING": True, "SERVICE": chain})


def marked(svg: bytes, mark: str) -> set[str]:
    """The milestones whose SVG node carries the class `map-<mark>`."""
    root = ET.fromstring(svg)
    return {node.find(f"{SVG}title").text.removeprefix("m:")  # type: ignore[union-attr]
            for node in root.iter(f"{SVG}g")
            if mark in (node.get("class") or "").split()}


def test_the_overlays_svg_marks_the_moved_milestones_with_their_old_year(
        chain: Strategikarta) -> None:
    options = MapOptions(on=date(2026, 6, 15), slip=("A", 2024))
    svg = chain.maps.render("fhs", options, "svg").content
    assert marked(svg, "map-moved") == {"A", "B", "C"}
    assert marked(svg, "map-conflicts") == {"A", "D"}
    assert "flyttad från 2022" in svg.decode() and "flyttad från 2023" in svg.decode()


def test_the_overlay_has_its_own_place_in_the_cache(chain: Strategikarta) -> None:
    on = date(2026, 6, 15)
    plain = chain.maps.render("fhs", MapOptions(on=on), "svg").content
    slipped = chain.maps.render("fhs", MapOptions(on=on, slip=("A", 2024)), "svg").content
    assert plain != slipped and "flyttad" not in plain.decode()
    assert chain.maps.render("fhs", MapOptions(on=on), "svg").content == plain


def test_the_map_page_shows_the_slip_asked_for_and_lists_the_moves(site: Flask) -> None:
    page = signed_in(site, "viewer").get("/plans/fhs/map?slip=A&to=2024").data.decode()
    assert "Vad händer om … flyttas till …" in page
    assert "Vad händer om A flyttas till 2024?" in page
    assert "flyttad från 2023 till 2024" in page
    assert 'class="node map&#45;moved"' in page  # dot writes a class's hyphen as an entity
    assert "D (2022) är beroende av A (2024)" in page


def test_a_slip_the_plan_refuses_shows_why_and_the_map_without_it(site: Flask) -> None:
    response = signed_in(site, "viewer").get("/plans/fhs/map?slip=D&to=2024")
    page = response.data.decode()
    assert response.status_code == 200
    assert "en uppnådd eller avbruten milstolpe flyttas inte" in page
    assert "map&#45;moved" not in page and "flyttad från" not in page


def test_a_milestones_page_asks_what_if_it_slips_a_year_and_links_to_the_map(
        site: Flask) -> None:
    page = signed_in(site, "viewer").get("/plans/fhs/milestones/B").data.decode()
    assert "Vad händer om den här försenas ett år?" in page
    assert re.search(r'href="/plans/fhs/map\?slip=B&amp;to=2024"', page)
    assert "flyttad från 2023 till 2024" in page  # B and C


def test_a_milestone_in_the_plans_last_year_says_why_it_cannot_slip(
        chain: Strategikarta, site: Flask) -> None:
    chain.milestones.define("fhs", milestone_body("E", target_year=2025), actor="anna")
    page = signed_in(site, "viewer").get("/plans/fhs/milestones/E").data.decode()
    assert "2026 ligger utanför planperioden 2022–2025" in page
    assert "slip=E" not in page
