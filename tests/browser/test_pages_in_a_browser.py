"""A real browser (Debian's Chromium, headless, via Playwright) against the real server."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.harness import free_port
from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo
from tests.builders import milestone_body

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BIN = Path(sys.executable).parent
PASSWORD = "ett-långt-lösenord"
PLAN = "/plans/fhs-exempel"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`strategikarta serve` on a SQLite file with the demo plan, a 2025 revision and users."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.sqlite'}"
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    service.password_method = "pbkdf2:sha256:1000"
    load_demo(service)
    service.adopt_revision("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50",
                           "2025-POL000002", "Årlig revidering", actor="setup")
    service.define_milestone("fhs-exempel", milestone_body("NY-1", focus_area="nara-vard",
                                                          title="Efter revideringen"), actor="setup")
    for role in ("planner", "auditor", "viewer"):
        service.add_user(role, role, PASSWORD, actor="setup")
    service.close()
    port = free_port()
    process = subprocess.Popen([str(BIN / "strategikarta"), "serve", "--port", str(port)],
                               env={**os.environ, "STRATEGIKARTA_DATABASE_URL": url,
                                    "STRATEGIKARTA_SECRET_KEY": "browser-tests"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


def sign_in(browser: Browser, server: str, role: str) -> Page:
    # CSP is bypassed only so the tests can inject axe-core; the pages never need it.
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{server}/login")
    page.get_by_label("Användarnamn").fill(role)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/")
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


@pytest.mark.parametrize("path", ["/", PLAN, f"{PLAN}/map", f"{PLAN}/milestones/NV-05",
                                  "/tillganglighet"])
def test_every_page_passes_axe(browser: Browser, server: str, path: str) -> None:
    page = sign_in(browser, server, "planner")
    page.goto(server + path)
    assert accessibility_violations(page) == []


def test_the_sign_in_page_passes_axe(browser: Browser, server: str) -> None:
    page = browser.new_context(bypass_csp=True).new_page()
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
