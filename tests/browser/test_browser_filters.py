"""The document filters in a real browser: the person autocomplete driven by keyboard alone,
with its ARIA combobox state checked at each step, and the filter panel folded on a phone
from the first paint, open on a wide screen, and open (so reachable) without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.factories import seed_like_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def new_page(browser, live_server):
    """A page in a fresh browser context with the given options (viewport, JavaScript)."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_person_autocomplete_by_keyboard(page):
    seed_like_catalogue()
    page.goto("/documents/")
    person = page.get_by_role("combobox", name="Person")
    listbox_id = person.get_attribute("aria-controls")
    assert listbox_id
    listbox = page.locator(f"#{listbox_id}")
    assert listbox.get_attribute("role") == "listbox"
    expect(person).to_have_attribute("aria-autocomplete", "list")
    expect(person).to_have_attribute("aria-expanded", "false")

    person.focus()
    page.keyboard.type("Envo", delay=30)
    option = page.get_by_role("option", name="Envoy, Pyotr")
    expect(option).to_be_visible()
    expect(person).to_have_attribute("aria-expanded", "true")
    assert person.get_attribute("aria-activedescendant") is None

    page.keyboard.press("ArrowDown")
    option_id = option.get_attribute("id")
    expect(person).to_have_attribute("aria-activedescendant", option_id)
    expect(option).to_have_attribute("aria-selected", "true")
    # Focus stays in the input: the combobox pattern moves only the active descendant.
    assert page.evaluate("document.activeElement.id") == "id_person"

    page.keyboard.press("Enter")
    expect(person).to_have_value("envoy")
    expect(person).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    assert person.get_attribute("aria-activedescendant") is None
    expect(page.locator(".autocomplete [role=status]")).to_have_text("Pyotr Envoy chosen.")

    # With the list closed, Enter submits the form as in any text field.
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/?*person=envoy*")
    assert page.locator(".hit h3").all_inner_texts() == [
        "Ciphered telegram No. 900001 from Envoy to Testov (invented)"
    ]


def test_escape_closes_the_suggestions(page):
    seed_like_catalogue()
    page.goto("/documents/")
    person = page.get_by_role("combobox", name="Person")
    person.focus()
    page.keyboard.type("Envo", delay=30)
    expect(page.get_by_role("option", name="Envoy, Pyotr")).to_be_visible()
    page.keyboard.press("Escape")
    expect(person).to_have_attribute("aria-expanded", "false")
    expect(person).to_have_value("Envo")


def test_filter_panel_starts_folded_on_a_phone(new_page):
    seed_like_catalogue()
    page = new_page(viewport=PHONE)
    # Checked as soon as the document is parsed, before any later script or resize could act.
    page.goto("/documents/", wait_until="domcontentloaded")
    panel = page.locator("details[data-fold-on-narrow]")
    assert panel.evaluate("details => details.open") is False
    expect(page.get_by_role("button", name="Apply")).to_be_hidden()
    screenshot(page, "filters-folded-375")
    # The summary unfolds it.
    page.get_by_text("Filters", exact=True).click()
    expect(page.get_by_role("button", name="Apply")).to_be_visible()


def test_filter_panel_is_open_on_a_wide_screen(new_page):
    seed_like_catalogue()
    page = new_page(viewport={"width": 1440, "height": 900})
    page.goto("/documents/")
    expect(page.get_by_role("button", name="Apply")).to_be_visible()


def test_filter_panel_stays_open_on_a_phone_when_a_filter_is_wrong(new_page):
    seed_like_catalogue()
    page = new_page(viewport=PHONE)
    page.goto("/documents/?date_from=July")
    expect(page.get_by_role("button", name="Apply")).to_be_visible()


def test_without_javascript_the_filters_stay_reachable_on_a_phone(new_page):
    seed_like_catalogue()
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/documents/")
    assert page.locator("details[data-fold-on-narrow]").evaluate("d => d.open") is True
    page.get_by_label("From").fill("1952-08")
    page.get_by_role("button", name="Apply").click()
    assert page.locator(".hit h3").all_inner_texts() == [
        "Invented reply from Filippov to the Test Chairman"
    ]
    screenshot(page, "filters-no-js-375")
