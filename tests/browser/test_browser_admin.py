"""An archivist's day in a real browser: correct a copy count, publish, check the public page
and the history."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import expect

from catalogue.models import Recipient, Status
from tests.conftest import axe_violations, screenshot
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

groups_migration = importlib.import_module("catalogue.migrations.0003_curator_groups")


def make_archivist():
    # A transactional test starts from a flushed database: the groups the data migration
    # made are gone, so make the Archivist group again from the migration's own lists.
    group, _ = Group.objects.get_or_create(name="Archivist")
    codenames = groups_migration.edit_codenames() + groups_migration.GROUPS["Archivist"]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
    )
    user = User.objects.create_user("archivist", password="invented-password", is_staff=True)
    user.groups.add(group)
    return user


def test_archivist_corrects_publishes_and_sees_the_history(page):
    make_archivist()
    person = make_person("Invented Vasilevsky", slug="invented-vasilevsky")
    document = make_document(
        "Ciphered telegram to an invented marshall",
        slug="invented-telegram-to-marshal",
        status=Status.DRAFT,
        doc_type="ciphered_telegram",
        reference_numbers=["12345/sh"],
        parser_warnings=["Recipient 'Invented Vasilevsky (1)': copy count unclear"],
        author=person,
    )
    recipient = make_recipient(document, person, copies=1)
    make_recipient(document, None, name_as_written="File")

    # Visitors cannot see the draft yet.
    assert page.goto(f"/documents/{document.slug}/").status == 404

    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "invented-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"/admin/catalogue/document/{document.pk}/change/")
    expect(page.locator(".parser-warnings")).to_contain_text("copy count unclear")
    page.fill("input[name=recipients-0-copies]", "2")
    page.fill("input[name=title]", "Ciphered telegram to an invented marshal")
    screenshot(page, "admin-document-change-form")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    recipient.refresh_from_db()
    assert recipient.copies == 2

    page.goto("/admin/catalogue/document/")
    screenshot(page, "admin-document-changelist")
    page.check(f"input[name=_selected_action][value='{document.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_have_text("Published 1 document.")

    response = page.goto(f"/documents/{document.slug}/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Ciphered telegram to an invented marshal"

    page.goto(f"/admin/catalogue/document/{document.pk}/history/")
    history = page.locator("#change-history")
    assert "Published" in history.inner_text()
    assert "invented marshall" in history.inner_text()  # the old title, in the field diff
    assert "archivist" in history.inner_text()
    screenshot(page, "admin-document-history")

    page.goto(f"/admin/catalogue/recipient/{recipient.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    latest = " ".join(rows.first.inner_text().split())
    assert "Copies: 1 → 2" in latest
    assert "archivist" in latest
    assert Recipient.objects.get(pk=recipient.pk).copies == 2


# --- The workspace's own pages, looked at and checked with axe-core ------------------------

LONG_TEXT = "\n".join(
    f"{n}. Invented paragraph of a long ciphered telegram, line {n}." for n in range(1, 31)
)


def sign_in(page):
    make_archivist()
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "invented-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


def workspace():
    """An invented telegram with people in every role, a requests inline, and a history that
    holds a one-line text change and a mention added."""
    author = make_person("Invented Vasilevsky", slug="invented-vasilevsky", reviewed=True)
    duplicate = make_person("Invented Vasilevskii", slug="invented-vasilevskii")
    mentioned = make_person("Invented Shtemenko", slug="invented-shtemenko")
    document = make_document(
        "Ciphered telegram about invented supplies",
        slug="invented-supplies",
        text=LONG_TEXT,
        reference_numbers=["12345/sh"],
        parser_warnings=["Recipient 'Invented clerk': copy count unclear"],
        author=author,
        sender=duplicate,
    )
    make_recipient(document, author, copies=2)
    make_recipient(document, None, name_as_written="Invented clerk")
    make_request(document, number="1", summary="Invented request for trucks", asked_by=author)
    document.text = LONG_TEXT.replace("line 12.", "line twelve, <corrected>.")
    document.save()
    document.people_mentioned.add(mentioned)
    return document, author, duplicate


def choose_action(page, changelist, pks, action):
    page.goto(changelist)
    for pk in pks:
        page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


def violations(page):
    """axe-core's serious and critical violations as a set of (rule, element) pairs."""
    return {(v["id"], " ".join(node)) for v in axe_violations(page) for node in v["nodes"]}


