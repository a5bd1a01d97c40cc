"""Proposals on the pages: planners make them, add changes, withdraw and adopt them; auditors
read; errors at their field, a wrong state's 409 on the page, stale and closed ones shown."""

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_proposal_of_each_mark, milestone_body
from tests.conftest import Auth
from tests.http.test_pages import csrf, signed_in
from web import create_app

LIST = "/plans/fhs/proposals"
PAGE = f"{LIST}/rev"
REVISION = {"year": "2025", "adopted_on": "2026-03-01", "decided_by": "Regionfullmäktige",
            "paragraph": "§ 12", "case_number": "RS 2026/1", "summary": "Reviderad"}


@pytest.fixture
def proposal(memory_service: Strategikarta) -> Strategikarta:
    return make_proposal_of_each_mark(memory_service)


@pytest.fixture
def site(proposal: Strategikarta, auth: Auth) -> Flask:
    return create_app({"TESTING": True, "SERVICE": proposal})


def post(client: FlaskClient, path: str, data: dict[str, str]) -> tuple[int, str]:
    response = client.post(path, data={**data, "csrf_token": csrf(client, PAGE)},
                           follow_redirects=True)
    return response.status_code, response.data.decode()


def error_at(page: str, field: str) -> str:
    found = re.search(rf'<span class="error" id="{field}-error">([^<]*)</span>', page)
    assert found, f"no error at {field}"
    return found.group(1)


def flashed(page: str) -> str:
    """The messages at the top of the page."""
    return " ".join(re.findall(r'<p class="message error">([^<]*)</p>', page))


def test_viewers_do_not_see_proposals_and_auditors_read_them_without_forms(site: Flask) -> None:
    assert signed_in(site, "viewer").get(LIST).status_code == 403
    auditor = signed_in(site, "auditor")
    listed = auditor.get(LIST).data.decode()
    assert 'href="/plans/fhs/proposals/rev"' in listed and "<form" not in listed.split(
        "<main")[-1].split("</main>")[0].replace('method="get"', "")
    page = auditor.get(PAGE).data.decode()
    assert "Revidering 2025" in page and 'id="add-change"' not in page
    assert auditor.post(f"{PAGE}/withdraw", data={"reason": "x", "csrf_token": csrf(
        auditor, PAGE)}).status_code == 403
    assert f'href="{LIST}"' in auditor.get("/plans/fhs").data.decode()


def test_the_page_shows_the_changes_the_diff_the_analysis_and_links_the_map(site: Flask) -> None:
    page = signed_in(site, "planner").get(PAGE).data.decode()
    assert page.count("<tr><td>") >= 4  # slip's two moves, the new milestone, the drop
    assert 'id="diff"' in page and 'id="critical-path"' in page
    assert "/api/v1/plans/fhs/proposals/rev/map" in page


def test_a_planner_makes_a_proposal_and_a_taken_key_is_refused_at_its_field(site: Flask) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, LIST, {"key": "ny", "title": "Nytt förslag"})
    assert status == 200 and "Nytt förslag" in page and 'id="add-change"' in page
    status, page = post(planner, LIST, {"key": "ny", "title": "Igen"})
    assert status == 409 and "ny" in error_at(page, "key")
    status, page = post(planner, LIST, {"key": "", "title": ""})
    assert status == 422 and error_at(page, "title")


def test_a_slip_added_on_the_page_records_its_moves(site: Flask, proposal: Strategikarta) -> None:
    proposal.proposals.make("fhs", "p2", "Andra", "", actor="anna")
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{LIST}/p2/changes",
                        {"op": "slip", "milestone": "A", "year": "2024", "reason": "Försenad"})
    assert status == 200
    assert [c.key for c in proposal.proposals.get("fhs", "p2").changes] == ["A", "B", "C"]


def test_a_changes_errors_are_shown_at_their_fields(site: Flask) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{PAGE}/changes", {"op": "move", "milestone": "B", "year": "",
                                                     "reason": "x"})
    assert status == 422 and error_at(page, "year")
    status, page = post(planner, f"{PAGE}/changes", {"op": "slip", "milestone": "B",
                                                     "year": "2030", "reason": "x"})
    assert status == 422 and "2030" in error_at(page, "year")
    status, page = post(planner, f"{PAGE}/changes", {"op": "drop", "milestone": "",
                                                     "reason": "x"})
    assert status == 422 and error_at(page, "milestone")


def test_a_stale_proposal_says_what_changed_and_adopting_it_is_a_409_on_the_page(
        site: Flask, proposal: Strategikarta) -> None:
    proposal.milestones.define("fhs", milestone_body("F"), actor="anna")
    planner = signed_in(site, "planner")
    page = planner.get(PAGE).data.decode()
    assert 'id="stale"' in page and "F" in page.split('id="stale"')[1].split("</section>")[0]
    status, page = post(planner, f"{PAGE}/adopt", REVISION)
    assert status == 409 and "är inaktuellt" in flashed(page)
    assert proposal.proposals.get("fhs", "rev").state == "open"


def test_a_withdrawn_proposal_is_read_only_with_its_fate(site: Flask,
                                                         proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{PAGE}/withdraw", {"reason": ""})
    assert status == 422 and error_at(page, "reason")
    status, page = post(planner, f"{PAGE}/withdraw", {"reason": "Ersatt av ett annat"})
    assert status == 200 and 'id="fate"' in page and "Ersatt av ett annat" in page
    assert 'id="add-change"' not in page and 'id="withdraw"' not in page
    status, page = post(planner, f"{PAGE}/changes", {"op": "drop", "milestone": "B",
                                                     "reason": "x"})
    assert status == 409 and "är återkallat" in flashed(page)
    assert proposal.proposals.get("fhs", "rev").state == "withdrawn"


def test_adopting_on_the_page_applies_the_changes_with_the_revision(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{PAGE}/adopt", {**REVISION, "case_number": ""})
    assert status == 422 and error_at(page, "case_number")
    status, page = post(planner, f"{PAGE}/adopt", REVISION)
    assert status == 200 and 'id="fate"' in page and "2025" in page
    assert proposal.milestones.get("fhs", "B").target_year == 2025
    assert [r.year for r, _ in proposal.revisions.list("fhs")] == [2025]
    assert date(2026, 3, 1) == proposal.revisions.list("fhs")[0][0].adopted_on
