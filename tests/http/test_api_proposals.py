"""Proposals through the API: made, changed, read side by side with the plan, adopted, withdrawn."""

from typing import Any

from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth

PROPOSALS = "/api/v1/plans/fhs/proposals"
REVISION = {"year": 2025, "adopted_on": "2026-03-01", "decided_by": "Regionfullmäktige",
            "paragraph": "§ 12", "case_number": "RS 2026/1"}


def proposal(client: FlaskClient, auth: Auth, service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B", "C"))
    made = client.post(PROPOSALS, json={"key": "rev", "title": "Revidering"},
                       headers=auth.headers())
    assert made.status_code == 201, made.json
    assert made.headers["Location"].endswith("/plans/fhs/proposals/rev")


def change(client: FlaskClient, auth: Auth, body: dict[str, Any], role: str = "planner") -> Any:
    return client.post(f"{PROPOSALS}/rev/changes", json=body, headers=auth.headers(role))


def test_every_op_is_checked_and_recorded(client: FlaskClient, auth: Auth,
                                          memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    bodies = [
        {"op": "define", "milestone": {"key": "D", "title": "Ny", "focus_area": "digital",
                                       "target_year": 2024, "kind": "pilot"}},
        {"op": "edit", "key": "D", "changes": {"title": "Nyare"}},
        {"op": "move", "key": "A", "target_year": 2024, "reason": "Senare"},
        {"op": "drop", "key": "C", "reason": "Utgår"},
        {"op": "add_dependency", "from": "D", "to": "A", "kind": "requires"},
        {"op": "remove_dependency", "from": "D", "to": "A", "kind": "requires"},
        {"op": "slip", "milestone": "B", "to": 2025, "reason": "Försenad"},
    ]
    for body in bodies:
        response = change(client, auth, body)
        assert response.status_code == 201, (body, response.json)
    read = client.get(f"{PROPOSALS}/rev", headers=auth.headers("viewer")).json
    assert [c["op"] for c in read["changes"]] == [
        "define", "edit", "move", "drop", "add_dependency", "remove_dependency", "move"]
    assert [c["milestone"] for c in read["diff"]["added"]] == ["D"]
    assert {(c["milestone"], c["to"]) for c in read["diff"]["changed"]} == {
        ("A", 2024), ("B", 2025)}
    assert read["analysis"]["on"] and read["stale"] is False


def test_a_cycle_of_two_changes_is_a_409_with_the_cycle(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    change(client, auth, {"op": "add_dependency", "from": "A", "to": "B", "kind": "requires"})
    refused = change(client, auth, {"op": "add_dependency", "from": "B", "to": "A",
                                    "kind": "requires"})
    assert refused.status_code == 409 and refused.json["cycle"] == ["B", "A", "B"]


def test_a_year_outside_the_period_is_a_422(client: FlaskClient, auth: Auth,
                                             memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    moved = change(client, auth, {"op": "move", "key": "A", "target_year": 2030,
                                  "reason": "Senare"})
    slipped = change(client, auth, {"op": "slip", "milestone": "A", "to": 2030, "reason": "x"})
    assert (moved.status_code, slipped.status_code) == (422, 422)
    assert "target_year" in moved.json["errors"] and "to" in slipped.json["errors"]


def test_an_op_without_its_fields_is_a_422(client: FlaskClient, auth: Auth,
                                           memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    assert change(client, auth, {"op": "move", "key": "A"}).status_code == 422
    assert change(client, auth, {"op": "define", "milestone": {"key": "X"}}).status_code == 422
    assert change(client, auth, {"op": "fly"}).status_code == 422


def test_adoption_applies_the_changes_and_answers_with_the_revision(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    change(client, auth, {"op": "move", "key": "A", "target_year": 2025, "reason": "Senare"})
    adopted = client.post(f"{PROPOSALS}/rev/adopt", json=REVISION, headers=auth.headers())
    assert adopted.status_code == 201, adopted.json
    assert adopted.json["year"] == 2025 and adopted.json["seal"]
    assert memory_service.milestones.get("fhs", "A").target_year == 2025
    again = client.post(f"{PROPOSALS}/rev/adopt", json={**REVISION, "year": 2024},
                        headers=auth.headers())
    assert again.status_code == 409
    read = client.get(f"{PROPOSALS}/rev", headers=auth.headers("auditor")).json
    assert (read["state"], read["adopted_year"], read["diff"]) == ("adopted", 2025, None)


def test_a_stale_proposal_is_a_409_that_says_what_changed(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    memory_service.dependencies.add("fhs", "B", "C", "requires", actor="bo")
    assert client.get(f"{PROPOSALS}/rev", headers=auth.headers()).json["stale"] is True
    refused = client.post(f"{PROPOSALS}/rev/adopt", json=REVISION, headers=auth.headers())
    assert refused.status_code == 409 and "B requires C" in refused.json["message"]


def test_a_withdrawn_proposal_stays_readable(client: FlaskClient, auth: Auth,
                                             memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    withdrawn = client.post(f"{PROPOSALS}/rev/withdraw", json={"reason": "Ersatt"},
                            headers=auth.headers())
    assert withdrawn.status_code == 200 and withdrawn.json["state"] == "withdrawn"
    assert client.post(f"{PROPOSALS}/rev/adopt", json=REVISION,
                       headers=auth.headers()).status_code == 409
    listed = client.get(PROPOSALS, headers=auth.headers("viewer")).json["items"]
    assert [(p["key"], p["closed_reason"]) for p in listed] == [("rev", "Ersatt")]


def test_planners_write_and_auditors_and_viewers_read(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    proposal(client, auth, memory_service)
    for role in ("viewer", "auditor"):
        assert change(client, auth, {"op": "drop", "key": "A", "reason": "x"},
                      role).status_code == 403
        assert client.post(PROPOSALS, json={"key": "p", "title": "t"},
                           headers=auth.headers(role)).status_code == 403
        assert client.get(f"{PROPOSALS}/rev", headers=auth.headers(role)).status_code == 200
    history = client.get("/api/v1/plans/fhs/history", headers=auth.headers("auditor")).json
    assert any(entry["summary"] == "Proposal 'rev' made: Revidering"
               for entry in history["items"])


def test_an_unknown_proposal_is_a_404(client: FlaskClient, auth: Auth,
                                      memory_service: Strategikarta) -> None:
    make_plan(memory_service)
    assert client.get(f"{PROPOSALS}/nope", headers=auth.headers()).status_code == 404
    assert client.post(f"{PROPOSALS}/nope/withdraw", json={"reason": "x"},
                       headers=auth.headers()).status_code == 404
