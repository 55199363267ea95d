"""Parameters of the public lists that must not be taken silently: a yes/no that is neither, a
date range that runs backwards, a page number below 1; and a person typed by name, resolved by
the FilterSet the public list and the API share."""

import pytest
from django.http import QueryDict

from catalogue.filters import DocumentFilter, RequestFilter
from catalogue.models import Document, PersonName, Request
from tests.factories import make_document, make_person, make_request, seed_like_catalogue

pytestmark = pytest.mark.django_db


def listed(response):
    return [document.slug for document in response.context["page_obj"].object_list]


class TestHasRequests:
    @pytest.mark.parametrize("value", ["yes", "maybe", "2", "on"])
    def test_a_value_that_is_not_true_or_false_is_named(self, client, value):
        seed_like_catalogue()
        response = client.get("/documents/", {"has_requests": value})
        assert response.status_code == 200
        errors = response.context["filter_errors"]
        assert [e["parameter"] for e in errors] == ["has_requests"]
        assert "Use true or false" in errors[0]["error"]
        assert response.context["total"] == 2

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("true", ["invented-telegram"]), ("1", ["invented-telegram"]), ("0", ["invented-reply"])],
    )
    def test_true_false_1_and_0(self, client, value, expected):
        seed_like_catalogue()
        response = client.get("/documents/", {"has_requests": value})
        assert listed(response) == expected
        assert response.context["filter_errors"] == []

    def test_either_is_no_filter(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"has_requests": "unknown"})
        assert response.context["total"] == 2
        assert response.context["filter_errors"] == []


class TestDateRange:
    def test_backwards_range_names_both_parameters(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"date_from": "1953", "date_to": "1951"})
        errors = response.context["filter_errors"]
        assert {e["parameter"] for e in errors} == {"date_from", "date_to"}
        for error in errors:
            assert "date_from" in error["error"] and "date_to" in error["error"]
        html = response.content.decode()
        assert "date_from (1953) is later than date_to (1951)" in html

    def test_the_request_list_too(self, client):
        response = client.get("/requests/", {"date_from": "1953", "date_to": "1951"})
        assert {e["parameter"] for e in response.context["filter_errors"]} == {
            "date_from",
            "date_to",
        }

    def test_a_range_inside_one_month_is_fine(self):
        form = DocumentFilter(QueryDict("date_from=1952-07-15&date_to=1952-07")).form
        assert form.is_valid(), form.errors


class TestPageBelowOne:
    @pytest.mark.parametrize("page", ["0", "-1", "-99"])
    def test_shows_the_first_page_with_a_message(self, client, page):
        for n in range(30):
            make_document(f"Invented {n:02d}", slug=f"invented-{n:02d}", date=f"1951-01-{n + 1}")
        response = client.get("/documents/", {"page": page})
        assert response.context["page_obj"].number == 1
        assert f"There is no page {page}; showing page 1." in response.content.decode()

    def test_past_the_end_still_shows_the_last(self, client):
        for n in range(30):
            make_document(f"Invented {n:02d}")
        response = client.get("/documents/", {"page": "9"})
        assert response.context["page_obj"].number == 2

    def test_the_api_answers_400(self, client, db):
        for page in ("0", "-1"):
            response = client.get("/api/documents/", {"page": page})
            assert response.status_code == 400
            assert list(response.json()["errors"]) == ["page"]


class TestPersonByName:
    def test_the_public_list_takes_a_pseudonym(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"person": "Filippov"})
        assert response.context["chosen_person"].slug == "stalin"
        assert response.context["filter_errors"] == []

    def test_the_resolution_is_the_filtersets(self, client):
        seed_like_catalogue()
        filterset = DocumentFilter(QueryDict("person=Comrade+FILIPPOV"), Document.objects.all())
        assert filterset.is_valid(), filterset.errors
        assert filterset.selected_person.slug == "stalin"

    def test_several_matches_are_the_filtersets_candidates(self, client):
        seed_like_catalogue()
        other = make_person("Pyotr Envoyski", slug="envoyski", sort_name="Envoyski, Pyotr")
        make_document("Invented note", author=other)
        filterset = DocumentFilter(QueryDict("person=Pyotr"), Document.objects.all())
        assert not filterset.is_valid()
        assert [p.slug for p in filterset.person_candidates] == ["envoy", "envoyski"]
        assert "envoyski" in filterset.errors["person"][0]
        # The page offers them as choices, not as an error too.
        response = client.get("/documents/", {"person": "Pyotr"})
        assert [p.slug for p in response.context["person_candidates"]] == ["envoy", "envoyski"]
        assert response.context["filter_errors"] == []
        assert "Did you mean" in response.content.decode()

    def test_a_name_with_diacritics_as_a_variant(self, client):
        data = seed_like_catalogue()
        PersonName.objects.create(
            person=data["stalin"], name="Stálin Iósif", normalised="stalin iosif"
        )
        response = client.get("/documents/", {"person": "Stalin Iosif", "role": "author"})
        assert listed(response) == ["invented-reply"]

    def test_the_request_filter_resolves_names(self):
        kim = make_person("Kim Il Sung", slug="kim-il-sung")
        make_request(make_document("Invented letter"), asked_by=kim)
        filterset = RequestFilter(QueryDict("asked_by=Kim+Il-sung"), Request.objects.all())
        assert filterset.is_valid(), filterset.errors
        assert filterset.qs.count() == 1

    def test_query_count_of_a_list_by_name_is_fixed(self, client, django_assert_num_queries):
        seed_like_catalogue()
        # Resolving: slug, old slug, people by exact name, which of them are public; then the
        # list: total, types and years in one grouped query, the people sample, the archives,
        # page, addressees.
        with django_assert_num_queries(9):
            client.get("/documents/", {"person": "Filippov"})
