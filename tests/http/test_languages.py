"""Swedish throughout in Swedish, English throughout in English: the domain's messages at the
field, the API's refusals, the error pages, sign-in, history, diffs and CSV downloads."""

import csv
import io
import re
from datetime import date
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from domain.errors import N_, InvalidDocumentError, Joined, Message
from domain.messages import Count
from domain.values import Status
from service.aggregate_index import INDEXED_WRONGLY, IndexRow
from service.application import Strategikarta
from service.demo import load_demo
from tests.conftest import Auth
from tests.http.test_pages import PLAN, csrf, signed_in
from web import create_app
from web.messages import say

API = "/api/v1"
MILESTONE = f"{PLAN}/milestones/NV-06"
SWEDISH, ENGLISH = {"Accept-Language": "sv"}, {"Accept-Language": "en"}


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    """The pages on the demo plan, with a user of each role."""
    load_demo(memory_service)
    return create_app({"TESTING": True, "SERVICE": memory_service})


def in_language(site: Flask, role: str, lang: str) -> FlaskClient:
    """A signed-in client whose pages are in `lang` (chosen once, kept in the session)."""
    client = signed_in(site, role)
    client.get(f"/?lang={lang}")
    return client


def error_at(page: str, field: str) -> str:
    found = re.search(rf'<span class="error" id="{field}-error">(.*?)</span>', page, re.S)
    assert found, f"no message at {field}"
    return found.group(1)


def a_move_without_a_reason(client: FlaskClient) -> str:
    """The edit form, moving NV-06 to another focus area and giving no reason."""
    response = client.post(f"{MILESTONE}/edit", data={
        "edit-title": "Vård i hemmet", "edit-focus_area": "digital", "edit-target_year": "2024",
        "edit-kind": "change", "edit-reason": "", "csrf_token": csrf(client, MILESTONE)})
    assert response.status_code == 422
    return error_at(response.data.decode(), "edit-reason")


def test_a_swedish_session_reads_the_domains_refusal_in_swedish_at_its_field(
        site: Flask) -> None:
    swedish = a_move_without_a_reason(in_language(site, "planner", "sv"))
    assert swedish == "en flytt ändrar planen: ange varför (motiveringen sparas med den)"
    english = a_move_without_a_reason(in_language(site, "planner", "en"))
    assert english == "a move changes the plan: say why (the reason is kept with it)"


def test_a_too_long_title_is_refused_in_the_pages_language(site: Flask) -> None:
    for lang, words in (("sv", "längre än 300 tecken"), ("en", "longer than 300 characters")):
        client = in_language(site, "planner", lang)
        response = client.post(f"{MILESTONE}/edit", data={
            "edit-title": "x" * 301, "edit-focus_area": "nara-vard", "edit-target_year": "2024",
            "edit-kind": "change", "csrf_token": csrf(client, MILESTONE)})
        assert response.status_code == 422 and words in error_at(response.data.decode(),
                                                                  "edit-title"), lang


def test_the_pages_follow_the_browsers_language_until_one_is_chosen(
        site: Flask) -> None:
    client = site.test_client()
    assert 'lang="sv"' in client.get("/login").data.decode()  # no Accept-Language: Swedish
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).data.decode()
    assert 'lang="en"' in english and "Sign in" in english
    assert 'lang="sv"' in client.get("/login", headers={"Accept-Language": "sv-SE"}).data.decode()
    client.get("/login?lang=sv")  # chosen: it beats the browser's
    assert 'lang="sv"' in client.get("/login", headers=ENGLISH).data.decode()


def test_the_api_refuses_in_swedish_when_asked_and_in_english_by_default(
        client: FlaskClient, auth: Auth) -> None:
    body = {"key": "inte ok", "title": "Plan", "owner": "HSN", "start_year": "2024",
            "end_year": 2025}
    english = client.post(f"{API}/plans", json=body, headers=auth.headers())
    swedish = client.post(f"{API}/plans", json=body, headers=auth.headers(**SWEDISH))
    assert english.status_code == swedish.status_code == 422
    assert english.json["errors"]["start_year"] == ["Not a valid integer."]
    assert swedish.json["errors"]["start_year"] == ["Inget giltigt heltal."]
    assert swedish.json["errors"]["key"] == [
        "Använd 1–40 bokstäver, siffror, '.', '_' eller '-', med en bokstav eller siffra först."]
    assert swedish.json["message"].startswith("ogiltiga uppgifter: key: Använd")
    assert english.json["message"].startswith("invalid input: key: Use 1–40")
    assert set(swedish.json["errors"]) == set(english.json["errors"])  # the keys stay


