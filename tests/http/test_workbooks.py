"""Excel in: the plan and status-round templates, filled in and sent back, all or nothing."""

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from tests.builders import make_plan
from tests.conftest import Auth
from web.cli import main

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(client: FlaskClient, auth: Auth, url: str) -> Any:
    response = client.get(url, headers=auth.headers())
    assert response.status_code == 200 and response.mimetype == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.data))


def as_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(client: FlaskClient, auth: Auth, url: str, book: Any, as_form: bool = False) -> Any:
    if as_form:
        return client.post(url, data={"file": (io.BytesIO(as_bytes(book)), "ifylld.xlsx")},
                           headers=auth.headers())
    return client.post(url, data=as_bytes(book), content_type=XLSX, headers=auth.headers())


@pytest.mark.parametrize("as_form", [False, True])
def test_a_filled_in_status_round_is_stored(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta, as_form: bool) -> None:
    make_plan(memory_service, milestones=("A", "B", "C"))
    book = workbook(client, auth, "/api/v1/plans/fhs/status-reports/template")
    sheet = book["Statusrapporter"]
    assert [c.value for c in sheet[1]] == ["Nyckel", "Titel", "Insatsområde", "Status i dag",
                                           "Status", "Kommentar", "Rapporterad per"]
    assert [sheet.cell(row, 1).value for row in (2, 3, 4)] == ["A", "B", "C"]
    sheet["E2"], sheet["F2"] = "inte helt tillfredsställande", "Försenad upphandling"
    sheet["E3"], sheet["G3"] = "achieved", "2025-08-31"  # a code and a date as text work too
    response = send(client, auth, "/api/v1/plans/fhs/status-reports", book, as_form)
    assert response.status_code == 201 and response.json == {"stored": 2}
    a, b, c = (memory_service.milestones.get("fhs", key) for key in "ABC")
    assert (a.status.value, a.status_comment, a.reported_for.isoformat()) == (
        "at_risk", "Försenad upphandling", "2025-12-31")  # the template's reporting date
    assert (b.status.value, b.reported_for.isoformat()) == ("achieved", "2025-08-31")
    assert c.status.value == "planned"  # an empty Status: not reported in this round


