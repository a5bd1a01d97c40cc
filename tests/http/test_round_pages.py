"""The follow-up year on the pages through Flask's test client: bodies, the follow-up plan
and its form, "my round" for reporters (their items only, one form that stores every row or
none), and a round's progress, returns, submission and decision for planners."""

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import DEMO_ANNUAL_ENTRY, add_goals, follow_up_year
from tests.http.test_pages import PLAN, csrf, signed_in
from tests.http.test_pages import site as demo_site  # noqa: F401  (the fixture below uses it)

KEY = "fhs-exempel"
ROUND = f"{PLAN}/rounds/bokslut-2025"
MINE = f"{ROUND}/mine"
@pytest.fixture
def site(demo_site: Flask, memory_service: Strategikarta) -> Flask:  # noqa: F811
    """The demo plan with goals, bodies, a follow-up plan and an open round."""
    add_goals(memory_service, KEY, "NV-05")
    follow_up_year(memory_service, KEY, actor="test-setup")
    memory_service.rounds.open(KEY, "bokslut-2025", actor="test-setup")
    return demo_site


def items(service: Strategikarta, body: str) -> list[str]:
    return [line.id for line in service.rounds.get(KEY, "bokslut-2025").items if line.body == body]


def row_fields(page: str) -> dict[str, str]:
    """The form's fields as the browser would send them untouched."""
    found = dict(re.findall(r'<input[^>]*name="(rows-\d+-(?:id|value))"[^>]*value="([^"]*)"', page))
    found |= {name: value for name, value in re.findall(
        r'<select[^>]*name="(rows-\d+-status)".*?<option selected value="([^"]*)"', page,
        re.DOTALL)}
    found |= dict(re.findall(r'<input checked[^>]*name="(rows-\d+-assessment)"[^>]*value="([^"]*)"',
                             page))
    return found


def test_a_reporter_sees_only_its_bodies_items_with_todays_values(
        site: Flask, memory_service: Strategikarta) -> None:
    page = signed_in(site, "pn").get(MINE).data.decode()
    ids = re.findall(r'name="rows-\d+-id" type="hidden" value="([^"]+)"', page)
    assert ids and set(ids) == set(items(memory_service, "PN"))
    assert f"0 av {len(ids)} rapporterade" in page
    # Other bodies' items by their keys as words (a random CSRF token may hold "R1").
    assert not re.search(r"\b(R1|NV-05)\b", re.sub(r'(value|content)="[^"]*"', "", page))


def test_the_start_page_lists_a_reporters_open_rounds(site: Flask) -> None:
    page = signed_in(site, "pn").get("/").data.decode()
    assert "Mina omgångar" in page and f'href="{MINE}"' in page and "kvar" in page
    assert "Mina omgångar" not in signed_in(site, "viewer").get("/").data.decode()


def post(client: FlaskClient, path: str, page: str, data: dict[str, str]) -> tuple[int, str]:
    response = client.post(path, data={**data, "csrf_token": csrf(client, page)})
    return response.status_code, response.data.decode()


def statuses(service: Strategikarta, key: str) -> list[str]:
    return [report.status.value for report in service.milestones.status_history(KEY, key)
            if report.reported_for == date(2025, 12, 31)]


def test_one_form_stores_nothing_when_a_row_is_wrong_and_says_so_at_each_row(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "hsn")
    milestone = next(i for i in items(memory_service, "HSN") if i.startswith("milestone:"))
    key = milestone.split(":")[1]
    before = len(memory_service.goals.goal(KEY, "R1").assessments)
    status, page = post(client, MINE, MINE, {
        "rows-0-id": milestone, "rows-0-status": "",
        "rows-1-id": "metric:M1", "rows-1-value": "mycket",
        "rows-2-id": "goal:R1", "rows-2-assessment": "satisfactory"})
    assert status == 422
    assert 'id="rows-0-status-error">Välj den status du rapporterar.' in page
    assert 'id="rows-1-value-error">' in page
    assert statuses(memory_service, key) == []
    assert len(memory_service.goals.goal(KEY, "R1").assessments) == before


