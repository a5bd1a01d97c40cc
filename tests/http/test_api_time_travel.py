"""Revisions, past states, diffs and time parameters through the API; roles; seal tampering."""

import sqlite3
from datetime import date

from flask.testing import FlaskClient

from domain.milestone import milestone_id
from service.application import Strategikarta
from tests.builders import make_plan, milestone_body, plan_body
from tests.conftest import Auth, open_store

API = "/api/v1/plans/fhs"
REVISION = {"year": 2023, "adopted_on": "2023-06-19", "decided_by": "Hälso- och sjukvårdsnämnden",
            "paragraph": "§ 71", "case_number": "2023-POL000011", "summary": "Årlig revidering"}


def a_plan(client: FlaskClient, auth: Auth) -> None:
    client.post("/api/v1/plans", json=plan_body(), headers=auth.headers())
    for key in ("A", "B"):
        client.post(f"{API}/milestones", json=milestone_body(key), headers=auth.headers())


def test_a_revision_is_recorded_with_position_and_seal_and_listed(
        client: FlaskClient, auth: Auth) -> None:
    a_plan(client, auth)
    response = client.post(f"{API}/revisions", json=REVISION, headers=auth.headers())
    assert response.status_code == 201
    body = response.json
    assert body["position"] > 0 and len(body["seal"]) == 64 and body["paragraph"] == "§ 71"
    listed = client.get(f"{API}/revisions", headers=auth.headers("auditor")).json["items"]
    assert listed == [body]
    again = client.post(f"{API}/revisions", json=REVISION, headers=auth.headers())
    assert again.status_code == 409 and "year" in again.json["errors"]


def test_the_state_as_adopted_differs_from_now_and_the_diff_says_how(
        client: FlaskClient, auth: Auth) -> None:
    a_plan(client, auth)
    client.post(f"{API}/revisions", json=REVISION, headers=auth.headers())
    client.patch(f"{API}/milestones/A", json={"target_year": 2025, "reason": "Försenad"},
                 headers=auth.headers())
    client.post(f"{API}/milestones", json=milestone_body("C"), headers=auth.headers())
    adopted = client.get(f"{API}/state?revision=2023", headers=auth.headers("auditor")).json
    assert [m["key"] for m in adopted["items"]] == ["A", "B"]
    assert adopted["items"][0]["target_year"] == 2023 and adopted["on"] == "2023-06-19"
    now = client.get(f"{API}/state", headers=auth.headers("auditor")).json
    assert [m["key"] for m in now["items"]] == ["A", "B", "C"]
    diff = client.get(f"{API}/diff?from_revision=2023", headers=auth.headers("auditor")).json
    assert [c["milestone"] for c in diff["added"]] == ["C"]
    assert {"milestone": "A", "field": "target_year", "from": 2023, "to": 2025,
            "actor": "planner-user", "reason": "Försenad"}.items() <= diff["changed"][0].items()


def test_the_map_and_analysis_travel_in_time(client: FlaskClient, auth: Auth) -> None:
    a_plan(client, auth)
    client.post(f"{API}/revisions", json=REVISION, headers=auth.headers())
    client.post(f"{API}/milestones", json=milestone_body("C"), headers=auth.headers())
    old = client.get(f"{API}/map?format=json&revision=2023", headers=auth.headers("auditor")).json
    assert {n["key"] for n in old["nodes"]} == {"A", "B"}
    svg = client.get(f"{API}/map?revision=2023", headers=auth.headers("auditor"))
    assert svg.status_code == 200 and b"m:C" not in svg.data
    analysis = client.get(f"{API}/analysis?revision=2023", headers=auth.headers("auditor")).json
    assert sorted(sum(analysis["order"], [])) == ["A", "B"]


def test_viewers_see_only_the_current_state(client: FlaskClient, auth: Auth) -> None:
    a_plan(client, auth)
    client.post(f"{API}/revisions", json=REVISION, headers=auth.headers())
    for path in ("/state", "/revisions", "/diff?from_revision=2023", "/map?revision=2023",
                 "/analysis?position=1"):
        assert client.get(API + path, headers=auth.headers("viewer")).status_code == 403, path
    assert client.post(f"{API}/revisions", json=REVISION,
                       headers=auth.headers("auditor")).status_code == 403
    assert client.get(f"{API}/map?format=json", headers=auth.headers("viewer")).status_code == 200


def test_bad_time_parameters_name_the_field(client: FlaskClient, auth: Auth) -> None:
    a_plan(client, auth)
    for query, status, field in (("as_of=igår", 422, "as_of"), ("revision=2019", 404, "revision"),
                                 ("position=0", 422, "position"),
                                 ("revision=2023&position=2", 422, "position")):
        response = client.get(f"{API}/state?{query}", headers=auth.headers("auditor"))
        assert response.status_code == status and field in response.json["errors"], query
    assert client.get(f"{API}/diff", headers=auth.headers("auditor")).status_code == 422


def test_altering_a_sealed_event_that_ends_its_chain_breaks_the_seal(sqlite_url: str) -> None:
    service = open_store(sqlite_url)
    service.plans.create(**plan_body(), actor="anna")
    service.milestones.define("fhs", milestone_body("A"), actor="anna")
    service.revisions.adopt("fhs", 2023, date(2023, 6, 19), "HSN", "§ 71",
                           "2023-POL000011", "", actor="anna")
    wanted = milestone_id("fhs", "A")
    (position,) = [n.id for n in service.store.recorder.select_notifications(start=1, limit=100)
                   if n.originator_id == wanted]
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
                   "'Milstolpe A', 'Milstolpe Z') AS BLOB) WHERE rowid = ?", (position,))
    report = service.integrity.verify()
    assert not report.ok and "no longer matches" in (report.problem or "")


def test_a_history_time_without_a_zone_is_swedish_time_as_for_as_of(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    make_plan(memory_service, milestones=("A",))
    between = datetime.now(UTC)
    memory_service.milestones.define("fhs", milestone_body("B"), actor="anna")
    naive_swedish = between.astimezone(ZoneInfo("Europe/Stockholm")).replace(tzinfo=None)
    items = client.get(f"/api/v1/plans/fhs/history?since={naive_swedish.isoformat()}",
                       headers=auth.headers("auditor")).json["items"]
    assert [item["milestone"] for item in items] == ["B"]
