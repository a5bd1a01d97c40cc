"""The site of a worker holding plans on demand (STRATEGIKARTA_PLANS_ON_DEMAND) answers the API
exactly as a worker holding every plan, its pages as well, and a write through either is read
at once by the other."""

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from service.application import Strategikarta
from tests.conftest import open_store
from tests.mixed_commands import run_all
from web import create_app

PLAN_READS = ["", "/milestones", "/milestones/A", "/history", "/history?actor=rut",
              "/analysis", "/report", "/trend", "/revisions", "/goals", "/metrics", "/rounds",
              "/proposals", "/state?as_of={now}", "/diff?from_position=3",
              "/milestones/A/impact"]


def site(url: str, plans_on_demand: int | None) -> tuple[Flask, dict[str, str]]:
    app = create_app({"TESTING": True, "DATABASE_URL": url, "PLANS_ON_DEMAND": plans_on_demand})
    service: Strategikarta = app.extensions["strategikarta"]
    token = service.users.create_token("bo", actor="test")
    return app, {"Authorization": f"Bearer {token}"}


def test_every_api_read_answers_alike_with_plans_on_demand(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    writer = open_store(url)
    run_all(writer)
    (every, every_auth), (some, some_auth) = site(url, None), site(url, 1)
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    paths = ["/api/v1/plans", "/api/v1/bodies", *(
        f"/api/v1/plans/{plan}{read}".format(now=now) for plan in ("fhs", "rs")
        for read in PLAN_READS)]
    for path in paths:
        expected = every.test_client().get(path, headers=every_auth)
        answered = some.test_client().get(path, headers=some_auth)
        assert (answered.status_code, answered.get_json()) == (
            expected.status_code, expected.get_json()), path
        assert expected.status_code in (200, 404), (path, expected.get_json())
    # A write through either worker is read at once by the other.
    for writing, auth, plan, key in ((every, every_auth, "rs", "Y"),
                                     (some, some_auth, "fhs", "A")):
        written = writing.test_client().post(
            f"/api/v1/plans/{plan}/milestones/{key}/status", headers=auth,
            json={"status": "at_risk", "reported_for": "2025-08-31"})
        assert written.status_code == 201, written.get_json()
        newest = [reading.test_client().get(f"/api/v1/plans/{plan}/history?limit=1",
                                            headers=reader_auth).get_json()["items"][0]
                  for reading, reader_auth in ((every, every_auth), (some, some_auth))]
        assert newest[0] == newest[1]
        assert (newest[0]["type"], newest[0]["actor"]) == ("StatusReported", "bo")
    writer.close()
