"""The public site through Flask's test client: publication by admins only, pages and open data
without signing in, the plan as last adopted and reports as decided and nothing else, the same
404 for an unpublished plan as for an unknown one, ETags and 304s."""

import gzip
import re
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth, open_store
from tests.http.test_pages import CSRF_FIELD, signed_in
from tests.public_year import (
    NEVER_SHOWN,
    adopted_with_a_proposal,
    decided_and_adopted,
    drafts_after_it,
)
from web import create_app
from web.cli import main

API = "/api/v1"
PAGE, DATA, MAP = "/public/plans/fhs", "/public/plans/fhs.json", "/public/plans/fhs/map.svg"
# Whoever did something: the public site names none of them.
PEOPLE = ("anna-aktor", "rita-rapportor", "rolf-revisor", "admin-user", "planner-user",
          "viewer-user", "auditor-user", "test-setup", "hsn-user", "pn-user", "Planeringschefen")


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    decided_and_adopted(memory_service)
    return create_app({"TESTING": True, "SERVICE": memory_service})


def publish(client: FlaskClient, auth: Auth, published: Any, role: str = "admin",
            plan: str = "fhs") -> Any:
    return client.put(f"{API}/plans/{plan}/publication", json={"published": published},
                      headers=auth.headers(role))


def position(client: FlaskClient) -> int:
    found: int = client.get("/healthz").json["position"]
    return found


def test_only_an_admin_publishes_and_a_refusal_stores_nothing(site: Flask, auth: Auth) -> None:
    client = site.test_client()
    before = position(client)
    for role in ("planner", "auditor", "viewer"):
        refused = publish(client, auth, False, role)
        assert refused.status_code == 403 and "admins may" in refused.json["message"]
    assert client.put(f"{API}/plans/fhs/publication", json={"published": False}).status_code == 401
    assert position(client) == before
    taken_off = publish(client, auth, False)
    assert taken_off.status_code == 200
    assert taken_off.json == {"plan": "fhs", "published": False, "position": before + 1,
                              "page": None}
    assert client.get(f"{API}/plans/fhs/publication", headers=auth.headers("viewer")).json[
        "published"] is False


@pytest.mark.parametrize("body, field", [({}, "published"), ({"published": "true"}, "published"),
                                         ({"published": 1}, "published"),
                                         ({"published": True, "extra": 1}, "extra")])
def test_a_bad_body_is_422_naming_the_field(site: Flask, auth: Auth, body: dict[str, Any],
                                            field: str) -> None:
    client = site.test_client()
    before = position(client)
    refused = client.put(f"{API}/plans/fhs/publication", json=body, headers=auth.headers("admin"))
    assert refused.status_code == 422 and list(refused.json["errors"]) == [field]
    assert position(client) == before


def test_an_unknown_plan_is_404_and_the_same_state_again_records_nothing(site: Flask,
                                                                          auth: Auth) -> None:
    client = site.test_client()
    assert publish(client, auth, True, plan="okand").status_code == 404
    before = position(client)
    again = publish(client, auth, True)
    assert again.status_code == 200 and again.json["page"] == PAGE
    assert position(client) == before


def test_anyone_reads_the_plan_as_adopted_and_the_report_as_decided(site: Flask) -> None:
    page = site.test_client().get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="sv">' in html
    for shown in ("Milstolpe NV-01", "Milstolpe NV-02", "Reviderad plan 2025", "RS 2026/1",
                  "Årsbokslutet godkänns", "RS/12/2026", "Beslutad kommentar",
                  "Kortare väntetider", "Besök inom 90 dagar",
                  "Ännu inte täckt av en signerad kontrollpunkt", 'href="/public/verify"'):
        assert shown in html, shown
    service: Strategikarta = site.extensions["strategikarta"]
    (revision, seal), = service.revisions.list("fhs")
    decision = service.store.plan_record("fhs").rounds["bokslut-2025"].decision
    assert seal.digest in html and decision is not None and decision.seal.digest in html


