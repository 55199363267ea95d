"""People list, person page, redirects after a merge, and the autocomplete endpoint."""

import pytest

from catalogue.models import NameKind, PersonName, PersonRedirect
from tests.factories import (
    make_document,
    make_person,
    make_recipient,
    queries_for,
    seed_like_catalogue,
)

pytestmark = pytest.mark.django_db


class TestPersonList:
    def test_sorted_by_sort_name_with_published_counts(self, client):
        seed_like_catalogue()
        people = list(client.get("/people/").context["page_obj"].object_list)
        assert [p.sort_name for p in people] == sorted(p.sort_name for p in people)
        counts = {p.slug: p.published_documents for p in people}
        # Molotov is on the draft's list too; drafts do not count.
        assert counts["molotov"] == 2
        assert counts["stalin"] == 2

    def test_people_only_in_drafts_are_not_listed(self, client):
        seed_like_catalogue()
        hidden = make_person("Draft Only", slug="draft-only")
        make_recipient(make_document("Another draft", status="draft"), hidden)
        slugs = [p.slug for p in client.get("/people/").context["page_obj"].object_list]
        assert "draft-only" not in slugs

    def test_search_under_a_pseudonym(self, client):
        seed_like_catalogue()
        response = client.get("/people/", {"q": "filip"})
        assert [p.slug for p in response.context["page_obj"].object_list] == ["stalin"]

    @pytest.mark.parametrize("query", ["page=abc", "page=999", "q=%00", "q=" + "x" * 300])
    def test_junk_parameters_never_fail(self, client, query):
        seed_like_catalogue()
        assert client.get(f"/people/?{query}").status_code == 200

    def test_query_count_does_not_grow_with_rows(self, client):
        def build(start, n):
            for i in range(start, start + n):
                person = make_person(f"Person {i:03d}", slug=f"p-{i}")
                PersonName.objects.create(person=person, name=f"Alias {i}", normalised=f"alias {i}")
                make_recipient(make_document(f"Doc {i}"), person)

        build(0, 3)
        small = queries_for(client, "/people/")
        build(3, 27)
        large = queries_for(client, "/people/")
        # count, page with the kept counts (catalogue/keptcounts.py), names
        assert small == large == 3
        assert queries_for(client, "/people/") == 3
        # A search is counted each time.
        assert queries_for(client, "/people/?q=person") == 3


class TestPersonPage:
    def test_names_roles_and_correspondents(self, client):
        seed_like_catalogue()
        response = client.get("/people/stalin/")
        html = response.content.decode()
        assert "Filippov" in html and "Stalin I.V." in html
        roles = {r["key"]: r["count"] for r in response.context["roles"]}
        assert roles == {"author": 1, "sender": 1, "addressee": 0, "copy": 1, "mentioned": 1}
        names = [row["person"].slug for row in response.context["correspondents"]]
        assert "chairman" in names and "molotov" in names
        assert "Secret draft" not in html

    def test_merged_slug_redirects_permanently(self, client):
        data = seed_like_catalogue()
        PersonRedirect.objects.create(old_slug="j-stalin", person=data["stalin"])
        response = client.get("/people/j-stalin/")
        assert response.status_code == 301
        assert response["Location"] == "/people/stalin/"

    def test_unknown_slug_is_not_found(self, client):
        assert client.get("/people/nobody/").status_code == 404

    def test_query_count_does_not_grow_with_rows(self, client):
        def build(slug, n):
            person = make_person("Subject", slug=slug)
            PersonName.objects.create(
                person=person, name=f"Cover {slug}", kind=NameKind.PSEUDONYM, normalised=slug
            )
            for i in range(n):
                other = make_person(f"Other {slug} {i}")
                sent = make_document(f"Sent {slug} {i}", author=person, sender=person)
                make_recipient(sent, other)
                received = make_document(f"Received {slug} {i}", sender=other)
                make_recipient(received, person, role="copy", copies=2)
                received.people_mentioned.add(person)
            return person

        small = queries_for(client, build("small", 3).get_absolute_url())
        large = queries_for(client, build("large", 30).get_absolute_url())
        # person, names, role counts, a list for each of the four roles with documents,
        # correspondents (four: the person's latest documents are read first, which spares
        # PostgreSQL a pass over every recipient row)
        assert small == large == 11


class TestAutocomplete:
    def test_matches_any_name_limited_to_ten(self, client):
        seed_like_catalogue()
        assert client.get("/people/autocomplete/", {"q": "filip"}).json() == {
            "results": [{"slug": "stalin", "name": "Joseph Stalin", "sort_name": "Stalin, Joseph"}]
        }
        for i in range(12):
            make_recipient(make_document(f"Doc {i}"), make_person(f"Namesake {i}"))
        assert len(client.get("/people/autocomplete/", {"q": "namesake"}).json()["results"]) == 10

    def test_short_or_junk_queries_return_nothing(self, client):
        assert client.get("/people/autocomplete/", {"q": "a"}).json() == {"results": []}
        assert client.get("/people/autocomplete/?q=%00%00").json() == {"results": []}
