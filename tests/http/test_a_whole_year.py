"""Issue 16's "done means": a whole follow-up year through the API, with two bodies and their
reporters: a tertial report, the interim report (delår), a special follow-up and the annual
report (bokslut, when annual metrics are due). Each round is opened after its reporting date,
reported by the reporters (an item returned and reported again), submitted (once forced, with
a reason) and decided (§, case number); each decided report's board PDF carries the decision
and the seal, and stays as decided after a later correction, which it lists."""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.mail import smtp_settings
from tests.conftest import Auth, open_store
from tests.mail_server import MailServer
from web import create_app

API = "/api/v1/plans/vp"
ENTRIES = [
    {"key": "T1-2026", "title": "Tertialrapport 1", "kind": "tertial",
     "reporting_date": "2026-04-30", "deadline": "2026-05-10",
     "meeting": {"body": "RS", "date": "2026-05-28"}},
    {"key": "delar-2026", "title": "Delårsrapport", "kind": "interim",
     "reporting_date": "2026-08-31", "deadline": "2026-09-10",
     "meeting": {"body": "RS", "date": "2026-09-24"}},
    {"key": "vardplatser-2026", "title": "Särskild uppföljning av vårdplatserna",
     "kind": "special", "reporting_date": "2026-09-15", "deadline": "2026-09-20",
     "meeting": {"body": "RS", "date": "2026-09-24"}},
    {"key": "bokslut-2026", "title": "Årsredovisning", "kind": "annual",
     "reporting_date": "2026-12-31", "deadline": "2027-01-31",
     "meeting": {"body": "RS", "date": "2027-02-18"}},
]
DECISIONS = {"T1-2026": ("§ 112", "RS 2026/88"), "delar-2026": ("§ 201", "RS 2026/140"),
             "vardplatser-2026": ("§ 202", "RS 2026/141"),
             "bokslut-2026": ("§ 31", "RS 2027/12")}


@dataclass
class Clock:
    """Today, as the test moves it through the year."""

    today: date = date(2026, 1, 10)

    def __call__(self) -> date:
        return self.today


@dataclass
class Year:
    client: FlaskClient
    service: Strategikarta
    clock: Clock
    planner: dict[str, str]
    reporters: dict[str | None, dict[str, str]]  # body → headers (None: the planner)

    def call(self, method: str, path: str, who: dict[str, str] | None = None,
             body: dict[str, Any] | None = None, status: int = 200) -> Any:
        response = self.client.open(f"{API}{path}", method=method, json=body,
                                    headers=who or self.planner)
        assert response.status_code == status, (method, path, response.json)
        return response.json

    def pdf(self, key: str) -> bytes:
        response = self.client.get(f"{API}/rounds/{key}/report?format=pdf", headers=self.planner)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        return response.data


