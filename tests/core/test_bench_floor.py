"""The floor views of bench/load.py: never part of the site, and the same rows as the
document list's first page, so that comparing the two is fair."""

import re

import pytest
from django.urls import Resolver404, resolve

from catalogue.models import Status
from tests.factories import make_document


def test_the_site_has_no_floor_views(db, client):
    with pytest.raises(Resolver404):
        resolve("/floor/list/")
    assert client.get("/floor/bare/").status_code == 404


def test_the_raw_list_shows_the_document_lists_first_page(db, client, settings):
    for n in range(30):
        make_document(f"Invented {n:02d}", date=f"19{45 + n % 10}-0{1 + n % 9}-1{n % 10}")
    make_document("Invented undated", date=None)
    make_document("Invented draft", status=Status.DRAFT, date="1940")
    listed = re.findall(r'href="/documents/([\w-]+)/"', client.get("/documents/").content.decode())
    settings.ROOT_URLCONF = "bench.floor_urls"
    floor = client.get("/floor/list/").content.decode()
    assert re.findall(r'href="/documents/([\w-]+)/"', floor) == list(dict.fromkeys(listed))[:25]
    assert client.get("/floor/bare/").content == b"floor"