def test_a_status_round_with_bad_cells_names_each_and_stores_nothing(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B", "C"))
    book = workbook(client, auth, "/api/v1/plans/fhs/status-reports/template")
    sheet = book["Statusrapporter"]
    sheet["E2"] = "uppnådd"
    sheet["E3"] = "nästan klar"
    sheet["F4"] = "En kommentar utan status"
    position = memory_service.store.catch_up().position
    response = send(client, auth, "/api/v1/plans/fhs/status-reports", book)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Statusrapporter!E3", "Statusrapporter!E4"}
    sheet["E3"], sheet["F4"], sheet["G2"] = "risk", None, "2031-01-01"
    sheet["E3"], sheet["F3"] = "utgår", "Utgår enligt revideringen"
    response = send(client, auth, "/api/v1/plans/fhs/status-reports", book)
    assert response.status_code == 422 and list(response.json["errors"]) == ["Statusrapporter!G2"]
    assert "Rapporterad per" in response.json["errors"]["Statusrapporter!G2"][0]
    assert memory_service.store.catch_up().position == position


def sorted_effects(document: dict[str, Any]) -> dict[str, Any]:
    """The workbook keeps effects in one column per recipient, so their order is by recipient."""
    return {**document, "key": None, "milestones": [
        {**m, "effects": sorted(m["effects"], key=lambda e: (e["for"], e["text"]))}
        for m in document["milestones"]]}


def test_a_plan_exported_to_excel_imports_as_an_equal_plan(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    load_demo(memory_service)
    book = workbook(client, auth, "/api/v1/plans/fhs-exempel/export?format=xlsx")
    book["Plan"]["B2"] = "kopia"
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 201, response.json
    assert sorted_effects(memory_service.documents.export_plan("kopia")) == sorted_effects(
        memory_service.documents.export_plan("fhs-exempel"))


def test_a_plan_workbook_names_every_bad_cell_at_once(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    load_demo(memory_service)
    book = workbook(client, auth, "/api/v1/plans/fhs-exempel/export?format=xlsx")
    book["Plan"]["B2"] = "kopia"
    sheet = book["Milstolpar"]
    sheet["E3"] = "snart"  # not a number
    sheet["F5"] = "okänd karaktär"  # not a kind
    sheet["D6"] = "okant"  # a focus area the plan does not have
    sheet["E7"] = 2031  # outside the plan period
    sheet["K8"] = "NV-02; FINNS-INTE"  # requires a milestone that does not exist
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 422
    errors = response.json["errors"]
    assert set(errors) == {"Milstolpar!E3", "Milstolpar!F5", "Milstolpar!D6", "Milstolpar!E7",
                           "Milstolpar!K8"}
    assert errors["Milstolpar!E3"] == ["Målår: 'snart' is not a whole number"]
    assert errors["Milstolpar!D6"][0].startswith("Insatsområde: ")
    assert "outside the plan period" in errors["Milstolpar!E7"][0]
    assert "'FINNS-INTE', which is not a milestone" in errors["Milstolpar!K8"][0]
    assert not memory_service.plans.exists("kopia")


def test_a_file_that_is_no_workbook_is_refused_clearly(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    for url in ("/api/v1/plans/import", "/api/v1/plans/fhs/status-reports"):
        response = client.post(url, data=b"PK\x03\x04 not really", content_type=XLSX,
                               headers=auth.headers())
        assert response.status_code == 422 and "not an Excel workbook" in response.json["message"]


def test_the_plan_template_filled_in_creates_a_plan(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    book = workbook(client, auth, "/api/v1/templates/plan")
    assert book.sheetnames == ["Instruktioner", "Plan", "Insatsområden",
                               "Rapporteringstillfällen", "Milstolpar", "Målnivåer", "Mål",
                               "Mätetal"]
    assert [c.value for c in book["Målnivåer"]["A"]][1:] == [
        "perspective", "strategic_goal", "result_goal"]
    for row, value in enumerate(("ny", "Ny plan", "HSN", 2026, 2028), start=2):
        book["Plan"].cell(row, 2).value = value
    book["Insatsområden"].append(["nv", "Nära vård", ""])
    book["Milstolpar"].append(["M1", "Första", "", "nv", 2027, "test av nya arbetssätt",
                               "HSN; RS", "Kortare väntetider\nFler besök", "", "", "", "",
                               "R1"])
    book["Mål"].append(["P1", "Invånare", "", "perspektiv", "", "RS"])
    book["Mål"].append(["R1", "Kortare väntetider", "", "resultatmål", "P1", "HSN; RS"])
    book["Mätetal"].append(["V1", "R1", "Väntetid till besök", "dagar", "lägre är bättre",
                            "årligen", "2025: 40", "2026: 35; 2027: 30,5", None, 85, ""])
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 201, response.json
    milestone = memory_service.milestones.get("ny", "M1")
    assert milestone.kind.value == "pilot" and milestone.responsible == ("HSN", "RS")
    assert [e.text for e in milestone.effects] == ["Kortare väntetider", "Fler besök"]
    metric = memory_service.documents.export_plan("ny")["metrics"][0]
    assert metric == {"key": "V1", "goal": "R1", "name": "Väntetid till besök", "unit": "dagar",
                      "direction": "lower_is_better", "frequency": "annual",
                      "baseline": {"year": 2025, "value": 40},
                      "targets": [{"year": 2026, "value": 35}, {"year": 2027, "value": 30.5}],
                      "thresholds": {"green_from": 100, "yellow_from": 85}, "source": ""}
    assert memory_service.goals.goal("ny", "R1").milestones == ("M1",)


def test_the_command_line_reads_and_writes_workbooks(sqlite_url: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    cli = CliRunner()
    for args in (["db", "init"], ["demo"]):
        assert cli.invoke(main, args).exit_code == 0
    exported, status = tmp_path / "plan.xlsx", tmp_path / "status.xlsx"
    assert cli.invoke(main, ["export", "fhs-exempel", "--format", "xlsx", "-o",
                             str(exported)]).exit_code == 0
    book = openpyxl.load_workbook(exported)
    book["Plan"]["B2"] = "kopia"
    book.save(exported)
    result = cli.invoke(main, ["import", str(exported)])
    assert result.exit_code == 0 and "42 milestones" in result.output
    assert cli.invoke(main, ["template", "status", "--plan", "kopia", "-o",
                             str(status)]).exit_code == 0
    book = openpyxl.load_workbook(status)
    book["Statusrapporter"]["E2"] = "bogus"
    book.save(status)
    result = cli.invoke(main, ["report-import", "kopia", str(status)])
    assert result.exit_code == 1 and "Statusrapporter!E2: Status: 'bogus'" in result.output
    book["Statusrapporter"]["E2"] = "uppnådd"
    book.save(status)
    result = cli.invoke(main, ["report-import", "kopia", str(status)])
    assert result.exit_code == 0 and "1 status reports, 0 outcomes and 0 assessments stored" \
        in result.output
    result = cli.invoke(main, ["report", "kopia", "--on", "2025-12-31", "--format", "csv"])
    milestones_table = result.output.split("\n\n")[0]  # then the goals' and metrics' tables
    assert result.exit_code == 0 and milestones_table.count("\n") + 1 == 43
