"""The page cache in front of the public pages: anonymous GET answers are kept until the
catalogue changes, a change is on the next request, and signed-in staff are never served from
it nor stored in it."""

import os
import shutil
import uuid
from io import StringIO
from pathlib import Path

import pytest
import redis  # a dependency of the site (CACHE_URL=redis://), so never a skip
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import pagecache
from catalogue.merge import update_with_history
from catalogue.models import Document, Status
from tests.admin.support import archivist_fixture  # noqa: F401  (fixture)
from tests.factories import (
    make_document,
    make_person,
    make_recipient,
    make_request,
    queries_for,
    seed_like_catalogue,
)

IMPORT_FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
PUBLIC_PAGES = [
    "/",
    "/about/",
    "/documents/",
    "/documents/?q=regiments",
    "/documents/invented-telegram/",
    "/people/",
    "/people/stalin/",
    "/requests/",
    "/chronology/",
    "/api/",
    "/api/documents/",
    "/api/people/",
    "/api/requests/",
    "/feeds/documents.atom",
    "/sitemap.xml",
    "/oai/?verb=Identify",
]


@pytest.fixture
def catalogue(db):
    return seed_like_catalogue()


def document_titles(client):
    return client.get("/documents/").content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_page_is_served_from_the_cache(page_cache, catalogue, client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert queries_for(client, url) == 1  # the catalogue's fingerprint, and nothing else
    again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_query_strings_are_pages_of_their_own(page_cache, catalogue, client):
    regiments = client.get("/documents/?q=regiments").content
    nothing = client.get("/documents/?q=zzzunknownword").content
    assert regiments != nothing
    assert client.get("/documents/?q=regiments").content == regiments


def test_a_publish_in_the_admin_is_on_the_next_request(page_cache, catalogue, client, archivist):
    draft = catalogue["draft"]
    # A draft a citation can name (dated, typed, with an author): publishing checks pass.
    Document.objects.filter(pk=draft.pk).update(doc_type="letter", author=catalogue["stalin"])
    assert draft.title not in document_titles(client)
    assert client.get(draft.get_absolute_url()).status_code == 404
    archivist.post(
        reverse("admin:catalogue_document_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert draft.title in document_titles(client)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_save_is_on_the_next_request(page_cache, catalogue, client):
    telegram = catalogue["telegram"]
    client.get(telegram.get_absolute_url())
    telegram.title = "Retitled invented telegram"
    telegram.save()
    assert "Retitled invented telegram" in client.get(telegram.get_absolute_url()).content.decode()


def test_staff_are_never_served_nor_stored(page_cache, catalogue, client, archivist):
    url = "/documents/"
    key = pagecache.page_key(RequestFactory().get(url))
    archivist.get(url)
    assert cache.get(key) is None
    client.get(url)
    status, headers, content, cookieless = cache.get(key)
    cache.set(key, (status, headers, b"from the cache", cookieless))
    assert client.get(url).content == b"from the cache"
    assert catalogue["draft"].title.encode() not in archivist.get(url).content
    assert archivist.get(url).content.startswith(b"<!DOCTYPE html>")


def test_a_page_that_varies_on_cookies_is_kept_for_cookieless_requests_only(
    page_cache, catalogue, client
):
    url = catalogue["telegram"].get_absolute_url()
    assert client.get(url)["Vary"] == "Cookie"
    assert queries_for(client, url) == 1
    client.cookies["theme"] = "dark"  # a cookie the page might one day read
    assert queries_for(client, url) > 1
    assert queries_for(client, url) > 1  # and that page was not kept either
    del client.cookies["theme"]
    assert queries_for(client, url) == 1


@pytest.mark.parametrize("url", ["/documents/no-such-document/", "/api/documents/?page=999"])
def test_errors_are_not_stored(page_cache, catalogue, client, url):
    assert client.get(url).status_code == 404
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 404
    assert len(again) > 1  # rendered again, not served from the cache


def test_a_page_cache_of_zero_seconds_is_off(settings, catalogue, client):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/people/")
    assert queries_for(client, "/people/") > 1


class TestStorable:
    def test_a_plain_page(self):
        assert pagecache.storable(HttpResponse("page"))

    @pytest.mark.parametrize(
        "response",
        [
            HttpResponse("moved", status=301),
            HttpResponse("gone", status=404),
            StreamingHttpResponse(iter([b"a", b"b"])),
        ],
        ids=["redirect", "not found", "streamed"],
    )
    def test_not_a_200_page(self, response):
        assert not pagecache.storable(response)

    def test_sets_a_cookie(self):
        response = HttpResponse("page")
        response.set_cookie("csrftoken", "x")
        assert not pagecache.storable(response)

    def test_varies_on_cookies_alone(self):
        response = HttpResponse("page")
        response["Vary"] = "Cookie"
        assert pagecache.storable(response)

    @pytest.mark.parametrize("vary", ["Accept-Encoding", "Accept-Language, Cookie", "*"])
    def test_varies(self, vary):
        response = HttpResponse("page")
        response["Vary"] = vary
        assert not pagecache.storable(response)

    @pytest.mark.parametrize("directive", ["private", "no-store", "no-cache", "max-age=0, private"])
    def test_asks_not_to_be_kept(self, directive):
        response = HttpResponse("page")
        response["Cache-Control"] = directive
        assert not pagecache.storable(response)

    def test_too_large(self):
        assert not pagecache.storable(HttpResponse(b"x" * (pagecache.MAX_BYTES + 1)))


@pytest.fixture
def shared_cache(page_cache, monkeypatch):
    """As with Redis: the key is the generation alone, with no fingerprint read."""
    monkeypatch.setattr(pagecache, "cache_is_shared", lambda: True)


@pytest.mark.django_db(transaction=True)
class TestGeneration:
    """Real commits: the generation moves when a write is committed, not before."""

    def test_a_write_bumps_it_once_committed(self, shared_cache):
        before = pagecache.generation()
        with transaction.atomic():
            make_document("Invented")
            assert pagecache.generation() == before
        assert pagecache.generation() != before

    def test_a_rolled_back_write_does_not(self, shared_cache):
        before = pagecache.generation()
        with transaction.atomic():
            make_document("Invented")
            transaction.set_rollback(True)
        assert pagecache.generation() == before

    def test_once_per_transaction(self, shared_cache, monkeypatch):
        bumps = []
        monkeypatch.setattr(pagecache, "bump_generation", lambda: bumps.append(1))
        with transaction.atomic():
            person = make_person("Invented Person")
            make_document("Invented", author=person).people_mentioned.add(person)
        assert bumps == [1]

    @pytest.mark.parametrize("action", ["save", "delete", "mentions", "recipient", "request"])
    def test_signals(self, shared_cache, action):
        document = make_document("Invented")
        person = make_person("Invented Person")
        before = pagecache.generation()
        if action == "save":
            document.save()
        elif action == "delete":
            document.delete()
        elif action == "mentions":
            document.people_mentioned.add(person)
        elif action == "recipient":
            make_recipient(document, person)
        else:
            make_request(document)
        assert pagecache.generation() != before

    def test_bulk_writes_need_bump_generation(self, shared_cache, client):
        document = make_document("Invented title")
        url = document.get_absolute_url()
        assert "Invented title" in client.get(url).content.decode()
        Document.objects.filter(pk=document.pk).update(title="Corrected title")
        assert "Invented title" in client.get(url).content.decode()  # update() sent no signal
        pagecache.bump_generation()
        assert "Corrected title" in client.get(url).content.decode()

    def test_a_lost_generation_starts_again_elsewhere(self, shared_cache):
        before = pagecache.generation()
        cache.delete(pagecache.GENERATION_KEY)
        pagecache.bump_generation()
        assert pagecache.generation() != before


def test_without_a_shared_cache_a_write_elsewhere_is_seen(page_cache, catalogue, client):
    """Each process has its own local-memory cache, which a write made by another process
    cannot bump; the history row that write leaves changes the key all the same. (Here the
    test's transaction is never committed, so the counter is not bumped either.)"""
    draft = catalogue["draft"]
    before = pagecache.generation()
    assert draft.title not in document_titles(client)
    draft.status = Status.PUBLISHED
    draft.save()
    assert pagecache.generation() != before
    assert draft.title in document_titles(client)


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings, page_cache):
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis test: no Redis server answers at {REDIS_URL} (TEST_REDIS_URL)"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"{message}; REQUIRE_REDIS is set (as in CI)")
        pytest.skip(message)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    # Only this test's keys: cache.clear() would empty the whole Redis database.
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


@pytest.mark.django_db(transaction=True)
def test_redis_serves_pages_without_a_query_and_sees_a_publish(redis_cache, client):
    draft = make_document("Invented draft", status=Status.DRAFT)
    assert draft.title not in document_titles(client)
    assert queries_for(client, "/documents/") == 0
    other_process = Client()  # shares nothing with `client` but the cache server
    draft.status = Status.PUBLISHED
    draft.save()
    assert draft.title in document_titles(other_process)
    assert draft.title in document_titles(client)


class TestBulkWriters:
    """Writers that go around the model signals bump the generation themselves."""

    def test_import_seeds(self, shared_cache, db, tmp_path):
        for fixture in IMPORT_FIXTURES.glob("*.txt"):
            shutil.copy(fixture, tmp_path)
        before = pagecache.generation()
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())
        assert Document.objects.exists()
        assert pagecache.generation() != before

    def test_import_seeds_dry_run_does_not(self, shared_cache, db, tmp_path):
        for fixture in IMPORT_FIXTURES.glob("*.txt"):
            shutil.copy(fixture, tmp_path)
        before = pagecache.generation()
        call_command(
            "import_seeds", str(tmp_path), dry_run=True, stdout=StringIO(), stderr=StringIO()
        )
        assert pagecache.generation() == before

    @pytest.mark.django_db(transaction=True)
    def test_admin_batch_action(self, shared_cache):
        draft = make_document("Invented draft", status=Status.DRAFT)
        before = pagecache.generation()
        update_with_history(Document.objects.filter(pk=draft.pk), {"status": "published"}, None, "")
        assert pagecache.generation() != before
