"""A store that cannot be written or read is no conflict: 503, a clear message, and a log entry
with the cause; only another writer holding the lock is "busy, try again" (409)."""

import logging
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.application import Strategikarta
from service.config import persistence_env
from tests.builders import make_plan
from tests.conftest import TODAY, Auth, open_store
from web import create_app
from web.cli import main

STATUS = "/api/v1/plans/fhs/milestones/A/status"


@pytest.fixture
def store_file(sqlite_url: str) -> tuple[str, Auth]:
    """A SQLite file with a plan, milestone A and a planner's token."""
    service = open_store(sqlite_url)
    service.users.password_method = "pbkdf2:sha256:1000"
    make_plan(service, milestones=("A",))
    auth = Auth(service)
    service.close()
    return sqlite_url, auth


def opened_with(url: str, **settings: str) -> Strategikarta:
    return Strategikarta({**persistence_env(url), **settings}, today=lambda: TODAY)


def test_a_read_only_store_answers_503_and_logs_why_while_a_locked_one_is_busy(
        store_file: tuple[str, Auth], caplog: pytest.LogCaptureFixture) -> None:
    url, auth = store_file
    # What `chmod 444` does to a file for anyone but root (these tests may run as root).
    read_only = opened_with(url, SQLITE_DBNAME=f"file:{url.removeprefix('sqlite:///')}?mode=ro")
    client = create_app({"TESTING": True, "SERVICE": read_only}).test_client()
    assert client.get("/api/v1/plans/fhs/milestones/A", headers=auth.headers()).status_code == 200
    with caplog.at_level(logging.ERROR):
        response = client.post(STATUS, json={"status": "on_track"}, headers=auth.headers())
    assert (response.status_code, response.json["message"]) == (
        503, "the event store cannot be written: attempt to write a readonly database")
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and "cannot be written" in logged[0].getMessage()
    assert isinstance(logged[0].exc_info[1].__cause__.__cause__, sqlite3.OperationalError)

    writable = opened_with(url, SQLITE_LOCK_TIMEOUT="1")
    client = create_app({"TESTING": True, "SERVICE": writable}).test_client()
    other_writer = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    other_writer.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post(STATUS, json={"status": "on_track"}, headers=auth.headers())
    finally:
        other_writer.execute("ROLLBACK")
    assert response.status_code == 409 and "busy" in response.json["message"]


COMMANDS = [["verify"], ["rebuild"], ["demo"], ["export", "fhs"], ["report", "fhs"],
            ["user", "add", "eva", "--role", "viewer"], ["token", "create", "eva"],
            ["db", "init"], ["serve"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_on_a_store_file_full_of_garbage_says_so_in_one_line(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    garbage = tmp_path / "store.sqlite"
    garbage.write_bytes(bytes(range(256)) * 64)
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", f"sqlite:///{garbage}")
    monkeypatch.setattr("web.server.serve", lambda *args: pytest.fail("serve started"))
    result = CliRunner().invoke(main, command, input="ett-långt-lösenord\n")
    assert (result.exit_code, result.output.splitlines()[-1:]) == (
        1, ["Error: the event store cannot be read: file is not a database"]), result.output
    assert isinstance(result.exception, SystemExit)