@pytest.fixture
def year(tmp_path: Path) -> Iterator[Year]:
    """A plan of two bodies (RS, PN) on SQLite, its follow-up plan and a reporter per body."""
    clock = Clock()
    service = open_store(f"sqlite:///{tmp_path / 'year.sqlite'}", clock)
    service.users.password_method = "pbkdf2:sha256:1000"
    client = create_app({"TESTING": True, "SERVICE": service}).test_client()
    planner = Auth(service).headers()
    found = Year(client, service, clock, planner, {None: planner})
    for key, name, kind in (("RS", "Regionstyrelsen", "board"),
                            ("PN", "Primärvårdsnämnden", "committee")):
        client.post("/api/v1/bodies", headers=planner, json={"key": key, "name": name,
                                                             "kind": kind})
    assert client.post("/api/v1/plans", headers=planner, json={
        "key": "vp", "title": "Verksamhetsplan 2026", "owner": "RS", "start_year": 2026,
        "end_year": 2027, "focus_areas": [{"key": "vard", "name": "Vård"},
                                          {"key": "ekonomi", "name": "Ekonomi"}]}
                       ).status_code == 201
    for key, area, body in (("V1", "vard", "PN"), ("V2", "vard", "PN"), ("E1", "ekonomi", "RS"),
                            ("E2", "ekonomi", "RS"), ("X", "vard", "kansliet")):
        found.call("POST", "/milestones", body={
            "key": key, "title": f"Milstolpe {key}", "focus_area": area, "target_year": 2026,
            "kind": "change", "responsible": [body]}, status=201)
    for key, body in (("G-PN", "PN"), ("G-RS", "RS")):
        found.call("POST", "/goals", body={"key": key, "title": f"Målet för {body}",
                                           "level": "result_goal", "responsible": [body]},
                   status=201)
    for key, goal, frequency in (("M-PN", "G-PN", "period"), ("M-RS", "G-RS", "period"),
                                 ("M-ar", "G-RS", "annual")):
        found.call("POST", "/metrics", body={
            "key": key, "goal": goal, "name": f"Mätetal {key}", "unit": "%",
            "direction": "higher_is_better", "frequency": frequency,
            "targets": [{"year": 2026, "value": 80}]}, status=201)
    found.call("PUT", "/follow-up-plan", body={"entries": ENTRIES})
    for name, body in (("rs-rapportor", "RS"), ("pn-rapportor", "PN")):
        service.users.add(name, "reporter", "lösenord-123", actor="admin", bodies=[body],
                          email=f"{name}@region-exempel.invalid")
        found.reporters[body] = {
            "Authorization": f"Bearer {service.users.create_token(name, actor='admin')}"}
    yield found
    service.close()


def report(year: Year, item: dict[str, Any], on: str, value: int, note: str = "") -> None:
    """The item's reporter (the planner for no body) reports it for the round's date."""
    who = year.reporters[item["body"]]
    kind, key = item["kind"], item["key"]
    if kind == "milestone":
        year.call("POST", f"/milestones/{key}/status", who, {
            "status": "on_track" if value >= 80 else "at_risk", "reported_for": on,
            "comment": note}, status=201)
    elif kind == "goal":
        year.call("POST", f"/goals/{key}/assessments", who, {
            "assessment": "satisfactory" if value >= 80 else "partly_satisfactory",
            "reported_for": on, "analysis": note or f"Analys per {on}"}, status=201)
    else:
        year.call("POST", f"/metrics/{key}/outcomes", who, {
            "value": value, "reported_for": on, "comment": note}, status=201)


def remind_reporters(year: Year, mail: MailServer, entry: dict[str, Any],
                     items: list[dict[str, Any]]) -> None:
    """Reminders over SMTP, to the real server the test started: each reporter with items
    left gets one mail naming them and the deadline, and only theirs."""
    before = len(mail.inbox.messages)
    service = year.service
    days = (date.fromisoformat(entry["deadline"]) - year.clock.today).days  # due on the last day
    assert service.reminders.due(days=days - 1) == []
    outcomes = list(service.reminders.send(service.reminders.due(days=days),
                                           smtp_settings(mail.url),
                                           "strategikarta@region-exempel.invalid",
                                           "https://strategikarta.region-exempel.invalid"))
    assert all(not outcome.not_sent for outcome in outcomes), outcomes
    assert len(outcomes) == 2
    received = {tuple(m.recipients): m.message for m in mail.inbox.messages[before:]}
    assert set(received) == {("rs-rapportor@region-exempel.invalid",),
                             ("pn-rapportor@region-exempel.invalid",)}
    for body, address in (("RS", "rs-rapportor"), ("PN", "pn-rapportor")):
        text = received[(f"{address}@region-exempel.invalid",)].get_content()
        assert entry["deadline"] in text
        mine = {i["key"] for i in items if i["body"] == body}
        others = {i["key"] for i in items if i["body"] not in (body, None)}
        assert all(key in text for key in mine)
        assert not any(f" {key} " in text or f" {key}:" in text for key in others)
        link = re.search(r"Report here: https://strategikarta\.region-exempel\.invalid(\S+)", text)
        assert link is not None, text  # to the reporter's own page of the round
        endpoint, _ = year.client.application.url_map.bind("x").match(link.group(1))
        assert endpoint == "pages_my_round.my_round"


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def without_page_count(pages: list[str]) -> list[str]:
    """The pages without their footers' "av 6" (a page of corrections adds one)."""
    return [re.sub(r"Sida (\d+) av \d+", r"Sida \1", page) for page in pages]


