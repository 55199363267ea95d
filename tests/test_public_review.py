"""Fixes from a review of the public site: each test names what the visitor saw."""

import pytest
from django.contrib.staticfiles import finders

from .conftest import make_document, make_person, make_request

pytestmark = pytest.mark.django_db


class TestFavicon:
    def test_pages_link_an_icon(self, client):
        html = client.get("/").content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
        assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html

    def test_favicon_ico_at_the_root_is_not_a_404(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"] == "/static/favicon.ico"

    def test_the_icons_are_static_files_of_the_site(self):
        with open(finders.find("favicon.ico"), "rb") as icon:
            # An ICO header: reserved 0, type 1 (icon), one image.
            assert icon.read(6) == b"\0\0\1\0\1\0"
        with open(finders.find("favicon.svg"), encoding="utf-8") as svg:
            assert svg.read().startswith("<svg ")


class TestSyntheticDocuments:
    BANNER = "Synthetic document generated for load tests — not a historical source"

    def test_page_carries_a_banner(self, client):
        document = make_document("Load test document 1", synthetic=True)
        html = client.get(document.get_absolute_url()).content.decode()
        assert self.BANNER in html

    def test_a_real_document_carries_none(self, client):
        document = make_document("Invented real-looking document")
        html = client.get(document.get_absolute_url()).content.decode()
        assert self.BANNER not in html and "tag--synthetic" not in html

    def test_lists_tag_them(self, client):
        person = make_person("Invented Loader", slug="invented-loader")
        synthetic = make_document("Load test document 2", synthetic=True, author=person)
        make_request(synthetic)
        make_document("Invented ordinary document", author=person)
        for url in ("/documents/", "/", person.get_absolute_url(), "/requests/"):
            html = client.get(url).content.decode()
            assert html.count('class="tag tag--synthetic"') == 1, url
