"""A visitor's path through the public catalogue in a real browser: search, filter by date
and by person, open a telegram, follow a person, copy the citation. Every page passes axe-core
and is photographed at 1440 px and at 375 px for a person to look at."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SCREENSHOT_DIR, axe_violations, screenshot
from tests.factories import seed_like_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page, name):
    """No serious or critical axe violation; screenshots at desktop and phone widths."""
    assert axe_violations(page) == [], name
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, f"{name}-375")
    # The first screenful at phone width, at full resolution, to judge the layout closely.
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-375-top.png"), caret="initial")
    # Nothing may stick out sideways on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a 375px screen"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_visitor_searches_filters_reads_and_cites(page):
    seed_like_catalogue()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    page.goto("/")
    assert page.locator("h1").inner_text() == "Cold War Documents Catalogue"
    check_page(page, "home")

    # Search from the header box, under Stalin's cover name.
    page.get_by_label("Search documents").fill("Filippov")
    page.get_by_label("Search documents").press("Enter")
    page.wait_for_url(re.compile(r"/documents/\?q=Filippov"))
    hits = page.locator(".hit h3")
    assert "Invented reply from Filippov to the Test Chairman" in hits.all_inner_texts()
    assert page.locator(".hit mark").count() >= 1
    check_page(page, "search-results")

    # Filter by date: August 1952 holds only the reply.
    page.goto("/documents/")
    check_page(page, "documents")
    page.get_by_label("From").fill("1952-08")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"date_from=1952-08"))
    assert page.locator(".hit h3").all_inner_texts() == [
        "Invented reply from Filippov to the Test Chairman"
    ]
    assert "1 document" in page.locator("#results-heading").inner_text()

    # Filter by person, choosing from the suggestions as they appear.
    page.goto("/documents/")
    person = page.get_by_role("combobox", name="Person")
    person.press_sequentially("Envo", delay=30)
    page.get_by_role("option", name="Envoy, Pyotr").click()
    assert person.input_value() == "envoy"
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"person=envoy"))
    assert page.locator(".hit h3").all_inner_texts() == [
        "Ciphered telegram No. 900001 from Envoy to Testov (invented)"
    ]

    # Open the telegram.
    page.get_by_role(
        "link", name="Ciphered telegram No. 900001 from Envoy to Testov (invented)"
    ).click()
    page.wait_for_url("**/documents/invented-telegram/")
    assert "×2" in page.locator(".recipients").inner_text()
    assert page.locator("#request-1").is_visible()
    assert page.locator(".document-text blockquote").count() == 1
    check_page(page, "document")

    # Copy the citation.
    citation = page.locator("#citation").inner_text()
    assert (
        "Cold War Documents Catalogue" in citation and "/documents/invented-telegram/" in citation
    )
    page.get_by_role("button", name="Copy Chicago citation").click()
    expect(page.locator("#copy-status")).to_have_text("Chicago citation copied.")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    # Every other format is copyable too, from its folded panel.
    page.locator("summary", has_text="BibTeX").click()
    page.get_by_role("button", name="Copy BibTeX").click()
    expect(page.locator("#copy-status")).to_have_text("BibTeX copied.")
    assert page.evaluate("navigator.clipboard.readText()").startswith("@misc{invented_telegram,")

    # Follow a person from the distribution list.
    page.locator(".recipients").get_by_role("link", name="Joseph Stalin").click()
    page.wait_for_url("**/people/stalin/")
    assert "Filippov" in page.locator("main").inner_text()
    check_page(page, "person")

    page.goto("/people/")
    check_page(page, "people")
    page.goto("/requests/")
    check_page(page, "requests")
    page.goto("/chronology/")
    check_page(page, "chronology")
    page.goto("/about/")
    check_page(page, "about")
    page.goto("/documents/no-such-document/")
    check_page(page, "not-found")
