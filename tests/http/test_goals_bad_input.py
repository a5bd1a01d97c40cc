"""Bad input to goals and metrics: a named 4xx, the field it is about, and nothing stored
(the log does not move)."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.builders import milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1/plans/fhs"


def metric_body(key: str = "X", **overrides: Any) -> dict[str, Any]:
    return {"key": key, "goal": "R", "name": "Väntetid", "unit": "dagar",
            "direction": "lower_is_better", "targets": [{"year": 2023, "value": 20}],
            **overrides}


@pytest.fixture
def goals(client: FlaskClient, auth: Auth) -> FlaskClient:
    """Plan `fhs` (2022–2025) with perspective P, strategic goal S under it, result goal R
    under S, metric M of R, and milestone A serving R."""
    client.post("/api/v1/plans", json=plan_body(), headers=auth.headers())
    for body in ({"key": "P", "title": "Perspektiv", "level": "perspective", "parent": None},
                 {"key": "S", "title": "Strategiskt", "level": "strategic_goal", "parent": "P"},
                 {"key": "R", "title": "Resultat", "level": "result_goal", "parent": "S"}):
        assert client.post(f"{API}/goals", json=body, headers=auth.headers()).status_code == 201
    for path, body in (("/metrics", metric_body("M")),
                       ("/milestones", milestone_body("A", goals=["R"]))):
        response = client.post(API + path, json=body, headers=auth.headers())
        assert response.status_code == 201, response.json
    return client


def log_position(client: FlaskClient) -> int:
    position: int = client.get("/healthz").json["position"]
    return position


def goal(key: str = "X", **overrides: Any) -> dict[str, Any]:
    return {"key": key, "title": "Nytt mål", "level": "result_goal", "parent": "S", **overrides}


BAD_BODIES = [
    # goals: levels and parents
    ("post", "/goals", goal(level="niva"), 422, "level"),
    ("post", "/goals", goal(level="nivå med mellanslag"), 422, "level"),
    ("post", "/goals", goal(level="perspective", parent="R"), 422, "parent"),  # lower level
    ("post", "/goals", goal(level="strategic_goal", parent="S"), 422, "parent"),  # the same
    ("post", "/goals", goal(parent="NONE"), 422, "parent"),
    ("post", "/goals", goal("P", parent=None, level="perspective"), 409, "key"),
    ("post", "/goals", goal(title=""), 422, "title"),
    ("post", "/goals", goal(responsible="HSN"), 422, "responsible"),
    ("patch", "/goals/S", {"level": "result_goal"}, 422, "level"),  # R would not sit below
    ("patch", "/goals/S", {"level": "perspective"}, 422, "parent"),  # P would not sit above
    ("patch", "/goals/R", {"parent": "NONE"}, 422, "parent"),
    ("patch", "/goals/R", {"parent": "R"}, 422, "parent"),
    ("patch", "/goals/S", {"parent": "R"}, 422, "parent"),
    ("patch", "/goals/R", {"key": "Q"}, 422, "key"),
    ("post", "/goals/R/assessments", {"assessment": "good"}, 422, "assessment"),
    ("post", "/goals/R/assessments", {"assessment": "satisfactory",
                                      "reported_for": "2021-12-31"}, 422, "reported_for"),
    ("post", "/goals/R/assessments", {"assessment": "satisfactory",
                                      "reported_for": "2099-04-30"}, 422, "reported_for"),
    # metrics: direction, frequency, targets, thresholds, goal
    ("post", "/metrics", metric_body(direction="down"), 422, "direction"),
    ("post", "/metrics", metric_body(frequency="weekly"), 422, "frequency"),
    ("post", "/metrics", metric_body(targets=[{"year": 2030, "value": 1}]), 422,
     "targets.0.year"),
    ("post", "/metrics", metric_body(targets=[{"year": 2021, "value": 1}]), 422,
     "targets.0.year"),
    ("post", "/metrics", metric_body(targets=[{"year": 2023, "value": 1},
                                              {"year": 2023, "value": 2}]), 422,
     "targets.1.year"),
    ("post", "/metrics", metric_body(targets=[{"year": 2023, "value": "20"}]), 422,
     "targets.0.value"),
    ("post", "/metrics", metric_body(thresholds={"green_from": 90, "yellow_from": 95}), 422,
     "thresholds.yellow_from"),
    ("post", "/metrics", metric_body(thresholds={"yellow_from": 150}), 422,
     "thresholds.yellow_from"),
    ("post", "/metrics", metric_body(goal="NONE"), 422, "goal"),
    ("post", "/metrics", metric_body("M"), 409, "key"),
    ("patch", "/metrics/M", {"goal": "NONE"}, 422, "goal"),
    ("patch", "/metrics/M", {"direction": "down"}, 422, "direction"),
    ("patch", "/metrics/M", {"targets": [{"year": 2099, "value": 1}]}, 422, "targets.0.year"),
    ("patch", "/metrics/M", {"thresholds": {"green_from": 50, "yellow_from": 60}}, 422,
     "thresholds.yellow_from"),
    ("patch", "/metrics/M", {"key": "Q"}, 422, "key"),
    # outcomes: numbers only (null is "not measured this time", and allowed)
    ("post", "/metrics/M/outcomes", {"value": "12"}, 422, "value"),
    ("post", "/metrics/M/outcomes", {"value": True}, 422, "value"),
    ("post", "/metrics/M/outcomes", {"value": [12]}, 422, "value"),
    ("post", "/metrics/M/outcomes", {"value": 1e16}, 422, "value"),
    ("post", "/metrics/M/outcomes", {}, 422, "value"),
    ("post", "/metrics/M/outcomes", {"value": 1, "reported_for": "2021-04-30"}, 422,
     "reported_for"),
    # milestones naming goals that do not exist
    ("post", "/milestones", milestone_body("B", goals=["R", "NONE"]), 422, "goals.1"),
    ("patch", "/milestones/A", {"goals": ["NONE"]}, 422, "goals.0"),
    # goal levels
    ("put", "/goal-levels", {"items": [{"key": "perspective", "name": "Perspektiv"},
                                       {"key": "result_goal", "name": "Resultatmål"}]}, 422,
     "items"),  # strategic_goal is in use
    ("put", "/goal-levels", {"items": [{"key": "result_goal", "name": "R"},
                                       {"key": "strategic_goal", "name": "S"},
                                       {"key": "perspective", "name": "P"}]}, 422, "items"),
    ("put", "/goal-levels", {"items": [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]},
     409, "items.1.key"),
    ("put", "/goal-levels", {"items": []}, 422, "items"),
    ("put", "/goal-levels", {"items": [{"key": "a"}]}, 422, "items.0.name"),
]


@pytest.mark.parametrize("method, path, body, status, field", BAD_BODIES)
def test_bad_input_names_the_field_and_stores_nothing(
        goals: FlaskClient, auth: Auth, method: str, path: str, body: dict[str, Any],
        status: int, field: str) -> None:
    before = log_position(goals)
    response = getattr(goals, method)(API + path, json={**body, "reason": "Test"},
                                      headers=auth.headers())
    assert response.status_code == status, response.json
    assert field in response.json["errors"], response.json
    assert response.json["message"]
    assert log_position(goals) == before


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_cannot_write_are_refused(goals: FlaskClient, auth: Auth,
                                               text: str) -> None:
    before = log_position(goals)
    for path, data in (("/metrics/M/outcomes", f'{{"value": {text}}}'),
                       ("/metrics", '{"key": "X", "goal": "R", "name": "N", "unit": "%", '
                                    '"direction": "higher_is_better", '
                                    f'"targets": [{{"year": 2023, "value": {text}}}]}}'),
                       ("/metrics/M", f'{{"thresholds": {{"green_from": {text}}}}}')):
        method = goals.patch if path == "/metrics/M" else goals.post
        response = method(API + path, data=data, content_type="application/json",
                          headers=auth.headers())
        assert response.status_code == 422, (path, response.json)
    assert log_position(goals) == before


@pytest.mark.parametrize("method, path, body", [
    ("post", "/metrics/NONE/outcomes", {"value": 1}), ("patch", "/metrics/NONE", {"name": "x"}),
    ("get", "/metrics/NONE", None), ("post", "/goals/NONE/assessments",
                                     {"assessment": "satisfactory"}),
    ("patch", "/goals/NONE", {"title": "x"}), ("get", "/goals/NONE", None),
])
def test_an_unknown_goal_or_metric_in_the_url_is_a_404(
        goals: FlaskClient, auth: Auth, method: str, path: str,
        body: dict[str, Any] | None) -> None:
    before = log_position(goals)
    kwargs = {} if body is None else {"json": body}
    response = getattr(goals, method)(API + path, headers=auth.headers(), **kwargs)
    assert response.status_code == 404, response.json
    assert "NONE" in response.json["message"]
    assert log_position(goals) == before


WRITES = [
    ("post", "/goals", goal()),
    ("patch", "/goals/R", {"title": "Nytt namn"}),
    ("post", "/goals/R/assessments", {"assessment": "satisfactory"}),
    ("post", "/metrics", metric_body()),
    ("patch", "/metrics/M", {"name": "Nytt namn"}),
    ("post", "/metrics/M/outcomes", {"value": 12}),
    ("put", "/goal-levels", {"items": [{"key": "perspective", "name": "P"},
                                       {"key": "strategic_goal", "name": "S"},
                                       {"key": "result_goal", "name": "R"}]}),
    ("patch", "/milestones/A", {"goals": []}),
]


@pytest.mark.parametrize("role", ["viewer", "auditor"])
@pytest.mark.parametrize("method, path, body", WRITES)
def test_viewers_and_auditors_cannot_write(goals: FlaskClient, auth: Auth, role: str,
                                           method: str, path: str,
                                           body: dict[str, Any]) -> None:
    before = log_position(goals)
    response = getattr(goals, method)(API + path, json=body, headers=auth.headers(role))
    assert response.status_code == 403, response.json
    assert log_position(goals) == before
    # …while a planner may: the same request is not refused for its content
    assert getattr(goals, method)(API + path, json=body,
                                  headers=auth.headers()).status_code in (200, 201)


def test_a_null_outcome_is_not_bad_input_but_not_measured_this_time(
        goals: FlaskClient, auth: Auth) -> None:
    response = goals.post(f"{API}/metrics/M/outcomes", json={"value": None},
                          headers=auth.headers())
    assert response.status_code == 201, response.json
    assert response.json["outcomes"][-1]["value"] is None
