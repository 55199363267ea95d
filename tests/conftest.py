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


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Views are tested as they render; the page cache in front of them has its own tests
    # (test_pagecache.py), which turn it on with the `page_cache` fixture.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    from catalogue.pagecache import cache_is_shared

    cache.clear()
    settings.PAGE_CACHE_SECONDS = 600
    yield
    # A test on a shared cache (Redis) removes its own keys: clear() would empty the server.
    if not cache_is_shared():
        cache.clear()


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


# Reports each Content-Security-Policy violation in a page to the test, whatever the page.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def watch_csp(context):
    """The list to which every Content-Security-Policy violation in ``context``'s pages is
    added: a console "Refused to ..." message or a securitypolicyviolation event."""
    violations = []
    context.expose_function("cspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: "Refused to" in message.text and violations.append(message.text),
    )
    return violations


@pytest.fixture
def page(browser, live_server):
    """A browser page on the live server; the test fails if any page it visits breaks the
    Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    violations = watch_csp(context)
    page = context.new_page()
    yield page
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


def screenshot(page, name):
    """Save a full-page screenshot to test-artifacts/screenshots/NAME.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    # caret="initial": hiding the caret injects an inline <style>, which the policy refuses.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page and return the violations of the given impacts."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `npm install`")
    # Evaluated rather than added as a <script>: the policy refuses inline scripts, and a
    # test tool must not weaken it for the pages it checks.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;window.axe = axe; true")
    # preload off: axe would re-parse @imported style sheets as inline <style> elements, which
    # the policy refuses (only its css-orientation-lock rule reads them).
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
