"""The people a document mentions, in the export: each says how the text writes the name."""

import pytest

from catalogue.models import Document, PersonName
from catalogue.serializers import mention
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
