"""The goal tree, a goal's page and a metric's page through Flask's test client: what each
role reads and may do, the forms' messages at their fields, and a chart that shows the same
figures as its table."""

import re
from datetime import date

import pytest
from flask import Flask

from service.application import Strategikarta
from tests.builders import add_goals, make_plan
from tests.http.test_pages import csrf, signed_in
from tests.http.test_pages import site as demo_site  # noqa: F401  (the fixture below uses it)

PLAN = "/plans/mal"  # not a demo plan: those have goal trees of their own
GOALS, GOAL, METRIC = f"{PLAN}/goals", f"{PLAN}/goals/R1", f"{PLAN}/metrics/M1"


@pytest.fixture
def site(demo_site: Flask, memory_service: Strategikarta) -> Flask:  # noqa: F811
    """The demo's site with a plan of its own holding a goal tree: P1 → R1 (metric M1, NV-05
    serving it), R2 (the demo plans have goal trees of their own)."""
    make_plan(memory_service, "mal", milestones=("NV-05",))
    add_goals(memory_service, "mal", "NV-05")
    return demo_site


def test_the_goal_tree_shows_goals_indented_with_assessment_metrics_and_milestones(
        site: Flask) -> None:
    page = signed_in(site, "viewer").get(GOALS).data.decode()
    rows = re.findall(r'<th scope="row" class="goal-depth-(\d)"><a href="[^"]+">(\w+)</a>', page)
    assert rows == [("0", "P1"), ("1", "R1"), ("1", "R2")]
    assert "Mål och mätetal" in page and "<td>resultatmål</td>" in page
    assert '<span aria-hidden="true" class="icon">!</span> inte helt tillfredsställande' in page
    assert '<span class="visually-hidden">Besök inom 90 dagar: uppfyllt</span>' in page
    assert page.count("ej bedömt") == 2  # P1 and R2
    assert 'name="as_of"' not in page  # viewers read now


def test_the_plan_page_links_to_the_goal_tree(site: Flask) -> None:
    page = signed_in(site, "viewer").get(PLAN).data.decode()
    assert f'href="{GOALS}">Mål och mätetal</a>' in page


def test_a_goal_page_shows_its_place_metrics_milestones_and_assessment_history(
        site: Flask) -> None:
    page = signed_in(site, "viewer").get(GOAL).data.decode()
    assert "R1: Kortare väntetider" in page and f'href="{GOALS}/P1' in page
    assert "HSN" in page and "Aktiviteter pågår" in page and "Fler mottagningar" in page
    assert f'href="{PLAN}/milestones/NV-05"' in page
    assert "92,5" in page and "100,5\u00a0%" in page  # 92.5 of 92: 100.54… shown rounded down
    assert "Bedöm målet" not in page and 'type="radio"' not in page


