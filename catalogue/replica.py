"""Reads of the public pages from a PostgreSQL read replica (DATABASE_REPLICA_URL).

When a replica is configured, settings add it as the ``replica`` database and install
`ReplicaRouter`. Only reads made while serving an anonymous visitor's GET or HEAD of a public
page go to it (`ReplicaMiddleware` marks such requests); everything else reads and writes the
primary: the admin, signed-in archivists (who must see what they just saved), POST requests,
management commands such as ``import_seeds`` (which read before they write) and the shell.

A streaming replica lags its primary by a little. The page cache stores pages under the
catalogue's generation, which a write bumps on commit: a page rendered from a replica that has
not yet replayed the write would be kept under the new generation as if it were current. So for
`REPLICA_LAG_SECONDS` after any bump the public pages read the primary too; `bump_generation()`
records the moment in the cache (shared by every server when CACHE_URL is Redis).
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

REPLICA = "replica"
PRIMARY = "default"
WRITTEN_AT_KEY = "catalogue:written-at"

_reads_from_replica = ContextVar("reads_from_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def note_write():
    """Remember when the catalogue last changed (called with every generation bump)."""
    if replica_configured():
        cache.set(WRITTEN_AT_KEY, time.time(), timeout=None)


def recently_written():
    try:
        written = cache.get(WRITTEN_AT_KEY)
    except Exception:
        return True  # no cache to ask: the primary is always right
    return written is not None and time.time() - written < settings.REPLICA_LAG_SECONDS


class ReplicaRouter:
    """Writes, migrations and unmarked reads to the primary; marked reads to the replica."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY:
            return PRIMARY  # related rows of an object read from the primary
        return REPLICA if _reads_from_replica.get() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both databases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica replays the primary's schema; nothing is ever migrated on it.
        return db == PRIMARY


class ReplicaMiddleware:
    """Marks an anonymous GET/HEAD of a public page as one whose reads may use the replica.

    Placed before the page cache, so that a page rendered on a miss reads the replica too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def applies(self, request):
        return (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(f"/{settings.ADMIN_PATH}")
            and not recently_written()
        )

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        token = _reads_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
