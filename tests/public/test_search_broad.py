"""Broad searches (catalogue/search/estimate.py): a search matching more than BROAD_SEARCH
documents is not ranked or counted whole; it is shown by date with an estimated total, and
says so, in the list and the API. Narrower searches are ranked and counted as before."""

import pytest

from catalogue.search import estimate
from tests.public.test_search import indexed

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(monkeypatch):
    """Six documents about wheat (more than a lowered BROAD_SEARCH of three), two of them
    about barley too."""
    monkeypatch.setattr(estimate, "BROAD_SEARCH", 3)
    for year in range(1950, 1956):
        barley = " and barley" if year in (1951, 1954) else ""
        indexed(f"On wheat {year}", text=f"Wheat{barley} for the test.", date=f"{year}-01-01")


def test_a_broad_search_is_shown_by_date_with_an_estimated_total(client, catalogue):
    response = client.get("/documents/", {"q": "wheat"})
    assert response.status_code == 200
    context = response.context
    assert context["estimated"] is True
    assert context["current_sort"] == "date"
    # Never fewer than the capped count found; an estimate, not a promise.
    assert context["total"] >= 4
    assert "too many documents to rank" in response.content.decode()
    shown = [document.title for document in context["page_obj"].object_list]
    assert shown == [f"On wheat {year}" for year in range(1950, 1956)]
    assert context["facets"]["estimated"] is True


def test_a_narrow_search_is_ranked_and_counted_exactly(client, catalogue):
    response = client.get("/documents/", {"q": "barley"})
    context = response.context
    assert context["estimated"] is False
    assert context["current_sort"] == "relevance"
    assert context["total"] == 2
    assert "too many documents to rank" not in response.content.decode()


def test_a_broad_search_asked_latest_first_keeps_that_order(client, catalogue):
    response = client.get("/documents/", {"q": "wheat", "sort": "-date"})
    shown = [document.title for document in response.context["page_obj"].object_list]
    assert shown == [f"On wheat {year}" for year in range(1955, 1949, -1)]
    assert response.context["estimated"] is True


def test_the_api_says_when_its_count_is_an_estimate(client, catalogue):
    broad = client.get("/api/documents/", {"q": "wheat"}).json()
    assert broad["count_is_estimate"] is True
    assert broad["count"] >= 4
    assert len(broad["results"]) == 6
    narrow = client.get("/api/documents/", {"q": "barley"}).json()
    assert narrow["count_is_estimate"] is False
    assert narrow["count"] == 2
    plain = client.get("/api/documents/").json()
    assert plain["count_is_estimate"] is False


def test_rounded_estimates():
    assert estimate.rounded(95_123) == 95_000
    assert estimate.rounded(2_345) == 2_300
    assert estimate.rounded(42) == 42
