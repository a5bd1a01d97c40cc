"""Signing in with the region's identity provider, end to end against a real OpenID provider
(npm oidc-provider, started here): discovery, code flow with PKCE, ID token checked by its
keys, userinfo; the app through Flask's test client, the provider's pages through requests."""

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from domain.user import Role
from service.application import Strategikarta
from service.config import oidc_settings
from tests.http.test_pages import CSRF_FIELD
from tests.oidc_provider import OTHER_CLIENT_ID, OidcProvider, running_oidc_provider
from web import create_app

CALLBACK = "http://localhost/auth/oidc/callback"  # where Flask's test client is served
ANNA = {"preferred_username": "anna.berg@region.example", "name": "Anna Berg",
        "email": "anna.berg@region.example", "email_verified": True}
FAILED = "Inloggningen med regionens konto fungerade inte"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """The OpenID provider, up for the module; each test gives its accounts their groups."""
    with running_oidc_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK]) as running:
        yield running


@pytest.fixture
def site(memory_service: Strategikarta, provider: OidcProvider) -> Flask:
    """The app, configured for the provider as STRATEGIKARTA_OIDC_* would."""
    return create_app({"TESTING": True, "SERVICE": memory_service, "OIDC": provider.settings()})


def start(client: FlaskClient) -> str:
    """Click "Logga in med regionens konto": the URL of the provider's sign-in it leads to."""
    response = client.get("/auth/oidc/login?next=/bodies")
    assert response.status_code == 302
    return response.headers["Location"]


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**dict(parse_qsl(parts.query)),
                                                      **changes})))


def sign_in(client: FlaskClient, provider: OidcProvider, account: str) -> FlaskClient:
    callback = provider.sign_in(start(client), account)
    assert callback.startswith(CALLBACK + "?")
    response = client.get(callback)
    assert (response.status_code, response.headers.get("Location")) == (302, "/bodies")
    return client


def message(page: bytes) -> str:
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page.decode())
    return unescape(found.group(1).strip()) if found else ""


