"""Numbers and times that Python cannot take as given: 4xx naming the field, never a 500."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.conftest import Auth
from tests.http.test_cli import cli as cli  # the fixture: the command on a SQLite file
from tests.http.test_cli import run
from tests.http.test_pages import PLAN, csrf, signed_in
from tests.http.test_pages import site as site  # the fixture: the demo plan and a user per role
from tests.http.test_text_at_the_door import REVISION, log_position
from tests.http.test_text_at_the_door import planned as planned  # the fixture: plan fhs, A and B

API = "/api/v1"
DIGITS = "9" * 5000  # more than Python converts (sys.get_int_max_str_digits: 4300)
ENDS = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01", "9999-12-31"]
NOT_YYYY_MM_DD = ["2024-W01-1", "2024-W01", "20240101"]


LONG_NUMBERS = [
    ("POST", "/plans/fhs/milestones", "application/json",
     '{"key": "C", "title": "t", "focus_area": "nara-vard", "kind": "pilot", '
     f'"target_year": {DIGITS}}}', "target_year"),
    ("POST", "/plans/fhs/milestones/A/status", "application/json",
     f'{{"status": "on_track", "extra": -{DIGITS}}}', "extra"),
    ("PATCH", "/plans/fhs/milestones/A", "application/json",
     f'{{"effects": [{{"for": "system", "text": {DIGITS}}}]}}', "effects.0.text"),
    ("PUT", "/plans/fhs/reporting-periods", "application/json",
     f'{{"items": [{{"key": "T1", "name": "T1", "month": {DIGITS}, "day": 1}}]}}',
     "items.0.month"),
    ("POST", "/plans/import", "application/json",
     '{"key": "imp", "title": "t", "owner": "o", "start_year": 2022, "end_year": 2023, '
     f'"milestones": [{{"key": "A", "target_year": {DIGITS}}}]}}', "milestones.0.target_year"),
    ("POST", "/plans/import", "application/yaml",
     f"key: imp\ntitle: t\nowner: o\nstart_year: {DIGITS}\nend_year: 2023\n", "start_year"),
]


@pytest.mark.parametrize("method, path, content_type, raw, field", LONG_NUMBERS,
                         ids=[f"{m} {p} {f}" for m, p, _, _, f in LONG_NUMBERS])
def test_an_integer_too_long_to_read_is_422_naming_the_field(
        planned: FlaskClient, auth: Auth, method: str, path: str, content_type: str, raw: str,
        field: str) -> None:
    before = log_position(planned)
    response = planned.open(API + path, method=method, data=raw.encode(),
                            content_type=content_type, headers=auth.headers())
    assert response.status_code == 422, response.json
    assert response.json["errors"] == {field: ["is a number of more than 4300 digits"]}
    assert log_position(planned) == before
    anonymous = planned.open(API + path, method=method, data=raw.encode(),
                             content_type=content_type)
    assert anonymous.status_code == 401


@pytest.mark.parametrize("if_match", ['"²"', "²", '"٣"', 'W/"³"', f'"{DIGITS}"'])
def test_an_if_match_of_other_than_ascii_digits_is_400(
        planned: FlaskClient, auth: Auth, if_match: str) -> None:
    response = planned.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Ny"},
                             headers=auth.headers(**{"If-Match": if_match}))
    assert response.status_code == 400 and "If-Match" in response.json["errors"]


TIMED = [("/plans/fhs/state", "as_of"), ("/plans/fhs/report", "as_of"),
         ("/plans/fhs/map", "as_of"), ("/plans/fhs/trend", "as_of"),
         ("/plans/fhs/analysis", "as_of"), ("/plans/fhs/diff", "from_as_of"),
         ("/plans/fhs/diff", "to_as_of")]


@pytest.mark.parametrize("path, name", TIMED, ids=[f"{p} {n}" for p, n in TIMED])
@pytest.mark.parametrize("moment", ENDS)
def test_a_time_at_the_calendars_ends_is_422_naming_it(
        planned: FlaskClient, auth: Auth, path: str, name: str, moment: str) -> None:
    response = planned.get(API + path, query_string={name: moment}, headers=auth.headers())
    assert response.status_code == 422, response.json
    assert response.json["errors"][name] == [
        f"{moment} is not a plausible time (1900–2200)"]


@pytest.mark.parametrize("adopted_on", ["0001-01-01", "1899-12-31"])
def test_a_revision_adopted_outside_the_plausible_years_is_422(
        planned: FlaskClient, auth: Auth, adopted_on: str) -> None:
    before = log_position(planned)
    response = planned.post(f"{API}/plans/fhs/revisions", headers=auth.headers(),
                            json={**REVISION, "adopted_on": adopted_on})
    assert response.status_code == 422
    assert response.json["errors"]["adopted_on"] == [
        f"{adopted_on} is not a plausible date (1900–2200)"]
    assert log_position(planned) == before


@pytest.mark.parametrize("text", NOT_YYYY_MM_DD)
def test_a_date_not_written_yyyy_mm_dd_is_refused_in_every_body_and_query(
        planned: FlaskClient, auth: Auth, text: str) -> None:
    before = log_position(planned)
    for path, body, field in (
            ("/plans/fhs/milestones/A/status", {"status": "on_track", "reported_for": text},
             "reported_for"),
            ("/plans/fhs/revisions", {**REVISION, "adopted_on": text}, "adopted_on"),
            ("/plans/fhs/status-reports",
             {"reports": [{"milestone": "A", "status": "on_track", "reported_for": text}]},
             "reports.0.reported_for")):
        response = planned.post(API + path, json=body, headers=auth.headers())
        assert response.status_code == 422 and field in response.json["errors"], (path, text)
    for path, name in (("/plans/fhs/state", "on"), ("/plans/fhs/report", "on"),
                       ("/plans/fhs/map", "on"), ("/plans/fhs/state", "as_of"),
                       ("/plans/fhs/history", "since"), ("/plans/fhs/history", "until")):
        value = f"{text}T12:00" if name in ("since", "until") else text
        response = planned.get(API + path, query_string={name: value}, headers=auth.headers())
        assert response.status_code == 422 and name in response.json["errors"], (path, name)
    assert log_position(planned) == before


def test_the_pages_refuse_what_the_api_refuses_in_times_and_dates(
        site: Flask, memory_service: Strategikarta) -> None:
    client = signed_in(site, "planner")
    for path in (f"{PLAN}/report?on=2024-W01-1", f"{PLAN}/report?as_of=2024-W01-1",
                 f"{PLAN}/map?as_of=0001-01-01T00:00:00%2B14:00",
                 f"{PLAN}/report?as_of=9999-12-31T23:59:59-14:00"):
        assert client.get(path).status_code == 400, path
    path = f"{PLAN}/revisions"
    response = client.post(path, data={
        "year": "2025", "adopted_on": "0001-01-01", "decided_by": "HSN", "paragraph": "§ 50",
        "case_number": "2025-POL000002", "csrf_token": csrf(client, path)})
    assert response.status_code == 422 and "inget rimligt datum" in response.data.decode()
    assert memory_service.revisions.list("fhs-exempel") == []


def test_the_command_line_refuses_them_too_without_a_traceback(
        cli: CliRunner, tmp_path: Path) -> None:
    document = tmp_path / "plan.json"
    document.write_text('{"key": "imp", "title": "t", "owner": "o", "start_year": 2022, '
                        f'"end_year": {DIGITS}}}')
    result = run(cli, "import", str(document))
    assert result.exit_code == 1
    assert "end_year: is a number of more than 4300 digits" in result.output
    for option, value in (("--on", "2024-W01-1"), ("--as-of", "0001-01-01T00:00:00+14:00")):
        result = run(cli, "report", "fhs", option, value)
        assert result.exit_code == 2 and result.exception is not None, result.output
        assert f"Invalid value for '{option}'" in result.output


@pytest.mark.parametrize("number", ["²", DIGITS])
def test_the_pages_take_a_version_or_a_cursor_only_in_ascii_digits(
        site: Flask, memory_service: Strategikarta, number: str) -> None:
    client = signed_in(site, "planner")
    assert client.get(f"{PLAN}/history", query_string={"after": number}).status_code == 200
    path = f"{PLAN}/milestones/NV-06"
    before = memory_service.store.catch_up().position
    response = client.post(f"{path}/edit", data={
        "edit-title": "Ny", "edit-focus_area": "nara-vard", "edit-target_year": "2025",
        "edit-kind": "change", "edit-version": number, "edit-csrf_token": csrf(client, path)})
    assert response.status_code == 422
    assert memory_service.store.catch_up().position == before
