"""The people a document mentions, in the export: each says how the text writes the name."""

import pytest

from catalogue.models import Document, Person, PersonName
from catalogue.serializers import document_to_dict, mention, public_document_dict
from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db


def test_mention_gives_the_form_the_text_writes():
    person = make_person("Andrei Petrovsky")
    PersonName.objects.create(person=person, name="Kolokolov", kind="pseudonym")
    document = make_document(text="An invented report. KOLOKOLOV agrees.")
    document.people_mentioned.add(person)
    loaded = Document.objects.prefetch_related("people_mentioned__names").get(pk=document.pk)
    (mentioned,) = loaded.people_mentioned.all()
    assert mention(mentioned, loaded.text) == {
        "name": "Andrei Petrovsky",
        "slug": person.slug,
        "as_written": "Kolokolov",
    }


def test_mention_without_names_prefetched_costs_no_query(django_assert_num_queries):
    person = make_person("Andrei Petrovsky")
    with django_assert_num_queries(0):
        assert mention(person, "Andrei Petrovsky signed.")["as_written"] == "Andrei Petrovsky"
        assert mention(person, "Nobody signed.")["as_written"] == ""


def test_persons_and_bodies_are_listed_apart():
    # One list of mentions in the catalogue; the export, the API and the page give persons
    # as people and bodies as bodies, so a committee is never counted among the people.
    person = make_person("Pyotr Ivantsov")
    body = make_person("Invented Committee of the Fisheries", kind="organisation")
    document = make_document(text="Ivantsov wrote to the Invented Committee of the Fisheries.")
    document.people_mentioned.add(person, body)
    loaded = Document.objects.for_detail().get(pk=document.pk)
    data = document_to_dict(loaded)
    assert [p["slug"] for p in data["people_mentioned"]] == [person.slug]
    assert [b["slug"] for b in data["bodies_mentioned"]] == [body.slug]
    assert public_document_dict(loaded)["bodies_mentioned"] == data["bodies_mentioned"]


def test_persons_and_bodies_on_the_page(client):
    person = make_person("Pyotr Ivantsov", slug="ivantsov")
    body = make_person("Invented Fisheries Committee", slug="fisheries", kind="organisation")
    document = make_document(slug="invented-fish", text="Ivantsov and the committee.")
    document.people_mentioned.add(person, body)
    page = client.get("/documents/invented-fish/").content.decode()
    people = page[
        page.index('id="mentioned"') : page.index("</section>", page.index('id="mentioned"'))
    ]
    bodies = page[page.index('id="bodies-mentioned"') :]
    assert "Pyotr Ivantsov" in people and "Invented Fisheries Committee" not in people
    assert "Invented Fisheries Committee" in bodies[: bodies.index("</section>")]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # The text's own words come before the editor's bracket.
        ("Pak Hon-ryong [Pak Hon Ryong] came. Later Pak Hon Ryong spoke.", "Pak Hon-ryong"),
        # A name the editor completes is written whole: "Pak [Hon-ryong]".
        ("Pak [Hon-ryong] came.", "Pak Hon-ryong"),
        # Only inside the editor's brackets: still the name it is written as.
        ("The minister [Pak Hon Ryong] came.", "Pak Hon Ryong"),
    ],
)
def test_mention_prefers_the_texts_own_words(text, written):
    person = make_person("Pak Hon Ryong")
    PersonName.objects.create(person=person, name="Pak Hon-ryong", kind="variant")
    person = Person.objects.prefetch_related("names").get(pk=person.pk)
    assert mention(person, text)["as_written"] == written
