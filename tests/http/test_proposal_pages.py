"""Proposals on the pages: planners make them (by hand or from a revised workbook or
document), add every kind of change, withdraw and adopt them; auditors read, the map with its
marks too; errors at their field, a cycle's 409 with the cycle, a wrong state's 409 on the
page, stale and closed ones shown."""

import json
import re
from datetime import date
from io import BytesIO
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

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


def post(client: FlaskClient, path: str, data: dict[str, str], prefix: str = "") -> tuple[int, str]:
    """Send a form of the page; a form with a `prefix` names its fields `prefix-name`."""
    named = {f"{prefix}-{name}" if prefix else name: value
             for name, value in {**data, "csrf_token": csrf(client, PAGE)}.items()}
    response = client.post(path, data=named, follow_redirects=True)
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
    status, page = post(planner, f"{PAGE}/adopt", REVISION, "adopt")
    assert status == 409 and "är inaktuellt" in flashed(page)
    assert proposal.proposals.get("fhs", "rev").state == "open"


def test_a_withdrawn_proposal_is_read_only_with_its_fate(site: Flask,
                                                         proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{PAGE}/withdraw", {"reason": ""}, "withdraw")
    assert status == 422 and error_at(page, "withdraw-reason")
    status, page = post(planner, f"{PAGE}/withdraw", {"reason": "Ersatt av ett annat"}, "withdraw")
    assert status == 200 and 'id="fate"' in page and "Ersatt av ett annat" in page
    assert 'id="add-change"' not in page and 'id="withdraw"' not in page
    status, page = post(planner, f"{PAGE}/changes", {"op": "drop", "milestone": "B",
                                                     "reason": "x"})
    assert status == 409 and "är återkallat" in flashed(page)
    status, page = post(planner, f"{PAGE}/changes/dependency",
                        {"milestone": "C", "kind": "requires", "to": "A"}, "dependency")
    assert status == 409 and "är återkallat" in flashed(page)
    assert proposal.proposals.get("fhs", "rev").state == "withdrawn"


def test_adopting_on_the_page_applies_the_changes_with_the_revision(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = post(planner, f"{PAGE}/adopt", {**REVISION, "case_number": ""}, "adopt")
    assert status == 422 and error_at(page, "adopt-case_number")
    status, page = post(planner, f"{PAGE}/adopt", REVISION, "adopt")
    assert status == 200 and 'id="fate"' in page and "2025" in page
    assert proposal.milestones.get("fhs", "B").target_year == 2025
    assert [r.year for r, _ in proposal.revisions.list("fhs")] == [2025]
    assert date(2026, 3, 1) == proposal.revisions.list("fhs")[0][0].adopted_on


CHANGES = f"{PAGE}/changes"
NEW = {"key": "F", "title": "Ny milstolpe F", "focus_area": "nara-vard", "target_year": "2024",
       "kind": "pilot", "responsible": "HSN, Primärvården",
       "effects_residents": "Kortare väntan", "reason": "Behövs"}


def changes_of(service: Strategikarta, key: str = "rev") -> list[tuple[str, str, dict[str, Any]]]:
    return [(c.op, c.key, c.fields) for c in service.proposals.get("fhs", key).changes]


def test_readers_see_none_of_the_change_forms_and_may_not_send_them(site: Flask) -> None:
    auditor = signed_in(site, "auditor")
    page = auditor.get(PAGE).data.decode().split("<main")[1].split("</main>")[0]
    assert 'id="proposal-map"' in page  # auditors read the map and its marks
    assert not re.search(r'id="change-|method="post"', page)
    for path in ("define", "edit", "dependency", "dependency/remove"):
        assert auditor.post(f"{CHANGES}/{path}", data={"csrf_token": csrf(auditor, PAGE)}
                            ).status_code == 403
    assert 'enctype="multipart/form-data"' not in auditor.get(LIST).data.decode()


def test_a_planner_defines_a_milestone_and_a_bad_field_is_refused_at_it(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    before = changes_of(proposal)
    status, page = post(planner, f"{CHANGES}/define", {**NEW, "target_year": "2031"}, "define")
    assert status == 422 and "2031" in error_at(page, "define-target_year")
    assert '<details id="change-define" open>' in page
    status, page = post(planner, f"{CHANGES}/define", {**NEW, "key": "E"}, "define")
    assert status == 409 and "E" in error_at(page, "define-key")  # E is new in the proposal
    status, page = post(planner, f"{CHANGES}/define", {**NEW, "title": ""}, "define")
    assert status == 422 and error_at(page, "define-title")
    assert changes_of(proposal) == before
    status, page = post(planner, f"{CHANGES}/define", NEW, "define")
    assert status == 200 and "Ändringen är tillagd" in page
    op, key, fields = changes_of(proposal)[-1]
    assert (op, key, fields["target_year"], fields["responsible"]) == (
        "define", "F", 2024, ["HSN", "Primärvården"])
    assert fields["effects"] == [{"for": "residents", "text": "Kortare väntan"}]
    assert "F" not in proposal.milestones.titles("fhs")  # the plan itself is untouched


def test_an_edit_shows_the_fields_as_the_proposal_leaves_them_and_sends_only_the_changed(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    page = planner.get(f"{PAGE}?edit=C").data.decode()
    assert '<details id="change-edit" open>' in page
    assert re.search(r'<option selected value="2025">', page)  # slipped to 2025 in the proposal
    as_shown = {"key": "C", "title": "Milstolpe C", "description": "Beskrivning.",
                "focus_area": "nara-vard", "target_year": "2025", "kind": "change",
                "responsible": "HSN", "reason": ""}
    status, page = post(planner, f"{CHANGES}/edit", as_shown, "edit")
    assert status == 422 and "Inget är ändrat" in flashed(page)
    status, page = post(planner, f"{CHANGES}/edit", {**as_shown, "target_year": "2024"}, "edit")
    assert status == 422 and error_at(page, "edit-reason")  # a move says why
    status, page = post(planner, f"{CHANGES}/edit", {**as_shown, "title": ""}, "edit")
    assert status == 422 and error_at(page, "edit-title")
    before = changes_of(proposal)
    status, page = post(planner, f"{CHANGES}/edit", {**as_shown, "title": "Ny titel"}, "edit")
    assert status == 200
    assert changes_of(proposal) == [*before, ("edit", "C", {"title": "Ny titel"})]


def test_a_dependency_is_added_and_one_closing_a_cycle_is_refused_with_the_cycle(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    page = planner.get(PAGE).data.decode()
    assert '<option value="E">E Milstolpe E</option>' in page.split('id="dependency-to"')[1]
    before = changes_of(proposal)
    status, page = post(planner, f"{CHANGES}/dependency",
                        {"milestone": "A", "kind": "requires", "to": "C"}, "dependency")
    assert status == 409 and "A → C → B → A" in error_at(page, "dependency-to")
    status, page = post(planner, f"{CHANGES}/dependency",
                        {"milestone": "E", "kind": "requires", "to": ""}, "dependency")
    assert status == 422 and error_at(page, "dependency-to")
    assert changes_of(proposal) == before
    status, page = post(planner, f"{CHANGES}/dependency",
                        {"milestone": "E", "kind": "requires", "to": "C"}, "dependency")
    assert status == 200
    assert changes_of(proposal)[-1] == ("add_dependency", "E", {"to": "C", "kind": "requires"})


def test_a_removal_offers_only_the_dependencies_the_proposal_leaves(
        site: Flask, proposal: Strategikarta) -> None:
    proposal.proposals.add_change("fhs", "rev", "add_dependency", "E", {"to": "C",
                                                                       "kind": "requires"},
                                  actor="anna")
    planner = signed_in(site, "planner")
    offered = re.findall(r'<option value="(requires [^"]+)"',
                         planner.get(PAGE).data.decode().split('id="removal-dependency"')[1])
    assert offered == ["requires B A", "requires C B", "requires D A", "requires E C"]
    status, page = post(planner, f"{CHANGES}/dependency/remove", {"dependency": "C B"},
                        "removal")
    assert status == 422 and error_at(page, "removal-dependency")
    status, page = post(planner, f"{CHANGES}/dependency/remove",
                        {"dependency": "requires C A"}, "removal")
    assert status == 404 and "C" in error_at(page, "removal-dependency")
    status, page = post(planner, f"{CHANGES}/dependency/remove",
                        {"dependency": "requires C B", "reason": "Inte längre"}, "removal")
    assert status == 200
    assert changes_of(proposal)[-1] == ("remove_dependency", "C", {"to": "B", "kind": "requires"})
    page = planner.get(PAGE).data.decode()
    assert '"requires C B"' not in page.split('id="removal-dependency"')[1]


def test_the_map_is_on_the_page_with_a_legend_of_its_marks(site: Flask) -> None:
    page = signed_in(site, "planner").get(PAGE).data.decode()
    shown = page.split('id="proposal-map"')[1]
    assert '<figure class="map" id="map"' in shown and "<svg" in shown
    assert "flyttad från 2023" in shown.split("<figure")[1]  # the marks the map draws
    legend = {mark: re.sub(r"<[^>]+>", "", shown.split(f'id="mark-{mark}"')[1].split("</li>\n")[0])
              for mark in ("moved", "added", "dropped")}
    assert "(flyttad från ÅR)" in legend["moved"]
    assert "B Milstolpe B: flyttad från 2023 till 2025" in legend["moved"]
    assert "(ny i förslaget)" in legend["added"] and "E Milstolpe E" in legend["added"]
    assert "(utgår i förslaget)" in legend["dropped"] and "A Milstolpe A" in legend["dropped"]
    assert 'href="/plans/fhs/map"' in shown and "map.js" in page


def upload(client: FlaskClient, content: bytes, filename: str,
           **fields: str) -> tuple[int, str]:
    data: dict[str, Any] = {f"import-{name}": value for name, value in
                            {"key": "rev2", "title": "Reviderad plan", **fields}.items()}
    data |= {"import-csrf_token": csrf(client, LIST), "import-file": (BytesIO(content), filename)}
    response = client.post(f"{LIST}/import", data=data, content_type="multipart/form-data",
                           follow_redirects=True)
    return response.status_code, response.data.decode()


def revised_workbook(service: Strategikarta, **cells: Any) -> bytes:
    workbook = load_workbook(BytesIO(service.workbooks.export_plan("fhs")))
    for cell, value in cells.items():
        workbook["Milstolpar"][cell] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_revised_workbook_or_document_uploaded_makes_the_proposal(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = upload(planner, revised_workbook(proposal, E4=2024), "plan.xlsx")
    assert status == 200 and "<h1>Förslag rev2: Reviderad plan</h1>" in page
    assert changes_of(proposal, "rev2") == [
        ("move", "C", {"focus_area": "nara-vard", "target_year": 2024})]
    document = proposal.documents.export_plan("fhs")
    document["milestones"] = [m for m in document["milestones"] if m["key"] != "C"]
    status, page = upload(planner, yaml.safe_dump(document, allow_unicode=True).encode(),
                          "plan.yaml", key="rev3")
    assert status == 200 and "Förslag rev3" in page
    assert [(op, key) for op, key, _ in changes_of(proposal, "rev3")] == [("drop", "C")]


def test_a_bad_upload_names_its_cells_or_fields_and_stores_nothing(
        site: Flask, proposal: Strategikarta) -> None:
    planner = signed_in(site, "planner")
    status, page = upload(planner, revised_workbook(proposal, E2=2031, D3="okand"), "plan.xlsx")
    assert status == 422
    problems = page.split('class="problems"')[1].split("</ul>")[0]
    assert "Milstolpar!E2" in problems and "Milstolpar!D3" in problems
    document = proposal.documents.export_plan("fhs")
    document["milestones"][1]["target_year"] = "sent"
    status, page = upload(planner, json.dumps(document).encode(), "plan.json")
    assert status == 422 and "milestones.1.target_year" in page.split('class="problems"')[1]
    status, page = upload(planner, b"{", "plan.json")
    assert status == 422 and "JSON" in error_at(page, "import-file")
    status, page = upload(planner, b"text", "plan.txt")
    assert status == 422 and error_at(page, "import-file")
    status, page = upload(planner, revised_workbook(proposal), "plan.xlsx", key="rev")
    assert status == 409 and "rev" in error_at(page, "import-key")
    assert [p.key for p in proposal.proposals.list("fhs")] == ["rev"]
