"""HTTP as clients expect it: `Location` on 201, `Allow` on 405, one charset, repeatable lists."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from tests.api_document import API, operations, served_document
from tests.builders import make_plan, milestone_body, plan_body
from tests.conftest import Auth

REVISION = {"year": 2023, "adopted_on": "2023-06-19", "decided_by": "HSN", "paragraph": "§ 71",
            "case_number": "2023-POL000011"}


def creations() -> list[tuple[str, str, Any]]:
    """Every operation answering 201, each with a body that creates something."""
    return [
        ("POST", "/plans", plan_body("ny")),
        ("POST", "/plans/fhs/focus-areas", {"key": "samverkan", "name": "Samverkan"}),
        ("POST", "/plans/import", plan_body("importerad")),
        ("POST", "/plans/fhs/milestones", milestone_body("C")),
        ("POST", "/plans/fhs/milestones/A/status", {"status": "at_risk"}),
        ("POST", "/plans/fhs/dependencies", {"from": "A", "to": "B", "kind": "requires"}),
        ("POST", "/plans/fhs/revisions", REVISION),
        ("POST", "/plans/fhs/status-reports", {"reports": [{"milestone": "B", "status": "on_track"}]}),
        ("POST", "/plans/fhs/goals", {"key": "A", "title": "Jämlik hälsa", "level": "perspective"}),
        ("POST", "/plans/fhs/goals/A/assessments", {"assessment": "satisfactory"}),
        ("POST", "/plans/fhs/metrics", {"key": "A", "goal": "A", "name": "Andel", "unit": "%",
                                        "direction": "higher_is_better"}),
        ("POST", "/plans/fhs/metrics/A/outcomes", {"value": 71.5}),
        ("POST", "/bodies", {"key": "PN", "name": "Patientnämnden", "kind": "committee"}),
        ("POST", "/plans/fhs/rounds", {"entry": "T1"}),
        ("POST", "/plans/fhs/rounds/T1/decision", {
            "decided_by": "HSN", "date": "2025-05-20", "paragraph": "§ 12",
            "case_number": "HSN 2025/1"}),
        ("POST", "/plans/fhs/proposals", {"key": "P", "title": "Revidering"}),
        ("POST", "/plans/fhs/proposals/import?key=Q&title=Revidering",
         {**plan_body("fhs"), "milestones": [milestone_body("A", target_year=2024)]}),
        ("POST", "/plans/fhs/proposals/P/changes", {"op": "move", "key": "B",
                                                    "target_year": 2024, "reason": "Senare"}),
        ("POST", "/plans/fhs/proposals/P/adopt", {**REVISION, "year": 2024}),
    ]


# What must be done before a creation: a round is decided once submitted.
BEFORE = {"/plans/fhs/rounds/T1/decision": ("/plans/fhs/rounds/T1/submit",
                                            {"force": True, "reason": "Testet"})}
FOLLOW_UP_PLAN = {"entries": [{
    "key": "T1", "title": "Tertialrapport", "kind": "tertial", "reporting_date": "2025-04-30",
    "deadline": "2025-05-10", "meeting": {"body": "HSN", "date": "2025-05-20"}}]}


def test_every_201_sends_the_location_of_what_it_created_and_a_get_reads_it(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    memory_service.bodies.add("HSN", "Hälso- och sjukvårdsnämnden", "committee", actor="anna")
    assert client.put(f"{API}/plans/fhs/follow-up-plan", json=FOLLOW_UP_PLAN,
                      headers=auth.headers()).status_code == 200
    created = {(method, path): operation["responses"]["201"]
               for method, path, operation in operations(served_document(client))
               if "201" in operation["responses"]}
    assert set(created) == {(method, path.split("?")[0].replace("/fhs", "/{plan}").replace("/A/", "/{key}/")
                             .replace("/T1/", "/{round}/").replace("/P/", "/{proposal}/"))
                            for method, path, _ in creations()}, "every 201 is exercised here"
    assert all("Location" in response["headers"] for response in created.values())
    for method, path, body in creations():
        if path in BEFORE:
            before, before_body = BEFORE[path]
            assert client.post(API + before, json=before_body,
                               headers=auth.headers()).status_code == 200
        response = client.open(API + path, method=method, json=body, headers=auth.headers())
        assert response.status_code == 201, (path, response.json)
        location = response.headers["Location"]
        assert location.startswith((API + "/plans/", API + "/bodies/")), (path, location)
        read = client.get(location, headers=auth.headers())
        assert read.status_code == 200, (path, location, read.json)


@pytest.mark.parametrize("path, created, location", [
    ("/plans", plan_body("ny"), "/plans/ny"),
    ("/plans/fhs/milestones", milestone_body("C"), "/plans/fhs/milestones/C"),
    ("/plans/fhs/revisions", REVISION, "/plans/fhs/state?revision=2023"),
])
def test_the_location_names_the_created_resource(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta, path: str,
        created: dict[str, Any], location: str) -> None:
    make_plan(memory_service, milestones=("A",))
    response = client.post(API + path, json=created, headers=auth.headers())
    assert response.headers["Location"] == API + location


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", f"{API}/plans", {"GET", "POST"}),
    ("GET", f"{API}/plans/fhs/dependencies", {"POST", "DELETE"}),
    ("DELETE", f"{API}/plans/fhs/milestones/A", {"GET", "PATCH"}),
    ("POST", "/healthz", {"GET"}),
])
def test_a_405_says_in_allow_which_methods_the_resource_has(
        client: FlaskClient, auth: Auth, method: str, path: str, allowed: set[str]) -> None:
    response = client.open(path, method=method, headers=auth.headers())
    assert response.status_code == 405
    assert allowed <= {name.strip() for name in response.headers["Allow"].split(",")}
    assert response.json["code"] == 405


def test_a_page_answering_405_says_in_allow_which_methods_it_has(client: FlaskClient) -> None:
    response = client.put("/")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("path", [
    "/map?format=dot", "/map?format=svg", "/report?format=csv", "/history?format=csv",
    "/trend?format=svg", "/export?format=yaml", "/map?format=json",
])
def test_no_content_type_names_a_charset_twice(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta, path: str) -> None:
    make_plan(memory_service, milestones=("A",))
    response = client.get(f"{API}/plans/fhs{path}", headers=auth.headers())
    assert response.status_code == 200
    assert response.headers["Content-Type"].count("charset") <= 1, response.headers["Content-Type"]


@pytest.mark.parametrize("name, values", [
    ("focus_area", ("digital", "kunskap")),
    ("status", ("achieved", "on_track")),
    ("highlight", ("conflicts", "critical_path")),
])
def test_a_list_parameter_of_the_map_may_be_repeated_or_comma_separated(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta, name: str,
        values: tuple[str, str]) -> None:
    load_demo(memory_service)

    def map_with(query: str) -> Any:
        response = client.get(f"{API}/plans/fhs-exempel/map?format=json&{query}",
                              headers=auth.headers())
        assert response.status_code == 200, response.json
        return response.json

    first, second = values
    repeated = map_with(f"{name}={first}&{name}={second}")
    assert repeated == map_with(f"{name}={first},{second}")
    assert repeated == map_with(f"{name}={first}&{name}={second},{second}")
    assert repeated != map_with(f"{name}={first}")
    parameter = next(p for p in served_document(client)["paths"][f"{API}/plans/{{plan}}/map"][
        "get"]["parameters"] if p["name"] == name)
    assert parameter["schema"]["type"] == "array" and parameter["explode"] is True
