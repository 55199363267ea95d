"""Kept counts (catalogue/keptcounts.py): after every write path, what the database keeps
equals a count from scratch, and the pages that read them show a change at once."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue import keptcounts
from catalogue.merge import merge_people, update_with_history
from catalogue.models import (
    PUBLIC_ROLES,
    Document,
    KeptCount,
    PersonCount,
    Recipient,
    Status,
    TransmissionEvent,
)
from catalogue.views.people import (
    role_counts,
    role_counts_from_rows,
    with_published_document_counts,
)
from tests.admin.support import admin_url, archivist_fixture  # noqa: F401
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def assert_agree():
    assert keptcounts.differences() == []


def kept(name):
    row = KeptCount.objects.filter(name=name).first()
    return row.n if row else 0


def person_documents(person):
    row = PersonCount.objects.filter(person=person).first()
    return row.documents if row else 0


@pytest.fixture
def catalogue():
    """Two people in several ways in three documents, one of them a draft."""
    stalin, molotov = make_person("Test Stalin"), make_person("Test Molotov")
    first = make_document("First", author=stalin, date="1950-02-14")
    make_recipient(first, molotov)
    make_recipient(first, molotov, role="copy")
    make_request(first, asked_by=stalin, category="materiel")
    second = make_document("Second", sender=molotov, date="1951")
    second.people_mentioned.add(stalin)
    TransmissionEvent.objects.create(document=second, event="sent", by=stalin, position=0)
    draft = make_document("Draft", status=Status.DRAFT, author=molotov)
    make_recipient(draft, stalin)
    return {"stalin": stalin, "molotov": molotov, "first": first, "second": second, "draft": draft}


def test_person_count_has_a_column_for_every_public_role():
    columns = {field.name for field in PersonCount._meta.fields}
    assert set(PUBLIC_ROLES) <= columns


def test_saves_of_documents_and_rows_keep_the_counts(catalogue):
    assert_agree()
    assert kept("documents") == 2
    assert kept("month:1950:2:day") == 1
    assert kept("category:materiel") == 1
    assert person_documents(catalogue["stalin"]) == 2
    # The draft's rows count for nobody; a recipient counted twice in one document, once.
    assert person_documents(catalogue["molotov"]) == 2
    assert PersonCount.objects.get(person=catalogue["molotov"]).copy == 1


def test_publishing_unpublishing_and_editing_keep_the_counts(catalogue):
    draft = catalogue["draft"]
    draft.status = Status.PUBLISHED
    draft.save()
    assert kept("documents") == 3
    assert_agree()
    first = catalogue["first"]
    first.doc_type = "letter"
    first.set_date("1953-05-01")
    first.save()
    assert kept("month:1950:2:day") == 0
    assert_agree()
    first.status = Status.DRAFT
    first.save()
    assert_agree()


def test_rows_mentions_and_deletes_keep_the_counts(catalogue):
    first, stalin = catalogue["first"], catalogue["stalin"]
    make_recipient(first, stalin, role="also_sent_to")
    first.people_mentioned.add(stalin)
    assert_agree()
    Recipient.objects.filter(document=first).first().delete()
    first.requests.all().delete()
    stalin.mentioned_in.clear()
    assert_agree()
    catalogue["second"].delete()
    assert_agree()
    assert kept("documents") == 1


def test_deleting_a_person_takes_back_their_mentions():
    person = make_person("Test Mentioned")
    document = make_document()
    document.people_mentioned.add(person)
    assert person_documents(person) == 1
    person.delete()
    assert_agree()


def test_merging_people_keeps_the_counts(catalogue, django_user_model):
    user = django_user_model.objects.create_user("merger")
    duplicate = make_person("Test Stalin again")
    make_recipient(catalogue["second"], duplicate)
    merge_people(catalogue["stalin"], [duplicate], user)
    assert_agree()
    assert not PersonCount.objects.filter(person_id=duplicate.pk).exists()


def test_batch_updates_keep_the_counts(catalogue, django_user_model):
    user = django_user_model.objects.create_user("batcher")
    update_with_history(Document.objects.all(), {"status": Status.DRAFT}, user, "test")
    assert kept("documents") == 0
    assert not PersonCount.objects.exists()
    assert_agree()


def test_the_admins_publish_action_keeps_the_counts(catalogue, archivist):
    draft = catalogue["draft"]
    draft.title = "Ready draft"
    draft.save()
    post = {"action": "publish", "_selected_action": [draft.pk]}
    archivist.post(admin_url("document_changelist"), post)
    draft.refresh_from_db()
    if draft.status == Status.PUBLISHED:
        assert kept("documents") == 3
    assert_agree()


def test_import_and_reimport_keep_the_counts(tmp_path):
    for name in ("invented_telegram.txt", "invented_unknown.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert_agree()
    text = (tmp_path / "invented_telegram.txt").read_text(encoding="utf-8")
    (tmp_path / "invented_telegram.txt").write_text(
        text.replace("Copies:", "Copies: Molotov,", 1), encoding="utf-8"
    )
    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert_agree()


def test_a_restore_counts_the_restored_catalogue(catalogue, tmp_path):
    backup = tmp_path / "backup.json"
    out = StringIO()
    call_command("export_catalogue", stdout=out, stderr=StringIO())
    backup.write_text(out.getvalue(), encoding="utf-8")
    expected = dict(KeptCount.objects.values_list("name", "n"))
    Document.objects.all().delete()
    for person in (catalogue["stalin"], catalogue["molotov"]):
        person.delete()
    assert not KeptCount.objects.exists()
    call_command("import_catalogue", str(backup), stdout=StringIO())
    assert dict(KeptCount.objects.values_list("name", "n")) == expected
    assert_agree()


def test_the_command_finds_and_repairs_a_difference(catalogue):
    KeptCount.objects.filter(name="documents").update(n=99)
    with pytest.raises(CommandError):
        call_command("recount_catalogue", "--check", stdout=StringIO())
    call_command("recount_catalogue", stdout=StringIO())
    call_command("recount_catalogue", "--check", stdout=StringIO())
    assert kept("documents") == 2


def test_involved_counts_the_documents_of_the_person_filter(catalogue):
    from catalogue.filters import DocumentFilter

    stalin = catalogue["stalin"]
    make_document("Enclosing", enclosure_addressee=stalin)
    clerk = make_person("Test Clerk")
    TransmissionEvent.objects.create(document=catalogue["first"], event="sent", by=clerk)
    # Author of the first, mentioned in the second, the enclosure's addressee in the third;
    # the transmission and the request are not among a document's people.
    for person, involved in ((stalin, 3), (clerk, 0)):
        assert PersonCount.objects.get(person=person).involved == involved
        assert DocumentFilter({"person": person.slug}).qs.count() == involved
    assert_agree()


def test_role_counts_and_the_people_list_agree_with_the_rows(catalogue):
    for person in (catalogue["stalin"], catalogue["molotov"]):
        assert role_counts(person) == role_counts_from_rows(person)
        counted = with_published_document_counts(type(person).objects.filter(pk=person.pk))
        assert counted.get().published_documents == person_documents(person)


def test_a_published_change_shows_on_the_next_home_and_list_request(catalogue, client):
    before = client.get("/").context["stats"]["documents"]
    draft = catalogue["draft"]
    draft.status = Status.PUBLISHED
    draft.save()
    assert client.get("/").context["stats"]["documents"] == before + 1
    assert client.get("/documents/").context["total"] == before + 1
