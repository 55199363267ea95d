"""What the public views share: drafts for staff, forgiving pagination, the messages naming a
parameter a list could not use, and the cache of figures about the whole catalogue."""

import gzip
import hashlib
import itertools
import logging
from pathlib import Path

from django import forms
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers

from ..models import Document, Person, PersonName, Place, PlaceName, Recipient, Request

logger = logging.getLogger(__name__)


def visible_documents(user):
    """Published documents, and drafts too for staff who preview them."""
    documents = Document.objects.all()
    return documents if user.is_staff else documents.published()


class ForgivingPaginationMixin:
    """A page number that is not a number or is out of range shows page 1 or the last page
    with a message, rather than an error page: links to lists get shared and go stale."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or 1
        self.page_message = ""
        try:
            number = paginator.validate_number(raw)
        except PageNotAnInteger:
            number = 1
            self.page_message = f"“{raw}” is not a page number; showing page 1."
        except EmptyPage:
            # Below the first page shows the first; past the last (a stale link) the last.
            number = 1 if int(raw) < 1 else paginator.num_pages
            self.page_message = f"There is no page {raw}; showing page {number}."
        page = paginator.page(number)
        self.page_range = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_message"] = getattr(self, "page_message", "")
        context["page_range"] = getattr(self, "page_range", [])
        return context


def filter_errors(filterset):
    """Plain messages naming each parameter the list could not use."""
    messages = []
    for name, errors in filterset.form.errors.items():
        value = filterset.form.data.get(name, "")
        for error in errors:
            messages.append({"parameter": name, "value": value, "error": error})
    return messages


# Figures about the whole catalogue (home page, chronology, the unfiltered document list's
# facets) take seconds to count at 100,000 documents and a million recipient rows, and
# change only when the catalogue does. They are cached under a fingerprint of the catalogue
# read in one query on primary keys and indexed columns: the latest history row of every
# table the figures read (django-simple-history writes one for each save and each delete,
# from the admin, an import or a merge alike) and the latest document change. So a change
# shows on the next visit, from every process, with nothing to invalidate by hand; the
# timeout bounds what a bulk update that bypasses both could leave stale. Django's default
# local-memory cache is enough: each process keeps its own copy.
FIGURES_TIMEOUT = 15 * 60
# Places and their spellings too: "did you mean" on SQLite suggests from them.
FINGERPRINT_MODELS = (Document, Person, PersonName, Place, PlaceName, Recipient, Request)


def catalogue_fingerprint():
    latest = [
        f"(SELECT MAX(history_id) FROM {model.history.model._meta.db_table})"
        for model in FINGERPRINT_MODELS
    ]
    latest.append(f"(SELECT MAX(modified) FROM {Document._meta.db_table})")
    with connections[Document.objects.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(latest))
        raw = "|".join(str(value) for value in cursor.fetchone())
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached_figures(name, compute):
    """``compute()``'s value, counted again only when the catalogue has changed."""
    key = f"catalogue:{name}:{catalogue_fingerprint()}"
    return cache.get_or_set(key, compute, FIGURES_TIMEOUT)


def _writers_digest():
    """A digest of the code that writes the network's files: a stored file written by an
    earlier release of it is not served by a later one."""
    from .. import correspondence, network

    source = b"".join(Path(module.__file__).read_bytes() for module in (correspondence, network))
    # And the form the file is stored in (gzip), which this module decides.
    return hashlib.sha256(source + b"gzip").hexdigest()[:12]


_WRITERS = _writers_digest()


def _network_file(name):
    """(version, cache key, stored row's name) of a network download ``name``."""
    from ..pairs import network_version

    version = f"{network_version()}-{_WRITERS}"
    return version, f"network-file:{name}:{version}", hashlib.sha256(name.encode()).hexdigest()


def _stored_network_file(digest, version):
    """The gzip file of a network download stored at this version, or None."""
    from ..models import NetworkFile

    return (
        NetworkFile.objects.filter(name=digest, version=version)
        .values_list("content", flat=True)
        .first()
    )


