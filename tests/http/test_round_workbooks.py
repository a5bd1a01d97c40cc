"""The round template's outcomes and assessments: filled in, sent back, all or nothing."""

from datetime import date

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import goal_tree_body, metric_body, milestone_body, plan_body
from tests.conftest import Auth
from tests.hostile_workbooks import STATUS_HEADER, sheet
from tests.hostile_workbooks import workbook as raw_workbook
from tests.http.test_workbooks import send, workbook

TEMPLATE = "/api/v1/plans/fhs/status-reports/template"
ROUND = "/api/v1/plans/fhs/status-reports"
YEAR_END = date(2025, 12, 31)  # the template's reporting date (the plan ended in 2025)


@pytest.fixture
def planned(memory_service: Strategikarta) -> Strategikarta:
    """Plan `fhs` with milestone A, result goals R1 and R2 and their metrics M1 (per period,
    target 82 in 2025) and M2 (annual, lower is better)."""
    tree = goal_tree_body()
    tree["metrics"] = [
        metric_body("M1", "R1", targets=[{"year": 2025, "value": 82}]),
        metric_body("M2", "R2", direction="lower_is_better", frequency="annual", unit="dagar",
                    targets=[{"year": 2025, "value": 30.5}])]
    memory_service.documents.import_plan(
        {**plan_body(), **tree, "milestones": [milestone_body("A", goals=["R1"])]}, actor="anna")
    return memory_service


def test_the_round_template_has_a_row_per_metric_and_per_result_goal(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, TEMPLATE)
    assert book.sheetnames == ["Statusrapporter", "Utfall", "Bedömningar"]
    outcomes = [[c.value for c in row] for row in book["Utfall"].iter_rows()]
    assert outcomes[0] == ["Nyckel", "Mätetal", "Enhet", "Mäts", "Årets målvärde", "Utfall",
                           "Kommentar", "Rapporterad per"]
    assert [row[:6] for row in outcomes[1:]] == [
        ["M1", "Mätetal M1", "%", "varje rapporteringstillfälle", "82", None],
        ["M2", "Mätetal M2", "dagar", "årligen", "30,5", None]]
    assert book["Utfall"]["D3"].font.bold  # the annual metric is marked
    assessments = [[c.value for c in row] for row in book["Bedömningar"].iter_rows()]
    assert assessments[0] == ["Nyckel", "Mål", "Bedömning i dag", "Bedömning", "Analys",
                              "Åtgärder", "Rapporterad per"]
    assert [row[:4] for row in assessments[1:]] == [["R1", "Mål R1", "ej bedömt", None],
                                                    ["R2", "Mål R2", "ej bedömt", None]]
    choices = book["Bedömningar"].data_validations.dataValidation[0].formula1
    assert choices == '"tillfredsställande,inte helt tillfredsställande,otillfredsställande"'


def test_a_filled_in_round_stores_statuses_outcomes_and_assessments_together(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, TEMPLATE)
    book["Statusrapporter"]["E2"] = "enligt plan"
    book["Utfall"]["F2"], book["Utfall"]["G2"] = "78,5", "Mätt i december"
    book["Utfall"]["F3"] = "ej mätt"
    book["Bedömningar"]["D2"] = "inte helt tillfredsställande"
    book["Bedömningar"]["E2"], book["Bedömningar"]["F2"] = "Väntetiderna ökar", "Fler mottagningar"
    response = send(client, auth, ROUND, book)
    assert response.status_code == 201 and response.json == {"stored": 4}
    m1, m2 = (planned.goals.metric("fhs", key, on=YEAR_END) for key in ("M1", "M2"))
    assert (m1.outcome, m1.comment, m1.reported_for) == (78.5, "Mätt i december", YEAR_END)
    assert [o.value for o in m2.outcomes] == [None]  # not measured this time
    r1, r2 = (planned.goals.goal("fhs", key, on=YEAR_END) for key in ("R1", "R2"))
    assert (r1.assessment, r1.analysis, r1.measures) == (
        "partly_satisfactory", "Väntetiderna ökar", "Fler mottagningar")
    assert r2.assessment == "not_assessed"  # an empty row: not reported in this round
    assert planned.milestones.get("fhs", "A").status.value == "on_track"


