"""Hostile workbooks through every entrance: the API (as the body and as a form's file), the
upload forms of the pages and the command line. Each is refused within seconds, by a 422
(413 for a body over the limit) or exit code 1, with a message that names what is wrong."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from projections.renderers import workbook_limits
from service.application import Strategikarta
from service.workbooks import MAX_WORKBOOK_BYTES
from tests.builders import make_plan
from tests.conftest import Auth, open_store
from tests.hostile_workbooks import HOSTILE, bounded, cell_past_the_shared_strings
from tests.http.test_pages import csrf, signed_in
from tests.http.test_workbooks import XLSX, as_bytes, workbook
from web import create_app
from web.cli import main

SECONDS = 5  # for each answer; the slowest, to 200,000 rows, takes a quarter of a second
ENTRANCES = ("/api/v1/plans/import", "/api/v1/plans/fhs/status-reports")


def post(client: FlaskClient, auth: Auth, url: str, content: bytes, as_form: bool) -> Any:
    if as_form:
        return client.post(url, data={"file": (io.BytesIO(content), "ifylld.xlsx")},
                           headers=auth.headers())
    return client.post(url, data=content, content_type=XLSX, headers=auth.headers())


@pytest.fixture
def planned(memory_service: Strategikarta) -> Strategikarta:
    """Plan `fhs` with milestone A, which every hostile round reports on."""
    make_plan(memory_service, milestones=("A",))
    return memory_service


@pytest.mark.parametrize("case", HOSTILE)
def test_the_api_refuses_a_hostile_workbook_naming_what_is_wrong(
        client: FlaskClient, auth: Auth, planned: Strategikarta, case: str) -> None:
    build, where, fragment = HOSTILE[case]
    content = build()
    position = planned.store.catch_up().position
    for url in ENTRANCES:
        for as_form in (False, True):
            with bounded(SECONDS):
                response = post(client, auth, url, content, as_form)
            assert response.status_code == 422, (url, as_form, response.json)
            assert any(fragment in text for text in response.json["errors"][where])
            assert fragment in response.json["message"]
    assert planned.store.catch_up().position == position


def test_a_body_over_the_upload_limit_is_a_413_naming_the_limit(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    too_large = b"PK\x03\x04" + bytes(MAX_WORKBOOK_BYTES)
    for url in ENTRANCES:
        for as_form in (False, True):
            with bounded(SECONDS):
                response = post(client, auth, url, too_large, as_form)
            assert response.status_code == 413
            assert "larger than 16 MB" in response.json["message"]


def test_a_round_longer_than_the_row_limit_is_refused_and_one_at_the_limit_stored(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta,
        monkeypatch: pytest.MonkeyPatch) -> None:
    make_plan(memory_service, milestones=("A", "B", "C"))
    book = workbook(client, auth, "/api/v1/plans/fhs/status-reports/template")
    for row in (2, 3, 4):
        book["Statusrapporter"].cell(row, 5).value = "uppnådd"
    monkeypatch.setattr(workbook_limits, "MAX_ROWS", 2)
    response = post(client, auth, ENTRANCES[1], as_bytes(book), as_form=False)
    assert response.status_code == 422 and list(response.json["errors"]) == ["Statusrapporter"]
    assert "at most 2 rows below the header" in response.json["errors"]["Statusrapporter"][0]
    monkeypatch.setattr(workbook_limits, "MAX_ROWS", 3)
    response = post(client, auth, ENTRANCES[1], as_bytes(book), as_form=False)
    assert response.status_code == 201 and response.json == {"stored": 3}


def test_a_sheet_openpyxl_cannot_read_is_named_not_a_server_error(
        client: FlaskClient, auth: Auth, planned: Strategikarta) -> None:
    for as_form in (False, True):
        response = post(client, auth, ENTRANCES[1], cell_past_the_shared_strings(), as_form)
        assert response.status_code == 422 and response.json["errors"] == {"Statusrapporter": [
            "the sheet cannot be read (IndexError: list index out of range); open the workbook "
            "in Excel and save it again"]}


@pytest.fixture
def site(planned: Strategikarta, auth: Auth) -> Flask:
    """The pages on plan `fhs`, with a user of each role."""
    return create_app({"TESTING": True, "SERVICE": planned})


@pytest.mark.parametrize("case", HOSTILE)
def test_the_upload_forms_refuse_a_hostile_workbook_with_the_message_where_it_belongs(
        site: Flask, planned: Strategikarta, case: str) -> None:
    build, where, fragment = HOSTILE[case]
    content = build()
    client = signed_in(site, "planner")
    for action, page in (("/import", "/"), ("/plans/fhs/report/status-round", "/plans/fhs/report")):
        token = csrf(client, f"{page}?lang=en")  # the API's English words, where they belong
        with bounded(SECONDS):
            response = client.post(action, data={"file": (io.BytesIO(content), "ifylld.xlsx"),
                                                 "csrf_token": token})
        html = response.data.decode()
        assert response.status_code == 422, action
        if where == "file":  # the file as a whole: at the field, as the form's own messages
            at_field = re.search(r'<span class="error" id="file-error">(.*?)</span>', html, re.S)
            assert at_field and escape(fragment) in at_field.group(1)
            assert 'aria-invalid="true"' in html
        else:  # a sheet: in the list of problems, by the sheet's name
            assert f"<strong>{where}</strong>: " in html and escape(fragment) in html
    assert planned.milestones.get("fhs", "A").status.value == "planned"


def test_an_upload_form_over_the_limit_is_a_413_page_naming_the_limit(site: Flask) -> None:
    client = signed_in(site, "planner")
    token = csrf(client, "/")
    too_large = io.BytesIO(bytes(MAX_WORKBOOK_BYTES))
    with bounded(SECONDS):
        response = client.post("/import", data={"file": (too_large, "ifylld.xlsx"),
                                                "csrf_token": token})
    assert response.status_code == 413 and "större än 16 MB" in response.data.decode()


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line on a store holding plan `fhs` with milestone A."""
    store = open_store(sqlite_url)
    make_plan(store, milestones=("A",))
    store.close()
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    return CliRunner()


def refused_on_the_command_line(cli: CliRunner, file: Path) -> list[str]:
    """What `import` and `report-import` say about the file; both must fail with exit code 1."""
    outputs = []
    for args in (["import", str(file)], ["report-import", "fhs", str(file)]):
        with bounded(SECONDS):
            result = cli.invoke(main, args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output and result.output.startswith("Error: the workbook")
        outputs.append(result.output)
    return outputs


@pytest.mark.parametrize("case", HOSTILE)
def test_the_command_line_refuses_a_hostile_workbook_with_its_message(
        cli: CliRunner, tmp_path: Path, case: str) -> None:
    build, where, fragment = HOSTILE[case]
    file = tmp_path / "ifylld.xlsx"
    file.write_bytes(build())
    for output in refused_on_the_command_line(cli, file):
        assert f"  {where}: " in output and fragment in output


def test_the_command_line_refuses_a_file_over_the_limit_without_reading_it_all(
        cli: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "stor.xlsx"
    with file.open("wb") as out:
        out.truncate(64 * MAX_WORKBOOK_BYTES)  # a sparse file: 1 GB that costs no disk
    for output in refused_on_the_command_line(cli, file):
        assert "the file is larger than the 16 MB a workbook may be" in output
