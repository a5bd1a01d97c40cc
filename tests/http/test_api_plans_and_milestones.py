"""The JSON API through Flask's test client: the planner's happy paths."""

import csv
import io
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from tests.builders import DEFAULT_PERIODS, goal_tree_body, milestone_body, plan_body
from tests.conftest import Auth

API = "/api/v1"


def create_plan_with(client: FlaskClient, auth: Auth, *keys: str) -> None:
    assert client.post(f"{API}/plans", json=plan_body(), headers=auth.headers()).status_code == 201
    for key in keys:
        response = client.post(f"{API}/plans/fhs/milestones", json=milestone_body(key),
                               headers=auth.headers())
        assert response.status_code == 201, response.json


def test_creating_a_plan_answers_201_with_the_plan(client: FlaskClient, auth: Auth) -> None:
    response = client.post(f"{API}/plans", json=plan_body(), headers=auth.headers())
    assert response.status_code == 201
    assert response.json["key"] == "fhs" and len(response.json["focus_areas"]) == 3
    assert response.json["counts"]["milestones"] == 0


def test_plans_are_listed_as_items(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    response = client.get(f"{API}/plans", headers=auth.headers("viewer"))
    assert [p["key"] for p in response.json["items"]] == ["fhs"]
    assert response.json["items"][0]["counts"]["by_status"]["planned"] == 1


def test_a_focus_area_can_be_added_later(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth)
    response = client.post(f"{API}/plans/fhs/focus-areas",
                           json={"key": "samverkan", "name": "Samverkan"}, headers=auth.headers())
    assert response.status_code == 201
    assert response.json["focus_areas"][-1]["key"] == "samverkan"


def test_a_milestone_reads_back_with_status_dependencies_and_etag(
        client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A", "B")
    client.post(f"{API}/plans/fhs/dependencies", json={"from": "A", "to": "B", "kind": "requires"},
                headers=auth.headers())
    response = client.get(f"{API}/plans/fhs/milestones/A", headers=auth.headers("viewer"))
    body = response.json
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["effects"] == [{"for": "residents", "text": "Invånarna får vård närmare hemmet."}]
    assert (body["status"], body["requires"], body["upstream"]) == ("planned", ["B"], ["B"])
    assert body["required_by"] == [] and body["affects"] == [] and body["affected_by"] == []


def test_a_status_report_becomes_the_current_status(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    response = client.post(f"{API}/plans/fhs/milestones/A/status", headers=auth.headers(), json={
        "status": "at_risk", "comment": "Försenad upphandling", "reported_for": "2024-04-30"})
    assert response.status_code == 201
    assert (response.json["status"], response.json["reported_for"]) == ("at_risk", "2024-04-30")
    assert (response.json["current_status"], response.json["actor"]) == ("at_risk", "planner-user")
    listed = client.get(f"{API}/plans/fhs/milestones?status=at_risk&target_year=2023",
                        headers=auth.headers())
    assert [m["key"] for m in listed.json["items"]] == ["A"]


def test_a_patch_edits_and_moves_with_a_reason(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    etag = client.get(f"{API}/plans/fhs/milestones/A", headers=auth.headers()).headers["ETag"]
    response = client.patch(f"{API}/plans/fhs/milestones/A", headers=auth.headers(**{
        "If-Match": etag}), json={"target_year": 2025, "focus_area": "digital",
                                   "reason": "Revidering 2024"})
    assert response.status_code == 200
    assert (response.json["target_year"], response.json["focus_area"]) == (2025, "digital")
    assert response.json["changed_by"] == "planner-user"


def test_a_patch_with_a_stale_if_match_is_412_and_changes_nothing(
        client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    etag = client.get(f"{API}/plans/fhs/milestones/A", headers=auth.headers()).headers["ETag"]
    client.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Först"}, headers=auth.headers())
    response = client.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Sen"},
                            headers=auth.headers(**{"If-Match": etag}))
    assert response.status_code == 412 and "changed meanwhile" in response.json["message"]
    assert client.get(f"{API}/plans/fhs/milestones/A",
                      headers=auth.headers()).json["title"] == "Först"


def test_a_cycle_is_409_with_the_cycle_as_keys(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A", "B", "C")
    for source, target in (("A", "B"), ("B", "C")):
        client.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                    json={"from": source, "to": target, "kind": "requires"})
    response = client.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                           json={"from": "C", "to": "A", "kind": "requires"})
    assert response.status_code == 409
    assert response.json["cycle"] == ["C", "A", "B", "C"]


def test_a_dependency_is_removed_with_delete(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A", "B")
    client.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                json={"from": "A", "to": "B", "kind": "affects"})
    response = client.delete(f"{API}/plans/fhs/dependencies?from=A&to=B&kind=affects&reason=Fel",
                             headers=auth.headers())
    assert response.status_code == 204
    assert client.get(f"{API}/plans/fhs/milestones/A", headers=auth.headers()).json["affects"] == []


def test_impact_lists_upstream_and_downstream(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A", "B", "C")
    for source, target in (("A", "B"), ("B", "C")):
        client.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                    json={"from": source, "to": target, "kind": "requires"})
    response = client.get(f"{API}/plans/fhs/milestones/B/impact", headers=auth.headers())
    assert response.json == {"upstream": ["C"], "downstream": ["A"]}


def test_history_shows_who_did_what_and_why_also_as_csv(client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    client.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Ny", "reason": "Beslut §12"},
                 headers=auth.headers())
    response = client.get(f"{API}/plans/fhs/history?milestone=A", headers=auth.headers("auditor"))
    newest = response.json["items"][0]
    assert (newest["actor"], newest["type"], newest["reason"]) == (
        "planner-user", "MilestoneEdited", "Beslut §12")
    csv = client.get(f"{API}/plans/fhs/history?format=csv", headers=auth.headers("auditor"))
    assert csv.mimetype == "text/csv"
    assert csv.data.decode().splitlines()[0] == (
        "\ufeffposition,recorded_at,actor,type,milestone,summary,reason")
    assert "Beslut §12" in csv.data.decode()
    for since in ("2020-01-01T00:00:00", "2020-01-01T00:00:00+02:00"):
        response = client.get(f"{API}/plans/fhs/history", headers=auth.headers("auditor"),
                              query_string={"since": since, "actor": "planner-user"})
        assert response.status_code == 200 and len(response.json["items"]) == 3


def test_import_and_export_round_trip_in_yaml(client: FlaskClient, auth: Auth) -> None:
    import yaml

    document = {**plan_body("imp"), **goal_tree_body(), "milestones": [
        {**milestone_body("A", goals=["R2"]), "requires": [], "affects": []}]}
    response = client.post(f"{API}/plans/import", data=yaml.safe_dump(document, allow_unicode=True),
                           content_type="application/yaml", headers=auth.headers())
    assert response.status_code == 201, response.json
    exported = client.get(f"{API}/plans/imp/export?format=yaml", headers=auth.headers())
    assert yaml.safe_load(exported.data) == {**document, "reporting_periods": DEFAULT_PERIODS}


def test_the_openapi_document_describes_the_api_without_credentials(client: FlaskClient) -> None:
    spec = client.get(f"{API}/openapi.json").json
    assert spec["info"]["title"] == "Strategikarta"
    for path in ("/api/v1/plans", "/api/v1/plans/{plan}/milestones/{key}",
                 "/api/v1/plans/{plan}/dependencies", "/api/v1/plans/{plan}/history"):
        assert path in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_healthz_answers_without_credentials(client: FlaskClient) -> None:
    assert client.get("/healthz").json["ok"] is True


def test_the_history_filters_by_actor_since_and_type_find_what_was_written_and_no_more(
        client: FlaskClient, auth: Auth) -> None:
    create_plan_with(client, auth, "A")
    service = client.application.extensions["strategikarta"]
    actor = 'Ärla "citat" \\ ö'
    service.milestones.report_status("fhs", "A", "at_risk", "", date(2025, 4, 30), actor=actor,
                                     reason="Tertial 1")
    headers = auth.headers("auditor")

    def items(**query: str) -> list[dict[str, str]]:
        response = client.get(f"{API}/plans/fhs/history", query_string=query, headers=headers)
        assert response.status_code == 200 and response.json["next"] is None
        return list(response.json["items"])

    (mine,) = items(actor=actor)
    assert (mine["reason"], mine["type"]) == ("Tertial 1", "StatusReported")
    assert items(actor=actor, since=mine["recorded_at"], type="StatusReported") == [mine]
    assert items(actor=actor, type="MilestoneDefined") == []
    for query in ({"actor": "Ärla"}, {"actor": "nobody"}, {"type": "NoSuchKind"},
                  {"type": "statusreported"}, {"since": "2999-01-01T00:00:00Z"}):
        assert items(**query) == [], query
    assert client.get(f"{API}/plans/nosuch/history?actor=nobody",
                      headers=headers).status_code == 404


def test_the_csv_history_is_a_whole_extract_safe_to_open_in_a_spreadsheet(
        client: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.history.MAX_PAGE", 50)  # the largest page, made small
    create_plan_with(client, auth, "A")
    service = client.application.extensions["strategikarta"]
    for day in range(1, 121):  # more than the default page (100) and the largest one
        service.milestones.report_status("fhs", "A", "on_track", "", date(2025, 1, 1) + timedelta(days=day),
                              actor="anna", reason=f"rapport {day}")
    service.milestones.edit("fhs", "A", {"title": "Ny"}, actor="anna",
                           reason='=HYPERLINK("http://example.invalid","klicka")')
    extract = client.get(f"{API}/plans/fhs/history?format=csv&actor=anna",
                         headers=auth.headers("auditor")).data.decode()
    rows = list(csv.reader(io.StringIO(extract)))
    assert len(rows) == 1 + 121
    assert rows[1][6] == "'=HYPERLINK(\"http://example.invalid\",\"klicka\")"
    assert rows[-1][6] == "rapport 1"
    page = client.get(f"{API}/plans/fhs/history?format=csv&limit=10",
                      headers=auth.headers("auditor")).data.decode()
    assert len(page.splitlines()) == 1 + 10
