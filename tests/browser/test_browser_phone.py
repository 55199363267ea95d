"""Phone first: a search's first result without scrolling at 375 px, "Cite" one tap from the
top of a document, the place pages; axe-clean and photographed at 375 px and 1440 px, with
nothing wider than a phone's screen."""

import pytest
from playwright.sync_api import expect

from catalogue.models import Document, Place, PlaceName
from tests.conftest import SCREENSHOT_DIR, axe_violations, screenshot
from tests.factories import seed_like_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A small phone's screen (iPhone SE), the strictest common case.
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1440, "height": 900}


def with_places():
    documents = seed_like_catalogue()
    testgrad = Place.objects.create(slug="testgrad", name="Testgrad", country_then="Invented")
    for spelling in ("Testgrad", "Testograd"):
        PlaceName.objects.create(place=testgrad, name=spelling)
    telegram = Document.objects.get(slug="invented-telegram")
    telegram.origin_place = testgrad
    telegram.translator = "Invented Translator"
    telegram.save()
    telegram.places_mentioned.add(testgrad)
    Document.objects.filter(pk=telegram.pk).update(search_text=telegram.build_search_text())
    return documents


def check(page, name):
    """axe-clean and photographed at both widths; nothing scrolls sideways on the phone."""
    for label, size in (("1440", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {label}"
        screenshot(page, f"{name}-{label}")
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-375-top.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a 375px screen"


def in_first_screen(locator, page):
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


def test_first_result_visible_without_scrolling_on_a_phone(browser, live_server):
    with_places()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/documents/?q=Filippov&date_from=1952")
    first = page.locator(".hit h3").first
    expect(first).to_be_visible()
    assert in_first_screen(first, page), first.bounding_box()
    # The filters are folded behind one summary that counts the filters at work.
    summary = page.locator("details.filter-panel > summary")
    expect(summary).to_have_text("Filters (1 active)")
    assert page.locator("details.filter-panel").evaluate("d => d.open") is False
    # The search box stays in view; a spelling of the place the text does not use finds it.
    page.get_by_label("Search", exact=True).fill("Testograd")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator(".hit h3").first.inner_text().startswith("Ciphered telegram No. 900001")
    check(page, "phone-search")
    context.close()


def test_cite_is_one_tap_from_the_top_of_a_document(browser, live_server):
    with_places()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/documents/invented-telegram/")
    cite = page.locator(".toc").get_by_role("link", name="Cite")
    assert in_first_screen(cite, page), cite.bounding_box()
    cite.click()
    heading = page.locator("#cite-heading")
    expect(heading).to_be_in_viewport()
    assert "Chicago" in page.locator("#citation-label").inner_text()
    assert "Accessed" in page.locator("#citation").inner_text()
    assert "Invented Translator" in page.locator("#citation").inner_text()
    page.locator("summary", has_text="RIS").click()
    page.get_by_role("button", name="Copy RIS (EndNote, Zotero)").click()
    assert "A4  - Invented Translator" in page.evaluate("navigator.clipboard.readText()")
    page.evaluate("window.scrollTo(0, 0)")
    check(page, "phone-document")
    context.close()


def test_place_pages(page):
    with_places()
    page.goto("/places/")
    page.get_by_role("link", name="Testgrad").click()
    expect(page.locator("h1")).to_have_text("Testgrad")
    assert "Testograd" in page.locator(".facts").inner_text()
    check(page, "place")
    page.set_viewport_size(DESKTOP)
    page.goto("/places/")
    check(page, "places")
