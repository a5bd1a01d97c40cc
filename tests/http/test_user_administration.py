"""Administrators change roles, revoke tokens and reset passwords; every process obeys."""

import re
import time

import pytest
from click.testing import CliRunner
from flask import Flask

from domain.errors import ConflictError, InvalidValueError
from service.application import Strategikarta
from service.users import TOKEN_STALENESS
from tests.conftest import Auth, open_store
from tests.http.test_pages import csrf, signed_in
from web import create_app
from web.cli import main


def test_a_revoked_token_is_refused_by_every_process_within_a_tenth_of_a_second(sqlite_url: str) -> None:
    writer, reader = open_store(sqlite_url), open_store(sqlite_url)
    for service in (writer, reader):
        service.users.password_method = "pbkdf2:sha256:1000"
    writer.users.add("anna", "planner", "ett-långt-lösenord", actor="admin")
    token = writer.users.create_token("anna", actor="admin")
    assert reader.users.for_token(token) is not None
    writer.users.revoke_tokens("anna", actor="admin", reason="nyckeln läckte")
    time.sleep(TOKEN_STALENESS)  # the reader looked at the log less than that ago
    assert reader.users.for_token(token) is None
    fresh = writer.users.create_token("anna", actor="admin")
    assert reader.users.for_token(fresh).name == "anna"  # type: ignore[union-attr]


def test_a_changed_role_counts_from_the_next_request(
        memory_service: Strategikarta, auth: Auth) -> None:
    client = create_app({"TESTING": True, "SERVICE": memory_service}).test_client()
    body = {"key": "p", "title": "Plan", "owner": "HSN", "start_year": 2022, "end_year": 2025}
    memory_service.users.change_role("planner-user", "viewer", actor="admin-user")
    response = client.post("/api/v1/plans", json=body, headers=auth.headers("planner"))
    assert response.status_code == 403


def test_the_last_administrator_keeps_the_role(memory_service: Strategikarta) -> None:
    memory_service.users.password_method = "pbkdf2:sha256:1000"
    memory_service.users.add("root", "admin", "ett-långt-lösenord", actor="setup")
    with pytest.raises(ConflictError):
        memory_service.users.change_role("root", "viewer", actor="root")
    memory_service.users.add("eva", "admin", "ett-långt-lösenord", actor="root")
    assert memory_service.users.change_role("root", "viewer", actor="eva").role.value == "viewer"


def test_a_new_password_replaces_the_old_and_must_be_long_enough(
        memory_service: Strategikarta, auth: Auth) -> None:
    with pytest.raises(InvalidValueError):
        memory_service.users.set_password("viewer-user", "kort", actor="admin-user")
    memory_service.users.set_password("viewer-user", "ett-nytt-långt-lösenord", actor="admin-user")
    assert memory_service.users.for_password("viewer-user", "lösenord-viewer") is None
    assert memory_service.users.for_password("viewer-user", "ett-nytt-långt-lösenord")


@pytest.fixture
def site(memory_service: Strategikarta, auth: Auth) -> Flask:
    return create_app({"TESTING": True, "SERVICE": memory_service})


def test_an_administrator_changes_roles_revokes_tokens_and_sets_passwords_on_the_page(
        site: Flask, memory_service: Strategikarta, auth: Auth) -> None:
    client = signed_in(site, "admin")
    token = csrf(client, "/admin/")
    page = client.post("/admin/roles", data={"name": "viewer-user", "role": "auditor",
                                             "csrf_token": token},
                       follow_redirects=True).data.decode()
    assert "Rollen för viewer-user är ändrad." in page
    assert memory_service.users.get("viewer-user").role.value == "auditor"
    client.post("/admin/tokens/revoke", data={"name": "planner-user", "confirm": "yes",
                                              "csrf_token": token})
    assert memory_service.users.for_token(auth.tokens["planner"]) is None
    short = client.post("/admin/passwords", data={"pw-name": "viewer-user", "pw-password": "kort",
                                                  "pw-csrf_token": token})
    assert short.status_code == 422 and "minst 10 tecken" in short.data.decode()
    client.post("/admin/passwords", data={"pw-name": "viewer-user",
                                          "pw-password": "ett-nytt-långt-lösenord",
                                          "pw-csrf_token": token})
    assert memory_service.users.for_password("viewer-user", "ett-nytt-långt-lösenord")


def test_the_admin_page_has_no_duplicate_ids(site: Flask) -> None:
    page = signed_in(site, "admin").get("/admin/").data.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_command_line_changes_roles_passwords_and_revokes_tokens(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    cli = CliRunner()
    assert cli.invoke(main, ["db", "init"]).exit_code == 0
    assert cli.invoke(main, ["user", "add", "anna", "--role", "admin"],
                      input="ett-långt-lösenord\n").exit_code == 0
    result = cli.invoke(main, ["user", "role", "anna", "--role", "viewer"])
    assert result.exit_code == 1 and "last administrator" in result.output
    assert cli.invoke(main, ["user", "add", "bo", "--role", "planner"],
                      input="ett-långt-lösenord\n").exit_code == 0
    result = cli.invoke(main, ["user", "role", "bo", "--role", "auditor"])
    assert result.exit_code == 0 and "now auditor" in result.output
    assert cli.invoke(main, ["user", "password", "bo"], input="kort\n").exit_code == 1
    assert cli.invoke(main, ["user", "password", "bo"],
                      input="ett-annat-långt-lösenord\n").exit_code == 0
    token = cli.invoke(main, ["token", "create", "bo"]).output.strip()
    result = cli.invoke(main, ["token", "revoke", "bo"])
    assert result.exit_code == 0 and "revoked" in result.output
    service = open_store(sqlite_url)
    assert service.users.for_token(token) is None
    assert service.users.get("bo").role.value == "auditor"
