"""Seed 002's follow-up, reproduced through the API: 17 result goals and 34 metrics, the April
and August figures, the 90 % edge, a lower-is-better metric, annual metrics without a result
yet, and a correction made after the August report was presented. The summary writes counts
up to twelve in words, as Språkrådet advises (the seed mixes words and digits)."""

from typing import Any

from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.conftest import Auth

API = "/api/v1/plans/rs-2022"
APRIL, AUGUST = "2022-04-30", "2022-08-31"

# April: 4 satisfactory, 11 partly, 2 unsatisfactory; August: 4, 12, 1 (seed 002).
APRIL_ASSESSMENTS = ["satisfactory"] * 4 + ["partly_satisfactory"] * 11 + ["unsatisfactory"] * 2
AUGUST_ASSESSMENTS = ["satisfactory"] * 4 + ["partly_satisfactory"] * 12 + ["unsatisfactory"]

# August outcomes of the 21 metrics measured per period, against a target of 100 unless the
# metric says otherwise: ten met, five partly met, six not met; the 13 annual ones have none.
MET = [100, 120, 101, 150, 100.5, 200, 110, 99.999 + 0.001, 130, 105]
PARTLY = [90, 95, 99.99, 92, 91]
NOT_MET = [89.99, 50, 10, 0, 80, 70]


