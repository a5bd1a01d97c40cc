"""Two processes on one store: a write through one is read through the other; none is lost."""

import threading

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import milestone_body, plan_body
from tests.conftest import open_store
from web import create_app

API = "/api/v1"


def two_clients(url: str) -> tuple[FlaskClient, FlaskClient, dict[str, str]]:
    first, second = open_store(url), open_store(url)
    first.users.password_method = "pbkdf2:sha256:1000"
    first.users.add("anna", "planner", "lösenord-anna", actor="setup")
    headers = {"Authorization": f"Bearer {first.users.create_token('anna', actor='setup')}"}
    clients = [create_app({"TESTING": True, "SERVICE": s}).test_client() for s in (first, second)]
    return clients[0], clients[1], headers


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_write_through_one_app_is_read_through_another(
        request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    writer, reader, headers = two_clients(url)
    assert reader.get(f"{API}/plans", headers=headers).json["items"] == []
    writer.post(f"{API}/plans", json=plan_body(), headers=headers)
    writer.post(f"{API}/plans/fhs/milestones", json=milestone_body("A"), headers=headers)
    assert reader.get(f"{API}/plans/fhs/milestones/A", headers=headers).status_code == 200
    writer.post(f"{API}/plans/fhs/milestones/A/status", headers=headers,
                json={"status": "at_risk", "reported_for": "2024-04-30"})
    assert reader.get(f"{API}/plans/fhs/milestones/A", headers=headers).json["status"] == "at_risk"
    reader.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Via läsaren"}, headers=headers)
    assert writer.get(f"{API}/plans/fhs/milestones/A",
                      headers=headers).json["title"] == "Via läsaren"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_concurrent_writers_to_one_plan_lose_no_accepted_write(
        request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    setup = open_store(url)
    setup.plans.create(**plan_body(), actor="setup")
    for key in ("HUB", *[f"M{i}" for i in range(12)]):
        setup.milestones.define("fhs", milestone_body(key), actor="setup")
    writers = [open_store(url) for _ in range(4)]
    errors: list[Exception] = []

    def add_dependencies(service: Strategikarta, keys: list[str]) -> None:
        try:
            for key in keys:
                service.dependencies.add("fhs", key, "HUB", "requires", actor="writer")
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=add_dependencies,
                                args=(w, [f"M{i}" for i in range(n, 12, 4)]))
               for n, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert setup.milestones.get("fhs", "HUB").required_by == tuple(sorted(f"M{i}" for i in range(12)))