def test_the_api_says_a_rule_of_the_domain_in_the_language_asked_for(
        client: FlaskClient, auth: Auth) -> None:
    body = {"key": "p", "title": "Plan", "owner": "HSN", "start_year": 2025, "end_year": 2024}
    answers = {lang: client.post(f"{API}/plans", json=body, headers=auth.headers(**headers))
               for lang, headers in (("default", {}), ("en", ENGLISH), ("sv", SWEDISH))}
    assert {lang: (a.status_code, a.json["errors"]) for lang, a in answers.items()} == {
        "default": (422, {"end_year": ["the plan cannot end (2024) before it starts (2025)"]}),
        "en": (422, {"end_year": ["the plan cannot end (2024) before it starts (2025)"]}),
        "sv": (422, {"end_year": ["planen kan inte sluta (2024) innan den börjar (2025)"]})}
    unknown = client.get(f"{API}/plans/ingen", headers=auth.headers(**SWEDISH))
    assert unknown.status_code == 404 and unknown.json["message"] == "det finns ingen plan 'ingen'"
    anonymous = client.get(f"{API}/plans", headers=SWEDISH)
    assert anonymous.status_code == 401 and anonymous.json["message"].startswith(
        "inloggningsuppgifter saknas")


@pytest.mark.parametrize(("lang", "forbidden", "not_found", "unknown_plan"), [
    ("sv", "Du har inte behörighet", "Adressen finns inte på servern", "det finns ingen plan"),
    ("en", "You don&#39;t have the permission", "The requested URL was not found",
     "there is no plan"),
])
def test_the_error_pages_speak_the_pages_language(
        site: Flask, lang: str, forbidden: str, not_found: str,
        unknown_plan: str) -> None:
    client = in_language(site, "viewer", lang)
    refused = client.get(f"{PLAN}/history")
    assert refused.status_code == 403 and forbidden in refused.data.decode()
    assert ("Det får du inte göra" if lang == "sv" else "You may not do that") in (
        refused.data.decode())
    missing = client.get("/ingen-sida")
    assert missing.status_code == 404 and not_found in missing.data.decode()
    unknown = client.get("/plans/ingen")
    assert unknown.status_code == 404 and unknown_plan in unknown.data.decode()
    assert f'lang="{lang}"' in refused.data.decode()


def test_the_sign_in_page_asks_to_sign_in_in_the_browsers_language(
        site: Flask) -> None:
    for headers, words in (({}, "Logga in för att se den här sidan."),
                           (ENGLISH, "Please sign in to see this page.")):
        client = site.test_client()
        client.get(PLAN, headers=headers)
        assert words in client.get("/login", headers=headers).data.decode()


@pytest.fixture
def moved(site: Flask, memory_service: Strategikarta) -> Flask:
    """The demo plan with NV-06 affecting DI-01, then moved, edited and reported on after its
    2024 revision."""
    memory_service.dependencies.add("fhs-exempel", "NV-06", "DI-01", "affects", actor="bo")
    memory_service.revisions.adopt("fhs-exempel", 2024, date(2024, 6, 17), "HSN", "§ 60",
                                   "2024-POL000004", "Årlig revidering", actor="anna")
    memory_service.milestones.edit("fhs-exempel", "NV-06", {"target_year": 2024}, actor="bo",
                                   reason="Tidigarelagd")
    memory_service.milestones.edit("fhs-exempel", "NV-06", {"title": "Vård i hemmet, ny"},
                                   actor="bo")
    memory_service.milestones.report_status("fhs-exempel", "NV-06", "on_track", "Går bra",
                                            date(2024, 8, 31), actor="bo")
    return site


def test_the_history_page_says_what_happened_in_swedish(moved: Flask) -> None:
    page = in_language(moved, "auditor", "sv").get(f"{PLAN}/history?milestone=NV-06")
    text = page.data.decode()
    assert "Flyttad till nara-vard (Nära vård), 2024" in text and "Ändrad: titel" in text
    assert "Status enligt plan rapporterad per 2024-08-31" in text
    assert "NV-06</a> Vård i hemmet, ny" in text  # the milestone's name beside its key
    assert "Beroende tillagt: NV-06 påverkar DI-01 (Gemensam digital vårdplattform" in text
    assert '<option value="StatusReported" >Status rapporterad</option>' in text
    english = in_language(moved, "auditor", "en").get(f"{PLAN}/history?milestone=NV-06")
    assert "Moved to nara-vard (Nära vård), 2024" in english.data.decode()


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # the byte-order mark: Excel reads åäö right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_history_csv_has_a_byte_order_mark_swedish_headers_and_summaries(
        moved: Flask) -> None:
    response = in_language(moved, "auditor", "sv").get(f"{PLAN}/history.csv?milestone=NV-06")
    table = rows(response.data)
    assert table[0] == ["Position", "Registrerad", "Vem", "Slags ändring", "Milstolpe",
                        "Sammanfattning", "Motivering"]
    assert [row[5] for row in table[1:]][:3] == [
        "Status enligt plan rapporterad per 2024-08-31", "Ändrad: titel",
        "Flyttad till nara-vard, 2024"]
    assert [row[3] for row in table[1:4]] == ["StatusReported", "MilestoneEdited",
                                              "MilestoneMoved"]  # the keys mean what they did
    english = rows(in_language(moved, "auditor", "en").get(f"{PLAN}/history.csv").data)
    assert english[0] == ["position", "recorded_at", "actor", "type", "milestone", "summary",
                          "reason"]