def open_round(year: Year, entry: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    year.clock.today = date.fromisoformat(entry["reporting_date"]) + timedelta(days=1)
    opened = year.call("POST", "/rounds", body={"entry": entry["key"]}, status=201)
    assert {p["body"] for p in opened["progress"]} >= {"RS", "PN"}
    return opened["key"], opened["items"]


def decide(year: Year, entry: dict[str, Any], key: str) -> dict[str, Any]:
    year.clock.today = date.fromisoformat(entry["meeting"]["date"])
    paragraph, case_number = DECISIONS[key]
    decided = year.call("POST", f"/rounds/{key}/decision", body={
        "decided_by": "RS", "date": entry["meeting"]["date"], "paragraph": paragraph,
        "case_number": case_number}, status=201)
    return dict(decided["decision"])


def test_a_whole_year_of_follow_up(year: Year, mail_server: MailServer) -> None:
    decided: dict[str, tuple[dict[str, Any], bytes]] = {}
    for number, entry in enumerate(ENTRIES):
        key, items = open_round(year, entry)
        on = entry["reporting_date"]
        metrics = {i["key"] for i in items if i["kind"] == "metric"}
        assert ("M-ar" in metrics) == (entry["kind"] == "annual")
        remind_reporters(year, mail_server, entry, items)

        forced = entry["kind"] == "special"
        for item in items[1:] if forced else items:
            report(year, item, on, 70 + 5 * number)
        if number == 0:  # a planner returns one; its reporter reports it again
            returned = year.call("POST", f"/rounds/{key}/return", body={
                "items": ["metric:M-PN"], "comment": "Källan saknas"})
            assert {i["id"]: i["state"] for i in returned["items"]}["metric:M-PN"] == "returned"
            pn = next(i for i in items if i["id"] == "metric:M-PN")
            report(year, pn, on, 81, "Källa: patientenkäten")
        if forced:
            year.call("POST", f"/rounds/{key}/submit", body={}, status=409)
            year.call("POST", f"/rounds/{key}/submit", body={
                "force": True, "reason": "Underlaget för V1 kommer till nästa möte"})
        else:
            assert year.call("POST", f"/rounds/{key}/submit", body={})["state"] == "submitted"

        decision = decide(year, entry, key)
        content = year.pdf(key)
        text = "\n".join(pdf_text(content))
        for fact in (decision["paragraph"], decision["case_number"], decision["seal"][:16],
                     str(decision["position"]), "Regionstyrelsen", "Primärvårdsnämnden",
                     entry["title"]):
            assert fact in text.replace("\n", ""), (key, fact)
        assert year.pdf(key) == content, "the same decided round, the same PDF"
        decided[key] = (year.call("GET", f"/rounds/{key}/report"), content)

        if number == 0:  # a correction after the decision never changes what was decided
            year.call("POST", "/metrics/M-PN/outcomes", year.reporters["PN"], {
                "value": 60, "reported_for": on, "comment": "Rättad källa"}, status=201)
            later = year.call("GET", f"/rounds/{key}/report")
            assert later["report"] == decided[key][0]["report"]
            assert [c["item"] for c in later["corrected_since"]] == ["metric:M-PN"]
            pages = pdf_text(year.pdf(key))
            assert without_page_count(pages[:-1]) == without_page_count(pdf_text(content))
            assert "Rättat efter beslutet" in pages[-1] and "metric:M-PN" in pages[-1]
            decided[key] = (later, year.pdf(key))

    # At the end of the year every decided report is as it was decided.
    for key, (as_decided, content) in decided.items():
        assert year.call("GET", f"/rounds/{key}/report") == as_decided
        assert year.pdf(key) == content
