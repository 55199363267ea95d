"""Fixes from a review of the public site: each test names what the visitor saw."""

import pytest
from django.contrib.staticfiles import finders

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
