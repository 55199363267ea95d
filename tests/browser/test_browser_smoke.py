"""The site opens in a real browser, and its skeleton passes axe-core."""

import pytest

from tests.conftest import axe_violations, screenshot
from tests.factories import make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_a_browser(page):
    make_document("Invented telegram for the browser")
    page.goto("/")
    assert page.locator("h1").first.inner_text()
    assert screenshot(page, "smoke-home").exists()
    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    assert axe_violations(page) == []
