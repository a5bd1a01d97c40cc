"""A proposal from a revised plan: the document or workbook the planners edited, its
difference from the plan made into changes, each checked as a hand-made one."""

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from domain.errors import InvalidDocumentError, InvalidValueError
from service.application import Strategikarta
from service.revised_document import DROPPED
from tests.builders import make_plan, milestone_body


def a_plan(service: Strategikarta) -> None:
    """A, B, C, D in 2023; B and C require A."""
    make_plan(service, milestones=("A", "B", "C", "D"))
    service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    service.dependencies.add("fhs", "C", "A", "requires", actor="anna")


def revised(service: Strategikarta) -> dict[str, Any]:
    """The plan's document, edited: A moved to 2024, C's title edited and C requiring B, B no
    longer requiring A, D gone, E new (requiring B)."""
    document = service.documents.export_plan("fhs")
    rows = {row["key"]: row for row in document["milestones"]}
    rows["A"]["target_year"] = 2024
    rows["C"]["title"] = "Ny titel"
    rows["C"]["requires"] = ["A", "B"]
    rows["B"]["requires"] = []
    del rows["D"]
    rows["E"] = {**milestone_body("E", target_year=2025), "goals": [], "requires": ["B"],
                 "affects": []}
    document["milestones"] = list(rows.values())
    return document


def import_document(service: Strategikarta, document: dict[str, Any], key: str = "rev") -> Any:
    return service.proposal_imports.from_document("fhs", document, key, "Revidering",
                                                  actor="anna")


def said(view: Any) -> list[tuple[Any, ...]]:
    return [(c.op, c.key, c.fields) for c in view.changes]


EXPECTED = [
    ("define", "E", {k: v for k, v in milestone_body("E", target_year=2025).items()
                     if k != "key"} | {"goals": []}),
    ("edit", "C", {"title": "Ny titel"}),
    ("move", "A", {"focus_area": "nara-vard", "target_year": 2024}),
    ("remove_dependency", "B", {"to": "A", "kind": "requires"}),
    ("add_dependency", "C", {"to": "B", "kind": "requires"}),
    ("add_dependency", "E", {"to": "B", "kind": "requires"}),
    ("drop", "D", {}),
]


def check_the_revision(view: Any) -> None:
    assert said(view) == EXPECTED
    assert view.changes[-1].reason == DROPPED
    diff = view.diff
    assert [(c.milestone, c.field, c.before, c.after) for c in diff["changed"]] == [
        ("A", "target_year", 2023, 2024), ("C", "title", "Milstolpe C", "Ny titel")]
    assert [c.milestone for c in diff["added"]] == ["E"]
    assert [(c.milestone, c.after) for c in diff["status_changes"]] == [("D", "dropped")]
    assert sorted((c.milestone, c.after) for c in diff["dependencies_added"]) == [
        ("C", "B"), ("E", "B")]
    assert [(c.milestone, c.before) for c in diff["dependencies_removed"]] == [("B", "A")]


def test_an_edited_document_makes_a_proposal_of_exactly_its_changes(
        memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    imported = import_document(memory_service, revised(memory_service))
    check_the_revision(imported.proposal)
    assert imported.notes == ()
    assert memory_service.milestones.get("fhs", "A").target_year == 2023  # the plan as it was


def test_an_edited_workbook_makes_the_same_proposal(memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    workbook = load_workbook(BytesIO(memory_service.workbooks.export_plan("fhs")))
    sheet = workbook["Milstolpar"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in header if name}
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value}
    requires = "Är beroende av (;)"
    rows["A"][column["Målår"]].value = 2024
    rows["C"][column["Titel"]].value = "Ny titel"
    rows["C"][column[requires]].value = "A; B"
    rows["B"][column[requires]].value = None
    rows["D"][0].value = "E"  # D's row becomes E's
    rows["D"][column["Titel"]].value = "Milstolpe E"
    rows["D"][column["Målår"]].value = 2025
    rows["D"][column[requires]].value = "B"
    out = BytesIO()
    workbook.save(out)
    imported = memory_service.proposal_imports.from_workbook("fhs", out.getvalue(), "rev",
                                                             "Revidering", actor="anna")
    check_the_revision(imported.proposal)


def test_a_bad_document_names_its_fields_and_stores_nothing(
        memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    document = revised(memory_service)
    document["milestones"][0]["target_year"] = 2031  # A, outside the period
    document["milestones"][1]["focus_area"] = "okand"  # B
    with pytest.raises(InvalidDocumentError) as refused:
        import_document(memory_service, document)
    assert set(refused.value.errors) == {"milestones.0.target_year", "milestones.1.focus_area"}
    assert memory_service.proposals.list("fhs") == []


def test_a_change_the_plan_refuses_is_named_by_its_row(memory_service: Strategikarta) -> None:
    """The document is sound as a plan, but the plan as it is refuses the change: a goal the
    document defines (a proposal does not carry goals) is not the plan's."""
    a_plan(memory_service)
    document = revised(memory_service)
    document["goal_levels"] = [{"key": "mal", "name": "Mål"}]
    document["goals"] = [{"key": "G", "title": "Mål", "level": "mal"}]
    document["milestones"][1]["goals"] = ["G"]
    with pytest.raises(InvalidValueError) as refused:
        import_document(memory_service, document)
    assert refused.value.field == "milestones.1.goals.0"
    assert memory_service.proposals.list("fhs") == []


def test_another_plan_or_period_is_refused(memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    document = {**revised(memory_service), "key": "annan", "end_year": 2026}
    with pytest.raises(InvalidDocumentError) as refused:
        import_document(memory_service, document)
    assert set(refused.value.errors) == {"key", "end_year"}
    assert "2022–2025" in str(refused.value.errors["end_year"][0])


def test_an_unchanged_document_makes_a_proposal_without_changes_and_says_so(
        memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    imported = import_document(memory_service, memory_service.documents.export_plan("fhs"))
    assert imported.proposal.changes == ()
    assert [str(note) for note in imported.notes] == [
        "the document says what the plan says: the proposal holds no changes"]


def test_the_goal_tree_and_the_plan_fields_are_noted_as_ignored(
        memory_service: Strategikarta) -> None:
    a_plan(memory_service)
    document = memory_service.documents.export_plan("fhs")
    document["title"] = "Ny plan"
    document["goal_levels"] = [{"key": "mal", "name": "Mål"}]
    imported = import_document(memory_service, document)
    assert len(imported.notes) == 3  # the title, the goal tree, and no changes
