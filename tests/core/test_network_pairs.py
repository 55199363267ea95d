"""The network's kept pair counts (catalogue.pairs) agree with a recount from the documents
after every way the catalogue is written: model saves and deletes, the admin's form, batch
actions and delete, imports, merges and splits of people, a restore."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from catalogue import pairs
from catalogue.admin.actions import split_person
from catalogue.merge import merge_people
from catalogue.models import (
    CorrespondenceCounted,
    CorrespondencePair,
    Document,
    Person,
    Recipient,
    Status,
)
from tests.admin.support import admin_url, archivist_fixture  # noqa: F401 - a fixture
from tests.factories import make_document, make_person, make_recipient

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def kept_pairs():
    """{(writer slug, addressee slug, year): documents} as kept."""
    slugs = dict(Person.objects.values_list("pk", "slug"))
    return {
        (slugs[w], slugs[a], y): n
        for w, a, y, n in CorrespondencePair.objects.values_list(
            "writer_id", "addressee_id", "year", "documents"
        )
    }


def agree():
    assert pairs.differences() == []


@pytest.fixture
def people():
    return {
        key: make_person(f"Invented {key.title()}", slug=key)
        for key in ("orlov", "lebedev", "zotov", "kim")
    }


def letter(writer, *to, date="1950-05-01", status=Status.PUBLISHED):
    document = make_document("Invented letter", author=writer, date=date, status=status)
    for person in to:
        make_recipient(document, person)
    return document


def test_model_saves_and_deletes_keep_the_counts(people):
    first = letter(people["orlov"], people["lebedev"], people["zotov"])
    letter(people["orlov"], people["lebedev"], date="1951-03-01")
    draft = letter(people["kim"], people["orlov"], status=Status.DRAFT)
    agree()
    assert kept_pairs() == {
        ("orlov", "lebedev", 1950): 1,
        ("orlov", "zotov", 1950): 1,
        ("orlov", "lebedev", 1951): 1,
    }
    # Drafts never count; publishing one does.
    draft.status = Status.PUBLISHED
    draft.save()
    agree()
    assert kept_pairs()[("kim", "orlov", 1950)] == 1
    # A new date moves the document to its year; a new author to its writer.
    first.set_date("1952-01-01")
    first.author = people["kim"]
    first.save()
    agree()
    assert ("orlov", "zotov", 1950) not in kept_pairs()
    assert kept_pairs()[("kim", "zotov", 1952)] == 1
    # A recipient row changed, deleted; the same addressee twice counts one document.
    row = first.recipients.get(person=people["zotov"])
    row.person = people["lebedev"]
    row.save()
    agree()
    assert kept_pairs()[("kim", "lebedev", 1952)] == 1
    first.recipients.first().delete()
    agree()
    # No author: the sender writes. Undated: year 0. To oneself: nothing.
    undated = make_document("Invented undated", sender=people["zotov"], date="")
    make_recipient(undated, people["kim"])
    make_recipient(undated, people["zotov"])
    agree()
    assert kept_pairs()[("zotov", "kim", 0)] == 1
    assert not any(w == a for w, a, _ in kept_pairs())
    # Deleting a document takes back what it counted.
    undated.delete()
    first.delete()
    agree()
    assert set(kept_pairs()) == {("orlov", "lebedev", 1951), ("kim", "orlov", 1950)}


def test_admin_form_actions_and_delete_keep_the_counts(archivist, people):  # noqa: F811
    from tests.admin.support import change_form_data

    document = letter(people["orlov"], people["lebedev"])
    document.doc_type = "ciphered_telegram"
    document.save()
    # The change form: a new addressee added in the recipients inline.
    page = archivist.get(admin_url("document_change", document.pk))
    data = change_form_data(page)
    prefix = "recipients"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-person"] = str(people["zotov"].pk)
    data[f"{prefix}-{total}-name_as_written"] = "Zotov"
    data[f"{prefix}-{total}-role"] = "addressee"
    data[f"{prefix}-{total}-copies"] = "1"
    data[f"{prefix}-{total}-position"] = str(total)
    answer = archivist.post(admin_url("document_change", document.pk), data)
    assert answer.status_code == 302, answer.context and answer.context["errors"]
    agree()
    assert kept_pairs()[("orlov", "zotov", 1950)] == 1
    # Batch actions go through update_with_history, which sends no signal.
    changelist = admin_url("document_changelist")
    archivist.post(changelist, {"action": "unpublish", "_selected_action": [document.pk]})
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT
    agree()
    assert kept_pairs() == {}
    archivist.post(changelist, {"action": "publish", "_selected_action": [document.pk]})
    assert Document.objects.get(pk=document.pk).status == Status.PUBLISHED
    agree()
    assert len(kept_pairs()) == 2
    # The admin's delete (archivists may not delete; an administrator may).
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("invented-admin"))
    admin.post(admin_url("document_delete", document.pk), {"post": "yes"})
    assert not Document.objects.filter(pk=document.pk).exists()
    agree()
    assert kept_pairs() == {} and not CorrespondenceCounted.objects.exists()


def test_merge_and_split_of_people_keep_the_counts(people):
    letter(people["orlov"], people["lebedev"])
    letter(people["kim"], people["zotov"])
    letter(people["kim"], people["orlov"])
    user = get_user_model().objects.create_user("merging-archivist")
    merge_people(people["orlov"], [people["kim"]], user=user)
    agree()
    # Kim's letter to Orlov was Orlov writing to himself: it no longer counts.
    assert kept_pairs() == {("orlov", "lebedev", 1950): 1, ("orlov", "zotov", 1950): 1}
    joined = make_person("Invented Ivanov Petrov", slug="ivanov-petrov")
    letter(joined, people["lebedev"])
    letter(people["zotov"], joined)
    first, second = split_person(joined, "Invented Ivanov", "Invented Petrov", user)
    agree()
    assert kept_pairs()[(first.slug, "lebedev", 1950)] == 1
    assert kept_pairs()[("zotov", second.slug, 1950)] == 1


def test_import_and_restore_keep_the_counts(tmp_path):
    paths = sorted((FIXTURES / "threads").glob("*.txt"))
    call_command("import_seeds", *map(str, paths), stdout=StringIO())
    agree()
    assert CorrespondencePair.objects.exists()
    # A forced re-import goes through model saves and row deletes.
    call_command("import_seeds", *map(str, paths), force=True, stdout=StringIO())
    agree()
    before = kept_pairs()
    export = tmp_path / "export.json"
    call_command("export_catalogue", output=str(export), stdout=StringIO())
    Recipient.objects.all().delete()
    Document.objects.all().delete()
    Person.objects.all().delete()
    agree()
    assert kept_pairs() == {}
    call_command("import_catalogue", str(export), stdout=StringIO())
    agree()
    assert kept_pairs() == before


def test_the_command_rebuilds_and_checks(people):
    letter(people["orlov"], people["lebedev"])
    call_command("correspondence_pairs", "--check", stdout=StringIO())
    # A write behind the catalogue's back (raw update) is found, then mended by a rebuild.
    Document.objects.update(status=Status.DRAFT)
    with pytest.raises(CommandError, match="orlov|person"):
        call_command("correspondence_pairs", "--check", stdout=StringIO())
    out = StringIO()
    call_command("correspondence_pairs", stdout=out)
    assert "Counted 0 pairs" in out.getvalue()
    call_command("correspondence_pairs", "--check", stdout=StringIO())


def test_links_and_correspondents_sum_the_pair_rows(people):
    from catalogue.models import CorrespondenceLink, Correspondent

    def links():
        return {
            (row.writer.slug, row.addressee.slug): (row.documents, row.first_year, row.last_year)
            for row in CorrespondenceLink.objects.select_related("writer", "addressee")
        }

    def correspondents():
        return {
            row.person.slug: (row.written, row.received)
            for row in Correspondent.objects.select_related("person")
        }

    letter(people["orlov"], people["lebedev"], date="1951-03-01")
    letter(people["orlov"], people["lebedev"], date="1949-01-01")
    undated = letter(people["orlov"], people["lebedev"], people["zotov"], date="")
    assert links() == {("orlov", "lebedev"): (3, 1949, 1951), ("orlov", "zotov"): (1, None, None)}
    assert correspondents() == {"orlov": (4, 0), "lebedev": (0, 3), "zotov": (0, 1)}
    # Taking documents back lowers the sums, and a pair or person left with none goes.
    undated.delete()
    assert links() == {("orlov", "lebedev"): (2, 1949, 1951)}
    assert correspondents() == {"orlov": (2, 0), "lebedev": (0, 2)}
    agree()
    pairs.rebuild()
    assert links() == {("orlov", "lebedev"): (2, 1949, 1951)}
    assert correspondents() == {"orlov": (2, 0), "lebedev": (0, 2)}
