"""`POST /plans/{plan}/proposals/import`: a revised plan document or workbook as a proposal."""

from io import BytesIO
from typing import Any

import yaml
from flask.testing import FlaskClient
from openpyxl import load_workbook

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth

IMPORT = "/api/v1/plans/fhs/proposals/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def revised_document(service: Strategikarta) -> dict[str, Any]:
    make_plan(service, milestones=("A", "B", "C"))
    document = service.documents.export_plan("fhs")
    document["milestones"][0]["target_year"] = 2024  # A moved
    del document["milestones"][2]  # C gone
    return document


def test_a_json_document_with_key_and_title_in_the_query_makes_the_proposal(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    document = revised_document(memory_service)
    made = client.post(f"{IMPORT}?key=rev&title=Revidering", json=document,
                       headers=auth.headers())
    assert made.status_code == 201, made.json
    assert made.headers["Location"].endswith("/plans/fhs/proposals/rev")
    assert [(c["op"], c["key"]) for c in made.json["changes"]] == [("move", "A"), ("drop", "C")]
    assert made.json["diff"]["changed"][0]["to"] == 2024
    assert made.json["notes"] == []
    read = client.get(made.headers["Location"], headers=auth.headers())
    assert len(read.json["changes"]) == 2


def test_yaml_and_an_unchanged_document_say_there_are_no_changes(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    body = yaml.safe_dump(memory_service.documents.export_plan("fhs"), allow_unicode=True)
    made = client.post(f"{IMPORT}?key=rev&title=Revidering", data=body.encode(),
                       content_type="application/yaml", headers=auth.headers())
    assert made.status_code == 201, made.json
    assert made.json["changes"] == []
    assert made.json["notes"] == [
        "the document says what the plan says: the proposal holds no changes"]


def test_a_workbook_as_a_form_with_key_and_title_as_fields(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    workbook = load_workbook(BytesIO(memory_service.workbooks.export_plan("fhs")))
    workbook["Milstolpar"]["E2"] = 2025  # A's Målår
    out = BytesIO()
    workbook.save(out)
    made = client.post(IMPORT, data={"file": (BytesIO(out.getvalue()), "plan.xlsx"),
                                      "key": "rev", "title": "Revidering"},
                       content_type="multipart/form-data", headers=auth.headers())
    assert made.status_code == 201, made.json
    assert [(c["op"], c["key"], c["fields"]["target_year"]) for c in made.json["changes"]] == [
        ("move", "A", 2025)]


def test_a_bad_workbook_cell_is_named_and_nothing_is_stored(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    workbook = load_workbook(BytesIO(memory_service.workbooks.export_plan("fhs")))
    workbook["Milstolpar"]["E2"] = 2031
    workbook["Milstolpar"]["D3"] = "okand"
    out = BytesIO()
    workbook.save(out)
    refused = client.post(f"{IMPORT}?key=rev&title=Revidering", data=out.getvalue(),
                          content_type=XLSX, headers=auth.headers())
    assert refused.status_code == 422, refused.json
    assert set(refused.json["errors"]) == {"Milstolpar!E2", "Milstolpar!D3"}
    assert memory_service.proposals.list("fhs") == []


def test_a_bad_document_is_refused_naming_every_field(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    document = revised_document(memory_service)
    document["milestones"][0]["target_year"] = "snart"
    document["milestones"][1]["kind"] = "okand"
    refused = client.post(f"{IMPORT}?key=rev&title=Revidering", json=document,
                          headers=auth.headers())
    assert refused.status_code == 422, refused.json
    assert {"milestones.0.target_year", "milestones.1.kind"} <= set(refused.json["errors"])
    assert memory_service.proposals.list("fhs") == []


def test_another_period_and_a_missing_title_are_refused(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    document = {**revised_document(memory_service), "start_year": 2021}
    refused = client.post(f"{IMPORT}?key=rev&title=Revidering", json=document,
                          headers=auth.headers())
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"start_year"}
    untitled = client.post(f"{IMPORT}?key=rev", json=document, headers=auth.headers())
    assert untitled.status_code == 422 and "title" in untitled.json["errors"]
    assert memory_service.proposals.list("fhs") == []


def test_readers_cannot_import(client: FlaskClient, auth: Auth,
                               memory_service: Strategikarta) -> None:
    document = revised_document(memory_service)
    refused = client.post(f"{IMPORT}?key=rev&title=Revidering", json=document,
                          headers=auth.headers("viewer"))
    assert refused.status_code == 403
