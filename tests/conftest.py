"""Plain factory functions shared by the tests (no factory library needed for so few models)."""

import itertools
import os
from pathlib import Path

import pytest

from catalogue.models import Document, Person, Recipient, Request, Status

_counter = itertools.count(1)


def make_person(name="Test Person", **fields):
    n = next(_counter)
    fields.setdefault("slug", f"test-person-{n}")
    fields.setdefault("sort_name", name)
    return Person.objects.create(name=name, **fields)


def make_document(title="Test document", **fields):
    n = next(_counter)
    fields.setdefault("slug", f"test-document-{n}")
    fields.setdefault("text", "Invented text for a test.")
    fields.setdefault("status", Status.PUBLISHED)
    date = fields.pop("date", "1952-07-17")
    document = Document(title=title, **fields)
    document.set_date(date)
    document.save()
    return document


def make_recipient(document, person=None, **fields):
    fields.setdefault("name_as_written", person.name if person else "File")
    fields.setdefault("role", "addressee")
    fields.setdefault("position", document.recipients.count())
    return Recipient.objects.create(document=document, person=person, **fields)


def make_request(document, **fields):
    fields.setdefault("summary", "Send ten invented regiments")
    fields.setdefault("text", "1. To send ten invented regiments.")
    fields.setdefault("position", document.requests.count())
    return Request.objects.create(document=document, **fields)


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
