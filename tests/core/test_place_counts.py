"""The kept counts of places (catalogue.placecounts): after every way of writing documents and
places, the counts kept agree with the counts read again from the documents. Run on SQLite
and PostgreSQL alike."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import placecounts
from catalogue.merge import merge_places
from catalogue.models import Document, Person, Place, PlaceCount, PlaceName, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
)
from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db

PLACES_CSV = """key,kind,canonical_name,variants,country_then,country_now,latitude,longitude,note
pyongyang,city,Pyongyang,Phenian|P'yŏngyang,DPRK,North Korea,39.03,125.75,
kaesong,city,Kaesong,Kaeseong|Kaesŏng,Korea,North Korea,,,
"""
TELEGRAM = """CIPHERED TELEGRAM No. {number}/sh

From PYONGYANG Sent 12.7.51 10:00

To Comrade FILIPPOV

The invented delegates arrived in {where} this morning and asked for ten invented trucks.

SHTYKOV
"""


def kept(place):
    """(documents from, documents naming) as the list of places reads them."""
    row = PlaceCount.objects.filter(place=place).first()
    return (row.documents_from, row.documents_naming) if row else (0, 0)


def assert_counts_right():
    assert placecounts.differences() == []


def place(name, *spellings):
    made = Place.objects.create(slug=name.lower(), name=name)
    for spelling in (name, *spellings):
        PlaceName.objects.create(place=made, name=spelling)
    return made


@pytest.fixture
def kaesong():
    return place("Kaesong", "Kaeseong")


@pytest.fixture
def moscow():
    return place("Moscow", "Moskva")


def publishable(title, **fields):
    """A document with nothing that holds back its publication, as a draft."""
    fields.setdefault("status", Status.DRAFT)
    fields.setdefault("doc_type", "letter")
    fields.setdefault("author", make_person(f"Author of {title}"))
    return make_document(title, **fields)


class TestModelWrites:
    def test_create_save_and_delete(self, kaesong, moscow):
        document = make_document("One", origin_place=kaesong)
        assert kept(kaesong) == (1, 0)
        document.places_mentioned.add(moscow, kaesong)
        assert (kept(kaesong), kept(moscow)) == ((1, 1), (0, 1))
        document.origin_place = moscow
        document.save()
        assert (kept(kaesong), kept(moscow)) == ((0, 1), (1, 1))
        document.status = Status.DRAFT
        document.save()
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (0, 0))
        document.status = Status.PUBLISHED
        document.save()
        assert (kept(kaesong), kept(moscow)) == ((0, 1), (1, 1))
        document.delete()
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (0, 0))
        assert_counts_right()

    def test_drafts_are_not_counted(self, kaesong):
        make_document("Draft", origin_place=kaesong, status=Status.DRAFT).places_mentioned.add(
            kaesong
        )
        assert kept(kaesong) == (0, 0)
        assert_counts_right()

    def test_mentions_from_the_place_side_and_cleared(self, kaesong, moscow):
        first, second = make_document("First"), make_document("Second")
        kaesong.mentioned_in.add(first, second)
        assert kept(kaesong) == (0, 2)
        kaesong.mentioned_in.remove(first)
        assert kept(kaesong) == (0, 1)
        second.places_mentioned.add(moscow)
        second.places_mentioned.clear()
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (0, 0))
        first.places_mentioned.set([kaesong, moscow])
        kaesong.mentioned_in.clear()
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (0, 1))
        assert_counts_right()

    def test_a_document_loaded_without_the_counted_fields(self, kaesong, moscow):
        document = make_document("One", origin_place=kaesong)
        partial = Document.objects.only("pk", "title").get(pk=document.pk)
        partial.origin_place = moscow
        partial.save()
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (1, 0))
        assert_counts_right()

    def test_a_save_of_other_fields_alone_counts_nothing(self, kaesong):
        document = make_document("One", origin_place=kaesong)
        document.summary = "An archivist's summary."
        with CaptureQueriesContext(connection) as captured:
            document.save()
            document.save(update_fields=["summary"])
        sql = " ".join(q["sql"].lower() for q in captured.captured_queries)
        assert "placecount" not in sql and "places_mentioned" not in sql

    def test_deleting_a_place(self, kaesong, moscow):
        document = make_document("One", origin_place=kaesong)
        document.places_mentioned.add(moscow)
        kaesong.delete()
        assert kept(moscow) == (0, 1)
        assert_counts_right()


class TestAdmin:
    def test_change_form_moves_origin_and_mentions(self, archivist, kaesong, moscow):
        document = make_document("One", origin_place=kaesong)
        document.places_mentioned.add(kaesong)
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["origin_place"] = str(moscow.pk)
        data["places_mentioned"] = [str(moscow.pk)]
        response = archivist.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert (kept(kaesong), kept(moscow)) == ((0, 0), (1, 1))
        assert_counts_right()

    def test_publish_and_unpublish_actions(self, archivist, kaesong, moscow):
        documents = [publishable(f"Letter {n}", origin_place=kaesong) for n in range(3)]
        for document in documents:
            document.places_mentioned.add(moscow)
        changelist = admin_url("document_changelist")
        selected = [d.pk for d in documents]
        archivist.post(changelist, {"action": "publish", "_selected_action": selected})
        assert Document.objects.published().count() == 3
        assert (kept(kaesong), kept(moscow)) == ((3, 0), (0, 3))
        archivist.post(changelist, {"action": "unpublish", "_selected_action": selected[:2]})
        assert (kept(kaesong), kept(moscow)) == ((1, 0), (0, 1))
        assert_counts_right()

    def test_delete_action_and_delete_view(self, client, kaesong):
        # Only a superuser deletes documents; the curator groups may not.
        archivist = client
        archivist.force_login(User.objects.create_superuser("admin", password="x"))
        documents = [make_document(f"Letter {n}", origin_place=kaesong) for n in range(3)]
        changelist = admin_url("document_changelist")
        response = archivist.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [documents[0].pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert kept(kaesong) == (2, 0)
        response = archivist.post(admin_url("document_delete", documents[1].pk), {"post": "yes"})
        assert response.status_code == 302
        assert kept(kaesong) == (1, 0)
        assert_counts_right()

    def test_merge_of_places(self, archivist, kaesong):
        duplicate = place("Kaisong", "Kaijo")
        both = make_document("Both", origin_place=duplicate)
        both.places_mentioned.add(duplicate, kaesong)
        make_document("Kaijo", origin_place=duplicate).places_mentioned.add(duplicate)
        make_document("Kaesong", origin_place=kaesong)
        url = admin_url("place_changelist")
        data = {"action": "merge_selected_places", "_selected_action": [kaesong.pk, duplicate.pk]}
        response = archivist.post(url, {**data, "survivor": kaesong.pk, "confirm": "Merge"})
        assert response.status_code == 302
        assert kept(kaesong) == (3, 2)
        assert not PlaceCount.objects.filter(place_id=duplicate.pk).exists()
        assert_counts_right()


class TestImportAndRestore:
    @pytest.fixture
    def seeds(self, tmp_path):
        (tmp_path / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
        for number, where in ((801, "Kaeseong"), (802, "Kaesong"), (803, "Phenian")):
            (tmp_path / f"telegram_{number}.txt").write_text(
                TELEGRAM.format(number=number, where=where), encoding="utf-8"
            )
        return tmp_path

    @staticmethod
    def import_folder(folder, *options):
        call_command(
            "import_seeds",
            str(folder),
            *options,
            places=str(folder / "places.csv"),
            stdout=StringIO(),
            stderr=StringIO(),
        )

    def test_import_batched_and_one_by_one(self, seeds):
        self.import_folder(seeds, "--batch-size", "10")
        assert_counts_right()
        published = Document.objects.published().count()
        assert published, "the invented telegrams should publish"
        pyongyang, kaesong = Place.objects.get(slug="pyongyang"), Place.objects.get(slug="kaesong")
        assert kept(pyongyang)[0] == published
        assert (
            kept(kaesong)[1]
            == Document.objects.published().filter(places_mentioned=kaesong).count()
            > 0
        )
        Document.objects.all().delete()
        assert kept(pyongyang) == kept(kaesong) == (0, 0)
        self.import_folder(seeds, "--batch-size", "1")
        assert kept(pyongyang)[0] == published
        assert_counts_right()

    def test_reimport_of_a_changed_file_relinks_and_recounts(self, seeds):
        self.import_folder(seeds)
        path = seeds / "telegram_801.txt"
        path.write_text(
            TELEGRAM.format(number=801, where="Moscow").replace("From PYONGYANG", "From KAESONG"),
            encoding="utf-8",
        )
        self.import_folder(seeds)
        changed = Document.objects.get(source_file="telegram_801.txt")
        assert changed.origin_place.slug == "kaesong"
        assert_counts_right()

    def test_restore_of_an_export(self, seeds, tmp_path):
        self.import_folder(seeds)
        before = {p.slug: kept(p) for p in Place.objects.all()}
        out = StringIO()
        call_command("export_catalogue", stdout=out)
        backup = tmp_path / "export.json"
        backup.write_text(out.getvalue(), encoding="utf-8")
        Document.objects.all().delete()
        Person.objects.all().delete()
        assert all(kept(p) == (0, 0) for p in Place.objects.all())
        call_command("import_catalogue", str(backup), stdout=StringIO())
        assert {p.slug: kept(p) for p in Place.objects.all()} == before
        assert any(count != (0, 0) for count in before.values())
        assert_counts_right()
        assert json.loads(backup.read_text())["places"]


class TestCommand:
    def test_check_reports_and_the_command_corrects(self, kaesong):
        make_document("One", origin_place=kaesong)
        # A write that forgot the counts: a raw update.
        Document.objects.update(status=Status.DRAFT)
        out = StringIO()
        with pytest.raises(CommandError, match="1 places have wrong kept counts"):
            call_command("place_counts", "--check", stdout=out)
        assert "kaesong: kept 1 from, 0 naming; counted 0 from, 0 naming" in out.getvalue()
        call_command("place_counts", stdout=StringIO())
        assert kept(kaesong) == (0, 0)
        call_command("place_counts", "--check", stdout=StringIO())


def test_the_list_reads_the_kept_counts(client, kaesong):
    make_document("One", origin_place=kaesong)
    # Kept counts are what the list shows, not a count of its own.
    PlaceCount.objects.filter(place=kaesong).update(documents_from=7)
    response = client.get(reverse("catalogue:place-list"))
    assert [(p.name, p.sent_count) for p in response.context["places"]] == [("Kaesong", 7)]


def test_a_merge_by_function_keeps_counts(kaesong):
    duplicate = place("Kaisong")
    make_document("One", origin_place=duplicate).places_mentioned.add(duplicate)
    merge_places(kaesong, [duplicate], User.objects.create_user("archivist"))
    assert kept(kaesong) == (1, 1)
    assert_counts_right()
