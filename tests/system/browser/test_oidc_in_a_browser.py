"""Signing in with the region's account in a real browser: Chromium, the real server
(`strategikarta serve`, two workers) and a real OpenID provider (npm oidc-provider)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.harness import free_port
from service.application import Strategikarta
from service.config import persistence_env
from tests.oidc_provider import OidcProvider, running_oidc_provider
from tests.system.browser.site import LOCALE, PASSWORD
from tests.system.browser.test_pages_in_a_browser import accessibility_violations
from tests.system.test_server import serving


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, OidcProvider]]:
    """The server, configured for the provider by STRATEGIKARTA_OIDC_*, with one local user."""
    directory: Path = tmp_path_factory.mktemp("oidc-browser")
    base = f"http://127.0.0.1:{free_port()}"
    with running_oidc_provider(directory, [f"{base}/auth/oidc/callback"],
                               [f"{base}/login"]) as provider:
        url = f"sqlite:///{directory / 'store.sqlite'}"
        Strategikarta(persistence_env(url, create_tables=True)).close()
        service = Strategikarta(persistence_env(url))
        service.users.add("lokal", "planner", PASSWORD, actor="setup")
        service.close()
        env = {**os.environ, "STRATEGIKARTA_DATABASE_URL": url,
               "STRATEGIKARTA_SECRET_KEY": "browser-tests", **provider.environment()}
        with serving(env, int(base.rsplit(":", 1)[1])):
            yield base, provider


def through_the_provider(page: Page, base: str, provider: OidcProvider, account: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Logga in med regionens konto").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.locator('input[name="login"]').fill(account)
    page.locator('input[name="password"]').fill("vilket-som-helst")
    page.get_by_role("button", name="Sign-in").click()


def test_a_person_signs_in_with_the_regions_account_in_the_mapped_role(
        browser: Browser, site: tuple[str, OidcProvider]) -> None:
    base, provider = site
    provider.set_account("p1", preferred_username="per.holm", name="Per Holm",
                         groups=["strategikarta-admins"])
    page = browser.new_context(bypass_csp=True, locale=LOCALE).new_page()  # CSP: to inject axe
    through_the_provider(page, base, provider, "p1")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("button", name="Logga ut (per.holm)").is_visible()
    page.get_by_role("link", name="Användare").click()  # an administrator's page
    assert "loggar in med regionens konto" in page.content()
    page.get_by_text("Koppla till regionens konto…").first.click()  # a local user's link form
    assert page.get_by_label("Konto-id i regionen").first.is_visible()
    assert accessibility_violations(page) == []


def test_signing_out_signs_out_at_the_provider_too(
        browser: Browser, site: tuple[str, OidcProvider]) -> None:
    """Chromium holds a form's redirect to the Content-Security-Policy's form-action; the
    sign-out goes to the provider from a page that navigates, so nothing is blocked."""
    base, provider = site
    provider.set_account("p3", preferred_username="sara.lund", groups=["strategikarta-viewers"])
    page = browser.new_context(locale=LOCALE).new_page()
    blocked: list[str] = []
    page.on("console", lambda note: blocked.append(note.text)
            if "Content Security Policy" in note.text else None)
    through_the_provider(page, base, provider, "p3")
    page.wait_for_url(f"{base}/")
    page.get_by_role("button", name="Logga ut (sara.lund)").click()
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/login")
    assert "Du är utloggad" in page.content() and blocked == []
    page.get_by_role("link", name="Logga in med regionens konto").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")  # asked to sign in again
    assert page.locator('input[name="login"]').is_visible()


def test_an_account_in_no_mapped_group_is_told_why(
        browser: Browser, site: tuple[str, OidcProvider]) -> None:
    base, provider = site
    provider.set_account("q2", preferred_username="ulla.ek", groups=["alla-anstallda"])
    page = browser.new_context(locale=LOCALE).new_page()
    through_the_provider(page, base, provider, "q2")
    page.wait_for_url(f"{base}/auth/oidc/callback?**")
    assert page.get_by_text("Ditt konto i regionen ger dig ingen roll i Strategikarta").is_visible()


def test_the_local_sign_in_stays_and_the_page_passes_axe(
        browser: Browser, site: tuple[str, OidcProvider]) -> None:
    base, _ = site
    page = browser.new_context(bypass_csp=True, locale=LOCALE).new_page()  # CSP: to inject axe
    page.goto(f"{base}/login")
    assert accessibility_violations(page) == []
    page.get_by_label("Användarnamn").fill("lokal")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("button", name="Logga ut (lokal)").is_visible()