def cached_network_text(name, chunks):
    """The text ``chunks()`` writes of the correspondence network: the whole text, as UTF-8
    bytes, when it is kept, else an iterator over the slices as they are written, which keeps
    the text once the last slice has gone out (a large download so starts at once; a kept
    copy of tens of megabytes is neither decoded nor encoded again). Kept under the network's
    own version (catalogue.pairs.network_version) rather than the whole catalogue's
    fingerprint, since most writes (a title, a date within the same year, a publish that
    changes no writer or addressee) leave the network as it was; and kept in the database
    too, gzipped, so that every process, a fresh one included, reads the file already built
    instead of building it again (seconds for a whole catalogue)."""
    from ..models import NetworkFile

    version, key, digest = _network_file(name)
    content = cache.get(key)
    if content is not None:
        return content
    stored = _stored_network_file(digest, version)
    if stored is not None:
        try:
            content = gzip.decompress(stored)
        except (OSError, EOFError):
            # A damaged row is written again below, like a missing one.
            logger.warning("stored network file %s is not a gzip file; building it again", name)
        else:
            cache.set(key, content, FIGURES_TIMEOUT)
            return content

    def written():
        parts = []
        for part in chunks():
            parts.append(part)
            yield part
        content = "".join(parts).encode()
        cache.set(key, content, FIGURES_TIMEOUT)
        # Level 1: a tenth of the size in a fraction of the time the higher levels take; no
        # time stamp, so the same text always packs to the same bytes.
        packed = gzip.compress(content, compresslevel=1, mtime=0)
        # One row per download, replaced in one statement. Two processes building at once
        # write the same text; an older version stored over a newer one only costs one more
        # build, since a reader takes the row only at its own version. Files of earlier
        # versions go, and no more than MAX_STORED_FILES are kept: every span of years of
        # every person is a download of its own, which visitors choose. Storing is a
        # convenience: a database that refuses the write (locked by an import, read-only)
        # costs the next process a build, not this visitor their file.
        try:
            with transaction.atomic():
                NetworkFile.objects.exclude(version=version).delete()
                stored = NetworkFile.objects.exclude(name=digest).count()
                if stored < MAX_STORED_FILES:
                    NetworkFile.objects.bulk_create(
                        [NetworkFile(name=digest, version=version, content=packed)],
                        update_conflicts=True,
                        unique_fields=["name"],
                        update_fields=["version", "content"],
                    )
        except DatabaseError:
            logger.warning("network file %s not stored", name, exc_info=True)

    return written()


def network_file_response(request, name, chunks, content_type):
    """The response for a network download: its stored gzip file as it is, to a client that
    accepts gzip (every browser does), when the file is large; else the text
    (cached_network_text). Sending 39 MB of GEXF kept a worker busy for about 45 ms a
    request, its 2.5 MB gzip file for a few; small files are sent as before, and may be kept
    by the page cache, which keeps no compressed answer."""
    if accepts_gzip(request.headers.get("Accept-Encoding", "")):
        version, key, digest = _network_file(name)
        packed = cache.get(f"{key}:gzip")
        if packed is None:
            packed = _stored_network_file(digest, version)
            if packed is not None:
                cache.set(f"{key}:gzip", packed, FIGURES_TIMEOUT)
        # A gzip file ends with its text's size (modulo 2**32).
        if packed is not None and int.from_bytes(packed[-4:], "little") > STREAM_ABOVE:
            response = HttpResponse(packed, content_type=content_type)
            response["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ["Accept-Encoding"])
            return response
    response = text_response(cached_network_text(name, chunks), content_type=content_type)
    if not isinstance(response, HttpResponse) or len(response.content) > STREAM_ABOVE:
        patch_vary_headers(response, ["Accept-Encoding"])
    return response


# The network files kept in the database at most (each up to a few megabytes gzipped).
MAX_STORED_FILES = 100


def accepts_gzip(header):
    """Whether an Accept-Encoding header accepts gzip: named, and not with q=0."""
    for part in header.split(","):
        coding, _, parameters = part.partition(";")
        if coding.strip().lower() != "gzip":
            continue
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    return float(value) > 0
                except ValueError:
                    return False
        return True
    return False


# Answers up to this size are sent whole (and the page cache may keep them); larger ones
# stream, so the first bytes of a large download leave as soon as they are written.
STREAM_ABOVE = 1024 * 1024


def text_response(text, **kwargs):
    """An HttpResponse of ``text`` (bytes, or an iterator of slices from ``cached_network_text``)
    when it is short, else a StreamingHttpResponse that sends the slices as they come."""
    if isinstance(text, (bytes, str)):
        return HttpResponse(text, **kwargs)
    parts, size = [], 0
    for part in text:
        parts.append(part)
        size += len(part)
        if size > STREAM_ABOVE:
            return StreamingHttpResponse(itertools.chain(parts, text), **kwargs)
    return HttpResponse("".join(parts), **kwargs)


def use_checkboxes(fields, *names):
    """Short fixed lists of choices read better as checkboxes than as a multiple select."""
    for name in names:
        if name in fields:
            fields[name].widget = forms.CheckboxSelectMultiple(choices=fields[name].choices)
