"""The documents list and the document page: search, filters, facets, pagination, drafts,
citations and downloads, escaping, and pinned query counts."""

import json

import pytest
from django.contrib.auth.models import User

from catalogue.models import Document
from catalogue.serializers import public_document_dict
from tests.factories import (
    make_document,
    make_person,
    make_recipient,
    make_request,
    queries_for,
    seed_like_catalogue,
)

pytestmark = pytest.mark.django_db


def make_many(count, person=None):
    for n in range(count):
        document = make_document(
            f"Invented list entry {n:03d}",
            doc_type="telegram",
            date=f"1951-{n % 12 + 1:02d}",
            author=person,
        )
        if person is not None:
            make_recipient(document, person, role="copy", copies=2)
            make_request(document, number="1", category="materiel")


class TestDocumentList:
    def test_lists_published_documents_only_with_a_total(self, client):
        seed_like_catalogue()
        response = client.get("/documents/")
        html = response.content.decode()
        assert "Ciphered telegram No. 900001" in html
        assert "Invented reply from Filippov" in html
        assert "Secret draft" not in html
        assert response.context["total"] == 2

    def test_search_under_a_pseudonym_highlights_the_match(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"q": "Filippov"})
        titles = [d.title for d in response.context["page_obj"].object_list]
        assert "Invented reply from Filippov to the Test Chairman" in titles
        assert "Secret draft never to be shown" not in titles
        assert "<mark>" in response.content.decode()

    def test_reference_number_finds_the_telegram(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"q": "900001"})
        assert [d.slug for d in response.context["page_obj"].object_list] == ["invented-telegram"]

    def test_facets_count_the_result_and_never_drafts(self, client):
        seed_like_catalogue()
        facets = client.get("/documents/").context["facets"]
        assert sorted(count for _, _, count in facets["doc_type"]) == [1, 1]
        assert facets["year"] == [(1952, "1952", 2)]
        # Molotov has a copy of the draft too; only the two published documents count.
        assert ("molotov", "Vyacheslav Molotov", 2) in facets["people"]

    def test_type_facet_adds_to_the_chosen_types(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"doc_type": "telegram", "q": "invented"})
        links = {link["label"]: link for link in response.context["type_facets"]}
        # The other type is still offered, counted over the result of the other filters.
        assert links["Ciphered telegram"]["count"] == 1
        assert not links["Ciphered telegram"]["selected"]
        assert links["Ciphered telegram"]["url"] == (
            "?doc_type=telegram&doc_type=ciphered_telegram&q=invented"
        )
        # A chosen type's link takes it out again and keeps the other filters.
        assert links["Telegram"]["selected"]
        assert links["Telegram"]["url"] == "?q=invented"
        both = client.get("/documents/" + links["Ciphered telegram"]["url"])
        assert both.context["total"] == 2
        assert response.context["total"] == 1

    def test_date_filter_accepts_a_partial_date(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"date_from": "1952-08"})
        assert [d.slug for d in response.context["page_obj"].object_list] == ["invented-reply"]

    def test_person_filter_accepts_a_typed_name(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"person": "Pyotr Envoy"})
        assert [d.slug for d in response.context["page_obj"].object_list] == ["invented-telegram"]
        assert response.context["chosen_person"].slug == "envoy"

    def test_an_ambiguous_name_offers_choices(self, client):
        seed_like_catalogue()
        other = make_person("Pyotr Envoyski", slug="envoyski", sort_name="Envoyski, Pyotr")
        make_document("Invented note", author=other)
        response = client.get("/documents/", {"person": "Pyotr"})
        html = response.content.decode()
        assert "Did you mean" in html
        assert "?person=envoyski" in html

    def test_an_unknown_name_says_so(self, client):
        seed_like_catalogue()
        response = client.get("/documents/", {"person": "Nobody At All"})
        assert (
            "No person in the published documents goes by this name." in response.content.decode()
        )
        assert response.context["total"] == 2

    def test_pagination_keeps_every_filter(self, client):
        make_many(30)
        response = client.get("/documents/", {"doc_type": "telegram", "date_from": "1951"})
        html = response.content.decode()
        assert response.context["total"] == 30
        assert len(response.context["page_obj"].object_list) == 25
        assert "?doc_type=telegram&amp;date_from=1951&amp;page=2" in html
        assert 'rel="next"' in html

    @pytest.mark.parametrize(
        "query",
        [
            "page=abc",
            "page=99999",
            "page=-1",
            "page=1e3",
            "date_from=1952-13",
            "date_to=19521",
            "sort=evil",
            "person=nobody",
            "person=%00",
            "role=king",
            "q=%00",
            "q=%22",
            "q=-",
            "q=OR",
            "q=" + "x" * 600,
            "doc_type=evil",
            "doc_type=telegram&doc_type=telegram",
            "has_requests=maybe",
            "request_category=evil",
            "page=1&page=2",
            "q=a&q=b",
            "place=%00",
        ],
    )
    def test_junk_parameters_never_fail(self, client, query):
        seed_like_catalogue()
        response = client.get(f"/documents/?{query}")
        assert response.status_code == 200

    def test_an_invalid_parameter_is_named_on_the_page(self, client):
        seed_like_catalogue()
        html = client.get("/documents/?date_from=1952-13&page=abc").content.decode()
        assert "could not be used and were ignored" in html
        assert "date_from" in html
        assert "“abc” is not a page number; showing page 1." in html

    def test_query_count_does_not_grow_with_rows(self, client):
        stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
        make_many(3, stalin)
        small = queries_for(client, "/documents/?q=invented&date_from=1951")
        make_many(27, stalin)
        large = queries_for(client, "/documents/?q=invented&date_from=1951")
        # a capped count telling a broad search (catalogue/search/estimate.py), page,
        # addressees, facets (total, types and years in one; people; archives), highlights
        assert small == large == 7

    def test_browse_query_count_is_pinned(self, client, django_assert_num_queries):
        make_many(30, make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph"))
        # the kept counts (catalogue/keptcounts.py: the figures, the leading people, the
        # archives), page, addressees; none of them a count over the catalogue's documents,
        # and the same on the first visit as on the next
        with django_assert_num_queries(5):
            client.get("/documents/")
        with django_assert_num_queries(5):
            client.get("/documents/?page=2")


class TestDeferredJoinPaginator:
    def test_pages_by_key_are_the_pages_of_the_list(self):
        from django.core.paginator import Paginator
        from django.http import QueryDict

        from catalogue.filters import DocumentFilter
        from catalogue.views.documents import DeferredJoinPaginator

        dates = ["1951-03-01", "1951-03-01", None, "1950", "1952-07", None, "1951-03-01"]
        for n in range(30):
            make_document(f"Invented page entry {n % 4}", date=dates[n % len(dates)])
        make_document("Invented draft", status="draft")
        for params in ["", "sort=-date", "sort=title"]:
            documents = DocumentFilter(QueryDict(params)).qs.for_list()
            direct = Paginator(documents, 7)
            by_key = DeferredJoinPaginator(documents, 7)
            by_key.deferred_from = 0
            assert by_key.num_pages == direct.num_pages == 5
            for number in direct.page_range:
                assert [d.pk for d in by_key.page(number)] == [d.pk for d in direct.page(number)]


class TestDocumentPage:
    def test_shows_transmission_recipients_requests_and_provenance(self, client):
        seed_like_catalogue()
        html = client.get("/documents/invented-telegram/").content.decode()
        assert "Sent" in html and "18:45" in html and "21:10" in html
        assert '<abbr class="copies" title="2 copies">×2</abbr>' in html
        assert 'id="request-1" class="request-para"' in html
        assert 'id="request-2" class="request-para"' in html
        assert "<blockquote>" in html
        assert "Invented Archive, fond 0" in html
        assert "000_invented.txt" in html
        assert "Answered by" in html

    def test_draft_is_not_found_for_the_public(self, client):
        seed_like_catalogue()
        assert client.get("/documents/invented-draft/").status_code == 404
        for suffix in (".txt", ".json", "/cite.bib", "/cite.ris", "/cite.csl.json"):
            assert client.get(f"/documents/invented-draft{suffix}").status_code == 404

    def test_staff_preview_a_draft_with_a_banner(self, client):
        seed_like_catalogue()
        client.force_login(User.objects.create_user("curator", is_staff=True))
        response = client.get("/documents/invented-draft/")
        assert response.status_code == 200
        assert "Draft — not public" in response.content.decode()

    def test_previous_and_next_skip_drafts(self, client):
        data = seed_like_catalogue()
        context = client.get("/documents/invented-telegram/").context
        # The draft is dated 18 July, between the telegram and the reply.
        assert context["previous"] is None
        assert context["next"] == data["reply"]
        context = client.get("/documents/invented-reply/").context
        assert context["previous"] == data["telegram"]
        assert context["next"] is None

    def test_previous_and_next_run_through_equal_dates_and_into_the_undated(self, client):
        first = make_document("Invented B", slug="b", date="1951-03-01")
        same_day = make_document("Invented A", slug="a", date="1951-03-01")
        later = make_document("Invented C", slug="c", date="1951-04")
        undated = make_document("Invented undated", slug="u", date=None)

        def around(slug):
            context = client.get(f"/documents/{slug}/").context
            return context["previous"], context["next"]

        # Same date: by title.
        assert around("a") == (None, first)
        assert around("b") == (same_day, later)
        # After the last dated document comes the first undated one, and back.
        assert around("c") == (first, undated)
        assert around("u") == (later, None)

    def test_related_documents_through_a_request_without_shared_people(self, client):
        asking = make_document("Invented request", slug="asking")
        answer = make_document("Invented answer", slug="answer")
        make_request(asking, number="1", answered_by=answer)
        on_asking = client.get("/documents/asking/").context["related"]
        assert on_asking == [answer] and on_asking[0].answers_request
        on_answer = client.get("/documents/answer/").context["related"]
        assert on_answer == [asking] and not on_answer[0].answers_request

    def test_related_documents_rank_by_people_in_common(self, client):
        people = [make_person(f"Invented person {n}", slug=f"ip-{n}") for n in range(3)]
        this = make_document("Invented centre", slug="centre")
        two = make_document("Invented two in common", slug="two")
        one = make_document("Invented one in common", slug="one")
        make_document("Invented none in common", slug="none")
        for position, person in enumerate(people):
            make_recipient(this, person, position=position)
        make_recipient(two, people[0], position=0)
        make_recipient(two, people[1], position=1)
        make_recipient(one, people[2], position=0)
        related = client.get("/documents/centre/").context["related"]
        assert [(d.slug, d.shared_people) for d in related] == [("two", 2), ("one", 1)]

    def test_related_documents_are_published_ones(self, client):
        data = seed_like_catalogue()
        related = client.get("/documents/invented-telegram/").context["related"]
        assert related == [data["reply"]]

    def test_citation_meta_tags_and_json_ld(self, client):
        seed_like_catalogue()
        html = client.get("/documents/invented-telegram/").content.decode()
        assert '<meta name="citation_title" content="Ciphered telegram No. 900001' in html
        assert '<meta name="citation_date" content="1952/07/17">' in html
        assert '<meta name="citation_author" content="Envoy, Pyotr">' in html
        assert '<meta name="citation_publisher" content="Cold War Documents Catalogue">' in html
        assert (
            '<meta name="citation_public_url" '
            'content="http://testserver/documents/invented-telegram/">' in html
        )
        assert '<meta name="DC.type" content="manuscript">' in html
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = json.loads(html[start : html.index("</script>", start)])
        assert data["name"].startswith("Ciphered telegram No. 900001")
        assert data["dateCreated"] == "1952-07-17"
        assert data["url"] == "http://testserver/documents/invented-telegram/"

    def test_downloads(self, client):
        data = seed_like_catalogue()
        text = client.get("/documents/invented-telegram.txt")
        assert text["Content-Type"].startswith("text/plain")
        assert "This is an invented paragraph" in text.content.decode()
        exported = client.get("/documents/invented-telegram.json")
        assert exported["Content-Disposition"] == 'attachment; filename="invented-telegram.json"'
        expected = public_document_dict(Document.objects.for_detail().get(pk=data["telegram"].pk))
        assert json.loads(exported.content) == json.loads(json.dumps(expected))
        assert client.get("/documents/invented-telegram/cite.bib").content.startswith(b"@misc{")
        assert b"TY  - MANSCPT" in client.get("/documents/invented-telegram/cite.ris").content
        csl = json.loads(client.get("/documents/invented-telegram/cite.csl.json").content)
        assert csl[0]["issued"] == {"date-parts": [[1952, 7, 17]]}

    def test_query_count_does_not_grow_with_rows(self, client):
        def build(n):
            document = make_document(f"Invented {n}", slug=f"invented-{n}")
            for i in range(n):
                make_recipient(document, make_person(f"Person {n}-{i}"), role="copy")
                make_request(document, number=str(i + 1), text=f"{i + 1}. Invented.")
                document.people_mentioned.add(make_person(f"Mentioned {n}-{i}"))
            return document

        small = queries_for(client, build(3).get_absolute_url())
        large = queries_for(client, build(30).get_absolute_url())
        # document (with its place), recipients, requests, events, people mentioned, places
        # named, previous, next, related candidates; none of these people is in another
        # document, so no related documents are loaded (one more query when there are); the
        # references the document makes and receives (threads), two more.
        assert small == large == 11


class TestEscaping:
    def test_script_in_seed_text_is_escaped_everywhere(self, client):
        evil = "<script>alert(1)</script>"
        document = make_document(
            f"Title {evil}",
            slug="evil",
            text=f'1. Paragraph {evil}\n\n"Quoted {evil}"',
            summary=f"Summary {evil}",
            source_citation=f"Source {evil}",
            place=f"Place {evil}",
        )
        make_request(document, number="1", summary=f"Request {evil}", text=f"1. Paragraph {evil}")
        person = make_person(f"Person {evil}", slug="evil-person")
        make_recipient(document, person, role="copy", copies=2)
        document.search_text = document.build_search_text()
        document.save()
        pages = [
            "/documents/evil/",
            "/documents/",
            "/documents/?q=alert",
            "/people/",
            "/people/evil-person/",
            "/requests/",
            "/",
        ]
        for url in pages:
            html = client.get(url).content.decode()
            assert "<script>alert" not in html, url
        html = client.get("/documents/evil/").content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert '<meta name="citation_title" content="Title &lt;script&gt;' in html
        assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in html