def test_a_planner_assesses_a_goal_with_no_choice_made_for_them(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    page = client.get(f"{PLAN}/goals/R2").data.decode()
    assert page.count('type="radio"') == 3 and "checked" not in page
    assert 'value="2025-12-31"' in page  # the current round
    response = client.post(f"{PLAN}/goals/R2/assessments", data={
        "assessment": "satisfactory", "analysis": "Bra fart", "reported_for": "2025-12-31",
        "csrf_token": csrf(client, f"{PLAN}/goals/R2")})
    assert response.status_code == 302
    assert memory_service.goals.goal("mal", "R2", date(2025, 12, 31)).assessment == \
        "satisfactory"
    assert "Bra fart" in client.get(f"{PLAN}/goals/R2").data.decode()


def test_a_bad_assessment_gets_its_message_at_the_field_and_stores_nothing(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    token = csrf(client, GOAL)
    unchosen = client.post(f"{GOAL}/assessments", data={"analysis": "Glömde", "csrf_token": token})
    assert unchosen.status_code == 422
    assert 'id="assessment-error">Välj bedömningen.</span>' in unchosen.data.decode()
    future = client.post(f"{GOAL}/assessments", data={
        "assessment": "satisfactory", "reported_for": "2030-04-30", "csrf_token": token})
    page = future.data.decode()
    assert future.status_code == 422 and 'id="reported_for-error"' in page and "2030" in page
    assert len(memory_service.goals.goal("mal", "R1").assessments) == 1


def test_viewers_and_auditors_cannot_post_and_forms_need_their_csrf_token(site: Flask) -> None:
    for role in ("viewer", "auditor"):
        client = signed_in(site, role)
        token = csrf(client, GOAL)
        assert client.post(f"{GOAL}/assessments", data={
            "assessment": "satisfactory", "csrf_token": token}).status_code == 403
        assert client.post(f"{METRIC}/outcomes", data={
            "value": "90", "csrf_token": token}).status_code == 403
        assert "Registrera ett utfall" not in client.get(METRIC).data.decode()
    planner = signed_in(site, "planner")
    assert planner.post(f"{METRIC}/outcomes", data={"value": "90"}).status_code in (400, 422)


def test_a_metric_page_shows_its_definition_and_the_same_figures_in_chart_and_table(
        site: Flask) -> None:
    client = signed_in(site, "viewer")
    page = client.get(METRIC).data.decode()
    assert "Högre är bättre" in page and "Väntetidsdatabasen" in page
    assert "2024: 90 %; 2025: 92 %" in page and "80 % (2023)" in page
    assert "uppfyllt från 100\u00a0%, delvis uppfyllt från 90\u00a0%" in page
    table = dict(re.findall(r'<time datetime="([\d-]+)">[^<]*</time>[^<]*</th>\s*'
                            r'<td class="number">[^<]*</td><td class="number outcome">([^<]+)</td>',
                            page))
    assert {day: value for day, value in table.items() if value != "–"} == {
        "2025-04-30": "85", "2025-08-31": "92,5", "2025-12-31": "92,5"}
    assert 'alt="Diagram: utfall och mål för Besök inom 90 dagar' in page
    chart = client.get(f"{METRIC}/chart.svg")
    assert chart.mimetype == "image/svg+xml"
    svg = chart.data.decode()
    drawn = dict(re.findall(r'<g id="outcome-([\d-]+)">.*?>([^<>]+)</text>', svg, re.DOTALL))
    assert drawn == {day: value for day, value in table.items() if value != "–"}
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert {"Mål", "Utfall", "uppfyllt", "delvis uppfyllt"} <= set(labels)
    assert "inte uppfyllt" not in labels  # the legend names only the results shown


def test_a_planner_records_an_outcome_with_a_decimal_comma_or_not_measured(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    page = client.get(METRIC).data.decode()
    assert 'value="2025-12-31"' in page and "Ej mätt den här gången" in page
    token = csrf(client, METRIC)
    assert client.post(f"{METRIC}/outcomes", data={
        "value": "93,5", "reported_for": "2025-12-31", "csrf_token": token}).status_code == 302
    assert memory_service.goals.metric("mal", "M1", date(2025, 12, 31)).outcome == 93.5
    assert client.post(f"{METRIC}/outcomes", data={
        "not_measured": "y", "reported_for": "2025-12-31", "comment": "Inget underlag",
        "csrf_token": token}).status_code == 302
    standing = memory_service.goals.metric("mal", "M1", date(2025, 12, 31))
    assert (standing.outcome, standing.result) == (None, "no_outcome")
    assert "ej mätt den här gången" in client.get(METRIC).data.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"value": "mycket"}, "Skriv ett tal, till exempel 92,5."),
    ({}, "Skriv utfallet, eller kryssa i"),
    ({"value": "90", "not_measured": "y"}, "inte båda"),
    ({"value": "90", "reported_for": "2021-12-31"}, "2021-12-31"),
])
def test_a_bad_outcome_gets_its_message_at_the_field_and_stores_nothing(
        site: Flask, memory_service: Strategikarta, data: dict[str, str], message: str) -> None:
    client = signed_in(site, "planner")
    response = client.post(f"{METRIC}/outcomes", data={**data, "csrf_token": csrf(client, METRIC)})
    page = response.data.decode()
    assert response.status_code == 422 and message in page
    field = "reported_for" if "reported_for" in data else "value"
    assert f'id="{field}-error"' in page and 'aria-invalid="true"' in page
    assert len(memory_service.goals.metric("mal", "M1").outcomes) == 2


def test_auditors_read_goals_and_metrics_as_known_in_the_past_viewers_may_not(
        site: Flask, memory_service: Strategikarta) -> None:
    memory_service.revisions.adopt("mal", 2025, date(2025, 6, 16), "HSN", "§ 50",
                                   "2025-POL000002", "", actor="anna")
    memory_service.goals.assess("mal", "R1", "unsatisfactory", "Rättelse", "",
                                date(2025, 8, 31), actor="bo")
    memory_service.goals.report_outcome("mal", "M1", 50, "Fel i källan",
                                        date(2025, 8, 31), actor="bo")
    auditor = signed_in(site, "auditor")
    now = auditor.get(f"{GOAL}?on=2025-08-31").data.decode()
    assert "Rättelse" in now and 'name="as_of"' in now
    adopted = auditor.get(f"{GOAL}?on=2025-08-31&revision=2025").data.decode()
    assert "Rättelse" not in adopted and "inte helt tillfredsställande" in adopted
    assert "som känd vid loggposition" in adopted
    metric = auditor.get(f"{METRIC}?revision=2025").data.decode()
    assert "Fel i källan" not in metric
    assert "revision=2025" in metric  # the chart is drawn as known at the same point
    memory_service.goals.define("mal", {"key": "R3", "title": "Senare mål",
                                                "level": "result_goal", "parent": "P1"},
                                actor="bo")
    assert "Senare mål" in auditor.get(GOALS).data.decode()
    assert "Senare mål" not in auditor.get(f"{GOALS}?revision=2025").data.decode()
    for path in (GOALS, GOAL, METRIC):
        assert auditor.get(f"{path}?revision=1999").status_code == 400
        assert signed_in(site, "viewer").get(f"{path}?revision=2025").status_code == 403


def test_the_goal_pages_answer_404_for_unknown_goals_and_metrics(site: Flask) -> None:
    client = signed_in(site, "planner")
    assert client.get(f"{PLAN}/goals/NOPE").status_code == 404
    assert client.get(f"{PLAN}/metrics/NOPE").status_code == 404
    assert client.get(f"{PLAN}/metrics/NOPE/chart.svg").status_code == 404


def test_the_goal_pages_are_in_english_one_click_away(site: Flask) -> None:
    client = signed_in(site, "viewer")
    page = client.get(f"{GOALS}?lang=en").data.decode()
    assert "Goals and metrics" in page and "partly satisfactory" in page
    assert "92.5" in client.get(METRIC).data.decode()
