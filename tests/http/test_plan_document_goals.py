"""The plan document's goal tree through the API: in, out, and refused by path."""

from flask.testing import FlaskClient

from tests.builders import goal_tree_body, metric_body, milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1"


def test_an_exported_plan_with_goals_and_metrics_imports_as_an_equal_plan(
        client: FlaskClient, auth: Auth) -> None:
    document = {**plan_body("imp"), **goal_tree_body(),
                "milestones": [milestone_body("A", goals=["R1"])]}
    assert client.post(f"{API}/plans/import", json=document,
                       headers=auth.headers()).status_code == 201
    exported = client.get(f"{API}/plans/imp/export", headers=auth.headers()).json
    response = client.post(f"{API}/plans/import", json={**exported, "key": "kopia"},
                           headers=auth.headers())
    assert response.status_code == 201, response.json
    again = client.get(f"{API}/plans/kopia/export", headers=auth.headers()).json
    assert {**again, "key": "imp"} == exported
    goal = client.get(f"{API}/plans/kopia/goals/R1", headers=auth.headers()).json
    assert goal["milestones"] == ["A"] and goal["metrics"] == ["M1"]


def test_a_document_with_bad_metrics_names_each_field_by_its_path(
        client: FlaskClient, auth: Auth) -> None:
    tree = goal_tree_body()
    metrics = [*tree["metrics"], metric_body("M3", "R1", direction="upp"),
               metric_body("M4", "R1", targets=[{"year": "snart", "value": 1}])]
    response = client.post(f"{API}/plans/import", json={**plan_body("imp"), **tree,
                                                        "metrics": metrics},
                           headers=auth.headers())
    assert response.status_code == 422
    assert {"metrics.2.direction", "metrics.3.targets.0.year"} <= set(response.json["errors"])
    metrics[2:] = [metric_body("M3", "R1", targets=[{"year": 2031, "value": 1}]),
                   metric_body("M4", "FINNS-INTE")]
    response = client.post(f"{API}/plans/import", json={**plan_body("imp"), **tree,
                                                        "metrics": metrics},
                           headers=auth.headers())
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"metrics.2.targets.0.year", "metrics.3.goal"}
    assert client.get(f"{API}/plans/imp", headers=auth.headers()).status_code == 404
