"""The places authority in the catalogue: import, spellings in search and the place filter,
place pages and the list, merge with a redirect. Run on SQLite and PostgreSQL alike."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from catalogue.importer.places import PlaceIndex
from catalogue.merge import merge_places
from catalogue.models import Document, Place, PlaceName, PlaceRedirect, Status
from catalogue.places import normalise
from tests.factories import make_document, queries_for

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
PLACES_CSV = """key,kind,canonical_name,variants,country_then,country_now,latitude,longitude,note
pyongyang,city,Pyongyang,Phenian|P'yŏngyang|Heijo,DPRK,North Korea,39.03,125.75,Capital
kaesong,city,Kaesong,Kaeseong|Kaesŏng,Korea,North Korea,,,Where the armistice talks began
"""


def make_place(name, *spellings, slug=None):
    place = Place.objects.create(slug=slug or normalise(name).replace(" ", "-"), name=name)
    for spelling in (name, *spellings):
        PlaceName.objects.create(place=place, name=spelling)
    return place


def indexed(title, text="Invented text for a test.", **fields):
    document = make_document(title, text=text, **fields)
    Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
    return document


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


@pytest.fixture
def kaesong():
    return make_place("Kaesong", "Kaeseong", "Kaesŏng")


@pytest.fixture
def seeds(tmp_path):
    shutil.copy(FIXTURES / "invented_telegram.txt", tmp_path / "invented_telegram.txt")
    (tmp_path / "places.csv").write_text(PLACES_CSV, encoding="utf-8")
    (tmp_path / "talks.txt").write_text(
        "CIPHERED TELEGRAM No. 808/sh\n\nFrom PYONGYANG Sent 12.7.51 10:00\n\n"
        "To Comrade FILIPPOV\n\nThe invented delegates arrived in Kaeseong this morning.\n\n"
        "SHTYKOV\n",
        encoding="utf-8",
    )
    return tmp_path


def import_folder(folder):
    out = StringIO()
    call_command(
        "import_seeds", str(folder), places=str(folder / "places.csv"), stdout=out, stderr=out
    )
    return out.getvalue()


class TestImport:
    def test_places_file_loaded_with_every_spelling(self, seeds):
        import_folder(seeds)
        pyongyang = Place.objects.get(slug="pyongyang")
        assert pyongyang.country_then == "DPRK"
        assert set(pyongyang.names.values_list("name", flat=True)) == {
            "Pyongyang",
            "Phenian",
            "P'yŏngyang",
            "Heijo",
        }
        assert PlaceName.objects.get(name="Phenian").normalised == "phenian"

    def test_origin_and_mentions_linked_in_any_spelling(self, seeds):
        import_folder(seeds)
        talks = Document.objects.get(source_file="talks.txt")
        assert talks.origin_place.slug == "pyongyang"
        # The header line "From PYONGYANG" is part of the text as well.
        assert {p.slug for p in talks.places_mentioned.all()} == {"kaesong", "pyongyang"}
        telegram = Document.objects.get(source_file="invented_telegram.txt")
        assert telegram.origin_place.slug == "pyongyang"

    def test_index_resolves_a_place_of_origin_in_any_spelling(self, seeds):
        import_folder(seeds)
        index = PlaceIndex(None, None)
        index.load()
        pyongyang = Place.objects.get(slug="pyongyang").pk
        kaesong = Place.objects.get(slug="kaesong").pk
        assert index.link("from PHENIAN.", "Talks at KAESŎNG and Kaeseong.") == (
            pyongyang,
            [kaesong],
        )
        assert index.link("Atlantis", "") == (None, [])

    def test_import_search_text_agrees_with_the_model(self, seeds):
        import_folder(seeds)
        for document in Document.objects.all():
            assert document.search_text == document.build_search_text()

    def test_reimport_adds_no_place_twice_and_respects_a_merge(self, seeds):
        import_folder(seeds)
        survivor = Place.objects.get(slug="pyongyang")
        other = Place.objects.create(slug="heijo-duplicate", name="Heijo (duplicate)")
        merge_places(survivor, [other], None)
        Place.objects.filter(slug="kaesong").update(name="Kaesong (edited)")
        import_folder(seeds)
        assert Place.objects.count() == 2
        assert Place.objects.get(slug="kaesong").name == "Kaesong (edited)"

    def test_bad_places_file_names_file_and_line(self, seeds):
        (seeds / "places.csv").write_text(PLACES_CSV + "broken,nowhere\n", encoding="utf-8")
        with pytest.raises(Exception, match="places.csv"):
            import_folder(seeds)
        assert not Document.objects.exists()


class TestSpellingsInSearch:
    def test_any_spelling_of_a_place_finds_the_others(self, kaesong):
        document = indexed("Talks", text="The delegates met in Kaeseong.")
        document.places_mentioned.add(kaesong)
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        indexed("Elsewhere", text="The delegates met in Moscow.")
        for q in ("Kaesong", "Kaeseong", "kaesŏng"):
            assert titles(Document.objects.published().search(q)) == ["Talks"], q

    def test_place_filter_matches_every_spelling_and_the_slug(self, client, kaesong):
        document = make_document("From Kaesong", place="KAESEONG", origin_place=kaesong)
        make_document("From Moscow", place="Moscow")
        for value in ("Kaesong", "kaeseong", "Kaesŏng", "kaesong"):
            response = client.get(reverse("catalogue:document-list"), {"place": value})
            assert list(response.context["page_obj"].object_list) == [document], value

    def test_place_filter_still_matches_an_unlinked_place_as_written(self, client):
        document = make_document("From a village", place="Invented Village")
        response = client.get(reverse("catalogue:document-list"), {"place": "invented village"})
        assert list(response.context["page_obj"].object_list) == [document]

    def test_api_place_filter_is_the_same(self, client, kaesong):
        make_document("From Kaesong", origin_place=kaesong)
        response = client.get("/api/documents/", {"place": "Kaeseong"})
        assert response.status_code == 200
        assert [d["title"] for d in response.json()["results"]] == ["From Kaesong"]


class TestPlacePages:
    def test_page_lists_documents_from_and_naming_by_year(self, client, kaesong):
        make_document("Sent 1951", origin_place=kaesong, date="1951-07-10")
        make_document("Sent 1953", origin_place=kaesong, date="1953-07-27")
        naming = make_document("Naming it", date="1952")
        naming.places_mentioned.add(kaesong)
        draft = make_document("Draft", origin_place=kaesong, status=Status.DRAFT)
        response = client.get(kaesong.get_absolute_url())
        assert response.status_code == 200
        sent = response.context["sent_from"]
        assert [d.title for d in sent["documents"]] == ["Sent 1951", "Sent 1953"]
        assert [(row["year"], row["count"]) for row in sent["years"]] == [(1951, 1), (1953, 1)]
        assert [d.title for d in response.context["mentioning"]["documents"]] == ["Naming it"]
        html = response.content.decode()
        assert "Kaeseong" in html and draft.title not in html
        assert "<h3>1951</h3>" in html

    def test_place_without_published_documents_is_not_found(self, client, kaesong):
        make_document("Draft", origin_place=kaesong, status=Status.DRAFT)
        assert client.get(kaesong.get_absolute_url()).status_code == 404

    def test_unknown_place_is_not_found(self, client):
        assert client.get(reverse("catalogue:place", args=["nowhere"])).status_code == 404

    def test_list_counts_and_hides_places_without_documents(self, client, kaesong):
        make_place("Moscow", "Moskva")
        make_document("One", origin_place=kaesong)
        make_document("Two").places_mentioned.add(kaesong)
        response = client.get(reverse("catalogue:place-list"))
        places = list(response.context["places"])
        assert [(p.name, p.sent_count, p.named_count) for p in places] == [("Kaesong", 1, 1)]

    def test_seed_text_is_escaped(self, client):
        place = make_place("<b>Bold</b>")
        make_document("One", origin_place=place)
        html = client.get(place.get_absolute_url()).content.decode()
        assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html

    def test_query_counts_do_not_grow(self, client, kaesong):
        for n in range(3):
            make_place(f"Place {n}")
            make_document(f"From {n}", origin_place=kaesong).places_mentioned.add(kaesong)
        few_list = queries_for(client, reverse("catalogue:place-list"))
        few_page = queries_for(client, kaesong.get_absolute_url())
        for n in range(3, 12):
            other = make_place(f"Place {n}", f"Spelling {n}")
            make_document(f"From {n}", origin_place=other).places_mentioned.add(kaesong)
        assert queries_for(client, reverse("catalogue:place-list")) == few_list
        assert queries_for(client, kaesong.get_absolute_url()) == few_page
        # The list: the page's places (from the kept counts), their count, their spellings.
        # A place's page: the place, its spellings, then by year and the first documents for
        # those sent from it and for those naming it.
        assert (few_list, few_page) == (3, 6)


class TestMerge:
    def test_merge_moves_documents_names_and_redirects(self, client, kaesong):
        duplicate = make_place("Kaisong", "Kaijo", slug="kaisong")
        moved = make_document("From Kaijo", origin_place=duplicate, text="Met in Kaijo.")
        moved.places_mentioned.add(duplicate)
        kept = indexed("From Kaesong", origin_place=kaesong)
        user = User.objects.create_superuser("archivist", password="x")
        merge_places(kaesong, [duplicate], user)
        moved.refresh_from_db()
        assert moved.origin_place == kaesong
        assert list(moved.places_mentioned.all()) == [kaesong]
        assert {"Kaisong", "Kaijo"} <= set(kaesong.names.values_list("name", flat=True))
        assert not Place.objects.filter(slug="kaisong").exists()
        response = client.get(reverse("catalogue:place", args=["kaisong"]))
        assert response.status_code == 301 and response["Location"] == kaesong.get_absolute_url()
        # The survivor's documents now answer to the duplicate's spellings too.
        assert "From Kaesong" in titles(Document.objects.published().search("Kaijo"))
        assert kept.pk in Document.objects.search("Kaijo").values_list("pk", flat=True)
        # The filter takes the old slug too.
        response = client.get(reverse("catalogue:document-list"), {"place": "kaisong"})
        assert {d.title for d in response.context["page_obj"].object_list} == {
            "From Kaijo",
            "From Kaesong",
        }

    def test_admin_action_merges_on_confirmation(self, client, kaesong):
        duplicate = make_place("Kaisong", slug="kaisong")
        make_document("From Kaisong", origin_place=duplicate)
        client.force_login(User.objects.create_superuser("archivist", password="x"))
        url = reverse("admin:catalogue_place_changelist")
        data = {"action": "merge_selected_places", "_selected_action": [kaesong.pk, duplicate.pk]}
        preview = client.post(url, data)
        assert preview.status_code == 200 and b"Keep this place" in preview.content
        done = client.post(url, {**data, "survivor": kaesong.pk, "confirm": "Merge"})
        assert done.status_code == 302
        assert PlaceRedirect.objects.get(old_slug="kaisong").place == kaesong
        assert Document.objects.get(title="From Kaisong").origin_place == kaesong


class TestAdmin:
    def test_a_new_spelling_finds_the_place_documents_at_once(self, client, kaesong):
        document = indexed("From Kaesong", origin_place=kaesong)
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        client.force_login(User.objects.create_superuser("archivist", password="x"))
        names = list(kaesong.names.all())
        data = {
            "name": "Kaesong",
            "slug": "kaesong",
            "kind": "city",
            "note": "",
            "country_then": "",
            "country_now": "",
            "latitude": "",
            "longitude": "",
            "names-TOTAL_FORMS": str(len(names) + 1),
            "names-INITIAL_FORMS": str(len(names)),
            "names-MIN_NUM_FORMS": "0",
            "names-MAX_NUM_FORMS": "1000",
        }
        for i, name in enumerate(names):
            data[f"names-{i}-id"] = str(name.pk)
            data[f"names-{i}-place"] = str(kaesong.pk)
            data[f"names-{i}-name"] = name.name
        data[f"names-{len(names)}-place"] = str(kaesong.pk)
        data[f"names-{len(names)}-name"] = "Songdo"
        response = client.post(reverse("admin:catalogue_place_change", args=[kaesong.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert PlaceName.objects.get(name="Songdo").normalised == "songdo"
        assert titles(Document.objects.published().search("Songdo")) == ["From Kaesong"]


def test_list_separates_spellings_without_a_stray_semicolon(client):
    # The canonical name sorts last among the spellings here, and is not repeated.
    place = make_place("Zed Town", "Alpha Town", "Beta Town")
    make_document("One", origin_place=place)
    html = client.get(reverse("catalogue:place-list")).content.decode()
    assert "<td>Alpha Town; Beta Town</td>" in html
