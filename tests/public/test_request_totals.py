"""The requests' totals (the list's and the API's) read from the kept counts when no filter
but the category and the answer is in force, and they equal what the filters find."""

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from catalogue.filters import RequestFilter
from catalogue.models import Request, Status
from tests.factories import make_document, make_request, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests():
    asking = make_document("Invented asking letter")
    answer = make_document("Invented answer")
    draft_answer = make_document("Invented draft answer", status=Status.DRAFT)
    draft = make_document("Invented draft asking letter", status=Status.DRAFT)
    make_request(asking, category="materiel", answered_by=answer)
    make_request(asking, category="materiel", answered_by=draft_answer)
    make_request(asking, category="personnel")
    make_request(answer, category="personnel", answered_by=asking)
    make_request(draft, category="materiel", answered_by=answer)


QUERIES = [
    {},
    {"answered": "yes"},
    {"answered": "no"},
    {"category": "materiel"},
    {"category": ["materiel", "personnel"], "answered": "no"},
    {"category": "personnel", "answered": "yes"},
]


def found(params):
    data = QueryDict(urlencode(params, doseq=True))
    return RequestFilter(data, queryset=Request.objects.all()).qs.count()


@pytest.mark.parametrize("params", QUERIES)
def test_the_kept_total_is_what_the_filters_find(client, requests, params):
    assert client.get("/requests/", params).context["total"] == found(params)
    assert client.get("/api/requests/", params).json()["count"] == found(params)


def test_a_value_the_list_cannot_use_is_ignored_in_the_total_too(client, requests):
    page = client.get("/requests/", {"answered": "sometimes", "category": "materiel"})
    assert page.context["total"] == found({"category": "materiel"}) == 2
    assert page.context["filter_errors"]


def test_other_filters_are_counted(client, requests):
    params = {"answered": "no", "status": "unknown"}
    assert RequestFilter(QueryDict(urlencode(params))).kept_total() is None
    assert client.get("/requests/", params).context["total"] == found(params) == 2


def test_query_counts_are_pinned(client, requests):
    # the kept figures and the page: no count of the requests
    for address in ("/requests/", "/requests/?answered=no", "/requests/?category=materiel"):
        assert queries_for(client, address) == 2
    # counted: a filter with no kept count
    assert queries_for(client, "/requests/?date_from=1950") == 2
    assert queries_for(client, "/api/requests/?answered=yes") == 2
