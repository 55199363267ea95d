"""Every change to the catalogue leaves a log line that says who changed what."""

import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.models import Document
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
)
from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db

IMPORT_FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture
def changes(caplog):
    caplog.set_level(logging.INFO, logger="catalogue.changes")

    def lines():
        return [r.getMessage() for r in caplog.records if r.name == "catalogue.changes"]

    return lines


def test_the_logger_is_on_in_the_site_settings():
    assert logging.getLogger("catalogue.changes").isEnabledFor(logging.INFO)


def test_an_admin_edit_names_the_user_the_document_and_the_fields(archivist, changes):
    document = make_document("Invented telegram", slug="invented-telegram")
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    data["title"] = "Invented telegram, corrected"
    data["summary"] = "An invented summary."
    archivist.post(url, data)
    assert (
        "user archivist changed document invented-telegram: title, title_by_archivist, summary"
        in changes()
    )


def test_a_delete_is_logged(changes):
    person = make_person("Invented Molotov", slug="invented-molotov")
    person.delete()
    assert "user (no user) deleted person invented-molotov" in changes()


def test_a_batch_action_is_one_line_with_the_ids(archivist, changes):
    author = make_person("Invented Author")
    # Documents a citation can name (dated, typed, with an author): publishing checks pass.
    documents = [
        make_document(f"Invented order {n}", status="draft", doc_type="letter", author=author)
        for n in range(3)
    ]
    archivist.post(
        admin_url("document_changelist"),
        {"action": "publish", "_selected_action": [d.pk for d in documents]},
    )
    ids = ", ".join(str(d.pk) for d in sorted(documents, key=lambda d: d.pk))
    assert f"user archivist changed 3 documents (ids {ids}): status (Published)" in changes()


def test_a_save_outside_a_request_says_there_was_no_user(changes):
    document = make_document("Invented telegram", slug="invented-telegram")
    document.summary = "Changed in a shell."
    document.save()
    assert "user (no user) changed document invented-telegram: summary" in changes()


def test_the_importer_reports_on_its_own_output_not_in_the_change_log(changes):
    call_command("import_seeds", str(IMPORT_FIXTURES), stdout=StringIO(), stderr=StringIO())
    assert Document.objects.exists()
    assert changes() == []
