"""A local user whose name a person's account at the region also gives is never taken over by
signing in; an administrator links it, on the Users page or with `strategikarta user link`,
and the person then signs in as that user. Against a real OpenID provider (npm oidc-provider)."""

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from domain.user import Role
from service.application import Strategikarta
from tests.conftest import open_store
from tests.http.test_pages import CSRF_FIELD
from tests.oidc_provider import OidcProvider, running_oidc_provider
from tests.system.test_oidc_sign_in import ANNA, CALLBACK, message, start
from web import create_app
from web.cli import main

PASSWORD = "ett-långt-lösenord"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    with running_oidc_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK]) as running:
        yield running


def through_the_provider(site: Flask, provider: OidcProvider, account: str) -> tuple[int, str]:
    """A person signs in with the region's account: the status, and the message if refused."""
    client = site.test_client()
    response = client.get(provider.sign_in(start(client), account))
    return response.status_code, message(response.data)


def with_password(site: Flask, name: str) -> FlaskClient:
    client = site.test_client()
    token = re.search(CSRF_FIELD, client.get("/login").get_data(as_text=True))
    assert token is not None
    response = client.post("/login", data={"name": name, "password": PASSWORD,
                                           "csrf_token": token.group(1)})
    assert response.status_code == 302
    return client


def link_form(admin: FlaskClient, name: str, subject: str) -> dict[str, str]:
    """The Users page's form linking user `name`, filled in with `subject`."""
    page = admin.get("/admin/").get_data(as_text=True)
    found = re.search(rf'name="(l\d+)-name" type="hidden" value="{re.escape(name)}"', page)
    assert found is not None
    prefix = found.group(1)
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    return {f"{prefix}-name": name, f"{prefix}-csrf_token": token.group(1),
            f"{prefix}-subject": subject}


@pytest.fixture
def site(memory_service: Strategikarta, provider: OidcProvider) -> Flask:
    """The site with sign-in through the provider, and a local administrator `chef`."""
    memory_service.users.add("chef", "admin", PASSWORD, actor="setup")
    return create_app({"TESTING": True, "SERVICE": memory_service, "OIDC": provider.settings()})


def test_an_administrator_links_a_local_user_on_the_users_page(
        site: Flask, memory_service: Strategikarta, provider: OidcProvider) -> None:
    memory_service.users.add("anna.berg", "viewer", PASSWORD, actor="setup")
    provider.set_account("t1", **ANNA, groups=["strategikarta-planners"])
    status, said = through_the_provider(site, provider, "t1")
    assert (status, said) == (409, "Det finns redan en användare 'anna.berg' som inte loggar in "
                                    "med regionens konto. Är det du, be en administratör koppla "
                                    "den till ditt konto i regionen (konto-id: t1); logga under "
                                    "tiden in med lösenord.")
    admin = with_password(site, "chef")
    form = link_form(admin, "anna.berg", "t1")
    prefix = next(iter(form)).removesuffix("-name")
    response = admin.post("/admin/users/link", data={**form, f"{prefix}-drop_password": "y"})
    assert response.status_code == 302
    page = admin.get("/admin/").get_data(as_text=True)
    assert ("anna.berg loggar nu in med regionens konto t1 och inte längre med lösenord" in page
            and "konto-id: t1" in page)
    assert through_the_provider(site, provider, "t1") == (302, "")
    user = memory_service.users.get("anna.berg")
    assert (user.role, user.issuer, user.subject, user.password_hash) == (
        Role.PLANNER, provider.issuer, "t1", "")
    assert memory_service.sessions.begin("anna.berg", PASSWORD) is None


def test_the_users_page_refuses_an_account_that_is_another_users(
        site: Flask, memory_service: Strategikarta, provider: OidcProvider) -> None:
    memory_service.users.add("anna", "viewer", PASSWORD, actor="setup")
    provider.set_account("t2", **ANNA, groups=["strategikarta-viewers"])
    assert through_the_provider(site, provider, "t2") == (302, "")  # made anna.berg
    admin = with_password(site, "chef")
    response = admin.post("/admin/users/link", data=link_form(admin, "anna", "t2"))
    assert response.status_code == 409
    assert ("Regionens konto &#39;t2&#39; loggar redan in som &#39;anna.berg&#39;"
            in response.get_data(as_text=True))
    assert memory_service.users.get("anna").subject == ""


def test_an_administrator_links_a_local_user_from_the_command_line(
        sqlite_url: str, provider: OidcProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"STRATEGIKARTA_DATABASE_URL": sqlite_url,
                        **provider.environment()}.items():
        monkeypatch.setenv(name, value)
    store = open_store(sqlite_url)
    store.users.password_method = "pbkdf2:sha256:1000"
    store.users.add("anna", "admin", PASSWORD, actor="setup")
    site = create_app({"TESTING": True, "SERVICE": store, "OIDC": provider.settings()})
    provider.set_account("t3", **{**ANNA, "preferred_username": "anna"},
                         groups=["strategikarta-auditors"])
    assert through_the_provider(site, provider, "t3")[0] == 409
    result = CliRunner().invoke(main, ["user", "link", "anna", "--subject", "t3"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"user 'anna' now signs in with the account 't3' at "
                             f"{provider.issuer} and still with its password; from the next "
                             "sign-in there, the provider's groups set its role\n")
    assert through_the_provider(site, provider, "t3") == (302, "")  # another process linked it
    assert store.users.get("anna").role is Role.AUDITOR
    again = CliRunner().invoke(main, ["user", "link", "anna", "--subject", "t4"])
    assert again.exit_code == 1
    assert "--replace: 'anna' already signs in with the region's account 't3'" in again.output
    store.close()
