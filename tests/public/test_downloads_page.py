"""/downloads/: the page that lists every download and the ways in for programs, and the links
every page carries to it and to the Atom feed."""

import pytest
from lxml import html as lxml_html

from catalogue.api.downloads import JSON_FILES, TABLES
from catalogue.models import Status
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    author = make_person("Invented <Author>", slug="invented-author")
    document = make_document("Invented letter", author=author)
    make_recipient(document, author)
    make_request(document)
    make_document("Invented draft", status=Status.DRAFT, author=make_person("Invented Hidden"))


def links(response):
    return {a.get("href") for a in lxml_html.fromstring(response.content).iter("a")}


class TestDownloadsPage:
    def test_lists_every_download_and_the_ways_in(self, client, catalogue):
        response = client.get("/downloads/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        found = links(response)
        for name in TABLES:
            assert f"/downloads/{name}.csv" in found, name
        for name in JSON_FILES:
            assert f"/downloads/{name}.json" in found, name
        for url in (
            "/downloads/datapackage.json",
            "/api/",
            "/api/openapi.json",
            "/oai/?verb=Identify",
        ):
            assert url in found, url
        assert "/feeds/documents.atom" in found

    def test_every_linked_download_answers(self, client, catalogue):
        for url in links(client.get("/downloads/")):
            if url.startswith("/downloads/") or url.startswith("/api/"):
                assert client.get(url).status_code == 200, url

    def test_says_format_and_size(self, client, catalogue):
        page = lxml_html.fromstring(client.get("/downloads/").content)
        text = " ".join(page.text_content().split())
        # One published document and one public person: the draft and its author don't count.
        assert "1 published document" in text
        assert "1 person or body named in them" in text
        documents = TABLES["documents"]
        assert f"CSV, 1 row, {len(documents.columns)} columns." in text
        assert "JSON array of 1 object." in text
        # Each column is described, its name and meaning escaped as text.
        assert "reference_numbers" in text and documents.columns[0].description in text

    def test_in_the_sites_style_with_its_landmarks(self, client, catalogue):
        page = lxml_html.fromstring(client.get("/downloads/").content)
        assert page.find(".//main[@id='main-content']") is not None
        assert page.findtext(".//h1") == "Data and API"

    def test_query_count(self, client, catalogue, django_assert_num_queries):
        # The kept counts: the catalogue's figures (documents, requests by category) and the
        # people with a count (was three counts over the catalogue).
        with django_assert_num_queries(2):
            client.get("/downloads/")


class TestEveryPageLinksToData:
    @pytest.mark.parametrize("url", ["/", "/documents/", "/about/", "/downloads/"])
    def test_footer_and_feed_discovery(self, client, catalogue, url):
        page = lxml_html.fromstring(client.get(url).content)
        footer = {a.get("href"): a.text_content() for a in page.iterfind(".//footer//a")}
        assert footer.get("/downloads/") == "Data & API"
        assert footer.get("/feeds/documents.atom") == "Atom feed"
        alternate = page.find(".//head/link[@rel='alternate']")
        assert alternate.get("type") == "application/atom+xml"
        assert alternate.get("href") == "/feeds/documents.atom"
