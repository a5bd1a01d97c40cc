"""A proposal's page as a reader follows it: every link of its map leads to a page (a milestone
the proposal defines, which has no page yet, to the row of the changes that defines it), and
the changes and the diff say lists and effects in words, never as Python writes them."""

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import service.maps
from projections.renderers.map_render import MapRenderError
from service.application import Strategikarta
from tests.builders import make_proposal_of_each_mark
from tests.conftest import Auth
from tests.http.test_pages import signed_in
from web import create_app

PAGE = "/plans/fhs/proposals/rev"
RAW = re.compile(r"[\[\]{}]|&#39;")  # what a list or a dict printed as Python shows


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    """Proposal rev: B slips (B and C move), E is defined, A dropped; E then requires D and D's
    responsible and effects are edited."""
    make_proposal_of_each_mark(memory_service)
    for op, key, fields in (
            ("add_dependency", "E", {"to": "D", "kind": "requires"}),
            ("edit", "D", {"responsible": ["RS", "HSN"],
                           "effects": [{"for": "system", "text": "Färre remisser."}]})):
        memory_service.proposals.add_change("fhs", "rev", op, key, fields, actor="anna",
                                            reason="Revidering")
    return create_app({"TESTING": True, "SERVICE": memory_service})


def failing(*args: Any, **kwargs: Any) -> bytes:
    raise MapRenderError("Graphviz stopped: simulated")


def map_links(client: FlaskClient, auth: Auth) -> list[str]:
    """The links of the map on the proposal's page and of the map the page offers to download."""
    page = client.get(PAGE).data.decode().split('id="proposal-map"')[1]
    download = client.get(f"/api/v1{PAGE}/map?format=svg", headers=auth.headers("viewer"))
    return [*re.findall(r'xlink:href="([^"]*)"', page),
            *re.findall(r'xlink:href="([^"]*)"', download.data.decode())]


@pytest.mark.parametrize("drawn_by", ["graphviz", "the plain grid"])
def test_every_link_of_the_map_leads_to_a_page_and_a_new_milestones_to_the_row_defining_it(
        site: Flask, auth: Auth, monkeypatch: pytest.MonkeyPatch, drawn_by: str) -> None:
    if drawn_by == "the plain grid":
        monkeypatch.setattr(service.maps, "render", failing)
    planner = signed_in(site, "planner")
    grid = '<g class="node">' in planner.get(PAGE).data.decode()  # Graphviz numbers its nodes
    assert grid == (drawn_by == "the plain grid")
    links = map_links(planner, auth)
    assert sorted(set(links)) == sorted([f"{PAGE}#new-E", *(f"/plans/fhs/milestones/{key}"
                                                            for key in "ABCD")])
    assert len(links) == 10  # five milestones, on the page and in the download
    for link in set(links):
        path, _, anchor = link.partition("#")
        followed = planner.get(path)
        assert followed.status_code == 200, link
        if anchor:
            assert f'<tr id="{anchor}"><td>Ny milstolpe</td><td>E ' in followed.data.decode()


def changes_table(page: str) -> str:
    return page.split('id="changes"')[1].split("</table>")[0]


def test_a_new_milestones_fields_read_as_text_in_the_changes_table(site: Flask) -> None:
    table = changes_table(signed_in(site, "planner").get(PAGE).data.decode())
    defined = table.split('<tr id="new-E">')[1].split("</tr>")[0]
    for said in ("effekter: För invånarna: Invånarna får vård närmare hemmet.",
                 "ansvarig nämnd/styrelse: HSN;", "karaktär: Verksamhetsförändring",
                 "insatsområde: nara-vard Nära vård", "målår: 2024"):
        assert said in defined, said
    assert "effekter: För systemet: Färre remisser.; ansvarig nämnd/styrelse: RS, HSN" in table
    assert "är beroende av D Milstolpe D" in table
    assert not RAW.search(table), RAW.search(table)


def test_the_changes_table_reads_as_text_in_english_too(site: Flask) -> None:
    table = changes_table(signed_in(site, "planner").get(f"{PAGE}?lang=en").data.decode())
    assert "For residents: Invånarna får vård närmare hemmet." in table
    assert "depends on D Milstolpe D" in table and not RAW.search(table)


def test_the_diff_says_a_changed_list_and_changed_effects_in_words(site: Flask) -> None:
    page = signed_in(site, "planner").get(PAGE).data.decode()
    changed = page.split('id="changed"')[1].split("</table>")[0]
    assert "<td>HSN</td><td>RS, HSN</td>" in changed
    assert ("<td>För invånarna: Invånarna får vård närmare hemmet.</td>"
            "<td>För systemet: Färre remisser.</td>") in changed
    assert not RAW.search(changed)
