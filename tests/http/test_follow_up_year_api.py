"""The follow-up year through the API: bodies, the follow-up plan and its calendar, a round
gathered by two bodies' reporters, returned, submitted and decided, and the report as decided
for ever, with the corrections made after it."""

from typing import Any

from flask.testing import FlaskClient
from icalendar import Calendar

from service.application import Strategikarta
from tests.conftest import Auth

API = "/api/v1/plans/rs"
ENTRIES = [
    {"key": "T1-2026", "title": "Tertialrapport 1", "kind": "tertial",
     "reporting_date": "2026-04-30", "deadline": "2026-05-10",
     "meeting": {"body": "RS", "date": "2026-05-28"}, "presenter": "Ekonomidirektören",
     "scope": "Mål, mätetal och milstolpar"},
    {"key": "delar-2026", "title": "Delårsrapport", "kind": "interim",
     "reporting_date": "2026-08-31", "deadline": "2026-09-10",
     "meeting": {"body": "RS", "date": "2026-09-24"}},
]


def call(client: FlaskClient, method: str, path: str, headers: dict[str, str],
         body: dict[str, Any] | None = None) -> Any:
    return client.open(path, method=method, json=body, headers=headers)


def year(client: FlaskClient, auth: Auth, service: Strategikarta) -> dict[str, str]:
    """A plan with milestones of two bodies, a goal and a metric, the follow-up plan, and a
    reporter per body; their tokens."""
    planner = auth.headers()
    for key, name, kind in (("RS", "Regionstyrelsen", "board"),
                            ("PN", "Patientnämnden", "committee")):
        assert call(client, "POST", "/api/v1/bodies", planner,
                    {"key": key, "name": name, "kind": kind}).status_code == 201
    assert call(client, "POST", "/api/v1/plans", planner, {
        "key": "rs", "title": "Verksamhetsplan", "owner": "RS", "start_year": 2026,
        "end_year": 2026, "focus_areas": [{"key": "vard", "name": "Vård"}]}).status_code == 201
    for key, body in (("A", "RS"), ("B", "PN"), ("C", "nobody")):
        assert call(client, "POST", f"{API}/milestones", planner, {
            "key": key, "title": f"Milstolpe {key}", "focus_area": "vard", "target_year": 2026,
            "kind": "change", "responsible": [body]}).status_code == 201
    assert call(client, "POST", f"{API}/goals", planner, {
        "key": "G", "title": "Nöjda patienter", "level": "result_goal",
        "responsible": ["PN"]}).status_code == 201
    assert call(client, "POST", f"{API}/metrics", planner, {
        "key": "M", "goal": "G", "name": "Andel nöjda", "unit": "%",
        "direction": "higher_is_better", "targets": [{"year": 2026, "value": 80}]}
                ).status_code == 201
    response = call(client, "PUT", f"{API}/follow-up-plan", planner, {"entries": ENTRIES})
    assert response.status_code == 200, response.json
    tokens = {}
    for name, body in (("rs-rapportor", "RS"), ("pn-rapportor", "PN")):
        service.users.add(name, "reporter", "lösenord-123", actor="admin", bodies=[body],
                          email=f"{name}@region-exempel.invalid")
        tokens[body] = service.users.create_token(name, actor="admin")
    return tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_round_from_opening_to_decision(client: FlaskClient, auth: Auth,
                                          memory_service: Strategikarta) -> None:
    tokens = year(client, auth, memory_service)
    planner = auth.headers()
    opened = call(client, "POST", f"{API}/rounds", planner, {"entry": "T1-2026"})
    assert opened.status_code == 201, opened.json
    assert opened.headers["Location"].endswith("/rounds/T1-2026")
    items = {item["id"]: item for item in opened.json["items"]}
    assert set(items) == {"milestone:A", "milestone:B", "milestone:C", "goal:G", "metric:M"}
    assert (items["milestone:A"]["body"], items["metric:M"]["body"],
            items["milestone:C"]["body"]) == ("RS", "PN", None)

    # A reporter reports its body's items only.
    rs, pn = bearer(tokens["RS"]), bearer(tokens["PN"])
    assert call(client, "POST", f"{API}/milestones/A/status", rs,
                {"status": "on_track", "reported_for": "2026-04-30"}).status_code == 201
    refused = call(client, "POST", f"{API}/milestones/B/status", rs,
                   {"status": "on_track", "reported_for": "2026-04-30"})
    assert refused.status_code == 403 and "PN" in refused.json["message"]
    assert call(client, "POST", f"{API}/goals/G/assessments", pn, {
        "assessment": "satisfactory", "reported_for": "2026-04-30"}).status_code == 201
    assert call(client, "POST", f"{API}/metrics/M/outcomes", pn,
                {"value": 82, "reported_for": "2026-04-30"}).status_code == 201
    assert call(client, "POST", f"{API}/metrics/M/outcomes", rs,
                {"value": 1, "reported_for": "2026-04-30"}).status_code == 403
    assert call(client, "POST", f"{API}/goals", rs,
                {"key": "X", "title": "X", "level": "result_goal"}).status_code == 403

    progress = {p["body"]: p for p in call(client, "GET", f"{API}/rounds/T1-2026",
                                           planner).json["progress"]}
    assert (progress["PN"]["reported"], progress["PN"]["left"]) == (2, 1)
    assert progress["PN"]["not_reported_by"] == ["pn-rapportor"]
    assert progress["RS"]["not_reported_by"] == []

    # Submitting with items left is refused; a planner returns one and the reporter redoes it.
    left = call(client, "POST", f"{API}/rounds/T1-2026/submit", planner, {})
    assert left.status_code == 409
    returned = call(client, "POST", f"{API}/rounds/T1-2026/return", planner,
                    {"items": ["metric:M"], "comment": "Källan saknas"})
    assert {i["id"]: i["state"] for i in returned.json["items"]}["metric:M"] == "returned"
    assert call(client, "POST", f"{API}/metrics/M/outcomes", pn, {
        "value": 81, "reported_for": "2026-04-30", "comment": "Källa: enkät"}).status_code == 201
    for key in ("B", "C"):
        assert call(client, "POST", f"{API}/milestones/{key}/status", planner,
                    {"status": "at_risk", "reported_for": "2026-04-30"}).status_code == 201
    submitted = call(client, "POST", f"{API}/rounds/T1-2026/submit", planner, {})
    assert submitted.status_code == 200 and submitted.json["state"] == "submitted"
    assert call(client, "POST", f"{API}/rounds/T1-2026/submit", planner, {}).status_code == 409

    # The decision seals the report as decided.
    assert call(client, "POST", f"{API}/rounds/T1-2026/decision", planner, {
        "decided_by": "RS", "date": "2026-05-28", "paragraph": "§ 112"}).status_code == 422
    decided = call(client, "POST", f"{API}/rounds/T1-2026/decision", planner, {
        "decided_by": "RS", "date": "2026-05-28", "paragraph": "§ 112",
        "case_number": "RS 2026/88"})
    assert decided.status_code == 201, decided.json
    decision = decided.json["decision"]
    assert decision["paragraph"] == "§ 112" and len(decision["seal"]) == 64
    as_decided = call(client, "GET", f"{API}/rounds/T1-2026/report", planner).json
    assert as_decided["decided"] and as_decided["corrected_since"] == []
    assert as_decided["report"]["metrics"]["items"][0]["outcome"] == 81

    # A later correction never changes what was decided; it shows as corrected_since.
    assert call(client, "POST", f"{API}/metrics/M/outcomes", pn,
                {"value": 70, "reported_for": "2026-04-30"}).status_code == 201
    later = call(client, "GET", f"{API}/rounds/T1-2026/report", planner).json
    assert later["report"] == as_decided["report"]
    assert [c["item"] for c in later["corrected_since"]] == ["metric:M"]
    assert call(client, "POST", f"{API}/rounds/T1-2026/decision", planner, {
        "decided_by": "RS", "date": "2026-05-28", "paragraph": "§ 113",
        "case_number": "RS 2026/88"}).status_code == 409


