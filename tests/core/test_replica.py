"""Reads of anonymous visitors' pages go to the read replica; everything else to the primary."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from catalogue import replica
from catalogue.models import Document
from catalogue.replica import PRIMARY, REPLICA, ReplicaMiddleware, ReplicaRouter
from tests.core.test_settings import KEY, setting
from tests.factories import make_document

PRIMARY_URL = "postgres://u@primary.invalid:5432/archive"
REPLICA_URL = "postgres://u@replica.invalid:5432/archive"


class TestReplicaRouter:
    def test_writes_and_migrations_go_to_the_primary(self):
        router = ReplicaRouter()
        assert router.db_for_write(Document) == PRIMARY
        assert router.allow_migrate(PRIMARY, "catalogue") is True
        assert router.allow_migrate(REPLICA, "catalogue") is False

    def test_reads_go_to_the_primary_unless_the_request_allows_the_replica(self):
        router = ReplicaRouter()
        assert router.db_for_read(Document) == PRIMARY
        token = replica._reads_from_replica.set(True)
        try:
            assert router.db_for_read(Document) == REPLICA
        finally:
            replica._reads_from_replica.reset(token)

    @pytest.mark.django_db
    def test_related_reads_of_a_primary_row_stay_on_the_primary(self):
        document = make_document("Invented routed")
        token = replica._reads_from_replica.set(True)
        try:
            assert ReplicaRouter().db_for_read(Document, instance=document) == PRIMARY
        finally:
            replica._reads_from_replica.reset(token)


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    replica.cache.delete(replica.WRITTEN_AT_KEY)
    yield
    replica.cache.delete(replica.WRITTEN_AT_KEY)


def reads_replica(request):
    """Whether reads made while answering `request` would go to the replica."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Document))
        return "answer"

    assert ReplicaMiddleware(view)(request) == "answer"
    assert ReplicaRouter().db_for_read(Document) == PRIMARY  # reset after the request
    return seen == [REPLICA]


class TestReplicaMiddleware:
    factory = RequestFactory()

    def test_anonymous_public_get_reads_the_replica(self, with_replica):
        assert reads_replica(self.factory.get("/documents/"))
        assert reads_replica(self.factory.head("/people/"))

    def test_admin_post_and_signed_in_read_the_primary(self, with_replica):
        assert not reads_replica(self.factory.get(f"/{settings.ADMIN_PATH}"))
        assert not reads_replica(self.factory.post("/documents/"))
        signed_in = self.factory.get("/documents/")
        signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
        assert not reads_replica(signed_in)

    def test_just_after_a_change_pages_read_the_primary(self, with_replica, monkeypatch):
        from catalogue.pagecache import bump_generation

        bump_generation()
        assert not reads_replica(self.factory.get("/documents/"))
        later = replica.time.time() + settings.REPLICA_LAG_SECONDS + 1
        monkeypatch.setattr(replica.time, "time", lambda: later)
        assert reads_replica(self.factory.get("/documents/"))

    def test_without_a_replica_nothing_changes(self):
        assert not replica.replica_configured()
        assert not reads_replica(RequestFactory().get("/documents/"))


class TestReplicaSettings:
    def test_unset_means_one_database_and_no_router(self):
        env = {"DATABASE_URL": PRIMARY_URL, "SECRET_KEY": KEY}
        assert setting("DATABASE_ROUTERS", **env) in ("None", "[]")
        databases = setting("DATABASES", **env)
        assert "'replica'" not in databases

    def test_set_adds_the_replica_the_router_and_the_middleware(self):
        env = {"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URL": REPLICA_URL, "SECRET_KEY": KEY}
        assert setting("DATABASE_ROUTERS", **env) == "['catalogue.replica.ReplicaRouter']"
        databases = setting("DATABASES", **env)
        assert "'HOST': 'replica.invalid'" in databases
        assert "'MIRROR': 'default'" in databases
        middleware = setting("MIDDLEWARE", **env)
        assert middleware.index("ReplicaMiddleware") < middleware.index("AnonymousPageCache")
