import datetime

import pytest
from django.db import IntegrityError, transaction

from catalogue.models import (
    DatePrecision,
    Document,
    Person,
    format_partial_date,
    parse_partial_date,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


class TestPartialDate:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("1952", (datetime.date(1952, 1, 1), DatePrecision.YEAR)),
            ("1952-07", (datetime.date(1952, 7, 1), DatePrecision.MONTH)),
            ("1952-07-17", (datetime.date(1952, 7, 17), DatePrecision.DAY)),
            ("", (None, "")),
            (None, (None, "")),
        ],
    )
    def test_parse(self, value, expected):
        assert parse_partial_date(value) == expected

    @pytest.mark.parametrize("value", ["52", "1952-13", "1952-02-30", "July 1952", "1952-07-17-1"])
    def test_parse_rejects_with_the_value_named(self, value):
        with pytest.raises(ValueError, match="is not a date"):
            parse_partial_date(value)

    @pytest.mark.parametrize("value", ["1952", "1952-07", "1952-07-17"])
    def test_round_trip_through_the_database(self, value):
        document = make_document(date=value)
        document.refresh_from_db()
        assert document.date_iso == value
        assert format_partial_date(*parse_partial_date(value)) == value

    def test_display(self):
        assert make_document(date="1952-07").date_display == "July 1952"
        assert make_document(date="1952-07-17").date_display == "17 July 1952"
        assert make_document(date="").date_display == "Undated"


class TestPerson:
    def test_str(self, person):
        assert str(person) == "Kim Il Sung"

    def test_get_absolute_url(self, person):
        assert person.get_absolute_url() == "/people/kim-il-sung/"

    def test_slug_is_unique(self, person):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_person("Someone else", slug="kim-il-sung")

    def test_death_not_before_birth(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_person("Impossible", birth_year=1950, death_year=1900)

    def test_name_required(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_person("")


class TestDocument:
    def test_str(self, document):
        assert str(document) == "Ciphered Telegram No. 1, invented for tests"

    def test_get_absolute_url(self, document):
        assert document.get_absolute_url() == "/documents/invented-1/"

    def test_slug_is_unique(self, document):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_document(slug="invented-1")

    def test_source_file_is_unique(self):
        make_document(source_file="seeds/a.txt")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_document(source_file="seeds/a.txt")

    def test_many_documents_without_source_file(self):
        make_document(source_file=None)
        make_document(source_file=None)
        assert Document.objects.filter(source_file__isnull=True).count() == 2

    def test_status_must_be_known(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_document(status="secret")

    def test_published_hides_drafts(self):
        make_document(status="draft")
        shown = make_document(status="published")
        assert list(Document.objects.published()) == [shown]


class TestRecipient:
    def test_copies_at_least_one(self, document, person):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_recipient(document, person, copies=0)

    def test_str_shows_copies(self, document, person):
        row = make_recipient(document, person, name_as_written="Stalin", role="copy", copies=2)
        assert str(row) == "Stalin ×2 (Copy)"

    def test_non_person_entry(self, document):
        row = make_recipient(document, None, name_as_written="File", role="copy")
        assert row.person is None

    def test_positions_unique_within_document(self, document, person):
        make_recipient(document, person, position=0)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_recipient(document, person, position=0)

    def test_deleting_a_person_with_documents_is_refused(self, document, person):
        from django.db.models import ProtectedError

        make_recipient(document, person)
        with pytest.raises(ProtectedError):
            person.delete()
        assert Person.objects.filter(pk=person.pk).exists()


class TestRequest:
    def test_str(self, document):
        assert str(make_request(document, number="1")) == "1. Send ten invented regiments"
        assert str(make_request(document, number="")) == "Send ten invented regiments"

    def test_number_unique_within_document(self, document):
        make_request(document, number="1")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_request(document, number="1")

    def test_unnumbered_requests_may_repeat(self, document):
        make_request(document, number="")
        make_request(document, number="")
        assert document.requests.filter(number="").count() == 2

    def test_same_number_in_another_document(self, document):
        make_request(document, number="1")
        make_request(make_document(), number="1")

    def test_get_absolute_url_points_at_its_paragraph(self, document):
        request = make_request(document, number="2")
        assert request.get_absolute_url() == "/documents/invented-1/#request-2"
