"""Whole public pages cached for visitors who are not signed in, until the catalogue changes.

A page is kept under its address (scheme, host, path and query string) and the catalogue's
*generation*, a number that every write bumps (catalogue/signals.py for saves and deletes,
`bump_generation()` for bulk writes that send no signal). A change therefore moves every page
to new keys at once: the next request after a publish renders the page afresh, and the old
copies simply expire. Nothing has to know which pages a change touches.

The generation lives in the cache itself. With a shared cache (CACHE_URL=redis://...) every
process sees every bump. A local-memory cache belongs to one process, so a write made by
another (a second gunicorn worker, `import_seeds` in a shell) could not bump it; there the key
also holds the catalogue's fingerprint, read from the database in one query on indexes (the
latest history row of each table, which every save and delete writes), so those writes are
seen too.

Only what every anonymous visitor would get is kept: GET requests without a session (anyone
signed in, staff above all, always gets a fresh page), answers 200 that set no cookie, are not
streamed, do not ask to be private or uncached, and vary on nothing but cookies. A page that
varies on cookies (the document page looks at the visitor, since staff may see drafts) is
kept only as rendered for a request that carried no cookie at all, and served only to such
requests: then nothing a cookie could change is in it.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

GENERATION_KEY = "catalogue:generation"
# Larger answers (the sitemaps of every document) are rendered each time rather than held in
# every process's memory.
MAX_BYTES = 1024 * 1024
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}


def bump_generation():
    """Move every cached page to new keys: call after any write that sends no model signal
    (QuerySet.update(), bulk_create(), raw SQL), once the write is committed."""
    from .replica import note_write

    note_write()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Not there yet (or evicted): any new value will do, and a clock reading never repeats
        # one that cached pages could still be stored under.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def bump_generation_on_commit(using=None):
    """`bump_generation()` once the current transaction commits (at once outside one).

    Bumping before the commit would let a concurrent request read the new generation and the
    old rows, and keep the old page under the new key. One bump per transaction is enough: a
    callback already waiting at this savepoint level, or an outer one, is not repeated (an
    import saves thousands of rows in one transaction)."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        for entry in connection.run_on_commit:
            if entry[1] is bump_generation and entry[0] <= current:
                return
    transaction.on_commit(bump_generation, using=using, robust=True)


def cache_is_shared():
    """Whether every process reads the same cache (Redis), rather than its own memory."""
    return not isinstance(caches["default"], LocMemCache)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    if not cache_is_shared():
        from .views.common import catalogue_fingerprint

        value = f"{value}:{catalogue_fingerprint()}"
    return value


def page_key(request):
    address = f"{request.method}:{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{generation()}:{digest}"


def vary(response):
    return [h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()]


def storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or set(vary(response)) - {"cookie"}:
        return False
    directives = {
        d.split("=", 1)[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d.strip()
    }
    return not directives & UNCACHEABLE_DIRECTIVES and len(response.content) <= MAX_BYTES


class AnonymousPageCacheMiddleware:
    """Answers anonymous GET requests from the cache; placed before the session middleware,
    so that a page served from the cache costs no session, authentication or view work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def applies(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            # A session may be a signed-in archivist's; a messages cookie carries a notice
            # for this visitor alone.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PATHS))
        )

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        try:
            key = page_key(request)
            cached = cache.get(key)
        except DisallowedHost:
            return self.get_response(request)  # answered 400 by the usual path
        except Exception:
            # An unreachable cache server must not take the site down with it.
            logger.exception("page cache unavailable; serving without it")
            return self.get_response(request)
        if cached is not None:
            status, headers, content, cookieless = cached
            if not (cookieless and request.COOKIES):
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                return response
        response = self.get_response(request)
        cookieless = "cookie" in vary(response)
        if storable(response) and not (cookieless and request.COOKIES):
            entry = (response.status_code, list(response.items()), response.content, cookieless)
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("page cache unavailable; page not stored")
        return response
