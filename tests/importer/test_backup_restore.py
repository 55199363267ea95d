"""The README's backup and restore, proved: export_catalogue, then import_catalogue into an
empty database (every table emptied, users and history too), gives the same catalogue.

What an export does not hold (and a restore therefore cannot bring back) is listed in the
README's operations section: the history of changes before the export, user accounts, the
admin's log, sign-in lockouts and the redirects left by merged people. pg_dump keeps those.
"""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalogue.models import Document, Person, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)

SEED = Path(settings.BASE_DIR) / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def export(*args):
    out = StringIO()
    call_command("export_catalogue", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def curated_catalogue(tmp_path):
    """Real seed, invented fixtures and synthetic documents, imported, then edited."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("invented_telegram.txt", "invented_unknown.txt"):
        shutil.copy(FIXTURES / name, seeds / name)
    call_command("make_synthetic_corpus", count=12, seed=7, output=str(seeds), verbosity=0)
    call_command("import_seeds", str(SEED), str(seeds), stdout=StringIO(), stderr=StringIO())
    # An archivist's work: a summary, a publication, a request's status, a person's notes.
    document = Document.objects.get(slug="1952-07-17-ciphered-telegram-502597")
    document.summary = "An archivist's summary."
    document.status = Status.PUBLISHED
    document.save()
    request = Request.objects.filter(document__synthetic=True).first()
    request.status = "refused"
    request.save()
    person = Person.objects.filter(reviewed=False).order_by("slug").first()
    person.reviewed = True
    person.description = "An archivist's note."
    person.save()
    return seeds


def empty_the_database():
    """Everything out, as a new server's database would be after `migrate`."""
    call_command("flush", interactive=False, verbosity=0)
    assert not Document.objects.exists() and not Person.objects.exists()
    assert not Document.history.exists()
    assert not get_user_model().objects.exists()


def test_export_restore_into_an_empty_database_gives_the_same_catalogue(
    curated_catalogue, tmp_path
):
    documents = Document.objects.count()
    assert documents >= 15
    json_before = export()
    csv_before = export("--format", "csv")
    backup = tmp_path / "catalogue.json"
    backup.write_text(json_before, encoding="utf-8")

    empty_the_database()
    out = StringIO()
    call_command("import_catalogue", str(backup), stdout=out)
    assert f"Restored {documents} documents" in out.getvalue()

    assert json.loads(export()) == json.loads(json_before)
    assert export("--format", "csv") == csv_before
    # A later import of the same seeds finds every document by its hash: nothing changes.
    out = StringIO()
    call_command("import_seeds", str(SEED), str(curated_catalogue), stdout=out, stderr=StringIO())
    assert f"unchanged {documents}" in out.getvalue()
    assert json.loads(export())["documents"] == json.loads(json_before)["documents"]


def test_history_after_a_restore_starts_with_one_version_under_the_importer(
    curated_catalogue, tmp_path
):
    edited = Document.objects.get(slug="1952-07-17-ciphered-telegram-502597")
    assert edited.history.count() >= 2  # imported, then edited
    backup = tmp_path / "catalogue.json"
    backup.write_text(export(), encoding="utf-8")

    empty_the_database()
    call_command("import_catalogue", str(backup), stdout=StringIO())

    # The export holds the current state only: each record's history starts again, under
    # the importer (a second version when the restore sets the people mentioned).
    restored = Document.objects.get(slug=edited.slug)
    versions = list(restored.history.order_by("history_date"))
    assert versions[0].history_type == "+"
    assert {v.history_user.username for v in versions} == {"importer"}
    assert versions[-1].summary == "An archivist's summary."
    assert not Document.history.exclude(history_user__username="importer").exists()
    # Save a person an archivist had changed (the fixture edits one): recorded under no user,
    # so that the next import of the authority file keeps the archivist's values.
    outside = Person.history.exclude(history_user__username="importer")
    assert {row.description for row in outside} == {"An archivist's note."}
    assert outside.count() == 1
    assert {row.history_change_reason for row in outside} == {
        "restored: last changed by an archivist"
    }


def test_an_archivists_edit_of_an_authority_person_survives_restore_and_reimport(
    curated_catalogue, tmp_path
):
    person = Person.objects.get(slug="8th-administration-general-staff")
    person.description = "Checked against the authority file."
    person.save()
    backup = tmp_path / "catalogue.json"
    backup.write_text(export(), encoding="utf-8")

    empty_the_database()
    call_command("import_catalogue", str(backup), stdout=StringIO())
    call_command(
        "import_seeds", str(SEED), str(curated_catalogue), stdout=StringIO(), stderr=StringIO()
    )
    # The restore gives the person a new primary key: find it again by its slug.
    restored = Person.objects.get(slug=person.slug)
    assert restored.description == "Checked against the authority file."


def test_after_a_restore_the_importer_still_updates_the_people_it_wrote_last(
    curated_catalogue, tmp_path
):
    backup = tmp_path / "catalogue.json"
    backup.write_text(export(), encoding="utf-8")
    people = {p["slug"]: p for p in json.loads(backup.read_text(encoding="utf-8"))["people"]}
    assert not people["8th-administration-general-staff"]["curation"]["edited_by_archivist"]

    empty_the_database()
    call_command("import_catalogue", str(backup), stdout=StringIO())
    # The importer's own values, changed behind its back, are its to set again.
    Person.objects.filter(slug="8th-administration-general-staff").update(description="Stale.")
    call_command(
        "import_seeds", str(SEED), str(curated_catalogue), stdout=StringIO(), stderr=StringIO()
    )
    assert Person.objects.get(slug="8th-administration-general-staff").description != "Stale."