def breadcrumb_links(model):
    # Django's admin CSS tells breadcrumb links from text by colour alone.
    return {
        ("link-in-text-block", f'.breadcrumbs > a[href$="{path}/"]')
        for path in ("admin", "catalogue", model)
    }


# Django's select2 widgets: the empty single-select box and the search field of the multiple
# select have no accessible name, and the multiple select lists its choices in a bare <ul>.
SELECT2_EMPTY = "aria-input-field-name"


def test_merge_preview_page(page):
    sign_in(page)
    _document, author, duplicate = workspace()
    choose_action(
        page, "/admin/catalogue/person/", [author.pk, duplicate.pk], "merge_selected_people"
    )
    expect(page.locator("#merge-preview")).to_be_visible()
    expect(
        page.get_by_role("radio", name="Invented Vasilevsky (invented-vasilevsky)")
    ).to_be_checked()
    # Cancel is a button as large as Merge, and the choice stands clear of the table.
    merge = page.locator("input[name=confirm]").bounding_box()
    cancel = page.locator("a.cancel-link").bounding_box()
    assert abs(merge["height"] - cancel["height"]) < 1
    table = page.locator("#merge-preview").bounding_box()
    choice = page.locator(".survivor-choice").bounding_box()
    assert choice["y"] - (table["y"] + table["height"]) >= 12
    screenshot(page, "admin-merge-preview")
    assert violations(page) == set()


def test_batch_change_page(page):
    sign_in(page)
    document, _author, _duplicate = workspace()
    choose_action(page, "/admin/catalogue/document/", [document.pk], "change_document_type")
    expect(page.get_by_label("New type")).to_be_visible()
    apply = page.locator("input[name=apply]").bounding_box()
    cancel = page.locator("a.cancel-link").bounding_box()
    assert abs(apply["height"] - cancel["height"]) < 1
    screenshot(page, "admin-batch-change")
    assert violations(page) == breadcrumb_links("document")


def test_history_page_with_a_text_diff(page):
    sign_in(page)
    document, _author, _duplicate = workspace()
    page.goto(f"/admin/catalogue/document/{document.pk}/history/")
    changes = page.locator("#change-history tbody tr").nth(1).locator(".line-diff")
    expect(changes.locator("del")).to_have_text(
        "−Removed: 12. Invented paragraph of a long ciphered telegram, line 12."
    )
    expect(changes.locator("ins")).to_contain_text("line twelve, <corrected>.")
    expect(page.locator("#change-history tbody tr").first.locator("ins")).to_contain_text(
        "Invented Shtemenko"
    )
    screenshot(page, "admin-history-diff")
    assert violations(page) == set()


# Two multiple selects on the document form (people mentioned, places named): axe tells them
# apart by select2's own numbering, which is the same at every load of the page.
multiple = 'span[data-select2-id="{}"] > .selection > .select2-selection--multiple.select2-selection[role="combobox"] > ul'  # noqa: E501
search = " > .select2-search.select2-search--inline > .select2-search__field"
search += '[autocorrect="off"][autocapitalize="none"]'