def test_one_form_stores_every_changed_row_for_the_rounds_date(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "hsn")
    milestone = next(i for i in items(memory_service, "HSN") if i.startswith("milestone:"))
    key = milestone.split(":")[1]
    response = client.post(MINE, data={
        "rows-0-id": milestone, "rows-0-status": "at_risk", "rows-0-comment": "Försenad",
        "rows-1-id": "metric:M1", "rows-1-value": "93,5",
        "rows-2-id": "goal:R1", "rows-2-assessment": "partly_satisfactory",
        "rows-2-analysis": "Aktiviteter pågår", "rows-2-measures": "Fler mottagningar",
        "csrf_token": csrf(client, MINE)})
    assert response.status_code == 302
    assert statuses(memory_service, key) == ["at_risk"]
    assert memory_service.goals.metric(KEY, "M1", date(2025, 12, 31)).outcome == 93.5
    page = client.get(MINE).data.decode()
    assert "2 av " in page  # R1's unchanged assessment is not reported
    assert "Försenad" in page and 'value="93,5"' in page


def test_a_reporter_cannot_post_another_bodys_item_nor_read_the_whole_round(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "pn")
    status, _page = post(client, MINE, MINE, {"rows-0-id": "goal:R1",
                                              "rows-0-assessment": "satisfactory"})
    assert status == 403
    assert len(memory_service.goals.goal(KEY, "R1").assessments) == 1
    assert client.get(ROUND).headers["Location"].endswith(MINE)
    assert client.post(f"{ROUND}/submit", data={
        "csrf_token": csrf(client, MINE)}).status_code == 403


def test_a_viewer_reads_the_progress_and_the_follow_up_plan_without_forms(site: Flask) -> None:
    client = signed_in(site, "viewer")
    page = client.get(ROUND).data.decode()
    assert "Framsteg per organ" in page and "Patientnämnden" in page
    assert "<form" not in page.split("<main")[-1].split("</main>")[0]
    plan = client.get(f"{PLAN}/follow-up-plan").data.decode()
    assert "Årsbokslut 2025" in plan and "Prenumerera i Outlook" in plan
    assert "Ändra uppföljningsplanen" not in plan and "Öppna omgången" not in plan


