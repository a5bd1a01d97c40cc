"""A proposal's map through the API: the plan as the proposal would leave it, its moves,
new and dropped milestones marked by class and text, in every format, cached."""

import xml.etree.ElementTree as ET

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_proposal_of_each_mark
from tests.conftest import Auth
from tests.http import test_api_map

MAP = "/api/v1/plans/fhs/proposals/rev/map"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def proposal(memory_service: Strategikarta) -> Strategikarta:
    return make_proposal_of_each_mark(memory_service)


dot_runs = test_api_map.dot_runs  # counts the runs of `dot`


def node_texts(svg: bytes) -> dict[str, tuple[str, str]]:
    """Each milestone's classes and its label's text, by key."""
    found = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None and (title.text or "").startswith("m:"):
            found[title.text[2:]] = (group.get("class", ""),
                                     " ".join(t.text or "" for t in group.iter(f"{SVG}text")))
    return found


def test_the_map_marks_moved_new_and_dropped_milestones_by_class_and_text(
        client: FlaskClient, auth: Auth, proposal: Strategikarta) -> None:
    response = client.get(f"{MAP}?lang=en", headers=auth.headers("viewer"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    nodes = node_texts(response.data)
    assert "map-moved" in nodes["B"][0] and "moved from 2023" in nodes["B"][1]
    assert "map-moved" in nodes["C"][0] and "moved from 2023" in nodes["C"][1]
    assert "map-added" in nodes["E"][0] and "new in the proposal" in nodes["E"][1]
    assert "map-dropped" in nodes["A"][0] and "dropped in the proposal" in nodes["A"][1]
    assert "map-" not in nodes["D"][0]
    assert b"Proposal: rev" in response.data


def test_the_json_map_is_the_plan_as_the_proposal_leaves_it(
        client: FlaskClient, auth: Auth, proposal: Strategikarta) -> None:
    body = client.get(f"{MAP}?format=json", headers=auth.headers()).json
    nodes = {node["key"]: node for node in body["nodes"]}
    assert (nodes["B"]["target_year"], nodes["C"]["target_year"]) == (2025, 2025)
    assert nodes["E"]["highlights"] == ["added"] and "dropped" in nodes["A"]["highlights"]
    assert proposal.milestones.get("fhs", "B").target_year == 2023  # the plan is unchanged


@pytest.mark.parametrize("fmt, magic", [
    ("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
def test_the_map_comes_in_every_format(client: FlaskClient, auth: Auth, proposal: Strategikarta,
                                       fmt: str, magic: bytes) -> None:
    response = client.get(f"{MAP}?format={fmt}", headers=auth.headers("viewer"))
    assert response.status_code == 200 and response.data.startswith(magic)


def test_the_map_is_cached_until_the_proposal_changes(
        client: FlaskClient, auth: Auth, proposal: Strategikarta, dot_runs: list[str]) -> None:
    first = client.get(MAP, headers=auth.headers())
    again = client.get(MAP, headers=auth.headers())
    assert first.data == again.data and dot_runs == ["svg"]
    proposal.proposals.add_change("fhs", "rev", "move", "D", {"target_year": 2023},
                                  actor="anna", reason="Senare")
    changed = client.get(MAP, headers=auth.headers())
    assert dot_runs == ["svg", "svg"] and "map-moved" in node_texts(changed.data)["D"][0]
    assert client.get(MAP, headers=auth.headers(
        **{"If-None-Match": changed.headers["ETag"]})).status_code == 304


def test_the_plans_own_map_is_not_the_proposals(
        client: FlaskClient, auth: Auth, proposal: Strategikarta) -> None:
    plain = client.get("/api/v1/plans/fhs/map", headers=auth.headers()).data
    assert b"map-added" not in plain and b"map-dropped" not in plain


def test_a_withdrawn_proposal_has_no_map_and_an_unknown_one_is_a_404(
        client: FlaskClient, auth: Auth, proposal: Strategikarta) -> None:
    proposal.proposals.withdraw("fhs", "rev", actor="anna", reason="Ersatt")
    refused = client.get(MAP, headers=auth.headers())
    assert refused.status_code == 409 and "withdrawn" in refused.json["message"]
    assert client.get("/api/v1/plans/fhs/proposals/nope/map",
                      headers=auth.headers()).status_code == 404


def test_a_format_the_map_does_not_come_in_is_a_422(
        client: FlaskClient, auth: Auth, proposal: Strategikarta) -> None:
    assert client.get(f"{MAP}?format=gif", headers=auth.headers()).status_code == 422
