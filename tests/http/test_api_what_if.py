"""`/what-if` through the API: its shape, every role may read it, bad input named by field."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_slip_chain
from tests.conftest import Auth

API = "/api/v1/plans/fhs/what-if"


@pytest.fixture
def chain(memory_service: Strategikarta) -> Strategikarta:
    return make_slip_chain(memory_service)


def what_if(client: FlaskClient, auth: Auth, query: str, role: str = "viewer") -> Any:
    return client.get(f"{API}?{query}", headers=auth.headers(role))


def test_what_if_answers_moves_conflicts_and_both_critical_paths(
        chain: Strategikarta, client: FlaskClient, auth: Auth) -> None:
    response = what_if(client, auth, "slip=A&to=2024")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["slip"] == "A" and body["to"] == 2024
    assert body["moves"] == [{"key": "A", "from": 2022, "to": 2024},
                             {"key": "B", "from": 2023, "to": 2024},
                             {"key": "C", "from": 2023, "to": 2024}]
    assert body["conflicts"] == [{"milestone": "D", "target_year": 2022, "requires": "A",
                                  "required_target_year": 2024}]
    assert body["critical_path"] == {"before": ["A", "B", "C"], "after": ["A", "B", "C"]}


@pytest.mark.parametrize("role", ["viewer", "auditor", "planner", "admin"])
def test_every_role_may_ask_and_nothing_is_stored(chain: Strategikarta, client: FlaskClient,
                                                  auth: Auth, role: str) -> None:
    position = chain.plans.get("fhs").version
    assert what_if(client, auth, "slip=B&to=2025", role).status_code == 200
    assert chain.plans.get("fhs").version == position
    assert chain.milestones.get("fhs", "B").target_year == 2023


@pytest.mark.parametrize("query, field", [
    ("slip=A&to=2026", "to"), ("slip=A&to=2021", "to"), ("slip=X-9&to=2024", "slip"),
    ("slip=D&to=2024", "slip"), ("to=2024", "slip"), ("slip=A", "to"),
    ("slip=A&to=nästa", "to"), ("slip=A&to=2024&on=igår", "on"),
])
def test_bad_input_is_named_by_field(chain: Strategikarta, client: FlaskClient, auth: Auth,
                                     query: str, field: str) -> None:
    response = what_if(client, auth, query)
    assert response.status_code == 422 and field in response.json["errors"], response.json


def test_an_unknown_plan_is_404(chain: Strategikarta, client: FlaskClient, auth: Auth) -> None:
    response = client.get("/api/v1/plans/nope/what-if?slip=A&to=2024", headers=auth.headers())
    assert response.status_code == 404
