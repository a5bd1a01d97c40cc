"""Screenshots of every page for the README: `make screenshots` (Debian's Chromium, headless).

Every page at 1280×900 (desktop), and a few at 390×844 (a phone) as phone-<name>.png.
"""

import subprocess
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from service.application import Strategikarta
from service.config import persistence_env
from tests.system.browser.site import CHROMIUM_ARGS, LOCALE, PASSWORD, live_site

PLAN = "/plans/fhs-exempel"
PAGES = {
    "login": "/login", "start": "/", "dashboard": PLAN,
    "map": f"{PLAN}/map?highlight=blocked&highlight=conflicts",
    "milestone": f"{PLAN}/milestones/NV-05", "report": f"{PLAN}/report?on=2025-08-31",
    "history": f"{PLAN}/history",
    "revisions": f"{PLAN}/revisions", "compare": f"{PLAN}/revisions/compare?from=2025",
    "admin": "/admin/", "accessibility": "/tillganglighet",
    "follow-up-plan": f"{PLAN}/follow-up-plan", "round": f"{PLAN}/rounds/bokslut-2025",
    "my-round": f"{PLAN}/rounds/bokslut-2025/mine",
    "goals": f"{PLAN}/goals?on=2025-08-31", "goal": f"{PLAN}/goals/R-KONT?on=2025-08-31",
    "metric": f"{PLAN}/metrics/M-FAST", "goal-map": f"{PLAN}/goal-map?on=2025-08-31",
    "what-if": f"{PLAN}/map?slip=DI-03&to=2025",
}
REPORTER = "hsn-user"  # the demo site's reporter (tests.builders.follow_up_year)
ROUND = "bokslut-2025"
PHONE_PAGES = ("dashboard", "map", "milestone", "report", "my-round", "round", "metric")
AS_REPORTER = ("my-round",)


def main(out: Path = Path("docs/screenshots")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory, live_site(Path(directory)) as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=LOCALE)
        page.goto(f"{base}/login")
        page.screenshot(path=str(out / "login.png"))
        sign_in(page, base, "admin")
        reporter = browser.new_page(viewport={"width": 1280, "height": 900}, locale=LOCALE)
        sign_in(reporter, base, REPORTER)
        for name, path in PAGES.items():
            if name != "login":
                shown = reporter if name in AS_REPORTER else page
                shown.goto(base + path)
                shown.screenshot(path=str(out / f"{name}.png"), full_page=name != "map")
                print(f"wrote {out / name}.png")
        for name in PHONE_PAGES:
            signed = (reporter if name in AS_REPORTER else page).context.storage_state()
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                        locale=LOCALE, has_touch=True,
                                        storage_state=signed).new_page()
            phone.goto(base + PAGES[name])
            phone.screenshot(path=str(out / f"phone-{name}.png"), full_page=name != "map")
            print(f"wrote {out / 'phone-'}{name}.png")
        board_document_first_page(page, base, Path(directory) / "store.sqlite", out)
        browser.close()


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


def board_document_first_page(page: Page, base: str, store: Path, out: Path) -> None:
    """The demo round decided (through the store the server serves), its board document
    fetched as a signed-in planner reads it, and its first page as a picture (`pdftoppm`)."""
    service = Strategikarta(persistence_env(f"sqlite:///{store}"))
    try:
        service.rounds.submit("fhs-exempel", ROUND, True, actor="setup",
                              reason="Underlaget för bilden i README")
        service.rounds.decide("fhs-exempel", ROUND, "HSN", date(2026, 2, 19), "§ 14",
                              "HSN 2026/31", "Årsredovisningen godkänns", actor="setup")
    finally:
        service.close()
    response = page.request.get(f"{base}/api/v1/plans/fhs-exempel/rounds/{ROUND}/report"
                                "?format=pdf")
    assert response.ok, response.status
    pdf = out / "board-document.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out / "board-document")], check=True)
    pdf.unlink()
    print(f"wrote {out / 'board-document'}.png")


if __name__ == "__main__":
    main()
