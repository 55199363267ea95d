"""Fixes from a review of the public site, in a real browser: clean filter addresses, the
chronology on a phone, the favicon. Screenshots at 1440 px and 375 px for a person to look at."""

import re

import pytest

from tests.conftest import SCREENSHOT_DIR, axe_violations, screenshot
from tests.factories import make_document, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_form_submits_only_the_fields_in_use(page):
    make_person("Invented Envoy", slug="invented-envoy")
    make_document("Invented letter", doc_type="letter")
    page.goto("/documents/")
    page.get_by_label("From").fill("1952")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/documents/\?"))
    assert page.url.endswith("/documents/?date_from=1952")
    assert "1 document" in page.locator("#results-heading").inner_text()
    # Back on the form, every field works again (they were disabled only for the submit).
    page.go_back()
    page.wait_for_url(re.compile(r"/documents/$"))
    assert page.get_by_label("Search", exact=True).is_enabled()


def test_filter_form_without_javascript_still_filters(browser, live_server):
    make_document("Invented letter", doc_type="letter")
    make_document("Invented undated note", date=None)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/documents/")
    page.get_by_label("From").fill("1952")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"date_from=1952"))
    # Every field is sent, and the empty ones are ignored.
    assert "has_requests=unknown" in page.url and "q=&" in page.url
    assert "1 document" in page.locator("#results-heading").inner_text()
    context.close()


def test_favicon_loads(page):
    page.goto("/")
    icon = page.request.get("/favicon.ico")
    assert icon.ok and icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    svg = page.locator('link[rel="icon"][type="image/svg+xml"]').get_attribute("href")
    assert page.request.get(svg).ok
    page.goto(svg)
    page.set_viewport_size({"width": 64, "height": 64})
    page.screenshot(path=str(SCREENSHOT_DIR / "favicon.png"), caret="initial")


def test_chronology_says_it_scrolls_sideways_only_when_it_does(page):
    for month in ("1952-01", "1952-07", "1952-12", "1953-03"):
        make_document(f"Invented telegram of {month}", date=month)
    page.goto("/chronology/")
    cue = page.locator("#chronology-scroll-cue")
    assert not cue.is_visible()
    screenshot(page, "chronology-review-1440")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert cue.is_visible()
    assert cue.inner_text().startswith("Scroll the table sideways for July–December")
    assert axe_violations(page) == []
    page.evaluate("document.getElementById('by-month').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOT_DIR / "chronology-review-375-table.png"), caret="initial")
    # The page itself does not scroll sideways; the table's own box does, by keyboard too.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    table = page.locator("#chronology-table")
    table.focus()
    table.press("ArrowRight")
    page.wait_for_function("() => document.getElementById('chronology-table').scrollLeft > 0")
    table.evaluate("box => box.scrollLeft = box.scrollWidth")
    page.wait_for_function("() => document.getElementById('chronology-scroll-cue').hidden")
    page.screenshot(
        path=str(SCREENSHOT_DIR / "chronology-review-375-scrolled.png"), caret="initial"
    )


def test_chronology_cue_without_javascript_on_a_phone(browser, live_server):
    make_document("Invented telegram", date="1952-07")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.goto("/chronology/")
    assert page.locator("#chronology-scroll-cue").is_visible()
    context.close()
