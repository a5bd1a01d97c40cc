"""Any screen and paper: a phone at 390 px, a laptop at 1366×768, touch, and printing.

WCAG 2.1 reflow: no page scrolls sideways at 390 px (a wide table scrolls in its own box);
the map starts in the first screenful of a laptop and pans and pinches by touch; the map
and the report print legibly, with the legend, and say which plan, date, knowledge time
and seal they show.
"""

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.system.browser.site import LOCALE
from tests.system.browser.test_pages_in_a_browser import PAGES, PLAN, sign_in

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
# A3 landscape less the 1 cm margins of `@page map`, in CSS pixels (96 a inch).
A3_PRINTABLE = {"width": round(400 / 25.4 * 96), "height": round(277 / 25.4 * 96)}
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"


def signed_in_at(browser: Browser, server: str, size: dict[str, int], **options: bool) -> Page:
    page = sign_in(browser, server, "admin")
    state = page.context.storage_state()
    page.context.close()
    page = browser.new_context(viewport=size, storage_state=state, locale=LOCALE,  # type: ignore[arg-type]
                               **options).new_page()
    return page


@pytest.mark.parametrize("path", [*PAGES, f"{PLAN}/map?focus_area=nara-vard"])
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, server: str, path: str) -> None:
    page = signed_in_at(browser, server, PHONE)
    page.goto(server + path)
    assert page.evaluate(SIDEWAYS) <= 0
    page.context.close()


def test_the_sign_in_page_does_not_scroll_sideways_on_a_phone(browser: Browser,
                                                             server: str) -> None:
    page = browser.new_context(viewport=PHONE, locale=LOCALE).new_page()  # type: ignore[arg-type]
    page.goto(f"{server}/login")
    assert page.evaluate(SIDEWAYS) <= 0


def test_a_wide_table_scrolls_in_its_own_box_that_the_keyboard_reaches(browser: Browser,
                                                                      server: str) -> None:
    page = signed_in_at(browser, server, PHONE)
    page.goto(f"{server}{PLAN}/report")
    box = page.locator(".focus-area .table-scroll").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider than the phone
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    box.focus()
    page.keyboard.press("ArrowRight")
    # Chromium may scroll smoothly (animated): wait for the box to have moved, up to 5 s.
    box.evaluate("e => new Promise((done, fail) => { const until = Date.now() + 5000;"
                 " (function wait() { if (e.scrollLeft > 0) done(); else if (Date.now() > until)"
                 " fail(new Error('the arrow key did not scroll the table'));"
                 " else requestAnimationFrame(wait); })(); })")
    assert box.evaluate("e => e.scrollLeft") > 0


def test_on_a_laptop_the_map_starts_in_the_first_screenful(browser: Browser, server: str) -> None:
    page = signed_in_at(browser, server, LAPTOP)
    page.goto(f"{server}{PLAN}/map")
    top = page.evaluate("document.querySelector('#map svg').getBoundingClientRect().top")
    assert top < LAPTOP["height"] / 2
    assert page.get_by_role("button", name="Visa").is_visible()  # the filters sit beside it