def test_the_report_csv_has_a_byte_order_mark_and_headers_in_the_pages_language(
        site: Flask) -> None:
    swedish = rows(in_language(site, "viewer", "sv").get(f"{PLAN}/report.csv?on=2024-04-30").data)
    assert swedish[0] == ["Insatsområde", "Nyckel", "Titel", "Målår", "Status", "Kommentar",
                          "Rapporterad per", "Rapporterad av"]
    english = rows(in_language(site, "viewer", "en").get(f"{PLAN}/report.csv?on=2024-04-30").data)
    assert english[0] == ["focus_area", "key", "title", "target_year", "status", "comment",
                          "reported_for", "reported_by"]
    milestones = swedish.index([]) if [] in swedish else len(swedish)  # then goals' tables
    assert swedish[1:milestones] == english[1:milestones] and milestones > 10  # same rows


def test_the_api_summarises_history_in_english_unless_asked_for_swedish(
        moved: Flask, auth: Auth) -> None:
    client = moved.test_client()
    url = f"{API}{PLAN}/history?milestone=NV-06&limit=1"
    english = client.get(url, headers=auth.headers("auditor")).json["items"][0]
    swedish = client.get(url, headers=auth.headers("auditor", **SWEDISH)).json["items"][0]
    assert english["summary"] == "Status on_track reported for 2024-08-31"
    assert swedish["summary"] == "Status enligt plan rapporterad per 2024-08-31"
    assert {k: v for k, v in english.items() if k != "summary"} == {
        k: v for k, v in swedish.items() if k != "summary"}
    table = client.get(f"{API}{PLAN}/history?format=csv&milestone=NV-06",
                       headers=auth.headers("auditor", **SWEDISH))
    assert rows(table.data)[0][0] == "Position"


def test_the_diff_page_names_fields_and_keys_in_swedish(moved: Flask, auth: Auth) -> None:
    page = in_language(moved, "auditor", "sv").get(
        f"{PLAN}/revisions/compare?from=2024").data.decode()
    assert "<td>målår</td>" in page and "<td>titel</td>" in page and "<td>status</td>" in page
    assert "NV-06 Vård i hemmet, ny</td>" in page
    assert "target_year" not in page and "Test of new ways" not in page
    english = in_language(moved, "auditor", "en").get(
        f"{PLAN}/revisions/compare?from=2024").data.decode()
    assert "<td>target year</td>" in english and "<td>title</td>" in english
    diff = moved.test_client().get(f"{API}{PLAN}/diff?from_revision=2024",
                                   headers=auth.headers("auditor", **SWEDISH))
    assert {change["field"] for change in diff.json["changed"]} == {"target_year", "title"}



def test_say_translates_nested_messages_counts_statuses_and_library_words(app: Flask) -> None:
    document = InvalidDocumentError({"milestones.0.title": [Message(N_("is required"))]})
    too_long = Message(N_("the sheet goes on past row %(last)s: at most %(most)s rows below the "
                      "header are read; delete the rows after your data, or send the rows in "
                      "parts"), last=Count(10_001), most=Count(10_000))
    status = Message(N_("Status %(status)s reported for %(date)s"), status=Status.AT_RISK,
                     date=date(2024, 4, 30))
    listed = Joined([Message(N_("is required")), "Number too large."], "; ")
    with app.test_request_context(f"{API}/plans", headers=SWEDISH):
        assert say(document.message) == (
            "1 fel, inget sparades: milestones.0.title: måste fyllas i")
        assert say(too_long).startswith("bladet fortsätter förbi rad 10\xa0001: högst 10\xa0000")
        assert say(status) == "Status inte helt tillfredsställande rapporterad per 2024-04-30"
        assert say(listed) == "måste fyllas i; För stort tal."
        assert say("Mitt eget: text") == "Mitt eget: text"  # a person's own words stay
    with app.test_request_context(f"{API}/plans"):  # no Accept-Language: English, as always
        assert say(status) == "Status at_risk reported for 2024-04-30"
        assert say(listed) == "is required; Number too large."
        assert say(too_long).startswith("the sheet goes on past row 10,001: at most 10,000")


def test_verify_names_what_an_altered_index_row_says_in_the_readers_words(app: Flask) -> None:
    row, first = (IndexRow(uuid4(), "milestone", plan, "B", 7) for plan in ("ovr", "fhs"))
    problem = Message(INDEXED_WRONGLY, aggregate="a", said=row.says(), told=first.says(),
                      position=7)
    with app.test_request_context("/", headers=SWEDISH):
        assert "är milstolpen 'B' i planen 'ovr'" in say(problem)
        assert "säger milstolpen 'B' i planen 'fhs'" in say(problem)
    with app.test_request_context("/", headers=ENGLISH):
        assert "is milestone 'B' of plan 'ovr'" in say(problem)