def test_document_and_person_forms_and_the_changelist(page):
    sign_in(page)
    document, author, _duplicate = workspace()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/admin/catalogue/document/{document.pk}/change/")
    expect(page.get_by_label("Copies").first).to_have_value("2")
    screenshot(page, "admin-document-form-1280")
    assert violations(page) == breadcrumb_links("document") | {
        (SELECT2_EMPTY, "#select2-id_recipients-1-person-container"),
        (SELECT2_EMPTY, "#select2-id_requests-0-asked_of-container"),
        (SELECT2_EMPTY, "#select2-id_requests-0-answered_by-container"),
        (SELECT2_EMPTY, "#select2-id_origin_place-container"),
        ("label", multiple.format(3) + search),
        ("label", multiple.format(12) + search),
        ("list", multiple.format(12)),
    }

    page.goto(f"/admin/catalogue/person/{author.pk}/change/")
    expect(page.locator("#id_names-0-name")).to_have_attribute("aria-label", "Name")
    assert violations(page) == breadcrumb_links("person")

    page.goto("/admin/catalogue/document/")
    # Django's changelist search box is labelled only by a title.
    assert violations(page) == {("label-title-only", "#searchbar")}


def queue_drafts():
    """An invented sender and two drafts waiting in the review queue, the first undated,
    untyped and unsigned, the second dated: (sender, first, second)."""
    sender = make_person(
        "Invented Gromova", slug="invented-gromova", birth_year=1909, description="Invented envoy"
    )
    first = make_document(
        "Document, undated",
        slug="undated-other-invented-1",
        status=Status.DRAFT,
        needs_review=True,
        date=None,
        doc_type="other",
        parser_warnings=["no date found", "document type not recognised", "no sender found"],
    )
    second = make_document(
        "Document, 2 May 1950",
        slug="1950-05-02-other-invented-2",
        status=Status.DRAFT,
        needs_review=True,
        doc_type="other",
        parser_warnings=["document type not recognised"],
    )
    return sender, first, second


def test_the_review_queue_walk(page):
    """Open the first draft of the queue, correct type, date and sender, add a recipient,
    publish, and land on the next draft."""
    sign_in(page)
    sender, first, second = queue_drafts()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/catalogue/document/?queue=todo")
    expect(page.locator(".work-left")).to_contain_text("2 documents to review")
    expect(page.locator("#result_list")).to_contain_text("No date: the importer found none")
    screenshot(page, "admin-review-queue")
    assert violations(page) == {("label-title-only", "#searchbar")}

    page.get_by_role("link", name="Document, undated").click()
    expect(page.locator(".parser-warnings")).to_contain_text("Still to check (3 of")
    page.select_option("#id_doc_type", "letter")
    page.fill("#id_date", "1950-04-30")
    page.locator("#id_sender + .select2").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Gromova")
    option = page.locator(".select2-results__option", has_text="Invented Gromova")
    expect(option).to_contain_text("(1909–) — Invented envoy")
    option.click()
    page.locator("#recipients-group .add-row a").click()
    page.fill("#id_recipients-0-name_as_written", "Invented Ministry")
    page.select_option("#id_recipients-0-role", "addressee")
    screenshot(page, "admin-review-form-corrected")
    assert violations(page) == breadcrumb_links("document") | {
        (SELECT2_EMPTY, "#select2-id_author-container"),
        (SELECT2_EMPTY, "#select2-id_recipients-0-person-container"),
        (SELECT2_EMPTY, "#select2-id_origin_place-container"),
        # The two multiple selects (people mentioned, places named), by select2's numbering.
        ("label", multiple.format(3) + search),
        ("label", multiple.format(8) + search),
    }
    page.get_by_role("button", name="Publish and review next").click()

    page.wait_for_url(f"**/admin/catalogue/document/{second.pk}/change/")
    expect(page.locator(".messagelist .success").first).to_contain_text("Saved")
    screenshot(page, "admin-review-next")
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert first.sender == sender
    # Composed as the importer composes a letter's title: from its author and addressees.
    assert first.title == "Letter to Ministry, 30 April 1950"
    assert first.slug == "1950-04-30-letter-invented-1"
    assert first.needs_review is False
    assert list(first.recipients.values_list("name_as_written", "position")) == [
        ("Invented Ministry", 0)
    ]
