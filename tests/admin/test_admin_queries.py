"""Query counts of the workspace's busiest pages: the same for 3 rows as for 30, so a query
per row would fail here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.admin.workspace import EstimatedCountPaginator
from catalogue.models import PERSON_LINKS, Document, Reference, ReferenceStatus, TransmissionEvent
from tests.admin.support import admin_url, archivist_fixture  # noqa: F401  (fixtures)
from tests.factories import make_document, make_person, make_recipient, make_request, queries_for

pytestmark = pytest.mark.django_db


def make_documents(n):
    author = make_person(f"Invented author {n}", slug=f"invented-author-{n}")
    answer = make_document(f"Invented answer {n}")
    for i in range(n):
        document = make_document(
            f"Invented telegram {n}-{i}",
            author=author,
            sender=author,
            parser_warnings=["invented warning"],
        )
        make_recipient(document, author)
        make_request(document, asked_by=author, answered_by=answer)
    return author


@pytest.mark.parametrize(
    "changelist, expected",
    [("document_changelist", 10), ("person_changelist", 6), ("request_changelist", 7)],
)
def test_changelists_cost_the_same_for_3_and_30_rows(archivist, changelist, expected):
    make_documents(3)
    for i in range(3):
        make_person(f"Invented extra {i}", slug=f"invented-extra-{i}")
    few = queries_for(archivist, admin_url(changelist))
    make_documents(27)
    for i in range(27):
        make_person(f"Invented more {i}", slug=f"invented-more-{i}")
    many = queries_for(archivist, admin_url(changelist))
    # On PostgreSQL an unfiltered list first asks the planner for its estimate (one query).
    assert few == many == expected + (connection.vendor == "postgresql")


def test_document_change_form_costs_the_same_for_3_and_30_rows(archivist):
    def document_with(n):
        people = [make_person(f"Invented {n}-{i}", slug=f"inv-{n}-{i}") for i in range(n)]
        answer = make_document(f"Invented answer {n}")
        document = make_document(
            f"Invented telegram with {n}",
            author=people[0],
            sender=people[1],
            enclosure_author=people[2],
            enclosure_addressee=people[0],
        )
        document.people_mentioned.add(*people)
        for i, person in enumerate(people):
            make_recipient(document, person, copies=2)
            make_request(
                document, number=str(i + 1), asked_by=person, asked_of=person, answered_by=answer
            )
            TransmissionEvent.objects.create(document=document, event="sent", by=person, position=i)
            Reference.objects.create(
                document=document,
                as_written=f"No. {i}",
                number=str(i),
                target=answer,
                status=ReferenceStatus.SUGGESTED,
            )
        return document

    few_url = admin_url("document_change", document_with(3).pk)
    archivist.get(few_url)  # the first page fills per-process caches (content types)
    few = queries_for(archivist, few_url)
    many = queries_for(archivist, admin_url("document_change", document_with(30).pk))
    # Places added one (the places the text names; the place of origin comes with the
    # document), threads another (the documents cited inline).
    assert few == many == 11


def test_person_change_form_query_count(archivist):
    person = make_person("Invented Chou", slug="invented-chou")
    archivist.get(admin_url("person_change", person.pk))  # fills the content type cache
    # The list of where the person appears reads one query per way of PERSON_LINKS,
    # however many documents name them.
    assert queries_for(archivist, admin_url("person_change", person.pk)) == 6 + len(PERSON_LINKS)


class TestEstimatedCountPaginator:
    def test_counts_exactly_when_filtered_or_small(self):
        make_document("Invented A")
        make_document("Invented B", status="draft")
        assert EstimatedCountPaginator(Document.objects.all(), 10).count == 2
        assert EstimatedCountPaginator(Document.objects.filter(status="draft"), 10).count == 1

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="planner estimates are PostgreSQL's"
    )
    def test_uses_the_planner_estimate_on_a_big_table(self, monkeypatch):
        make_document("Invented A")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalogue_document")
        monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", -2)
        with CaptureQueriesContext(connection) as context:
            count = EstimatedCountPaginator(Document.objects.all(), 10).count
        assert count >= 0
        assert "reltuples" in context.captured_queries[0]["sql"]
        assert "COUNT" not in " ".join(q["sql"] for q in context.captured_queries)


def test_place_changelist_and_form_cost_the_same_for_3_and_30_places(archivist):
    from catalogue.models import Place, PlaceName

    def make_places(start, stop):
        for i in range(start, stop):
            place = Place.objects.create(slug=f"invented-place-{i}", name=f"Invented place {i}")
            PlaceName.objects.create(place=place, name=f"Invented spelling {i}")
        return place

    first = make_places(0, 3)
    archivist.get(admin_url("place_change", first.pk))  # fills per-process caches
    few = queries_for(archivist, admin_url("place_changelist"))
    few_form = queries_for(archivist, admin_url("place_change", first.pk))
    last = make_places(3, 30)
    for i in range(27):
        PlaceName.objects.create(place=last, name=f"Another spelling {i}")
    assert queries_for(archivist, admin_url("place_changelist")) == few
    assert queries_for(archivist, admin_url("place_change", last.pk)) == few_form