def test_nothing_after_the_revision_and_no_one_is_shown(site: Flask) -> None:
    service: Strategikarta = site.extensions["strategikarta"]
    client = site.test_client()
    before = client.get(PAGE).get_data(as_text=True), client.get(DATA).get_data(as_text=True)
    drafts_after_it(service)
    after = client.get(PAGE).get_data(as_text=True), client.get(DATA).get_data(as_text=True)
    assert after == before
    site.extensions["public_pages"].clear()  # made anew from the log, not kept from before
    for text in (client.get(PAGE).get_data(as_text=True),
                 client.get(f"{PAGE}?lang=en").get_data(as_text=True),
                 client.get(DATA).get_data(as_text=True), client.get("/public/").get_data(
                     as_text=True), client.get(MAP).get_data(as_text=True)):
        for secret in (*NEVER_SHOWN, *PEOPLE):
            assert secret not in text, secret
    assert "Milstolpe NV-02" in client.get(PAGE).get_data(as_text=True)


def test_an_unpublished_plan_is_the_same_404_as_an_unknown_one(site: Flask, auth: Auth) -> None:
    client = site.test_client()
    publish(client, auth, False)
    for suffix in ("", ".json", "/map.svg", "/milestones/NV-01"):
        unpublished = client.get(PAGE + suffix)
        unknown = client.get(PAGE.replace("fhs", "okand") + suffix)
        assert unpublished.status_code == unknown.status_code == 404
        assert unpublished.get_data() == unknown.get_data().replace(b"okand", b"fhs")
    assert b"fhs" not in client.get("/public/").get_data()


def test_a_plan_published_before_any_revision_says_so(memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("NV-01",))
    memory_service.publication.set("fhs", True, actor="admin")
    client = create_app({"TESTING": True, "SERVICE": memory_service}).test_client()
    html = client.get(PAGE).get_data(as_text=True)
    assert "Ingen revidering av planen är antagen ännu" in html and "Milstolpe NV-01" not in html
    data = client.get(DATA).json
    assert (data["revisions"], data["adopted"], data["reports"]) == ([], None, [])
    assert client.get(MAP).status_code == 404


def test_the_plan_as_adopted_includes_the_proposal_adopted_with_the_revision(
        memory_service: Strategikarta) -> None:
    adopted_with_a_proposal(memory_service)
    client = create_app({"TESTING": True, "SERVICE": memory_service}).test_client()
    years = {m["key"]: m["target_year"] for m in client.get(DATA).json["adopted"]["milestones"]}
    assert years == {"A": 2025, "B": 2023}


