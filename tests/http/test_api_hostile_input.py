"""Hostile input: schemathesis drives every operation of the OpenAPI document with a valid token."""

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from service.application import Strategikarta
from service.config import persistence_env
from tests.builders import make_plan
from tests.conftest import TODAY, Auth
from web import create_app

OPENAPI = "/api/v1/openapi.json"
# What the issue asks: no 5xx, and every response within the document (status code, media
# type, headers, body). Two checks judge the document's strictness instead and are left out:
# business rules (a plan ending before it starts, one of several time parameters required)
# cannot be said in OpenAPI, so a schema-valid request may rightly get 422; and unknown
# query parameters are ignored, as HTTP APIs commonly do, so such a request may get 200.
# And every request carries a valid token, so "accepts invalid authentication" cannot apply:
# 401 without a token is tested for every route in test_api_auth.py.
EXCLUDED_CHECKS = [positive_data_acceptance, negative_data_rejection, ignored_auth]


def seeded_app() -> tuple[Flask, str]:
    """An app on in-memory storage with a small plan, and a planner's token."""
    store = Strategikarta(persistence_env("sqlite:///:memory:"), today=lambda: TODAY)
    store.users.password_method = "pbkdf2:sha256:1000"
    make_plan(store, milestones=("A", "B"))
    store.dependencies.add("fhs", "B", "A", "requires", actor="setup")
    token = Auth(store).tokens["planner"]
    return create_app({"TESTING": True, "SERVICE": store}), token


def operations() -> list[tuple[str, GenerationMode]]:
    """Every operation with good-looking input, and with bad input where it takes any: one
    with no parameters, no body and no sign-in (the public checkpoints) has nothing to get
    wrong, and schemathesis can make no bad case of it."""
    app, _ = seeded_app()
    cases = []
    for found in schemathesis.openapi.from_wsgi(OPENAPI, app).get_all_operations():
        operation = found.ok()
        raw = operation.definition.raw
        takes_input = bool(raw.get("parameters") or raw.get("requestBody")
                           or raw.get("security", True))
        cases.append((operation.label, GenerationMode.POSITIVE))
        if takes_input:
            cases.append((operation.label, GenerationMode.NEGATIVE))
    app.extensions["strategikarta"].close()
    return cases


@pytest.fixture
def seeded() -> Iterator[tuple[Flask, str]]:
    """A fresh seeded app per operation, so one operation's writes do not steer another's."""
    app, token = seeded_app()
    yield app, token
    app.extensions["strategikarta"].close()


def known_keys(path: str) -> st.SearchStrategy[dict[str, str] | None]:
    """Either generated path parameters, or the seeded plan and milestones to get past the 404s."""
    known: dict[str, str] = {name: "fhs" for name in ("plan",) if "{plan}" in path}
    keys = st.sampled_from(["A", "B"]) if "{key}" in path else st.none()
    return st.one_of(st.none(), keys.map(lambda key: {**known, **({"key": key} if key else {})}))


@pytest.mark.parametrize(("label", "mode"), operations())
def test_no_operation_answers_with_a_server_error_or_outside_its_schema(
        label: str, mode: GenerationMode, seeded: tuple[Flask, str]) -> None:
    app, token = seeded
    method, path = label.split(" ", 1)
    operation = schemathesis.openapi.from_wsgi(OPENAPI, app)[path][method]

    @given(data=st.data())
    @settings(max_examples=20, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(mode, path_parameters=data.draw(known_keys(path))))
        # Always the planner's token, also where negative data would leave it out: the point
        # is what bad input does past authentication.
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)

    check()