def test_the_follow_up_plan_form_puts_the_services_messages_at_the_row(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/follow-up-plan"
    row = {"rows-0-key": "T1-2025", "rows-0-title": "Tertial 1", "rows-0-kind": "tertial",
           "rows-0-reporting_date": "2025-04-30", "rows-0-deadline": "2025-05-10",
           "rows-0-meeting_body": "XX", "rows-0-meeting_date": "2025-05-28"}
    status, page = post(client, path, path, row)
    assert status == 422 and 'id="rows-0-meeting_body-error"' in page and "XX" in page
    status, page = post(client, path, path, row | {"rows-0-meeting_body": "RS",
                                                   "rows-0-deadline": "2025-06-10"})
    assert status == 422 and 'id="rows-0-deadline-error"' in page
    status, page = post(client, path, path, {"rows-0-key": "T1-2025"})
    assert status == 422 and 'id="rows-0-title-error">Fyll i detta.' in page
    assert [e.key for e in memory_service.follow_up_plans.entries(KEY)] == ["bokslut-2025"]
    status, _page = post(client, path, path, row | {"rows-0-meeting_body": "RS",
                                                    "rows-1-key": "bokslut-2025",
                                                    "rows-1-remove": "y"})
    assert status == 302
    assert [e.key for e in memory_service.follow_up_plans.entries(KEY)] == ["T1-2025"]


def test_a_planner_opens_a_round_from_the_follow_up_plan(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    path = f"{PLAN}/follow-up-plan"
    entries = [vars(e) | {"kind": e.kind.value, "meeting": {"body": e.meeting_body,
                                                            "date": e.meeting_date}}
               for e in memory_service.follow_up_plans.entries(KEY)]
    memory_service.follow_up_plans.set(KEY, [*entries, dict(
        DEMO_ANNUAL_ENTRY, key="T2-2025", title="Tertial 2", kind="tertial",
        reporting_date=date(2025, 8, 31), deadline=date(2025, 9, 10))], actor="test-setup")
    response = client.post(f"{PLAN}/rounds", data={"entry": "T2-2025",
                                                   "csrf_token": csrf(client, path)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/T2-2025")
    status, page = post(client, f"{PLAN}/rounds", path, {"entry": "T2-2025"})
    assert status == 409 and "T2-2025" in page
    feed = client.get(f"{path}.ics")
    assert feed.mimetype == "text/calendar" and b"BEGIN:VCALENDAR" in feed.data


def test_outlook_subscribes_to_the_calendar_by_its_secret_address(site: Flask) -> None:
    page = signed_in(site, "viewer").get(f"{PLAN}/follow-up-plan").data.decode()
    address = re.search(r'<a href="(http://localhost/[^"]+\.ics\?key=[0-9a-f]{32})"', page)
    assert address is not None
    outlook = site.test_client()  # no session, as Outlook fetches it
    feed = outlook.get(address.group(1).removeprefix("http://localhost"))
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.data
    guessed = outlook.get(f"{PLAN}/follow-up-plan.ics?key={'0' * 32}")
    assert guessed.status_code in (302, 401) and b"VCALENDAR" not in guessed.data
    assert outlook.get(f"{PLAN}/follow-up-plan.ics").status_code in (302, 401)


def test_return_submit_and_decide_with_their_wrong_state_messages(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    status, page = post(client, f"{ROUND}/submit", ROUND, {})
    assert status == 409 and "inte rapporterade än" in page  # the domain's words, in Swedish
    status, page = post(client, f"{ROUND}/submit", ROUND, {"force": "y"})
    assert status == 422 and 'id="reason-error"' in page
    status, page = post(client, f"{ROUND}/return", ROUND, {"comment": "Gör om"})
    assert status == 422 and memory_service.rounds.get(KEY, "bokslut-2025").record.returns == ()
    status, page = post(client, f"{ROUND}/return", ROUND, {"items": "metric:M1",
                                                           "comment": "Källa saknas"})
    assert status == 302
    assert "Källa saknas" in client.get(ROUND).data.decode()
    assert "Källa saknas" in signed_in(site, "hsn").get(MINE).data.decode()
    status, page = post(client, f"{ROUND}/decision", ROUND, {
        "decided_by": "RS", "date": "2026-02-10", "paragraph": "§ 12", "case_number": "RS 1"})
    assert status == 409 and "omgången är öppen" in page
    status, page = post(client, f"{ROUND}/submit", ROUND, {"force": "y", "reason": "Bokslut"})
    assert status == 302
    page = client.get(ROUND).data.decode()
    assert "Registrera beslutet" in page and "Lämna in omgången" not in page
    status, page = post(client, f"{ROUND}/decision", ROUND, {
        "decided_by": "RS", "date": "2026-12-01", "paragraph": "§ 12", "case_number": "RS 1"})
    assert status == 422 and 'id="date-error"' in page
    status, page = post(client, f"{ROUND}/decision", ROUND, {
        "decided_by": "RS", "date": "2026-02-10", "paragraph": "§ 12", "case_number": "RS 1"})
    assert status == 302
    page = client.get(ROUND).data.decode()
    seal = memory_service.rounds.get(KEY, "bokslut-2025").record.decision.seal.digest
    assert seal in page and "§ 12" in page and "Inget har rättats sedan beslutet." in page
    for format in ("json", "pdf", "xlsx", "csv"):
        assert f"/report?format={format}" in page
    status, page = post(client, f"{ROUND}/submit", ROUND, {})
    assert status == 409 and "decided" in page