def test_the_follow_up_plan_refuses_what_cannot_be(client: FlaskClient, auth: Auth,
                                                    memory_service: Strategikarta) -> None:
    year(client, auth, memory_service)
    planner = auth.headers()

    def put(change: dict[str, Any]) -> Any:
        return call(client, "PUT", f"{API}/follow-up-plan", planner,
                    {"entries": [ENTRIES[0] | change]})

    position = memory_service.store.catch_up().position
    unknown = put({"meeting": {"body": "KF", "date": "2026-05-28"}})
    assert unknown.status_code == 422 and "entries.0.meeting.body" in unknown.json["errors"]
    late = put({"deadline": "2026-06-01"})
    assert late.status_code == 422 and "entries.0.deadline" in late.json["errors"]
    outside = put({"reporting_date": "2027-04-30", "deadline": "2027-05-01",
                   "meeting": {"body": "RS", "date": "2027-05-28"}})
    assert outside.status_code == 422
    assert call(client, "PUT", f"{API}/follow-up-plan", auth.headers("viewer"),
                {"entries": ENTRIES}).status_code == 403
    assert memory_service.store.catch_up().position == position


def test_the_follow_up_plan_is_a_calendar_to_subscribe_to(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    year(client, auth, memory_service)
    response = call(client, "GET", f"{API}/follow-up-plan?format=ics", auth.headers("viewer"))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert summaries == ["Regionstyrelsen: Delårsrapport", "Regionstyrelsen: Tertialrapport 1",
                         "Sista dag: Delårsrapport", "Sista dag: Tertialrapport 1"]
    uids = {str(event["UID"]) for event in events}
    again = Calendar.from_ical(call(client, "GET", f"{API}/follow-up-plan?format=ics",
                                    auth.headers("viewer")).data).walk("VEVENT")
    assert {str(event["UID"]) for event in again} == uids
