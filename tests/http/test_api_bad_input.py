"""Bad input: a clear message naming the field, the right status, and nothing changed."""

import pytest
from flask.testing import FlaskClient

from tests.builders import milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1"


@pytest.fixture
def planned(client: FlaskClient, auth: Auth) -> FlaskClient:
    """A plan `fhs` with milestones A and B, and a second plan `p2` with milestone X."""
    client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    client.post(f"{API}/plans", json=plan_body("p2"), headers=auth.headers())
    for plan, key in (("fhs", "A"), ("fhs", "B"), ("p2", "X")):
        client.post(f"{API}/plans/{plan}/milestones", json=milestone_body(key),
                    headers=auth.headers())
    return client


def log_position(client: FlaskClient) -> int:
    position: int = client.get("/healthz").json["position"]
    return position


@pytest.mark.parametrize("path, body, status, field", [
    ("/plans", {**plan_body("new"), "start_year": "2022"}, 422, "start_year"),
    ("/plans", {**plan_body("new"), "end_year": 2020}, 422, "end_year"),
    ("/plans", {**plan_body("new"), "key": "har mellanslag"}, 422, "key"),
    ("/plans", {k: v for k, v in plan_body("new").items() if k != "title"}, 422, "title"),
    ("/plans", {**plan_body("new"), "extra": 1}, 422, "extra"),
    ("/plans", plan_body("fhs"), 409, "key"),
    ("/plans", {**plan_body("new"), "focus_areas": [{"key": "a", "name": "A"}] * 2}, 409,
     "focus_areas.1.key"),
    ("/plans", {**plan_body("new"), "focus_areas": [{"key": "a"}]}, 422, "focus_areas.0.name"),
    ("/plans/fhs/focus-areas", {"key": "nara-vard", "name": "Igen"}, 409, "key"),
    ("/plans/fhs/milestones", milestone_body("C", target_year=2030), 422, "target_year"),
    ("/plans/fhs/milestones", milestone_body("C", target_year=2023.5), 422, "target_year"),
    ("/plans/fhs/milestones", milestone_body("C", kind="projekt"), 422, "kind"),
    ("/plans/fhs/milestones", milestone_body("C", focus_area="okänt"), 422, "focus_area"),
    ("/plans/fhs/milestones", milestone_body("C", responsible="HSN"), 422, "responsible"),
    ("/plans/fhs/milestones", milestone_body("C", effects=[{"for": "alla", "text": "x"}]), 422,
     "effects.0.for"),
    ("/plans/fhs/milestones", milestone_body("C", title=""), 422, "title"),
    ("/plans/fhs/milestones", milestone_body("C", title="   "), 422, "title"),
    ("/plans/fhs/milestones", milestone_body("A"), 409, "key"),
    ("/plans/fhs/milestones/A/status", {"status": "grön"}, 422, "status"),
    ("/plans/fhs/milestones/A/status", {"status": "on_track", "reported_for": "30/4"}, 422,
     "reported_for"),
    ("/plans/fhs/milestones/A/status", {"status": "on_track", "reported_for": "2099-04-30"}, 422,
     "reported_for"),
    ("/plans/fhs/dependencies", {"from": "A", "to": "A", "kind": "requires"}, 422, "to"),
    ("/plans/fhs/dependencies", {"from": "A", "to": "B", "kind": "needs"}, 422, "kind"),
    ("/plans/fhs/dependencies", {"from": "A", "to": "X", "kind": "requires"}, 404, "to"),
    ("/plans/fhs/dependencies", {"from": "A", "kind": "requires"}, 422, "to"),
])
def test_bad_input_names_the_field_and_changes_nothing(
        planned: FlaskClient, auth: Auth, path: str, body: dict, status: int, field: str) -> None:
    before = log_position(planned)
    response = planned.post(API + path, json=body, headers=auth.headers())
    assert response.status_code == status, response.json
    assert field in response.json["errors"], response.json
    assert response.json["message"]
    assert log_position(planned) == before


def test_a_dependency_across_plans_says_which_plan_the_milestone_is_in(
        planned: FlaskClient, auth: Auth) -> None:
    response = planned.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                            json={"from": "A", "to": "X", "kind": "requires"})
    assert "belongs to plan 'p2'" in response.json["message"]


@pytest.mark.parametrize("data", ["{bad json", "[1, 2]", "null", "\"text\"", "", "\xff"])
def test_malformed_bodies_are_4xx_never_500(planned: FlaskClient, auth: Auth, data: str) -> None:
    before = log_position(planned)
    for path in ("/plans", "/plans/fhs/milestones", "/plans/fhs/milestones/A/status",
                 "/plans/fhs/dependencies", "/plans/import"):
        response = planned.post(API + path, data=data.encode("utf-8", "surrogateescape"),
                                content_type="application/json", headers=auth.headers())
        assert response.status_code in (400, 422), (path, data, response.json)
        assert response.json["message"]
    assert log_position(planned) == before


