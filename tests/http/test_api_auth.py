"""Credentials and roles: every endpoint but /healthz, the OpenAPI document, the checkpoints and
the proofs needs a token."""

import pytest
from flask.testing import FlaskClient

from tests.builders import milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1"
# What anyone checking the log must reach without an account.
PUBLIC = {f"{API}/checkpoints", f"{API}/checkpoints/key", f"{API}/proofs/inclusion",
          f"{API}/proofs/consistency"}


@pytest.mark.parametrize("method, path", [
    ("GET", "/plans"), ("POST", "/plans"), ("GET", "/plans/fhs"),
    ("GET", "/plans/fhs/milestones"), ("GET", "/plans/fhs/milestones/A"),
    ("PATCH", "/plans/fhs/milestones/A"), ("POST", "/plans/fhs/milestones/A/status"),
    ("POST", "/plans/fhs/dependencies"), ("GET", "/plans/fhs/history"),
    ("POST", "/plans/import"), ("GET", "/plans/fhs/export"),
])
def test_without_a_valid_token_every_endpoint_is_401(
        client: FlaskClient, auth: Auth, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
        response = client.open(API + path, method=method, json={}, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json["message"]


@pytest.fixture
def plan(client: FlaskClient, auth: Auth) -> None:
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    client.post(f"{API}/plans/fhs/milestones", json=milestone_body("A"), headers=auth.headers())


@pytest.mark.parametrize("role", ["viewer", "auditor"])
def test_readers_may_read_but_not_write(client: FlaskClient, auth: Auth, plan: None,
                                        role: str) -> None:
    assert client.get(f"{API}/plans/fhs/milestones/A", headers=auth.headers(role)).status_code == 200
    writes = [("POST", "/plans", plan_body("x")),
              ("POST", "/plans/fhs/milestones", milestone_body("B")),
              ("PATCH", "/plans/fhs/milestones/A", {"title": "Ny"}),
              ("POST", "/plans/fhs/milestones/A/status", {"status": "on_track"}),
              ("POST", "/plans/fhs/focus-areas", {"key": "ny", "name": "Ny"})]
    for method, path, body in writes:
        response = client.open(API + path, method=method, json=body, headers=auth.headers(role))
        assert response.status_code == 403, path
        assert "may not change plans" in response.json["message"]
    # The role is checked before the body, so a reader learns nothing from validation.
    response = client.post(f"{API}/plans", json={"bad": 1}, headers=auth.headers(role))
    assert response.status_code == 403


def test_viewers_may_not_read_history_but_auditors_may(client: FlaskClient, auth: Auth,
                                                        plan: None) -> None:
    assert client.get(f"{API}/plans/fhs/history", headers=auth.headers("viewer")).status_code == 403
    assert client.get(f"{API}/plans/fhs/history", headers=auth.headers("auditor")).status_code == 200


def test_tokens_are_stored_only_as_hashes(client: FlaskClient, auth: Auth) -> None:
    service = client.application.extensions["strategikarta"]
    stored = b"".join(n.state for n in service.store.notification_log.select(start=1, limit=1000))
    assert auth.tokens["planner"].encode() not in stored
    assert "lösenord-planner".encode() not in stored


def test_every_route_of_the_api_needs_a_token_save_the_openapi_document_and_the_log_proofs(
        client: FlaskClient, auth: Auth, plan: None) -> None:
    """All of `/api/v1` as the app routes it, so an endpoint added later is covered too."""
    checked = []
    for rule in client.application.url_map.iter_rules():
        if not rule.rule.startswith(API) or rule.rule.endswith("/openapi.json"):
            continue
        if rule.rule in PUBLIC:
            assert client.get(rule.rule).status_code != 401, rule.rule
            continue
        path = rule.rule.replace("<plan>", "fhs").replace("<key>", "A").replace("<round>", "T1")
        path = path.replace("<proposal>", "P")
        assert "<" not in path, f"add a value for the parameters of {rule.rule}"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, json={})
            assert response.status_code == 401, (method, path)
            checked.append((method, rule.rule))
    assert ("GET", f"{API}/integrity") in checked
    assert ("DELETE", f"{API}/plans/<plan>/dependencies") in checked
    assert client.get(f"{API}/openapi.json").status_code == 200
