"""A planner prepares the yearly revision as a proposal by clicking, in a real browser: makes
it, defines a milestone, adds a dependency (a cycle refused first), slips one, reads the map
with its marks and adopts it. The pages pass axe, errors included, and neither scrolls
sideways on a phone nor leaves the laptop's screen."""

from datetime import date

from playwright.sync_api import Browser, Page

from tests.system.browser.site import LOCALE
from tests.system.browser.test_any_screen import LAPTOP, PHONE, SIDEWAYS
from tests.system.browser.test_pages_in_a_browser import PLAN, accessibility_violations, sign_in

PROPOSALS = f"{PLAN}/proposals"


def planner_at(browser: Browser, server: str, size: dict[str, int]) -> Page:
    """The planner's session (signed in once) in a window of `size`, axe allowed in."""
    state = sign_in(browser, server, "planner").context.storage_state()
    return browser.new_context(viewport=size, storage_state=state, locale=LOCALE,  # type: ignore[arg-type]
                               bypass_csp=True).new_page()


def fits(page: Page) -> None:
    page.wait_for_load_state()  # the styles applied: a page read half-loaded is wider
    assert page.evaluate(SIDEWAYS) <= 0
    assert accessibility_violations(page) == []


def added(page: Page) -> None:
    assert page.get_by_role("status").inner_text().startswith("Ändringen är tillagd")


def test_a_planner_prepares_the_revision_as_a_proposal_and_adopts_it(browser: Browser,
                                                                     server: str) -> None:
    page = planner_at(browser, server, PHONE)
    page.goto(server + PROPOSALS)
    fits(page)
    page.locator("#key").fill("rev-2026")
    page.locator("#title").fill("Revidering 2026")
    page.get_by_role("button", name="Upprätta förslaget", exact=True).click()
    page.wait_for_url(f"{server}{PROPOSALS}/rev-2026")
    fits(page)

    page.get_by_text("Definiera en ny milstolpe").click()
    page.locator("#define-key").fill("NY-2")
    page.locator("#define-title").fill("Uppföljning i hemmet")
    page.locator("#define-focus_area").select_option("nara-vard")
    page.locator("#define-target_year").select_option("2025")
    page.locator("#define-reason").fill("Ny i revideringen")
    page.get_by_role("button", name="Lägg till den nya milstolpen").click()
    added(page)

    page.get_by_text("Lägg till ett beroende").click()
    page.locator("#dependency-milestone").select_option("NY-2")
    page.locator("#dependency-to").select_option("NV-04")
    page.get_by_role("button", name="Lägg till beroendet").click()
    added(page)
    page.get_by_text("Lägg till ett beroende").click()
    page.locator("#dependency-milestone").select_option("NV-04")
    page.locator("#dependency-to").select_option("NY-2")
    page.get_by_role("button", name="Lägg till beroendet").click()
    assert "NV-04 → NY-2 → NV-04" in page.locator("#dependency-to-error").inner_text()
    fits(page)  # the refusal, shown at its field

    page.get_by_text("Flytta eller försena en milstolpe").click()
    page.locator("#op").select_option("slip")
    page.locator("#milestone").select_option("DI-03")
    page.locator("#year").select_option("2025")
    page.locator("#reason").fill("Upphandlingen är försenad")
    page.get_by_role("button", name="Lägg till ändringen", exact=True).click()
    added(page)

    moved = page.locator("#mark-moved").inner_text()
    assert "flyttad från 2023 till 2025" in moved and "NV-04" in moved  # DI-03's dependent
    assert "NY-2" in page.locator("#mark-added").inner_text()
    for key in ("DI-03", "NV-04"):
        node = page.locator("#map g.node", has=page.locator("title", has_text=f"m:{key}"))
        assert "map-moved" in (node.get_attribute("class") or "")
    assert page.locator("#map g.node.map-added").count() == 1
    fits(page)

    laptop = planner_at(browser, server, LAPTOP)
    laptop.goto(f"{server}{PROPOSALS}/rev-2026")
    fits(laptop)
    laptop.context.close()

    page.locator("#adopt-year").fill("2026")
    page.locator("#adopt-adopted_on").fill(date.today().isoformat())
    page.locator("#adopt-decided_by").fill("Hälso- och sjukvårdsnämnden")
    page.locator("#adopt-paragraph").fill("§ 12")
    page.locator("#adopt-case_number").fill("HSN 2026/1")
    page.get_by_role("button", name="Anta och försegla").click()
    assert "2026" in page.locator("#fate").inner_text()
    fits(page)
    page.goto(f"{server}{PLAN}/milestones/NY-2")
    assert "NV-04" in page.locator("main").inner_text()
    page.context.close()
