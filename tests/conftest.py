"""Fixtures shared by the whole suite; the factory functions are in tests/factories.py."""

import os
from pathlib import Path

import pytest

from tests.factories import make_document, make_person


@pytest.fixture
def person(db):
    return make_person("Kim Il Sung", slug="kim-il-sung", sort_name="Kim Il Sung")


@pytest.fixture
def document(db):
    return make_document("Ciphered Telegram No. 1, invented for tests", slug="invented-1")


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # The manifest storage needs `collectstatic` first; tests read the source files directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Browser tests: Debian's Chromium driven headless by Playwright -----------------------

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots land here for a person to look at; the folder is ignored by git.
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser test: no Chromium at {CHROMIUM}; install Debian's chromium package "
            "(apt-get install chromium) to run it"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous, so Django's async guard must stand down.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    """Save a full-page screenshot to test-artifacts/screenshots/NAME.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page and return the violations of the given impacts."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `npm install`")
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
