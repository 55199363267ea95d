"""PERSON_LINKS, the one table of the ways a person appears in a document, and what reads it."""

import pytest

from catalogue import keptcounts
from catalogue.filters import ROLE_CHOICES, involving, leading_people
from catalogue.merge import documents_of, link_labels
from catalogue.models import (
    PERSON_LINKS,
    PUBLIC_ROLES,
    Document,
    Person,
    Recipient,
    Request,
    Role,
    TransmissionEvent,
    person_columns,
)
from catalogue.views.people import role_counts, with_published_document_counts
from tests.factories import make_document, make_person, make_recipient, make_request

DOCUMENT_MODELS = {
    Document,
    Recipient,
    TransmissionEvent,
    Request,
    Document.people_mentioned.through,
}


class TestTable:
    def test_every_field_naming_a_person_in_a_document_is_in_the_table(self):
        fields = {
            (rel.related_model, rel.field.name)
            for rel in Person._meta.get_fields(include_hidden=True)
            if rel.auto_created
            and not rel.concrete
            and not rel.many_to_many
            and rel.related_model in DOCUMENT_MODELS
        }
        assert fields == {(link.model, link.field) for link in person_columns()}

    def test_ways_reading_one_field_agree_on_what_belongs_to_the_field(self):
        for column in person_columns():
            ways = [
                link
                for link in PERSON_LINKS
                if (link.relation, link.field) == (column.relation, column.field)
            ]
            assert {(w.merge_label, w.involved, w.in_facet) for w in ways} == {
                (column.merge_label, column.involved, column.in_facet)
            }

    def test_every_recipient_role_is_read_by_exactly_one_way(self):
        read = [role for link in PERSON_LINKS for role in link.recipient_roles]
        assert sorted(read) == sorted(Role.values)

    def test_the_public_roles_in_the_order_pages_show_them(self):
        assert ROLE_CHOICES == [
            ("any", "Any role"),
            ("author", "Author"),
            ("sender", "Sender"),
            ("addressee", "Addressee"),
            ("copy", "Copy or distribution"),
            ("mentioned", "Mentioned"),
            ("also_sent_to", "Enclosure also sent to"),
        ]
        assert [link.key for link in PERSON_LINKS if link.occasional] == ["also_sent_to"]

    def test_the_merge_preview_lists_every_field_and_the_names(self):
        assert link_labels() == [
            "author of",
            "sender of",
            "author of an enclosure in",
            "addressee of an enclosure in",
            "recipient rows",
            "transmission steps",
            "requests made",
            "requests received",
            "mentioned in",
            "names and variants",
        ]


def appear(person, way, document):
    """Put ``person`` in ``document`` in one way of PERSON_LINKS."""
    if way in ("author", "sender", "enclosure_author", "enclosure_addressee"):
        Document.objects.filter(pk=document.pk).update(**{way: person})
        # update() sends no signal: a bulk write recounts what it touched itself.
        keptcounts.recount([document.pk])
    elif way == "mentioned":
        document.people_mentioned.add(person)
    elif way == "transmission":
        TransmissionEvent.objects.create(document=document, event="sent", by=person)
    elif way in ("asked_by", "asked_of"):
        make_request(document, **{way: person})
    else:
        role = next(link for link in PERSON_LINKS if link.key == way).recipient_roles[0]
        make_recipient(document, person, role=role)


@pytest.mark.django_db
@pytest.mark.parametrize("link", PERSON_LINKS, ids=lambda link: link.key)
class TestEachWay:
    def test_a_published_document_makes_the_person_public_and_counts(self, link):
        person = make_person("Invented Official")
        appear(person, link.key, make_document("Invented telegram"))
        assert list(Person.objects.public()) == [person]
        counted = with_published_document_counts(Person.objects.filter(pk=person.pk))
        assert counted.get().published_documents == 1

    def test_a_draft_alone_does_not(self, link):
        person = make_person("Invented Official")
        appear(person, link.key, make_document("Invented draft", status="draft"))
        assert not Person.objects.public().exists()

    def test_the_person_filter_and_role_counts_follow_the_table(self, link):
        person = make_person("Invented Official")
        document = make_document("Invented telegram")
        appear(person, link.key, document)
        any_role = Document.objects.filter(involving(person))
        assert list(any_role) == ([document] if link.involved else [])
        assert documents_of([person.pk]) == ({document.pk} if link.involved else set())
        counts = role_counts(person)
        assert counts == {key: int(key == link.key) for key in PUBLIC_ROLES}
        if link.public:
            assert list(Document.objects.filter(involving(person, link.key))) == [document]

    def test_the_people_facet_counts_the_ways_marked_for_it(self, link):
        person = make_person("Invented Official", slug="invented-official")
        appear(person, link.key, make_document("Invented telegram"))
        expected = [("invented-official", "Invented Official", 1)] if link.in_facet else []
        assert leading_people(Document.objects.all()) == expected
