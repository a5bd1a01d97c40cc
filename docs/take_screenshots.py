"""Screenshots of every page for the README: `make screenshots` (Debian's Chromium, headless).

Every page at 1280×900 (desktop), and a few at 390×844 (a phone) as phone-<name>.png.
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

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
}
PHONE_PAGES = ("dashboard", "map", "milestone", "report", "my-round", "round")


def main(out: Path = Path("docs/screenshots")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory, live_site(Path(directory)) as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=LOCALE)
        page.goto(f"{base}/login")
        page.screenshot(path=str(out / "login.png"))
        page.get_by_label("Användarnamn").fill("admin")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{base}/")
        for name, path in PAGES.items():
            if name != "login":
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}.png"), full_page=name != "map")
                print(f"wrote {out / name}.png")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    locale=LOCALE,
                                    has_touch=True,
                                    storage_state=page.context.storage_state()).new_page()
        for name in PHONE_PAGES:
            phone.goto(base + PAGES[name])
            phone.screenshot(path=str(out / f"phone-{name}.png"), full_page=name != "map")
            print(f"wrote {out / 'phone-'}{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
