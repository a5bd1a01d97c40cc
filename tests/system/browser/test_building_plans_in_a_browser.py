"""A planner builds a plan by clicking: a plan with two focus areas, a third focus area, a
milestone with effects, responsible and a dependency; the forms pass axe, errors included."""

from playwright.sync_api import Browser

from tests.system.browser.test_pages_in_a_browser import accessibility_violations, sign_in


def test_a_planner_builds_a_plan_by_clicking(browser: Browser, server: str) -> None:
    page = sign_in(browser, server, "planner")
    page.goto(f"{server}/")
    page.locator("#plan-key").fill("klickplan")
    page.locator("#plan-title").fill("En plan byggd med klick")
    page.get_by_label("Ägare").fill("HSN")
    page.get_by_label("Startår").fill("2026")
    page.get_by_label("Slutår").fill("2025")
    page.get_by_label("Insatsområden (ett per rad: nyckel: namn)").fill(
        "nara: Nära vård\ndigital: Digitala tjänster")
    page.get_by_role("button", name="Skapa planen").click()
    assert "innan den börjar" in page.locator("#plan-end_year-error").inner_text()
    assert page.locator("#plan-title").input_value() == "En plan byggd med klick"
    assert accessibility_violations(page) == []
    page.get_by_label("Slutår").fill("2029")
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_url(f"{server}/plans/klickplan")
    assert page.get_by_role("status").inner_text().startswith("Planen är skapad")

    page.locator("#area-key").fill("psykisk")
    page.locator("#area-name").fill("Psykisk hälsa")
    page.get_by_role("button", name="Lägg till insatsområdet").click()
    assert page.get_by_role("status").inner_text().startswith("Insatsområdet är tillagt")
    assert accessibility_violations(page) == []

    for key, requires in (("M-1", []), ("M-2", ["M-1"])):
        page.get_by_role("link", name="Definiera en ny milstolpe").click()
        page.locator("#key").fill(key)
        page.locator("#title").fill(f"Milstolpe {key}")
        page.get_by_label("Insatsområde", exact=True).select_option("psykisk")
        page.get_by_label("Målår").select_option("2027")
        page.get_by_label("Ansvarig nämnd/styrelse (skilj med kommatecken)").fill("HSN, Primärvården")
        page.get_by_label("Effekter för invånarna (en per rad)").fill("Snabbare hjälp\nMer stöd")
        page.get_by_label("Är beroende av").select_option(requires)
        page.get_by_role("button", name="Definiera milstolpen").click()
        page.wait_for_url(f"{server}/plans/klickplan/milestones/{key}")
        page.get_by_role("link", name="En plan byggd med klick").click()
    page.get_by_role("link", name="Definiera en ny milstolpe").click()
    page.locator("#key").fill("M-3")
    page.locator("#title").fill("Sluter en cirkel")
    page.get_by_label("Är beroende av").select_option(["M-2"])
    page.get_by_label("Behövs för").select_option(["M-1"])
    page.get_by_role("button", name="Definiera milstolpen").click()
    assert "vara beroende av sig själv" in page.locator("#required_by-error").inner_text()
    assert accessibility_violations(page) == []
    page.goto(f"{server}/plans/klickplan/milestones/M-2")
    text = page.locator("main").inner_text()
    assert "Snabbare hjälp" in text and "HSN, Primärvården" in text and "M-1" in text
