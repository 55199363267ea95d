"""The Atom feed, the sitemaps and robots.txt: published pages only, no query per row."""

import pytest
from django.utils.dateparse import parse_datetime
from lxml import etree

from catalogue.models import Document, Status
from tests.factories import make_document, make_person, queries_for

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def catalogue():
    author = make_person("Invented Author", slug="invented-author")
    make_document(
        "Invented published",
        slug="invented-published",
        author=author,
        summary="Summary with <b>markup</b> & more",
    )
    make_document("Invented draft", slug="invented-draft", status=Status.DRAFT)


class TestFeed:
    def test_lists_published_documents_newest_first(self, client, catalogue):
        make_document("Invented newer", slug="invented-newer")
        response = client.get("/feeds/documents.atom")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = etree.fromstring(response.content)
        links = [e.get("href") for e in feed.iterfind("atom:entry/atom:link", ATOM)]
        assert links == [
            "http://testserver/documents/invented-newer/",
            "http://testserver/documents/invented-published/",
        ]
        assert b"invented-draft" not in response.content

    def test_summary_text_is_escaped_for_readers(self, client, catalogue):
        feed = etree.fromstring(client.get("/feeds/documents.atom").content)
        summary = feed.find("atom:entry/atom:summary", ATOM)
        # Readers render the html summary; the catalogue's "<b>" must show as text.
        assert summary.get("type") == "html"
        assert "&lt;b&gt;markup&lt;/b&gt; &amp; more" in summary.text
        assert feed.findtext("atom:entry/atom:author/atom:name", namespaces=ATOM) == (
            "Invented Author"
        )

    def test_query_count_is_fixed(self, client, catalogue, django_assert_num_queries):
        for n in range(5):
            make_document(f"Invented {n}", author=make_person(f"Author {n}"))
        # The documents, and the first publication of each from their history.
        with django_assert_num_queries(2):
            client.get("/feeds/documents.atom")

    def test_published_is_the_first_publication_not_the_creation(self, client, catalogue):
        draft = Document.objects.get(slug="invented-draft")
        created = draft.created
        draft.status = Status.PUBLISHED
        draft.save()
        published_at = draft.history.filter(status=Status.PUBLISHED).earliest().history_date
        assert published_at > created
        draft.summary = "A later correction."
        draft.save()
        entry = entry_for(client, "invented-draft")
        published = entry.findtext("atom:published", namespaces=ATOM)
        updated = entry.findtext("atom:updated", namespaces=ATOM)
        # Not the creation of the draft, nor the later correction: its publication.
        assert parse_datetime(published) == published_at
        assert parse_datetime(published) > created
        assert parse_datetime(updated) == draft.modified
        assert parse_datetime(published) < parse_datetime(updated)

    def test_no_published_when_the_history_does_not_show_it(self, client, catalogue):
        document = Document.objects.get(slug="invented-published")
        document.history.all().delete()
        entry = entry_for(client, "invented-published")
        assert entry.find("atom:published", ATOM) is None
        assert entry.findtext("atom:updated", namespaces=ATOM)
        # The entry's id is the permalink, whether or not a publication time is known.
        assert entry.findtext("atom:id", namespaces=ATOM) == (
            "http://testserver/documents/invented-published/"
        )


def entry_for(client, slug):
    feed = etree.fromstring(client.get("/feeds/documents.atom").content)
    for entry in feed.iterfind("atom:entry", ATOM):
        if entry.find("atom:link", ATOM).get("href").endswith(f"/documents/{slug}/"):
            return entry
    raise AssertionError(f"{slug} is not in the feed")