def test_a_first_sign_in_makes_the_user_with_the_mapped_role_and_signs_them_in(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    provider.set_account("a1b2", **ANNA, groups=["strategikarta-planners", "alla-anstallda"])
    client = sign_in(site.test_client(), provider, "a1b2")
    user = memory_service.users.get("anna.berg")
    assert (user.role, user.issuer, user.subject, user.email) == (
        Role.PLANNER, provider.issuer, "a1b2", "anna.berg@region.example")
    page = client.get("/")
    assert page.status_code == 200 and "anna.berg" in page.get_data(as_text=True)
    assert client.get("/api/v1/plans").status_code == 200  # the session reads the API, too
    token = re.search(CSRF_FIELD, page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 200  # see sign-out
    assert client.get("/").status_code == 302  # signed out as after a password sign-in


def test_a_changed_group_changes_the_role_at_the_next_sign_in(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    provider.set_account("c3d4", **ANNA, groups=["strategikarta-viewers"])
    sign_in(site.test_client(), provider, "c3d4")
    assert site.test_client().get("/admin/").status_code == 302
    provider.set_account("c3d4", **ANNA, groups=["strategikarta-admins"])
    admin = sign_in(site.test_client(), provider, "c3d4")
    assert memory_service.users.get("anna.berg").role is Role.ADMIN
    assert admin.get("/admin/").status_code == 200


def test_an_account_in_no_mapped_group_is_refused_and_no_user_made(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    provider.set_account("e5f6", **ANNA, groups=["alla-anstallda"])
    client = site.test_client()
    response = client.get(provider.sign_in(start(client), "e5f6"))
    assert response.status_code == 403
    assert message(response.data) == ("Ditt konto i regionen ger dig ingen roll i Strategikarta: "
                                      "be en administratör om behörighet.")
    assert memory_service.users.find("anna.berg") is None
    assert client.get("/").status_code == 302


def test_a_forged_state_is_refused(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    provider.set_account("g7h8", **ANNA, groups=["strategikarta-admins"])
    client = site.test_client()
    callback = provider.sign_in(start(client), "g7h8")
    response = client.get(with_query(callback, state="en-annan-state"))
    assert (response.status_code, message(response.data)[:len(FAILED)]) == (401, FAILED)
    # Nor is the genuine answer taken by another browser (one an attacker sent it to).
    assert site.test_client().get(callback).status_code == 401
    assert memory_service.users.find("anna.berg") is None


def test_an_answer_naming_another_issuer_is_refused(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    """RFC 9207: the provider names itself in its answer, so one cannot pass for another."""
    provider.set_account("g7h9", **ANNA, groups=["strategikarta-admins"])
    client = site.test_client()
    callback = provider.sign_in(start(client), "g7h9")
    assert dict(parse_qsl(urlsplit(callback).query))["iss"] == provider.issuer
    response = client.get(with_query(callback, iss="https://login.elsewhere.example"))
    assert response.status_code == 401
    assert memory_service.users.find("anna.berg") is None


def test_a_code_issued_to_another_client_is_refused(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    """The provider gives another app a code for the same person, sent to our callback with
    our own state: its tokens are for that app's audience, not ours."""
    provider.set_account("i9j0", **ANNA, groups=["strategikarta-admins"])
    client = site.test_client()
    ours = start(client)
    callback = provider.sign_in(with_query(ours, client_id=OTHER_CLIENT_ID), "i9j0")
    assert dict(parse_qsl(urlsplit(callback).query))["state"] == dict(
        parse_qsl(urlsplit(ours).query))["state"]
    assert client.get(callback).status_code == 401
    assert memory_service.users.find("anna.berg") is None


def test_an_answer_is_used_once(site: Flask, provider: OidcProvider) -> None:
    provider.set_account("k1l2", **ANNA, groups=["strategikarta-planners"])
    client = site.test_client()
    callback = provider.sign_in(start(client), "k1l2")
    assert client.get(callback).status_code == 302
    assert client.get(callback).status_code == 401


def test_local_sign_in_still_works_alongside(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    memory_service.users.add("bo", "planner", "ett-långt-lösenord", actor="admin")
    client = site.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Logga in med regionens konto" in page and 'name="password"' in page
    token = re.search(CSRF_FIELD, page).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"name": "bo", "password": "ett-långt-lösenord",
                                           "csrf_token": token})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_a_local_user_of_the_same_name_is_not_taken_over(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    memory_service.users.add("anna.berg", "viewer", "ett-långt-lösenord", actor="admin")
    provider.set_account("m3n4", **ANNA, groups=["strategikarta-admins"])
    client = site.test_client()
    response = client.get(provider.sign_in(start(client), "m3n4"))
    assert response.status_code == 409 and "anna.berg" in message(response.data)
    assert memory_service.users.get("anna.berg").issuer == ""


def test_the_provider_that_is_down_gives_a_clear_message(
        memory_service: Strategikarta, provider: OidcProvider, tmp_path: Path) -> None:
    settings = provider.settings()
    down = type(settings)(**{**settings.__dict__, "issuer": "http://127.0.0.1:9"})
    client = create_app({"TESTING": True, "SERVICE": memory_service, "OIDC": down}).test_client()
    response = client.get("/auth/oidc/login")
    assert response.status_code == 503
    assert message(response.data).startswith("Regionens inloggning svarar inte just nu")
    assert requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=5).ok


def test_groups_named_by_distinguished_names_are_mapped_in_the_json_form(
        memory_service: Strategikarta, provider: OidcProvider) -> None:
    """The provider sends LDAP distinguished names (`,` and `=` in every one); the role
    mapping, given in STRATEGIKARTA_OIDC_ROLES as JSON, names them as they are."""
    planners, everyone = ("CN=Strategikarta Planerare,OU=Grupper,DC=region,DC=example",
                          "CN=Alla anställda,OU=Grupper,DC=region,DC=example")
    roles = json.dumps({"groups": {planners: "planner", everyone: "viewer"}})
    site = create_app({"TESTING": True, "SERVICE": memory_service,
                       "OIDC": oidc_settings(provider.environment(roles))})
    provider.set_account("o5p6", **ANNA, groups=[everyone, planners])
    sign_in(site.test_client(), provider, "o5p6")
    assert memory_service.users.get("anna.berg").role is Role.PLANNER