def test_a_round_with_bad_outcome_and_assessment_cells_names_each_and_stores_nothing(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, TEMPLATE)
    book["Statusrapporter"]["E2"] = "uppnådd"
    book["Utfall"]["F2"] = "mycket"  # no number
    book["Utfall"]["G3"] = "En kommentar utan utfall"
    book["Bedömningar"]["D2"] = "bra"  # no assessment
    book["Bedömningar"]["E3"] = "En analys utan bedömning"
    position = planned.store.catch_up().position
    response = send(client, auth, ROUND, book)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Utfall!F2", "Utfall!F3", "Bedömningar!D2",
                                            "Bedömningar!D3"}
    assert "'mycket' is not a number" in response.json["errors"]["Utfall!F2"][0]
    book["Utfall"]["F2"], book["Utfall"]["G3"] = 80, None
    book["Bedömningar"]["D2"], book["Bedömningar"]["E3"] = "otillfredsställande", None
    book["Utfall"]["H2"] = "2021-04-30"  # outside the plan: the domain's rule, named by cell
    book["Bedömningar"]["A3"], book["Bedömningar"]["D3"] = "FINNS-INTE", "tillfredsställande"
    response = send(client, auth, ROUND, book)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Utfall!H2", "Bedömningar!A3"}
    assert "outside the plan period" in response.json["errors"]["Utfall!H2"][0]
    assert planned.store.catch_up().position == position


def test_a_round_workbook_from_before_goals_existed_still_reports_statuses(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    content = raw_workbook({"Statusrapporter": sheet([STATUS_HEADER, ["A", "", "", "",
                                                                      "uppnådd"]])})
    response = client.post(ROUND, data=content, content_type="application/vnd.openxmlformats-"
                           "officedocument.spreadsheetml.sheet", headers=auth.headers())
    assert response.status_code == 201 and response.json == {"stored": 1}


def test_a_plan_with_goals_exported_to_excel_imports_as_an_equal_plan(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, "/api/v1/plans/fhs/export?format=xlsx")
    book["Plan"]["B2"] = "kopia"
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 201, response.json
    assert {**planned.documents.export_plan("kopia"), "key": "fhs"} == \
        planned.documents.export_plan("fhs")


def test_a_plan_workbook_names_every_bad_goal_and_metric_cell(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, "/api/v1/plans/fhs/export?format=xlsx")
    book["Plan"]["B2"] = "kopia"
    book["Mål"]["D4"] = "okand"  # a key, but of no level
    book["Mätetal"]["E2"] = "uppåt"
    book["Mätetal"]["H3"] = "2025 = 30"
    book["Mätetal"]["I2"] = "mycket"
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Mätetal!E2", "Mätetal!H3", "Mätetal!I2"}
    assert "'2025 = 30' is not written year: value" in response.json["errors"]["Mätetal!H3"][0]
    book["Mätetal"]["E2"], book["Mätetal"]["H3"], book["Mätetal"]["I2"] = (
        "högre är bättre", "2031: 30", None)
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Mål!D4", "Mätetal!H3"}
    assert "2031" in response.json["errors"]["Mätetal!H3"][0]
    assert not planned.plans.exists("kopia")


def test_a_plan_workbook_from_before_goals_existed_still_imports(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    book = workbook(client, auth, "/api/v1/plans/fhs/export?format=xlsx")
    book["Plan"]["B2"] = "gammal"
    for name in ("Målnivåer", "Mål", "Mätetal"):
        del book[name]
    book["Milstolpar"].delete_cols(13)  # the goals column came with the goals
    response = send(client, auth, "/api/v1/plans/import", book)
    assert response.status_code == 201, response.json
    assert planned.goals.list("gammal") == [] and planned.milestones.get("gammal", "A").key == "A"