class TestSitemap:
    def test_index_points_at_each_section(self, client, catalogue):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        index = etree.fromstring(response.content)
        locations = [e.text for e in index.iterfind("s:sitemap/s:loc", SITEMAP)]
        assert locations == [
            "http://testserver/sitemap-pages.xml",
            "http://testserver/sitemap-documents.xml",
            "http://testserver/sitemap-people.xml",
            "http://testserver/sitemap-places.xml",
        ]

    def test_index_lastmod_is_the_newest_published_change(self, client, catalogue):
        newest = Document.objects.get(slug="invented-published").modified
        index = etree.fromstring(client.get("/sitemap.xml").content)
        lastmods = {
            e.findtext("s:loc", namespaces=SITEMAP): e.findtext("s:lastmod", namespaces=SITEMAP)
            for e in index.iterfind("s:sitemap", SITEMAP)
        }
        assert parse_datetime(lastmods["http://testserver/sitemap-documents.xml"]) == newest
        draft = Document.objects.get(slug="invented-draft")
        assert draft.modified > newest  # a draft's later change does not count

    def test_index_queries_do_not_grow_with_the_catalogue(self, client, catalogue):
        few = queries_for(client, "/sitemap.xml")
        for n in range(5):
            make_document(f"Invented more {n}", slug=f"invented-more-{n}")
        assert queries_for(client, "/sitemap.xml") == few

    def test_lists_the_site_pages(self, client, db):
        pages = etree.fromstring(client.get("/sitemap-pages.xml").content)
        assert [e.text for e in pages.iterfind("s:url/s:loc", SITEMAP)] == [
            "http://testserver/",
            "http://testserver/about/",
            "http://testserver/documents/",
            "http://testserver/people/",
            "http://testserver/requests/",
            "http://testserver/chronology/",
            "http://testserver/places/",
            "http://testserver/downloads/",
        ]
        for url in ("/", "/about/", "/documents/", "/people/", "/requests/", "/chronology/"):
            assert client.get(url).status_code == 200, url

    def test_people_only_in_drafts_are_left_out(self, client, catalogue):
        hidden = make_person("Invented Hidden", slug="invented-hidden")
        make_document("Invented draft 2", slug="invented-draft-2", author=hidden, status="draft")
        people = client.get("/sitemap-people.xml").content
        assert b"invented-hidden" not in people
        assert b"invented-author" in people

    def test_every_published_document_and_person(self, client, catalogue):
        documents = etree.fromstring(client.get("/sitemap-documents.xml").content)
        assert [e.text for e in documents.iterfind("s:url/s:loc", SITEMAP)] == [
            "http://testserver/documents/invented-published/"
        ]
        assert documents.find("s:url/s:lastmod", SITEMAP) is not None
        people = etree.fromstring(client.get("/sitemap-people.xml").content)
        assert [e.text for e in people.iterfind("s:url/s:loc", SITEMAP)] == [
            "http://testserver/people/invented-author/"
        ]

    def test_unknown_section_and_junk_page_are_404(self, client, catalogue):
        assert client.get("/sitemap-nothing.xml").status_code == 404
        assert client.get("/sitemap-documents.xml", {"p": "junk"}).status_code == 404
        assert client.get("/sitemap-documents.xml", {"p": "99"}).status_code == 404

    def test_query_count_is_fixed(self, client, catalogue, django_assert_num_queries):
        for n in range(5):
            make_document(f"Invented {n}")
        # One count for the paginator, one for the page of rows.
        with django_assert_num_queries(2):
            client.get("/sitemap-documents.xml")


def test_robots_txt_points_at_the_sitemap_and_shuts_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


class TestPlaceSitemap:
    @pytest.fixture
    def places(self, db):
        from catalogue.models import Place

        sent = Place.objects.create(slug="invented-town", name="Invented Town")
        named = Place.objects.create(slug="invented-river", name="Invented River", kind="river")
        Place.objects.create(slug="invented-nowhere", name="Invented Nowhere")
        drafts_only = Place.objects.create(slug="invented-draft-town", name="Invented Draft Town")
        make_document("Invented from the town", slug="invented-from", origin_place=sent)
        make_document("Invented naming", slug="invented-naming").places_mentioned.add(named)
        make_document("Invented draft", slug="invented-d", origin_place=drafts_only, status="draft")
        return sent, named

    def test_every_place_a_published_document_comes_from_or_names(self, client, places):
        xml = etree.fromstring(client.get("/sitemap-places.xml").content)
        assert [e.text for e in xml.iterfind("s:url/s:loc", SITEMAP)] == [
            "http://testserver/places/invented-town/",
            "http://testserver/places/invented-river/",
        ]
        for url in xml.iterfind("s:url/s:loc", SITEMAP):
            assert client.get(url.text).status_code == 200

    def test_lastmod_follows_the_place_and_its_documents(self, client, places):
        from catalogue.models import Place

        sent, _named = places

        def section_lastmod():
            index = etree.fromstring(client.get("/sitemap.xml").content)
            return parse_datetime(
                {
                    e.findtext("s:loc", namespaces=SITEMAP): e.findtext(
                        "s:lastmod", namespaces=SITEMAP
                    )
                    for e in index.iterfind("s:sitemap", SITEMAP)
                }["http://testserver/sitemap-places.xml"]
            )

        xml = etree.fromstring(client.get("/sitemap-places.xml").content)
        # Each page's lastmod is a day (Django's sitemap writes dates).
        days = [e.text for e in xml.iterfind("s:url/s:lastmod", SITEMAP)]
        assert days == [Place.objects.get(pk=sent.pk).modified.date().isoformat()] * 2
        first = section_lastmod()
        assert first >= Place.objects.get(pk=sent.pk).modified
        # A new document from the place changes its page, the place itself unchanged.
        make_document("Invented second", slug="invented-second", origin_place=sent)
        later = section_lastmod()
        assert later > first
        # So does an edit of the place.
        sent.refresh_from_db()
        sent.note = "Invented note."
        sent.save()
        assert section_lastmod() == Place.objects.get(pk=sent.pk).modified > later

    def test_query_count_is_fixed(self, client, places, django_assert_num_queries):
        from catalogue.models import Place

        for n in range(5):
            place = Place.objects.create(slug=f"invented-{n}", name=f"Invented {n}")
            make_document(f"Invented {n}", origin_place=place)
        # One count for the paginator, one for the page of rows.
        with django_assert_num_queries(2):
            client.get("/sitemap-places.xml")
