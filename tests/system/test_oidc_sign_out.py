"""Signing out of Strategikarta signs a person who came through the region's identity provider
out there too (OpenID Connect RP-Initiated Logout), against a real OpenID provider (npm
oidc-provider): the app through Flask's test client, the provider's pages through requests."""

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.http.test_pages import CSRF_FIELD
from tests.oidc_provider import CLIENT_ID, OidcProvider, running_oidc_provider
from tests.system.test_oidc_sign_in import ANNA, CALLBACK, message, start
from web import create_app
from web.pages import oidc

SIGN_IN_PAGE = "http://localhost/login"  # the post-logout redirect URI, on Flask's test client
NAVIGATION = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    with running_oidc_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK],
                               [SIGN_IN_PAGE]) as running:
        yield running


@pytest.fixture
def site(memory_service: Strategikarta, provider: OidcProvider) -> Flask:
    return create_app({"TESTING": True, "SERVICE": memory_service, "OIDC": provider.settings()})


def signed_in(site: Flask, provider: OidcProvider, account: str,
              browser: requests.Session) -> FlaskClient:
    """A person signed in through the provider; `browser` keeps the provider's cookies."""
    provider.set_account(account, **ANNA, groups=["strategikarta-planners"])
    client = site.test_client()
    assert client.get(provider.sign_in(start(client), account, browser)).status_code == 302
    return client


def sign_out(client: FlaskClient) -> "tuple[int, str]":
    """Click "Logga ut": the answer's status, and the page or place it leads to."""
    token = re.search(CSRF_FIELD, client.get("/").get_data(as_text=True))
    assert token is not None
    response = client.post("/logout", data={"csrf_token": token.group(1)})
    if response.status_code != 200:
        return response.status_code, response.headers.get("Location", "")
    found = NAVIGATION.search(response.get_data(as_text=True))
    assert found is not None and response.headers["Cache-Control"] == "no-store"
    return 200, unescape(found.group(1))


def test_signing_out_ends_the_session_at_the_provider_too(
        site: Flask, provider: OidcProvider) -> None:
    browser = requests.Session()
    client = signed_in(site, provider, "s1", browser)
    assert provider.remembers(start(site.test_client()), browser)
    status, url = sign_out(client)
    endpoint = requests.get(provider.issuer + "/.well-known/openid-configuration",
                            timeout=5).json()["end_session_endpoint"]
    query = parse_qs(urlsplit(url).query)
    assert (status, url.partition("?")[0]) == (200, endpoint)
    assert (query["post_logout_redirect_uri"], query["client_id"]) == ([SIGN_IN_PAGE], [CLIENT_ID])
    assert query["id_token_hint"][0].count(".") == 2  # a JWT, the provider checks it
    back = provider.sign_out(url, browser)
    assert back == SIGN_IN_PAGE
    page = client.get(back)
    assert page.status_code == 200 and "Du är utloggad." in page.get_data(as_text=True)
    assert client.get("/").status_code == 302  # signed out here
    assert not provider.remembers(start(site.test_client()), browser)  # and there


def test_an_id_token_too_long_to_keep_signs_out_by_the_client_id(
        site: Flask, provider: OidcProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oidc, "LONGEST_HINT", 10)
    browser = requests.Session()
    status, url = sign_out(signed_in(site, provider, "s2", browser))
    query = parse_qs(urlsplit(url).query)
    assert status == 200 and "id_token_hint" not in query and query["client_id"] == [CLIENT_ID]
    assert provider.sign_out(url, browser) == SIGN_IN_PAGE
    assert not provider.remembers(start(site.test_client()), browser)


def signed_in_with_password(client: FlaskClient, service: Strategikarta) -> FlaskClient:
    """`client` signed in as the local planner `bo`, by password."""
    service.users.add("bo", "planner", "ett-långt-lösenord", actor="admin")
    token = re.search(CSRF_FIELD, client.get("/login").get_data(as_text=True))
    assert token is not None
    client.post("/login", data={"name": "bo", "password": "ett-långt-lösenord",
                                "csrf_token": token.group(1)})
    return client


def test_a_local_user_is_signed_out_here_only(
        site: Flask, memory_service: Strategikarta) -> None:
    assert sign_out(signed_in_with_password(site.test_client(), memory_service)) == (
        302, "/login")


def test_a_password_sign_in_after_the_provider_one_is_signed_out_here_only(
        site: Flask, provider: OidcProvider, memory_service: Strategikarta) -> None:
    client = signed_in(site, provider, "s3", requests.Session())
    assert sign_out(signed_in_with_password(client, memory_service)) == (302, "/login")


def test_a_provider_without_sign_out_leaves_a_note(
        memory_service: Strategikarta, tmp_path: Path) -> None:
    with running_oidc_provider(tmp_path, [CALLBACK], sign_out=False) as without:
        site = create_app({"TESTING": True, "SERVICE": memory_service,
                           "OIDC": without.settings()})
        client = signed_in(site, without, "s4", requests.Session())
        assert sign_out(client) == (302, "/login")
        page = client.get("/login").get_data(as_text=True)
    assert "Du är utloggad." in page and "stäng webbläsaren" in page


def test_a_provider_that_does_not_answer_at_sign_out_leaves_a_warning(
        memory_service: Strategikarta, provider: OidcProvider) -> None:
    """Another worker, which has not read the provider's discovery document yet, gets the
    sign-out while the provider is down."""
    settings = provider.settings()
    down = type(settings)(**{**settings.__dict__, "issuer": "http://127.0.0.1:9"})
    first, second = (create_app({"TESTING": True, "SERVICE": memory_service, "OIDC": given,
                                 "SECRET_KEY": "shared-by-the-workers"})
                     for given in (settings, down))
    client = signed_in(first, provider, "s5", requests.Session())
    browser = second.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    browser.set_cookie("session", cookie.value)
    assert sign_out(browser) == (302, "/login")
    assert message(browser.get("/login").data).startswith("Regionens inloggning svarar inte")
