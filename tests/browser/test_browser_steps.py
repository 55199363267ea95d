"""The review queue walked in a real browser, its steps counted: open the first draft, correct
type, date and sender, add a recipient, publish, land on the next; then a batch action. Each
mouse press is counted by the page itself (pointerdown events the browser marks trusted);
keys are counted as they are sent (a native select's popup takes its keys outside the page).
The counts must equal the unit costs bench/curation_steps.py uses to count the walk of the
whole corpus, so that figure rests on steps measured here."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from bench.curation_steps import COSTS, batch_action, select_keys
from catalogue.models import DocumentType, Role, Status
from tests.browser.test_browser_admin import breadcrumb_links, queue_drafts, sign_in, violations
from tests.conftest import screenshot
from tests.factories import make_document, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT_PRESSES = """
document.addEventListener("pointerdown", (event) => {
  if (event.isTrusted) window.countPress();
}, true);
"""


class Steps:
    """Mouse presses (measured in the page) and keys (counted as sent) of an archivist."""

    def __init__(self, page):
        self.page = page
        self.presses = 0
        self.keys = 0
        page.context.expose_binding("countPress", lambda _source: self.press_seen())
        # An init script runs outside the page's Content-Security-Policy, as the browser's
        # own instrumentation; the page's policy stays as strict as ever.
        page.context.add_init_script(COUNT_PRESSES)
        self.clicks_sent = 0

    def press_seen(self):
        self.presses += 1

    def click(self, selector_or_locator):
        target = (
            self.page.locator(selector_or_locator)
            if isinstance(selector_or_locator, str)
            else selector_or_locator
        )
        target.click()
        self.clicks_sent += 1

    def type(self, text):
        self.page.keyboard.type(text)
        self.keys += len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.keys += 1

    def choose(self, selector, label, labels):
        """A native select, as a person uses one: open it, type the start of the label, Enter."""
        self.click(selector)
        self.type(select_keys(label, labels))
        self.press("Enter")

    def mark(self):
        self.page.wait_for_timeout(50)  # the binding's calls arrive asynchronously
        return (self.presses, self.keys)

    def since(self, mark):
        now = self.mark()
        assert self.presses == self.clicks_sent, "a press the page did not see, or an extra one"
        return (now[0] - mark[0], now[1] - mark[1])


TYPE_LABELS = [label for _value, label in DocumentType.choices]
ROLE_LABELS = [label for _value, label in Role.choices]


def test_the_queue_walk_counted(page):
    sign_in(page)
    steps = Steps(page)
    _sender, first, second = queue_drafts()
    third = make_document(
        "Document, 3 May 1950",
        slug="1950-05-03-other-invented-3",
        status=Status.DRAFT,
        needs_review=True,
        doc_type="other",
        parser_warnings=["document type not recognised"],
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/catalogue/document/?queue=todo")
    measured = {}

    mark = steps.mark()
    steps.click(page.get_by_role("link", name="Document, undated"))
    expect(page.locator(".parser-warnings")).to_contain_text("Still to check (3 of")
    measured["open_first"] = steps.since(mark)

    mark = steps.mark()
    steps.choose("#id_doc_type", "Letter", TYPE_LABELS)
    measured["type:Letter"] = steps.since(mark)
    expect(page.locator("#id_doc_type")).to_have_value("letter")

    mark = steps.mark()
    steps.click("#id_date")
    steps.type("1950-04-30")
    measured["date"] = steps.since(mark)

    mark = steps.mark()
    steps.click("#id_sender + .select2")
    steps.type("Grom")
    option = page.locator(".select2-results__option", has_text="Invented Gromova")
    expect(option).to_contain_text("(1909–) — Invented envoy")
    steps.click(option)
    measured["person"] = steps.since(mark)

    mark = steps.mark()
    steps.click(page.locator("#recipients-group .add-row a"))
    steps.click("#id_recipients-0-name_as_written")
    steps.type("Invented Ministry")
    steps.choose("#id_recipients-0-role", "Addressee", ROLE_LABELS)
    measured["recipient:Invented Ministry"] = steps.since(mark)
    expect(page.locator("#id_recipients-0-role")).to_have_value("addressee")
    screenshot(page, "admin-steps-form-corrected")

    mark = steps.mark()
    steps.click(page.get_by_role("button", name="Publish and review next"))
    page.wait_for_url(f"**/admin/catalogue/document/{second.pk}/change/")
    measured["publish_next"] = steps.since(mark)
    screenshot(page, "admin-steps-next")
    assert violations(page) - breadcrumb_links("document") <= {
        ("aria-input-field-name", f"#select2-id_{name}-container")
        for name in ("author", "sender", "origin_place")
    } | {v for v in violations(page) if v[0] == "label" and "select2" in v[1]}

    first.refresh_from_db()
    assert (first.status, first.doc_type, str(first.date)) == ("published", "letter", "1950-04-30")
    assert first.sender.name == "Invented Gromova"
    assert list(first.recipients.values_list("name_as_written", "role")) == [
        ("Invented Ministry", "addressee")
    ]

    # A batch action: the two other drafts typed as telegrams at once.
    page.goto("/admin/catalogue/document/?queue=todo")
    mark = steps.mark()
    for document in (second, third):
        steps.click(f"input[name=_selected_action][value='{document.pk}']")
    action = "Change the type of the selected documents…"
    steps.choose("select[name=action]", action, action_labels(page))
    steps.click(page.locator("button[name=index]"))
    steps.choose("#id_value", "Telegram", TYPE_LABELS)
    steps.click(page.get_by_role("button", name="Change 2"))
    expect(page.locator(".messagelist .success")).to_contain_text("on 2 documents")
    measured["batch_type"] = steps.since(mark)
    screenshot(page, "admin-steps-after-batch")
    for document in (second, third):
        document.refresh_from_db()
        assert document.doc_type == "telegram" and not document.needs_review

    expected = {
        "open_first": COSTS["open_first"],
        "type:Letter": COSTS["type"]("Letter"),
        "date": COSTS["date"]("1950-04-30"),
        "person": COSTS["person"],
        "recipient:Invented Ministry": COSTS["recipient"]("Invented Ministry"),
        "publish_next": COSTS["publish_next"],
        "batch_type": batch_action(2, action, action_labels(page), value="Telegram"),
    }
    assert measured == expected
    total = tuple(map(sum, zip(*[measured[k] for k in measured if k != "batch_type"], strict=True)))
    # The walk of one draft: (mouse presses, keys).
    assert total == (9, 35)


def action_labels(page):
    return page.locator("select[name=action] option").all_inner_texts()


def test_a_refused_save_shows_what_the_other_archivist_changed(page):
    sign_in(page)
    person = make_person("Invented Zorina", slug="invented-zorina", description="Before")
    page.goto(f"/admin/catalogue/person/{person.pk}/change/")
    # Meanwhile someone else saves the same person.
    other = User.objects.create_user("colleague", is_staff=True)
    person.description, person._history_user = "Their invented description", other
    person.save()
    page.fill("#id_description", "My invented description")
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist.nonfield")).to_contain_text("Not saved: colleague saved")
    table = page.get_by_role("region", name="Changed by someone else since you opened this form")
    expect(table).to_contain_text("Their invented description")
    expect(table).to_contain_text("My invented description")
    expect(page.locator("#id_description")).to_have_value("My invented description")
    screenshot(page, "admin-refused-concurrent-save")
    assert violations(page) == breadcrumb_links("person")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    person.refresh_from_db()
    assert person.description == "My invented description"
