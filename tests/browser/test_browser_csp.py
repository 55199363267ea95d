"""Every kind of page runs under the Content-Security-Policy without a violation.

The ``page`` fixture fails a test on any violation; this test visits each kind of page and uses
the scripts on them, and a control shows that a violation would be caught.
"""

import pytest
from playwright.sync_api import expect

from tests.conftest import watch_csp
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_kind_of_page_without_a_violation(page):
    person = make_person("Invented Correspondent", slug="invented-correspondent")
    document = make_document(
        "Invented telegram for the policy", slug="invented-policy", author=person
    )
    make_recipient(document, person)
    make_request(document, category="materiel")
    for url in (
        "/",
        "/about/",
        "/documents/",
        "/documents/?q=invented&date_from=1950",
        f"/documents/{document.slug}/",
        "/people/",
        f"/people/{person.slug}/",
        "/requests/",
        "/chronology/",
        "/downloads/",
        "/no-such-page/",
        "/admin/login/",
    ):
        response = page.goto(url)
        assert response.status < 500, url
        assert "Content-Security-Policy" in {h.title() for h in response.headers}, url
    # The scripts that change the page: the person autocomplete and the filter form.
    page.goto("/documents/")
    page.locator("#id_person").fill("Invented")
    expect(page.get_by_role("option").first).to_be_visible()


def test_a_violation_would_be_caught(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/about/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }"""
    )
    page.wait_for_timeout(200)
    ran = page.evaluate("() => window.ran === true")
    context.close()
    assert not ran
    assert any("style-src" in v for v in violations), violations
    assert any("script-src" in v for v in violations), violations