def post(client: FlaskClient, auth: Auth, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{API}{path}", json=body, headers=auth.headers())
    assert response.status_code == 201, response.json
    return dict(response.json)


def build(client: FlaskClient, auth: Auth) -> None:
    response = client.post("/api/v1/plans", headers=auth.headers(), json={
        "key": "rs-2022", "title": "Regionstyrelsens verksamhetsplan", "owner": "RS",
        "start_year": 2021, "end_year": 2023,
        "focus_areas": [{"key": "uppdrag", "name": "Uppdrag"}]})
    assert response.status_code == 201, response.json
    for p in range(4):
        post(client, auth, "/goals", {"key": f"P{p}", "title": f"Perspektiv {p}",
                                      "level": "perspective", "parent": None})
    for g in range(17):
        post(client, auth, "/goals", {"key": f"R{g}", "title": f"Resultatmål {g}",
                                      "level": "result_goal", "parent": f"P{g % 4}"})
    for m in range(34):
        annual = m >= 21
        body: dict[str, Any] = {
            "key": f"M{m}", "goal": f"R{m % 17}", "name": f"Mätetal {m}", "unit": "%",
            "direction": "higher_is_better", "frequency": "annual" if annual else "period",
            "targets": [{"year": 2022, "value": 100}], "source": "Regionens statistik"}
        if m == 3:  # a waiting time: lower is better, target 20 days, outcome 20 is met
            body |= {"direction": "lower_is_better", "unit": "dagar",
                     "targets": [{"year": 2022, "value": 20}]}
        post(client, auth, "/metrics", body)


def august_outcome(m: int) -> float:
    values = MET + PARTLY + NOT_MET
    return 20 if m == 3 else values[m]


def report(client: FlaskClient, auth: Auth, on: str, extra: str = "",
           role: str = "planner", lang: str = "sv") -> dict[str, Any]:
    response = client.get(f"{API}/report?on={on}{extra}",
                          headers=auth.headers(role, **{"Accept-Language": lang}))
    assert response.status_code == 200, response.json
    return dict(response.json)


def test_seed_002_april_and_august_figures_come_out_exactly(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    build(client, auth)
    for g, assessment in enumerate(APRIL_ASSESSMENTS):
        post(client, auth, f"/goals/R{g}/assessments", {
            "assessment": assessment, "analysis": "Aktiviteter pågår", "reported_for": APRIL})
    for g, assessment in enumerate(AUGUST_ASSESSMENTS):
        post(client, auth, f"/goals/R{g}/assessments", {
            "assessment": assessment, "reported_for": AUGUST, "measures": "Fortsatt arbete"})
    for m in range(21):
        post(client, auth, f"/metrics/M{m}/outcomes", {"value": august_outcome(m),
                                                        "reported_for": AUGUST})

    april = report(client, auth, APRIL)
    assert april["goals"]["totals"] == {"satisfactory": 4, "partly_satisfactory": 11,
                                        "unsatisfactory": 2, "not_assessed": 0}
    assert april["summary"].startswith(
        "Av 17 resultatmål var fyra tillfredsställande, elva inte helt tillfredsställande och "
        "två otillfredsställande")

    august = report(client, auth, AUGUST)
    assert august["goals"]["totals"] == {"satisfactory": 4, "partly_satisfactory": 12,
                                         "unsatisfactory": 1, "not_assessed": 0}
    assert august["metrics"]["totals"] == {"met": 10, "partly_met": 5, "not_met": 6,
                                           "no_outcome": 13}
    assert august["summary"] == (
        "Av 17 resultatmål var fyra tillfredsställande, tolv inte helt tillfredsställande och "
        "ett otillfredsställande; av 34 mätetal var tio uppfyllda, fem delvis uppfyllda, "
        "sex inte uppfyllda och 13 utan utfall.")
    metrics = {item["key"]: item for item in august["metrics"]["items"]}
    assert metrics["M3"]["result"] == "met" and metrics["M3"]["attainment"] == 100.0
    assert (metrics["M10"]["result"], metrics["M10"]["attainment"]) == ("partly_met", 90.0)
    # 89.99 % is not rounded up to the 90 % threshold, nor shown as 90.0
    assert (metrics["M15"]["result"], metrics["M15"]["attainment"]) == ("not_met", 89.9)
    assert metrics["M30"]["result"] == "no_outcome" and metrics["M30"]["outcome"] is None

    english = report(client, auth, AUGUST, lang="en")["summary"]
    assert english.startswith("Of 17 goals (resultatmål), four satisfactory")

    # The board saw the August report; afterwards a planner corrects the 89.99 outcome.
    presented = memory_service.store.catch_up().position
    post(client, auth, "/metrics/M15/outcomes", {"value": 93, "reported_for": AUGUST,
                                                 "comment": "Rättat efter avstämning"})
    corrected = report(client, auth, AUGUST)["metrics"]["totals"]
    assert corrected == {"met": 10, "partly_met": 6, "not_met": 5, "no_outcome": 13}
    as_presented = report(client, auth, AUGUST, f"&position={presented}", role="auditor")
    assert as_presented["metrics"]["totals"] == {"met": 10, "partly_met": 5, "not_met": 6,
                                                 "no_outcome": 13}


def test_a_report_as_known_then_uses_the_targets_and_thresholds_known_then(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    build(client, auth)
    post(client, auth, "/metrics/M0/outcomes", {"value": 95, "reported_for": AUGUST})
    assert report(client, auth, AUGUST)["metrics"]["items"][0]["result"] == "partly_met"
    before = memory_service.store.catch_up().position
    response = client.patch(f"{API}/metrics/M0", headers=auth.headers(), json={
        "thresholds": {"green_from": 95, "yellow_from": 80}, "reason": "Nytt beslut om gränser"})
    assert response.status_code == 200, response.json
    items = {i["key"]: i for i in report(client, auth, AUGUST)["metrics"]["items"]}
    assert items["M0"]["result"] == "met"
    then = {i["key"]: i for i in report(client, auth, AUGUST, f"&position={before}",
                                        role="auditor")["metrics"]["items"]}
    assert then["M0"]["result"] == "partly_met"


def test_in_force_only_within_the_same_calendar_year(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    build(client, auth)
    post(client, auth, "/metrics/M0/outcomes", {"value": 100, "reported_for": "2022-12-31"})
    post(client, auth, "/goals/R0/assessments", {"assessment": "satisfactory",
                                                 "reported_for": "2022-12-31"})
    spring = report(client, auth, "2023-04-30")
    assert spring["metrics"]["items"][0]["result"] == "no_outcome"
    assert spring["goals"]["totals"]["not_assessed"] == 17


def test_not_measured_this_time_is_no_outcome(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    build(client, auth)
    post(client, auth, "/metrics/M0/outcomes", {"value": 100, "reported_for": APRIL})
    post(client, auth, "/metrics/M0/outcomes", {"value": None, "reported_for": AUGUST,
                                                "comment": "Mättes inte"})
    item = report(client, auth, AUGUST)["metrics"]["items"][0]
    assert (item["result"], item["outcome"], item["comment"]) == (
        "no_outcome", None, "Mättes inte")
    assert report(client, auth, APRIL)["metrics"]["items"][0]["result"] == "met"