def test_unknown_plan_and_milestone_are_404(planned: FlaskClient, auth: Auth) -> None:
    for path in ("/plans/saknas", "/plans/saknas/milestones", "/plans/fhs/milestones/saknas",
                 "/plans/fhs/milestones/saknas/impact", "/plans/saknas/history",
                 "/plans/saknas/export"):
        response = planned.get(API + path, headers=auth.headers())
        assert response.status_code == 404, path
        assert "saknas" in response.json["message"]
    response = planned.post(f"{API}/plans/fhs/milestones/saknas/status",
                            json={"status": "on_track"}, headers=auth.headers())
    assert response.status_code == 404


def test_a_malformed_if_match_is_400(planned: FlaskClient, auth: Auth) -> None:
    response = planned.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Ny"},
                             headers=auth.headers(**{"If-Match": "abc"}))
    assert response.status_code == 400 and "If-Match" in response.json["errors"]


def test_an_import_with_a_bad_row_names_it_and_stores_nothing(
        planned: FlaskClient, auth: Auth) -> None:
    before = log_position(planned)
    document = {**plan_body("imp"), "milestones": [
        milestone_body("A"), milestone_body("B", kind="projekt"), milestone_body("C")]}
    response = planned.post(f"{API}/plans/import", json=document, headers=auth.headers())
    assert response.status_code == 422
    assert "milestones.1.kind" in response.json["errors"]
    document["milestones"][1]["kind"] = "pilot"
    document["milestones"][2]["requires"] = ["Z"]
    response = planned.post(f"{API}/plans/import", json=document, headers=auth.headers())
    assert response.status_code == 422
    assert "milestones.2.requires.0" in response.json["errors"]
    assert "milestone #3 (C)" in response.json["message"]
    assert log_position(planned) == before
    assert planned.get(f"{API}/plans/imp", headers=auth.headers()).status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"target_year": "nästa år"}, "target_year"),
    ({"target_year": 2019}, "target_year"),
    ({"focus_area": "okänt"}, "focus_area"),
    ({"key": "B"}, "key"),
    ({"effects": [{"for": "residents"}]}, "effects.0.text"),
])
def test_a_bad_patch_names_the_field_and_changes_nothing(
        planned: FlaskClient, auth: Auth, body: dict, field: str) -> None:
    before = log_position(planned)
    response = planned.patch(f"{API}/plans/fhs/milestones/A", json={**body, "title": "Ny"},
                             headers=auth.headers())
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert log_position(planned) == before


@pytest.mark.parametrize("path, raw, content_type, field", [
    ("/plans/fhs/milestones", b'{"key": "C", "title": "\\ud800", "focus_area": "nara-vard", '
     b'"target_year": 2023, "kind": "pilot"}', "application/json", "title"),
    ("/plans/fhs/milestones/A/status", b'{"status": "on_track", "comment": "ok", '
     b'"reason": "\\udfff"}', "application/json", "reason"),
    ("/plans/import", b'{"key": "imp", "title": "t", "owner": "o", "start_year": 2022, '
     b'"end_year": 2023, "focus_areas": [{"key": "a", "name": "\\udc00"}]}', "application/json",
     "focus_areas.0.name"),
    ("/plans/import", b'key: imp\ntitle: "x\\ud800"\nowner: o\nstart_year: 2022\nend_year: 2023\n',
     "application/yaml", "title"),
    ("/plans/fhs/dependencies", b'{"from": "A", "to": "B", "kind": "affects", "\\ud800": 1}',
     "application/json", "\\ud800"),
])
def test_a_lone_surrogate_escape_is_422_naming_the_field_not_a_500(
        planned: FlaskClient, auth: Auth, path: str, raw: bytes, content_type: str,
        field: str) -> None:
    before = log_position(planned)
    response = planned.post(API + path, data=raw, content_type=content_type,
                            headers=auth.headers())
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert log_position(planned) == before
    anonymous = planned.post(API + path, data=raw, content_type=content_type)
    assert anonymous.status_code == 401


def test_an_escaped_surrogate_pair_is_text_and_is_kept(planned: FlaskClient, auth: Auth) -> None:
    response = planned.patch(f"{API}/plans/fhs/milestones/A", data=b'{"title": "Klart \\ud83d\\ude00"}',
                             content_type="application/json", headers=auth.headers())
    assert response.status_code == 200 and response.json["title"] == "Klart \U0001F600"


@pytest.mark.parametrize("path, content_type", [
    ("/plans", "application/json"), ("/plans/fhs/milestones/A/status", "application/json"),
    ("/plans/import", "application/json"), ("/plans/import", "application/yaml")])
def test_a_body_nested_too_deeply_to_parse_is_400_not_500(
        planned: FlaskClient, auth: Auth, path: str, content_type: str) -> None:
    before = log_position(planned)
    response = planned.post(API + path, data=b"[" * 100_000 + b"]" * 100_000,
                            content_type=content_type, headers=auth.headers())
    assert response.status_code == 400 and "nested too deeply" in response.json["message"]
    assert log_position(planned) == before
