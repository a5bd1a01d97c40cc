"""The live site and Debian's Chromium, shared by the browser tests of this folder."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.system.browser.site import CHROMIUM_ARGS, live_site

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`strategikarta serve` with the demo plan, a 2025 revision and a user per role."""
    with live_site(tmp_path_factory.mktemp("browser")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
