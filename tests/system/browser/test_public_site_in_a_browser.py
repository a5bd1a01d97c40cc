"""The public site in Debian's Chromium against the real server: without signing in, on a phone
(390 px) and a laptop (1366 px), every page passes axe, says its language, does not scroll
sideways, and shows the map as adopted."""

import os
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from service.application import Strategikarta
from service.config import persistence_env
from tests.system.browser.site import LOCALE, prepare
from tests.system.browser.test_any_screen import LAPTOP, PHONE, SIDEWAYS
from tests.system.browser.test_pages_in_a_browser import accessibility_violations
from tests.system.test_server import serving

PLAN = "fhs-exempel"
PAGES = ["/public/", f"/public/plans/{PLAN}", f"/public/plans/{PLAN}?lang=en", "/public/verify"]
SIZES = {"phone": PHONE, "laptop": LAPTOP}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The browser tests' site, with its round decided by RS and the demo plan published."""
    url = f"sqlite:///{tmp_path_factory.mktemp('public') / 'store.sqlite'}"
    prepare(url)
    service = Strategikarta(persistence_env(url))
    service.rounds.submit(PLAN, "bokslut-2025", True, actor="setup", reason="Klar")
    service.rounds.decide(PLAN, "bokslut-2025", "RS", date(2026, 2, 10), "§ 7", "RS/12/2026",
                          "Årsbokslutet godkänns", actor="setup")
    service.publication.set(PLAN, True, actor="setup")
    service.close()
    with serving({**os.environ, "STRATEGIKARTA_DATABASE_URL": url,
                  "STRATEGIKARTA_SECRET_KEY": "browser-tests"}) as base:
        yield base


def anyone_at(browser: Browser, size: dict[str, int]) -> Page:
    """A reader who never signed in (CSP bypassed only so that axe-core can be injected)."""
    return browser.new_context(viewport=size, locale=LOCALE, bypass_csp=True).new_page()  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_passes_axe_and_fits_the_screen(browser: Browser, server: str,
                                                           path: str, size: str) -> None:
    page = anyone_at(browser, SIZES[size])
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert page.title() and page.locator("h1").count() == 1
    assert page.get_attribute("html", "lang") == ("en" if "lang=en" in path else "sv")
    assert page.evaluate(SIDEWAYS) <= 0
    assert accessibility_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_plan_shows_its_map_revision_and_decided_report(browser: Browser, server: str,
                                                            size: str) -> None:
    page = anyone_at(browser, SIZES[size])
    page.goto(f"{server}/public/plans/{PLAN}")
    picture = page.get_by_role("img", name="Den strategiska kartan över planen som den antogs 2025",
                               exact=False)
    picture.scroll_into_view_if_needed()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert picture.evaluate("img => img.getBoundingClientRect().width") <= SIZES[size]["width"]
    assert page.get_by_role("heading", name="Revidering 2025").is_visible()
    assert page.get_by_role("heading", name="Årsbokslut 2025").is_visible()
    assert page.get_by_text("Ännu inte täckt av en signerad kontrollpunkt.").first.is_visible()
    # NY-1 came after the revision: not in the plan as adopted (the later report decided it)
    assert page.locator("#milestone-NV-05").count() == 1
    assert page.locator("#milestone-NY-1").count() == 0
    lines = page.locator("details").first  # a body's lines, folded until asked for
    assert not lines.locator("table").first.is_visible()
    lines.locator("summary").click()
    assert lines.locator("table").first.is_visible()
    page.context.close()


def test_the_skip_link_and_the_language_link_work_by_keyboard(browser: Browser,
                                                              server: str) -> None:
    page = anyone_at(browser, PHONE)
    page.goto(f"{server}/public/plans/{PLAN}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", name="Adopted revisions").is_visible()
    page.context.close()
