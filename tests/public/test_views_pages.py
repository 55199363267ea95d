"""Home, requests, chronology, about and the error pages."""

import pytest

from tests.factories import (
    make_document,
    make_person,
    make_recipient,
    make_request,
    queries_for,
    seed_like_catalogue,
)

pytestmark = pytest.mark.django_db


def make_rows(start, n):
    person = make_person(f"Asker {start}", slug=f"asker-{start}")
    for i in range(start, start + n):
        document = make_document(f"Invented {i}", date=f"{1945 + i % 10}-{i % 12 + 1:02d}")
        make_recipient(document, person)
        make_request(document, number="1", asked_by=person, category="materiel")


class TestHome:
    def test_counts_published_only(self, client):
        seed_like_catalogue()
        context = client.get("/").context
        assert context["stats"]["documents"] == 2
        assert context["request_count"] == 2
        assert [d.slug for d in context["recent"]] == ["invented-reply", "invented-telegram"]
        assert "Secret draft" not in client.get("/").content.decode()

    def test_landmarks_and_skip_link(self, client):
        html = client.get("/").content.decode()
        assert '<html lang="en">' in html
        assert 'href="#main-content"' in html and '<main id="main-content"' in html
        assert '<nav class="site-nav" aria-label="Main">' in html
        assert '<label for="site-search-q">Search documents</label>' in html

    def test_query_count_does_not_grow_with_rows(self, client):
        make_rows(0, 3)
        small = queries_for(client, "/")
        make_rows(3, 30)
        large = queries_for(client, "/")
        # The kept counts (catalogue/keptcounts.py): the catalogue's figures, the first and
        # last dates, the people with a count, the leading people, the latest documents.
        # Read on every visit, none of them a count over the catalogue.
        assert small == large == 6

    def test_figures_follow_a_change_to_the_catalogue(self, client):
        seed_like_catalogue()
        assert client.get("/").context["stats"]["documents"] == 2
        make_document("Invented late addition", date="1953-01-05")
        context = client.get("/").context
        assert context["stats"]["documents"] == 3
        assert context["recent"][0].title == "Invented late addition"
        # Unpublishing saves the document, which changes the fingerprint too.
        document = context["recent"][0]
        document.status = "draft"
        document.save()
        assert client.get("/").context["stats"]["documents"] == 2


class TestRequests:
    def test_each_request_links_to_its_paragraph(self, client):
        seed_like_catalogue()
        html = client.get("/requests/").content.decode()
        assert 'href="/documents/invented-telegram/#request-1"' in html
        assert "Draft request" not in html

    def test_filters(self, client):
        seed_like_catalogue()
        response = client.get("/requests/", {"category": "personnel"})
        assert [r.summary for r in response.context["page_obj"].object_list] == [
            "Invented crews trained"
        ]
        response = client.get("/requests/", {"asked_by": "chairman", "status": "granted"})
        assert response.context["total"] == 1

    @pytest.mark.parametrize(
        "query", ["page=abc", "category=evil", "asked_by=no%20one", "date_from=1952-13", "status="]
    )
    def test_junk_parameters_never_fail(self, client, query):
        seed_like_catalogue()
        assert client.get(f"/requests/?{query}").status_code == 200

    def test_query_count_does_not_grow_with_rows(self, client):
        make_rows(0, 3)
        small = queries_for(client, "/requests/")
        make_rows(3, 30)
        large = queries_for(client, "/requests/")
        assert small == large == 2


class TestChronology:
    def test_counts_by_month_with_a_chart(self, client):
        seed_like_catalogue()
        response = client.get("/chronology/")
        html = response.content.decode()
        (year,) = response.context["years"]
        assert year["year"] == 1952 and year["months"][6] == 1 and year["months"][7] == 1
        assert year["total"] == 2  # the draft of 18 July is not counted
        assert "<svg" in html and "<title>Jul 1952: 1 document</title>" in html
        assert "?date_from=1952-07&amp;date_to=1952-07" in html

    def test_query_count_does_not_grow_with_rows(self, client):
        make_rows(0, 3)
        small = queries_for(client, "/chronology/")
        make_rows(3, 30)
        large = queries_for(client, "/chronology/")
        # The kept counts of the catalogue's months (catalogue/keptcounts.py): one query.
        assert small == large == 1


class TestStaticAndErrorPages:
    def test_about_explains_names_dates_and_citing(self, client):
        html = client.get("/about/").content.decode()
        assert 'id="names"' in html and 'id="dates"' in html and 'id="how-to-cite"' in html

    def test_not_found_page(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_server_error_page_stands_alone(self):
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        assert "Something went wrong" in html
