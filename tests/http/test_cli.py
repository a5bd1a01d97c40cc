"""The `strategikarta` command on a real SQLite file."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from service.demo import demo_document, demo_status_reports
from tests.builders import (
    DEFAULT_PERIODS,
    goal_tree_body,
    milestone_body,
    plan_body,
    two_bodies_year,
)
from tests.conftest import open_store
from web.cli import main


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "init"]).exit_code == 0
    return runner


def run(cli: CliRunner, *args: str, stdin: str | None = None) -> Result:
    return cli.invoke(main, list(args), input=stdin)


def test_db_init_is_idempotent(cli: CliRunner) -> None:
    result = run(cli, "db", "init")
    assert result.exit_code == 0 and "event store ready" in result.output


def test_commands_on_a_store_without_tables_say_to_run_db_init(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = CliRunner().invoke(main, ["export", "fhs"])
    assert result.exit_code == 1 and "strategikarta db init" in result.output


def test_a_user_added_with_a_password_on_stdin_gets_a_token(cli: CliRunner) -> None:
    assert run(cli, "user", "add", "anna", "--role", "planner",
               stdin="ett-långt-lösenord\n").exit_code == 0
    result = run(cli, "token", "create", "anna")
    assert result.exit_code == 0
    assert result.output.strip().startswith("skt_") and len(result.output.strip().split()) == 1


def test_a_short_password_or_unknown_user_is_refused_clearly(cli: CliRunner) -> None:
    result = run(cli, "user", "add", "anna", "--role", "planner", stdin="kort\n")
    assert result.exit_code == 1 and "at least 10 characters" in result.output
    result = run(cli, "token", "create", "okänd")
    assert result.exit_code == 1 and "no user 'okänd'" in result.output


def test_import_then_export_gives_back_the_document(cli: CliRunner, tmp_path: Path) -> None:
    document = {**plan_body("imp"), **goal_tree_body(), "milestones": [
        {**milestone_body("A", goals=["R1"]), "requires": ["B"], "affects": []},
        {**milestone_body("B", goals=[]), "requires": [], "affects": ["A"]}]}
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = run(cli, "import", str(path))
    assert result.exit_code == 0 and "2 milestones" in result.output
    exported = run(cli, "export", "imp", "--format", "json")
    assert json.loads(exported.output) == {**document, "reporting_periods": DEFAULT_PERIODS}


def test_an_invalid_import_names_row_and_field_and_stores_nothing(
        cli: CliRunner, tmp_path: Path) -> None:
    document = {**plan_body("imp"), "milestones": [milestone_body("A"),
                                                   milestone_body("B", target_year="snart")]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run(cli, "import", str(path))
    assert result.exit_code == 1 and "milestones.1.target_year" in result.output
    assert "no plan 'imp'" in run(cli, "export", "imp").output


def test_demo_loads_once(cli: CliRunner) -> None:
    assert run(cli, "demo").output.splitlines()[0] == "demo plan loaded"
    assert run(cli, "demo").output.splitlines()[0] == "demo plan already present"
    exported = json.loads(run(cli, "export", "fhs-exempel").output)
    assert len(exported["focus_areas"]) == 7
    assert 30 <= len(exported["milestones"]) <= 50
    assert sum(len(m["requires"]) for m in exported["milestones"]) >= 30
    assert sum(len(m["affects"]) for m in exported["milestones"]) >= 10


def test_the_demo_plan_has_reports_over_several_periods_and_a_late_correction() -> None:
    reports = demo_status_reports()
    assert len({r["reported_for"] for r in reports}) >= 8
    corrections = [r for r in reports if r["comment"].startswith("Rättelse")]
    assert len(corrections) == 1
    later = [r for r in reports[reports.index(corrections[0]):]
             if r["milestone"] == corrections[0]["milestone"]]
    assert later[0]["reported_for"] < max(r["reported_for"] for r in reports
                                          if r["milestone"] == corrections[0]["milestone"])
    assert "exempel" in demo_document()["title"].lower()


def test_rebuild_folds_the_whole_log_and_verify_passes(cli: CliRunner) -> None:
    run(cli, "demo")
    result = run(cli, "rebuild")
    assert result.exit_code == 0 and "2 plans, 48 milestones" in result.output  # two demo plans
    assert run(cli, "verify").output.startswith("ok: ")


@pytest.mark.parametrize("content, says", [
    (b"\xff\xfe{}", "is not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"key": "\\ud800"}', "key: contains a lone UTF-16 surrogate"),
])
def test_an_unreadable_plan_file_is_refused_with_a_message_not_a_traceback(
        cli: CliRunner, tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    result = run(cli, "import", str(path))
    assert result.exit_code == 1 and says in result.output
    assert "Traceback" not in result.output


def test_bodies_are_added_and_listed(cli: CliRunner) -> None:
    result = run(cli, "body", "add", "RS", "Regionstyrelsen", "--kind", "board")
    assert result.exit_code == 0 and "body 'RS' added" in result.output
    assert run(cli, "body", "add", "PN", "Patientnämnden", "--kind", "committee").exit_code == 0
    assert run(cli, "body", "list").output == ("PN\tcommittee\tPatientnämnden\n"
                                               "RS\tboard\tRegionstyrelsen\n")
    again = run(cli, "body", "add", "RS", "Regionstyrelsen", "--kind", "board")
    assert again.exit_code == 1 and "already a body 'RS'" in again.output
    assert run(cli, "body", "add", "X", "X", "--kind", "club").exit_code == 2


def test_a_reporter_is_added_with_bodies_and_an_address_and_changed_later(
        cli: CliRunner) -> None:
    for key, kind in (("RS", "board"), ("PN", "committee")):
        run(cli, "body", "add", key, key, "--kind", kind)
    result = run(cli, "user", "add", "rut", "--role", "reporter", "--body", "RS", "--body",
                 "PN", "--email", "rut@region.example", stdin="ett-långt-lösenord\n")
    assert result.exit_code == 0, result.output
    assert result.output == "user 'rut' added as reporter for RS, PN <rut@region.example>\n"
    assert run(cli, "user", "set", "rut", "--body", "PN").exit_code == 0
    assert run(cli, "user", "set", "rut", "--email", "").exit_code == 0
    assert "rut\treporter\tPN\t-" in run(cli, "user", "list").output.splitlines()
    assert run(cli, "user", "set", "rut").exit_code == 2


@pytest.mark.parametrize("options, says", [
    (["--role", "reporter"], "--body: a reporter reports for at least one body"),
    (["--role", "reporter", "--body", "XX"], "--body: there is no body 'XX'"),
    (["--role", "viewer", "--email", "inte-en-adress"],
     "--email: 'inte-en-adress' is not an e-mail address"),
])
def test_a_reporter_without_a_known_body_or_a_bad_address_is_refused_naming_the_option(
        cli: CliRunner, options: list[str], says: str) -> None:
    run(cli, "body", "add", "RS", "Regionstyrelsen", "--kind", "board")
    result = run(cli, "user", "add", "rut", *options, stdin="ett-långt-lösenord\n")
    assert result.exit_code == 1 and says in result.output
    assert "rut" not in run(cli, "user", "list").output
    refused = run(cli, "user", "set", "admin-saknas", "--email", "x@y.example")
    assert refused.exit_code == 1 and "no user 'admin-saknas'" in refused.output


def test_a_round_is_opened_and_listed_from_the_command_line(
        cli: CliRunner, sqlite_url: str) -> None:
    service = open_store(sqlite_url, date.today())
    two_bodies_year(service, date.today(), rounds=("nara",))
    service.close()
    opened = run(cli, "round", "open", "rs", "senare")
    deadline = date.today() + timedelta(days=30)
    assert opened.output == f"round 'senare' opened: 5 items, deadline {deadline}\n"
    lines = run(cli, "round", "list", "rs").output.splitlines()
    assert lines == [f"nara\topen\t{date.today() + timedelta(days=3)}\t0/5\tTertialrapport 1",
                     f"senare\topen\t{deadline}\t0/5\tDelårsrapport"]
    again = run(cli, "round", "open", "rs", "nara")
    assert again.exit_code == 1 and "already open" in again.output


def test_a_revised_document_becomes_a_proposal(cli: CliRunner, tmp_path: Path) -> None:
    document = {**plan_body("imp"), "milestones": [
        {**milestone_body("A"), "requires": [], "affects": []},
        {**milestone_body("B"), "requires": ["A"], "affects": []}]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run(cli, "import", str(path)).exit_code == 0
    document["milestones"][1]["requires"] = []
    document["milestones"][0]["target_year"] = 2024
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run(cli, "proposal", "import", "imp", str(path), "--key", "rev", "--title",
                 "Revidering")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "proposal 'rev' made on plan 'imp': 2 change(s)", "  move A",
        "  remove_dependency B → A"]
    document["end_year"] = 2030
    path.write_text(json.dumps(document), encoding="utf-8")
    refused = run(cli, "proposal", "import", "imp", str(path), "--key", "rev2", "--title", "R")
    assert refused.exit_code == 1 and "2022–2025" in refused.output
