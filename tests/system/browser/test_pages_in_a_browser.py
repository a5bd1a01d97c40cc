"""A real browser (Debian's Chromium, headless, via Playwright) against the real server."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, StorageState

from tests.system.browser.site import LOCALE, PASSWORD

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
PLAN = "/plans/fhs-exempel"


# Sign-ins are rate-limited (10 a minute per address), so each role signs in once per
# server and later tests start from its cookies, in a fresh browser context of their own.
SESSIONS: dict[tuple[str, str], StorageState] = {}


def sign_in(browser: Browser, server: str, role: str) -> Page:
    # CSP is bypassed only so the tests can inject axe-core; the pages never need it.
    signed_in = SESSIONS.get((server, role))
    page = browser.new_context(bypass_csp=True, storage_state=signed_in, locale=LOCALE).new_page()
    if signed_in is None:
        page.goto(f"{server}/login")
        page.get_by_label("Användarnamn").fill(role)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{server}/")
        SESSIONS[(server, role)] = page.context.storage_state()
    return page


def accessibility_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
        return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    return list(result)


def node_fill(page: Page, key: str) -> str:
    return page.evaluate("""key => {
        const title = [...document.querySelectorAll('#map g.node > title')]
            .find(t => t.textContent === 'm:' + key);
        return title.parentElement.querySelector('path, polygon').getAttribute('fill');
    }""", key)


PAGES = ["/", PLAN, f"{PLAN}/map", f"{PLAN}/map?highlight=blocked&revision=2025",
         f"{PLAN}/milestones/NV-05", f"{PLAN}/report", f"{PLAN}/report?on=2024-04-30&revision=2025",
         f"{PLAN}/history", f"{PLAN}/revisions",
         f"{PLAN}/revisions/compare?from=2025", "/tillganglighet", "/admin/",
         f"{PLAN}/goals", f"{PLAN}/goals/R1", f"{PLAN}/metrics/M1",
         f"{PLAN}/report?on=2025-08-31", "/bodies", f"{PLAN}/follow-up-plan",
         f"{PLAN}/rounds/bokslut-2025", f"{PLAN}/rounds/bokslut-2025/mine"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_axe(browser: Browser, server: str, path: str) -> None:
    page = sign_in(browser, server, "admin")
    page.goto(server + path)
    assert page.title() and "Not Found" not in page.title()
    assert accessibility_violations(page) == []


@pytest.mark.parametrize("path", ["/", f"{PLAN}/rounds/bokslut-2025/mine"])
def test_a_reporters_pages_pass_axe(browser: Browser, server: str, path: str) -> None:
    page = sign_in(browser, server, "hsn-user")
    page.goto(server + path)
    assert "Mina omgångar" in page.content()
    assert accessibility_violations(page) == []


def test_the_sign_in_page_passes_axe(browser: Browser, server: str) -> None:
    page = browser.new_context(bypass_csp=True, locale=LOCALE).new_page()
    page.goto(f"{server}/login")
    assert accessibility_violations(page) == []


def test_a_planner_reports_a_status_and_the_map_changes_colour(browser: Browser,
                                                               server: str) -> None:
    page = sign_in(browser, server, "planner")
    page.goto(f"{server}{PLAN}/map")
    before = node_fill(page, "NV-06")
    page.goto(f"{server}{PLAN}/milestones/NV-06")
    page.get_by_label("Status", exact=True).select_option("off_track")
    page.get_by_label("Rapportdatum (det datum rapporten avser)").fill("2025-09-30")
    page.get_by_label("Kommentar").fill("Stoppad i väntan på beslut")
    page.get_by_role("button", name="Registrera rapporten").click()
    assert page.get_by_role("status").inner_text().startswith("Statusrapporten är registrerad")
    page.goto(f"{server}{PLAN}/map")
    after = node_fill(page, "NV-06")
    assert before.lower() != "#d55e00" and after.lower() == "#d55e00"


def test_an_auditor_moves_the_time_control_back_and_sees_the_old_plan(browser: Browser,
                                                                      server: str) -> None:
    page = sign_in(browser, server, "auditor")
    page.goto(f"{server}{PLAN}/map")
    assert page.locator("#map g.node > title", has_text="m:NY-1").count() == 1
    page.get_by_label("eller som fastställd i revidering").select_option("2025")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**revision=2025**")
    assert page.locator("#map g.node > title", has_text="m:NY-1").count() == 0
    assert "loggposition" in page.get_by_role("status").inner_text()


def test_a_viewer_cannot_edit(browser: Browser, server: str) -> None:
    page = sign_in(browser, server, "viewer")
    page.goto(f"{server}{PLAN}/milestones/NV-06")
    assert page.get_by_role("button", name="Registrera rapporten").count() == 0
    page.goto(f"{server}{PLAN}/map")
    assert page.get_by_label("eller som fastställd i revidering").count() == 0


def test_the_follow_up_report_prints_without_controls_a_focus_area_a_page(
        browser: Browser, server: str) -> None:
    page = sign_in(browser, server, "planner")
    page.goto(f"{server}{PLAN}/report?on=2025-08-31")
    page.emulate_media(media="print")
    for hidden in ("header.top", "form.filters", "p.downloads", "form.upload"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.get_by_role("heading", name="Insatsområde: Nära vård").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    areas = page.locator("section.focus-area").count()
    assert areas == 7 and pages >= areas + 1  # the totals first, then a page per focus area


def test_no_page_breaks_the_content_security_policy(browser: Browser, server: str) -> None:
    page = browser.new_context(locale=LOCALE).new_page()  # CSP enforced: inline scripts and styles would fail
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.goto(f"{server}/login")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/")
    for path in PAGES:
        page.goto(server + path)
    page.goto(f"{server}{PLAN}/map")
    page.get_by_role("button", name="Zooma in").click()  # map.js runs under the CSP
    view_box = page.locator("#map svg").get_attribute("viewBox")
    page.get_by_role("button", name="Hela kartan").click()
    assert view_box != page.locator("#map svg").get_attribute("viewBox")
    assert errors == []