def test_the_map_pans_and_pinches_by_touch_with_big_enough_buttons(browser: Browser,
                                                                  server: str) -> None:
    page = signed_in_at(browser, server, PHONE, has_touch=True, is_mobile=True)
    page.goto(f"{server}{PLAN}/map")
    for name in ("Zooma in", "Zooma ut", "Hela kartan"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, name
    svg = page.locator("#map svg")
    assert svg.evaluate("e => e.getBoundingClientRect().top") < PHONE["height"]  # filters folded
    assert svg.evaluate("e => getComputedStyle(e).touchAction") == "none"
    page.get_by_role("button", name="Zooma in").tap()
    zoomed = svg.get_attribute("viewBox")

    def touch(kind: str, pointer: int, x: float, y: float) -> None:
        svg.dispatch_event(kind, {"pointerId": pointer, "pointerType": "touch", "isPrimary": pointer == 1,
                                  "clientX": x, "clientY": y, "bubbles": True, "cancelable": True})

    touch("pointerdown", 1, 200, 300)
    touch("pointermove", 1, 150, 260)
    touch("pointerup", 1, 150, 260)
    panned = svg.get_attribute("viewBox")
    assert panned != zoomed
    touch("pointerdown", 1, 180, 300)
    touch("pointerdown", 2, 220, 300)
    touch("pointermove", 2, 320, 300)  # the fingers spread: zoom in
    touch("pointerup", 1, 180, 300)
    touch("pointerup", 2, 320, 300)
    width = [float(n) for n in (svg.get_attribute("viewBox") or "").split()][2]
    assert width < [float(n) for n in (panned or "").split()][2]


def seal_of_2025(page: Page, server: str) -> str:
    page.goto(f"{server}{PLAN}/revisions")
    return page.locator("td code").last.inner_text()


def printed_text_points(page: Page) -> float:
    """The smallest text on the printed map, in points: font size × scale × 0.75 pt a pixel."""
    return page.evaluate("""() => {
        const shown = [...document.querySelectorAll('.map-part svg, #map svg')]
            .filter(svg => svg.getBoundingClientRect().width > 0);
        return Math.min(...shown.map(svg => {
            const box = svg.viewBox.baseVal, rect = svg.getBoundingClientRect();
            const scale = Math.min(rect.width / box.width, rect.height / box.height);
            const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
            return Math.min(...sizes) * scale * 0.75;
        }));
    }""")


@pytest.mark.parametrize("query", ["", "?focus_area=nara-vard"])
def test_the_map_prints_on_a3_legibly_with_its_legend_and_a_title_block(
        browser: Browser, server: str, query: str) -> None:
    page = signed_in_at(browser, server, A3_PRINTABLE)
    seal = seal_of_2025(page, server)
    page.goto(f"{server}{PLAN}/map{query}")
    page.get_by_role("button", name="Zooma in").click()  # zoomed on screen, whole on paper
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as the browser does
    cover = page.locator(".print-cover")
    assert cover.is_visible()
    for fact in ("Kunskapstid", "Försegling", "revidering 2025", seal):
        assert fact in cover.inner_text(), fact
    for hidden in ("header.top", "form.filters", "p.downloads", ".zoom"):
        assert page.locator(hidden).is_hidden(), hidden
    assert printed_text_points(page) >= 8
    # Every part fits the sheet, and one of them holds the whole legend.
    parts = page.locator(".map-part svg, #map svg:visible")
    legend_shown = False
    for i in range(parts.count()):
        fit = parts.nth(i).evaluate("""svg => {
            const r = svg.getBoundingClientRect();
            const l = [...svg.querySelectorAll('g.node')]
                .find(g => g.querySelector('title').textContent === 'legend').getBoundingClientRect();
            return {w: r.width, h: r.height, legend: l.left >= r.left - 1 && l.top >= r.top - 1
                    && l.right <= r.right + 1 && l.bottom <= r.bottom + 1};
        }""")
        assert fit["w"] <= A3_PRINTABLE["width"] and fit["h"] <= A3_PRINTABLE["height"]
        legend_shown = legend_shown or fit["legend"]
    assert legend_shown
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = {tuple(round(float(n)) for n in m.groups())
             for m in re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)}
    assert sizes == {(1191, 842)}  # A3 landscape in points
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".map-part").count() == 0


def test_the_report_prints_with_a_cover(browser: Browser, server: str) -> None:
    page = signed_in_at(browser, server, PHONE)
    seal = seal_of_2025(page, server)
    page.goto(f"{server}{PLAN}/report?on=2025-08-31")
    assert page.locator(".print-cover").is_hidden()  # on screen the facts list says it
    page.emulate_media(media="print")
    cover = page.locator(".print-cover").inner_text()
    for fact in ("Kunskapstid", "loggposition", "revidering 2025", seal):
        assert fact in cover, fact
