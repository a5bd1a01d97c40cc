"""A session ends for good: a copy of its cookie taken before sign-out, or before a new
password, is refused for reads and writes, by every process sharing the store."""

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth, open_store
from tests.http.test_pages import csrf, signed_in
from web import create_app

PLAN = "/plans/fhs"
MILESTONE = f"{PLAN}/milestones/A"


def served(service: Strategikarta) -> Flask:
    return create_app({"TESTING": True, "SERVICE": service, "SECRET_KEY": "samma nyckel"})


@pytest.fixture
def two_processes(sqlite_url: str) -> tuple[Flask, Flask]:
    """Two apps on one store file, as two server processes: the same plan, users, key."""
    first, second = open_store(sqlite_url), open_store(sqlite_url)
    for service in (first, second):
        service.users.password_method = "pbkdf2:sha256:1000"
    make_plan(first, milestones=("A",))
    Auth(first)
    return served(first), served(second)


def copy_of_cookie(client: FlaskClient, site: Flask) -> FlaskClient:
    """Another browser holding the same session cookie (copied, say, from a shared computer)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = site.test_client()
    other.set_cookie("session", cookie.value)
    return other


def refused(client: FlaskClient, form_token: str) -> list[tuple[int, str]]:
    """A page, the API read through the session, and a status report through the form."""
    answers = [client.get(PLAN), client.get("/api/v1/plans/fhs"), client.post(
        f"{MILESTONE}/status", data={"status": "off_track", "csrf_token": form_token})]
    return [(answer.status_code, answer.headers.get("Location", "")) for answer in answers]


REFUSED = [(302, "/login?next=%2Fplans%2Ffhs"), (401, ""),
           (302, "/login?next=%2Fplans%2Ffhs%2Fmilestones%2FA%2Fstatus")]


def test_a_cookie_copied_before_sign_out_is_refused_by_every_process(
        two_processes: tuple[Flask, Flask]) -> None:
    here, elsewhere = two_processes
    browser = signed_in(here, "planner")
    copies = [copy_of_cookie(browser, here), copy_of_cookie(browser, elsewhere)]
    tokens = [csrf(copy, MILESTONE) for copy in copies]  # both work until the sign-out
    assert browser.post("/logout", data={"csrf_token": csrf(browser, PLAN)}).status_code == 302
    assert [refused(copy, token) for copy, token in zip(copies, tokens, strict=True)] == [
        REFUSED, REFUSED]
    service = elsewhere.extensions["strategikarta"]
    assert service.milestones.status_history("fhs", "A") == ()  # the write did not happen
    assert signed_in(elsewhere, "planner").get(PLAN).status_code == 200  # a new sign-in works


@pytest.mark.parametrize("ending", ["new password", "tokens revoked"])
def test_a_new_password_or_revoked_tokens_end_every_session_begun_before(
        two_processes: tuple[Flask, Flask], ending: str) -> None:
    here, elsewhere = two_processes
    browser = signed_in(here, "planner")
    copy = copy_of_cookie(browser, elsewhere)
    token = csrf(copy, MILESTONE)
    users = here.extensions["strategikarta"].users
    if ending == "new password":
        users.set_password("planner-user", "ett-nytt-långt-lösenord", actor="admin-user")
    else:
        users.revoke_tokens("planner-user", actor="admin-user", reason="datorn stulen")
    assert refused(copy, token) == REFUSED
    assert browser.get(PLAN).status_code == 302


def test_a_session_lasts_a_working_day_not_a_month(app: Flask) -> None:
    assert app.permanent_session_lifetime == timedelta(hours=12)