def test_a_page_is_served_again_with_its_etag_and_304_until_it_changes(site: Flask,
                                                                        auth: Auth) -> None:
    client = site.test_client()
    for url in (PAGE, DATA, MAP, "/public/", "/public/verify"):
        first = client.get(url)
        etag = first.headers["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{40}"', etag), url
        assert first.headers["Cache-Control"] == "public, max-age=60"
        again = client.get(url, headers={"If-None-Match": etag})
        assert (again.status_code, again.get_data(), again.headers["ETag"]) == (304, b"", etag)
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(f"{PAGE}?lang=en").headers["ETag"] != client.get(PAGE).headers["ETag"]
    etag = client.get(PAGE).headers["ETag"]
    kept = site.extensions["public_pages"].kept(("plan", "fhs", "sv", None))
    drafts_after_it(site.extensions["strategikarta"])
    assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304
    assert site.extensions["public_pages"].kept(("plan", "fhs", "sv", None)) is kept
    site.extensions["strategikarta"].revisions.adopt(
        "fhs", 2026, date(2026, 6, 1), "Regionfullmäktige", "§ 40", "RS 2026/9", "Nästa",
        actor="rolf-revisor")
    changed = client.get(PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "UTKAST-1" in changed.get_data(as_text=True)


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_under_an_etag_of_its_own(
        site: Flask) -> None:
    client = site.test_client()
    plain = client.get(PAGE)
    zipped = client.get(PAGE, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert len(zipped.get_data()) < len(plain.get_data()) / 3
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert zipped.headers["Vary"] == plain.headers["Vary"] == "Accept-Encoding, Accept-Language"
    again = client.get(PAGE, headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(PAGE, headers={"Accept-Encoding": "gzip;q=0"}).get_data() == plain.get_data()


def test_a_signed_in_reader_gets_the_same_page_and_no_cookie(site: Flask) -> None:
    admin = signed_in(site, "admin")
    anonymous = site.test_client().get(PAGE)
    theirs = admin.get(PAGE)
    assert theirs.get_data() == anonymous.get_data()
    assert "Set-Cookie" not in theirs.headers and "Cookie" not in theirs.headers.get("Vary", "")


def test_the_open_data_has_its_documented_keys(site: Flask) -> None:
    data = site.test_client().get(DATA).json
    assert list(data) == ["format", "plan", "verification", "revisions", "adopted", "reports"]
    assert data["format"] == "strategikarta-public-plan/1"
    revision, = data["revisions"]
    assert list(revision) == ["year", "adopted_on", "decided_by", "paragraph", "case_number",
                              "summary", "seal", "position", "checkpoint", "inclusion_proof",
                              "adopted_position", "map"]
    assert revision["checkpoint"] is None and revision["inclusion_proof"] is None
    adopted = data["adopted"]
    assert list(adopted) == ["revision", "position", "on", "focus_areas", "milestones",
                             "status_totals", "goals", "metrics"]
    assert list(adopted["milestones"][0]) == [
        "key", "title", "description", "focus_area", "target_year", "kind", "responsible",
        "effects", "goals", "requires", "affects", "status"]
    report, = data["reports"]
    assert list(report) == ["round", "title", "kind", "reporting_date", "meeting", "decision",
                            "seal", "position", "checkpoint", "inclusion_proof",
                            "report_digest", "status_totals", "goals", "metrics", "bodies"]
    lines = [line for body in report["bodies"] for area in body["focus_areas"]
             for line in area["milestones"]]
    assert {line["key"]: line["status"] for line in lines}["NV-01"] == "at_risk"
    assert data["verification"]["verifier"] == "/public/verify_log.py"


def test_the_map_of_a_revision_links_its_milestones_to_the_public_page(site: Flask) -> None:
    client = site.test_client()
    svg = client.get(f"{MAP}?revision=2025")
    assert svg.mimetype == "image/svg+xml" and b"/public/plans/fhs/milestones/NV-01" in svg.data
    assert client.get(f"{MAP}?revision=2019").status_code == 404
    moved = client.get("/public/plans/fhs/milestones/NV-01")
    assert moved.status_code == 302 and moved.location.endswith("/public/plans/fhs#milestone-NV-01")


def test_an_admin_publishes_from_the_plans_page_and_a_planner_cannot(site: Flask,
                                                                     auth: Auth) -> None:
    planner = signed_in(site, "planner")
    assert "Publicera på den öppna" not in planner.get("/plans/fhs").get_data(as_text=True)
    token = re.search(CSRF_FIELD, planner.get("/plans/fhs").get_data(as_text=True)).group(1)
    assert planner.post("/plans/fhs/publication", data={"published": "0",
                                                        "csrf_token": token}).status_code == 403
    admin = signed_in(site, "admin")
    page = admin.get("/plans/fhs").get_data(as_text=True)
    assert "Ta bort från den öppna webbplatsen" in page
    token = re.search(CSRF_FIELD, page).group(1)
    assert admin.post("/plans/fhs/publication", data={"published": "0", "csrf_token": token},
                      follow_redirects=True).status_code == 200
    assert site.test_client().get(PAGE).status_code == 404


def test_the_command_line_publishes_and_takes_off(sqlite_url: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    service = open_store(sqlite_url)
    make_plan(service)
    service.close()
    published = CliRunner().invoke(main, ["plan", "publish", "fhs"])
    assert (published.exit_code, published.output) == (
        0, "plan 'fhs' is published: /public/plans/fhs\n")
    taken_off = CliRunner().invoke(main, ["plan", "publish", "fhs", "--off"])
    assert (taken_off.exit_code, taken_off.output) == (0, "plan 'fhs' is not published\n")
    unknown = CliRunner().invoke(main, ["plan", "publish", "okand"])
    assert unknown.exit_code == 1 and "no plan 'okand'" in unknown.output
    service = open_store(sqlite_url)
    assert service.publication.get("fhs").published is False
    trail = service.store.trail("fhs", service.store.catch_up())
    assert [e.actor.startswith("cli:") for e in trail][-2:] == [True, True]
    service.close()
