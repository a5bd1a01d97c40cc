"""`If-Match` on status reports and on the reporting periods: a stale version is 412 and
records nothing; no `If-Match` writes as before; a malformed one is 400, never a 500."""

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import DEFAULT_PERIODS, make_plan
from tests.conftest import Auth

PLAN = "/api/v1/plans/fhs"
MILESTONE = f"{PLAN}/milestones/A"
PERIODS = f"{PLAN}/reporting-periods"


@pytest.fixture
def plan(memory_service: Strategikarta, auth: Auth) -> None:
    make_plan(memory_service, milestones=("A",))


def periods(*names: str) -> dict[str, object]:
    return {"items": [{**period, "name": name} for period, name in zip(DEFAULT_PERIODS, names, strict=True)],
            "reason": "Nämndens beslut"}


def test_a_status_report_onto_a_stale_version_is_412_and_records_nothing(
        client: FlaskClient, auth: Auth, plan: None) -> None:
    etag = client.get(MILESTONE, headers=auth.headers()).headers["ETag"]
    assert client.post(f"{MILESTONE}/status", json={"status": "on_track"},
                       headers=auth.headers()).status_code == 201  # no If-Match: as before
    stale = client.post(f"{MILESTONE}/status", json={"status": "off_track"},
                        headers=auth.headers(**{"If-Match": etag}))
    assert stale.status_code == 412 and "changed meanwhile" in stale.json["message"]
    current = client.get(MILESTONE, headers=auth.headers())
    assert current.json["status"] == "on_track"
    fresh = client.post(f"{MILESTONE}/status", json={"status": "at_risk"},
                        headers=auth.headers(**{"If-Match": current.headers["ETag"]}))
    assert fresh.status_code == 201
    assert fresh.headers["ETag"] == client.get(MILESTONE, headers=auth.headers()).headers["ETag"]


def test_the_reporting_periods_carry_the_plans_version_and_refuse_a_stale_one(
        client: FlaskClient, auth: Auth, plan: None) -> None:
    first = client.get(PERIODS, headers=auth.headers())
    version = client.get(PLAN, headers=auth.headers()).json["version"]
    assert first.headers["ETag"] == f'"{version}"'
    changed = client.put(PERIODS, json=periods("T", "D", "B"),
                         headers=auth.headers(**{"If-Match": first.headers["ETag"]}))
    assert changed.status_code == 200 and changed.headers["ETag"] == f'"{version + 1}"'
    stale = client.put(PERIODS, json=periods("X", "Y", "Z"),
                       headers=auth.headers(**{"If-Match": first.headers["ETag"]}))
    assert stale.status_code == 412 and "the plan was changed meanwhile" in stale.json["message"]
    assert [p["name"] for p in client.get(PERIODS, headers=auth.headers()).json["items"]] == [
        "T", "D", "B"]
    assert client.put(PERIODS, json=periods("X", "Y", "Z"),
                      headers=auth.headers()).status_code == 200  # no If-Match: as before


@pytest.mark.parametrize("value", ['"²"', '"¹"', "²", '"1²"', '"' + "9" * 40 + '"'])
def test_an_if_match_that_is_no_version_is_a_bad_request(
        client: FlaskClient, auth: Auth, plan: None, value: str) -> None:
    headers = auth.headers(**{"If-Match": value})
    answers = [client.patch(MILESTONE, json={"title": "Ny"}, headers=headers),
               client.post(f"{MILESTONE}/status", json={"status": "on_track"}, headers=headers),
               client.put(PERIODS, json=periods("T", "D", "B"), headers=headers)]
    assert [(a.status_code, "If-Match" in a.json["errors"]) for a in answers] == [(400, True)] * 3
