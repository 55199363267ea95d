"""An archivist's day in a real browser: correct a copy count, publish, check the public page
and the history."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import expect

from catalogue.models import Recipient, Status
from tests.conftest import make_document, make_person, make_recipient, screenshot

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
