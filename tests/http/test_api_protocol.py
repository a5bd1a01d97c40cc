"""HTTP as clients expect it: `Location` on 201, `Allow` on 405, one charset, repeatable lists."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from tests.builders import make_plan
from tests.conftest import Auth

API = "/api/v1"


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
    parameter = next(p for p in client.get(f"{API}/openapi.json").json["paths"][
        f"{API}/plans/{{plan}}/map"]["get"]["parameters"] if p["name"] == name)
    assert parameter["schema"]["type"] == "array" and parameter["explode"] is True
