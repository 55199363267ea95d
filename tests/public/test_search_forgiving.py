"""Forgiving search: beginnings of words, every spelling of a name, "did you mean". The same
tests run on SQLite and PostgreSQL."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalogue.models import Document, PersonName, Place, PlaceName
from catalogue.suggestions import closest, did_you_mean
from tests.factories import make_document, make_person, make_recipient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def indexed(title, text="Invented text for a test.", **fields):
    document = make_document(title, text=text, **fields)
    Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
    return document


def found(q):
    return sorted(Document.objects.published().search(q).values_list("title", flat=True))


@pytest.fixture
def names():
    stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
    PersonName.objects.create(person=stalin, name="Filippov", kind="pseudonym")
    kim = make_person("Kim Il Sung", slug="kim-il-sung")
    PersonName.objects.create(person=kim, name="Kim Ir Sen")
    beijing = Place.objects.create(slug="beijing", name="Beijing")
    for spelling in ("Beijing", "Peking", "Peiping", "Beiping"):
        PlaceName.objects.create(place=beijing, name=spelling)
    return {"stalin": stalin, "kim": kim, "beijing": beijing}


class TestPrefixes:
    @pytest.mark.parametrize("q", ["negotiat", "negotiat*", "Negotiation", "negotiations"])
    def test_beginning_of_a_word_finds_the_word(self, q):
        indexed("Talks", text="The negotiations resumed at dawn.")
        indexed("Other", text="The regiments arrived.")
        assert found(q) == ["Talks"]

    def test_beginning_of_a_name(self):
        indexed("Talks", text="The delegates reached Kaeseong.")
        assert found("Kaes") == ["Talks"]

    def test_phrases_and_quoted_words_stay_exact(self):
        indexed("Talks", text="The negotiations resumed at dawn.")
        assert found('"negotiat"') == []
        assert found('"negotiations resumed"') == ["Talks"]

    def test_excluded_words_stay_whole(self):
        indexed("Regime", text="The regime changed.")
        indexed("Regiments", text="The regiments left.")
        assert found("regim") == ["Regime", "Regiments"]
        assert found("regim -regiments") == ["Regime"]

    def test_short_words_and_numbers_are_whole(self):
        indexed("Numbered", text="Telegram 4711 about air.")
        indexed("Longer", text="Telegram 47110 about airfields.")
        assert found("4711") == ["Numbered"]
        assert found("air") == ["Numbered"]


class TestEverySpelling:
    def test_pseudonym_finds_the_person(self, names):
        document = indexed("To the Boss")
        make_recipient(document, names["stalin"])
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        assert found("Filippov") == ["To the Boss"]
        assert found("Stalin") == ["To the Boss"]

    def test_variant_of_a_person_finds_the_others(self, names):
        document = indexed("From the Leader", text="Signed KIM IR SEN.")
        document.people_mentioned.add(names["kim"])
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        assert found("Kim Il Sung") == ["From the Leader"]

    @pytest.mark.parametrize("q", ["Peking", "Peiping", "Beiping", "Beijing"])
    def test_every_spelling_of_a_place_finds_the_others(self, names, q):
        document = indexed("From Peking", text="Sent from Peking.", origin_place=names["beijing"])
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        indexed("Elsewhere", text="Sent from Moscow.")
        assert found(q) == ["From Peking"]


class TestDidYouMean:
    @pytest.mark.parametrize(
        "typed,meant",
        [
            ("Stallin", "Joseph Stalin"),
            ("Filipov", "Joseph Stalin"),
            ("Pekin", "Beijing"),
            ("Beijng", "Beijing"),
        ],
    )
    def test_misspelt_name_or_place(self, names, typed, meant):
        assert closest(typed)[0][0] == meant

    def test_known_names_and_short_words_are_not_corrected(self, names):
        assert closest("Filippov") == []
        assert closest("peking") == []
        assert closest("Kim") == []

    def test_whole_query_and_word_by_word(self, names):
        assert did_you_mean("Kim Il Sun") == ["Kim Il Sung"]
        assert did_you_mean("Stallin regiments") == ["Joseph Stalin regiments"]
        assert did_you_mean("regiments") == []

    def test_offered_on_the_page_when_nothing_is_found(self, client, names):
        indexed("Plenty", text="Regiments and regiments.")
        response = client.get(reverse("catalogue:document-list"), {"q": "Stallin"})
        assert response.context["did_you_mean"] == ["Joseph Stalin"]
        html = response.content.decode()
        assert "Did you mean" in html and "q=Joseph+Stalin" in html

    def test_not_offered_when_the_search_finds_something(self, client, names):
        indexed("Talks", text="Stallin wrote it so.")
        response = client.get(reverse("catalogue:document-list"), {"q": "Stallin"})
        assert response.context["did_you_mean"] == []


class TestHistoriansSpellings:
    """The spellings historians type, against invented texts that write another: the places
    come from the shipped authority file, linked as the importer links them."""

    @pytest.fixture
    def index(self):
        from django.conf import settings

        from catalogue.importer.places import PlaceIndex

        places = PlaceIndex(Path(settings.SEEDS_DIR) / "places.csv", None)
        places.load()
        return places

    @pytest.mark.parametrize(
        "typed,written",
        [
            ("Kaesong", "Kaeseong"),
            ("Kaeseong", "Kaesong"),
            ("Peking", "Beijing"),
            ("Beijing", "Beiping"),
            ("Beiping", "Peking"),
            ("Port Arthur", "Lüshun"),
            ("Lüshun", "Port-Arthur"),
            ("Lushun", "Port Arthur"),
            ("Mukden", "Shenyang"),
            ("Shenyang", "Mukden"),
            ("Phenian", "Pyongyang"),
            ("Pyongyang", "Phenian"),
        ],
    )
    def test_a_place_is_found_by_any_spelling(self, index, typed, written):
        text = f"The invented convoy of ten trucks reached {written} at dawn."
        origin, mentioned = index.link("", text)
        document = make_document("Convoy", text=text)
        document.places_mentioned.set(mentioned)
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        indexed("Elsewhere", text="The invented convoy stayed in the depot.")
        assert found(typed) == ["Convoy"], (typed, written)

    @pytest.mark.parametrize(
        "typed,meant",
        [("Shenyng", "Shenyang"), ("Mukdan", "Shenyang"), ("Phenyan", "Pyongyang")],
    )
    def test_a_misspelt_place_is_suggested(self, index, typed, meant):
        assert closest(typed)[0][0] == meant


class TestDidYouMeanAtScale:
    def test_postgres_answers_from_the_trigram_indexes(self, names):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("the trigram indexes are PostgreSQL's; SQLite suggests in Python")
        with connection.cursor() as cursor:
            # A handful of rows makes a scan cheaper than any index: forbid it to see that
            # the query can use the indexes, as it does with 10,000 people.
            for kind in ("seqscan", "indexscan", "indexonlyscan"):
                cursor.execute(f"SET LOCAL enable_{kind} = off")
            for table, index in (
                ("catalogue_person", "person_name_trgm"),
                ("catalogue_personname", "personname_name_trgm"),
                ("catalogue_place", "place_name_trgm"),
                ("catalogue_placename", "placename_name_trgm"),
            ):
                cursor.execute(
                    f"EXPLAIN SELECT name FROM {table} "
                    "WHERE catalogue_fold(name) %% catalogue_fold(%s)",
                    ["Stallin"],
                )
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert index in plan, plan
        assert closest("Stallin")[0][0] == "Joseph Stalin"

    def test_sqlite_builds_its_suggester_once_per_state_of_the_catalogue(self, names):
        from django.db import connection

        from catalogue import suggestions

        if connection.vendor != "sqlite":
            pytest.skip("PostgreSQL asks its trigram indexes instead")
        suggestions._built.clear()
        first = suggestions._suggester()
        assert suggestions._suggester() is first
        PersonName.objects.create(person=names["kim"], name="Kim Irsen")
        assert suggestions._suggester() is not first
        assert closest("Kim Irsenn")[0][0] == "Kim Il Sung"
