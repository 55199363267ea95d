"""Kept counts of places (PlaceCount): how many published documents come from each place and
how many name it, so that the list of places reads them instead of counting 100,000
documents per place at every request.

Every write that can change them recounts the places it touched, in its own transaction:

* a document's save, delete, and change of the places it names go through the signal
  handlers below (connected in apps.py);
* the writes that send no signal call ``recount`` or ``follow`` themselves: the importer's
  bulk inserts and re-links, the admin's batch actions (``merge.update_with_history``), the
  merge of places and the restore of an export (``recount_all``).

A place is recounted, not incremented: the counts are read again from the documents for the
places concerned, after their rows are locked (``SELECT ... FOR UPDATE`` on PostgreSQL), so
two writers of one place never both write a count that misses the other's change (each count
is read after the other has committed). SQLite lets one writer at a time anyway.

``python manage.py place_counts`` compares every kept count with a fresh count (``--check``
only reports, for monitoring) and corrects those that differ.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Count
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone

from .models import Document, Place, PlaceCount, Status

# The fields of a document the counts depend on (besides the places it names).
COUNTED_FIELDS = ("status", "origin_place")

# Set within `deferred()`: the handlers do nothing, the block's end recounts everything.
_deferred = ContextVar("place_counts_deferred", default=False)


def fresh_counts(place_pks=None, using="default"):
    """{place pk: (documents from, documents naming)} counted from the documents, for the
    given places or (None) for all; places with neither are left out. Two grouped queries."""
    sent = Document.objects.using(using).published().filter(origin_place__isnull=False)
    named = Document.places_mentioned.through.objects.using(using).filter(
        document__status=Status.PUBLISHED
    )
    if place_pks is not None:
        sent = sent.filter(origin_place__in=place_pks)
        named = named.filter(place__in=place_pks)
    counts = {}
    for pk, n in (
        sent.order_by()
        .values("origin_place")
        .annotate(n=Count("pk"))
        .values_list("origin_place", "n")
    ):
        counts[pk] = (n, 0)
    for pk, n in named.order_by().values("place").annotate(n=Count("pk")).values_list("place", "n"):
        counts[pk] = (counts.get(pk, (0, 0))[0], n)
    return counts


def _locked(places, using):
    """{pk: kept (from, naming), or None when never counted} of these places, their rows
    locked until the transaction ends, in one order, so that two writers never wait for each
    other in a circle. (SQLite has no row locks: it lets one writer in at a time.)"""
    rows = (
        places.using(using)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", "counts__documents_from", "counts__documents_naming")
    )
    return {pk: (sent, named) if sent is not None else None for pk, sent, named in rows}


def _write(kept, counts, using):
    """Write the counts that changed, with the time they did (the sitemap's lastmod)."""
    now = timezone.now()
    changed = [
        PlaceCount(
            place_id=pk,
            documents_from=counts.get(pk, (0, 0))[0],
            documents_naming=counts.get(pk, (0, 0))[1],
            modified=now,
        )
        for pk, before in kept.items()
        if before != counts.get(pk, (0, 0))
    ]
    PlaceCount.objects.using(using).bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=["documents_from", "documents_naming", "modified"],
        batch_size=500,
    )
    return len(changed)


def recount(place_pks, using="default"):
    """Count these places again and keep the counts: four queries (three when nothing
    changed), none for no place."""
    pks = sorted({pk for pk in place_pks if pk is not None})
    if not pks:
        return
    with transaction.atomic(using=using, savepoint=False):
        kept = _locked(Place.objects.filter(pk__in=pks), using)
        _write(kept, fresh_counts(list(kept), using), using)


def differences(using="default"):
    """[(place, kept, counted)] for every place whose kept counts are wrong, each a pair
    (documents from, documents naming)."""
    counts = fresh_counts(using=using)
    kept = {
        row.place_id: (row.documents_from, row.documents_naming)
        for row in PlaceCount.objects.using(using)
    }
    wrong = []
    for place in Place.objects.using(using).order_by("pk"):
        should, has = counts.get(place.pk, (0, 0)), kept.get(place.pk, (0, 0))
        if should != has:
            wrong.append((place, has, should))
    return wrong


def recount_all(using="default"):
    """Count every place again (after a restore, or to repair): a handful of queries.
    Returns the number of places whose counts changed."""
    with transaction.atomic(using=using):
        return _write(_locked(Place.objects.all(), using), fresh_counts(using=using), using)


def places_of(document_pks, using="default"):
    """Every place these documents come from or name: two queries."""
    document_pks = list(document_pks)
    if not document_pks:
        return set()
    places = set(
        Document.objects.using(using)
        .filter(pk__in=document_pks, origin_place__isnull=False)
        .values_list("origin_place", flat=True)
    )
    places.update(
        Document.places_mentioned.through.objects.using(using)
        .filter(document__in=document_pks)
        .values_list("place", flat=True)
    )
    return places


@contextmanager
def deferred(using="default"):
    """Within the block the signal handlers leave the counts alone, and every place is
    recounted once at its end: for a restore, which writes a whole catalogue at once."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    recount_all(using)


@contextmanager
def follow(document_pks, using="default"):
    """Recount the places these documents come from or name, before and after the block: for
    writes that send no signal (QuerySet.update, bulk inserts into the places they name)."""
    document_pks = list(document_pks)
    before = places_of(document_pks, using)
    yield
    recount(before | places_of(document_pks, using), using)


def origin_updated(document, origin, using="default"):
    """After ``QuerySet.update()`` gave ``document`` (as loaded) the place of origin
    ``origin``: recount both places and set the document in memory to match."""
    if origin != document.origin_place_id and document.status == Status.PUBLISHED:
        recount([document.origin_place_id, origin], using)
    document.origin_place_id = origin
    document.__dict__["_place_count_state"] = (document.status, origin)


# --------------------------------------------------------------------- signal handlers


def _mentioned(document, using):
    return set(
        Document.places_mentioned.through.objects.using(using)
        .filter(document=document.pk)
        .values_list("place", flat=True)
    )


def remember_loaded(sender, instance, **kwargs):
    """What a document loaded from the database was counted as, so that its save knows what
    changed without asking the database again."""
    values = instance.__dict__
    if "status" in values and "origin_place_id" in values:
        values["_place_count_state"] = (values["status"], values["origin_place_id"])


def before_save(sender, instance, raw=False, using="default", update_fields=None, **kwargs):
    if raw or _deferred.get():
        return
    if update_fields is not None and not {"status", "origin_place", "origin_place_id"} & set(
        update_fields
    ):
        return
    state = instance.__dict__.get("_place_count_state")
    if instance._state.adding and instance.pk is None:
        state = (None, None)
    elif state is None or instance._state.adding:
        # Loaded without these fields, or built with the primary key of a stored document.
        state = (
            Document.objects.using(using)
            .filter(pk=instance.pk)
            .values_list("status", "origin_place_id")
            .first()
        ) or (None, None)
    instance.__dict__["_place_count_before"] = state


def after_save(sender, instance, created=False, raw=False, using="default", **kwargs):
    before = instance.__dict__.pop("_place_count_before", None)
    after = (instance.status, instance.origin_place_id)
    instance.__dict__["_place_count_state"] = after
    if before is None:
        return
    was, now = before[0] == Status.PUBLISHED, after[0] == Status.PUBLISHED
    if not (was or now) or (was and now and before[1] == after[1]):
        return
    places = {before[1] if was else None, after[1] if now else None}
    if was != now and not created:
        # Published or withdrawn: every place it names gains or loses it too.
        places |= _mentioned(instance, using)
    recount(places, using)


def before_delete(sender, instance, using="default", **kwargs):
    if instance.status == Status.PUBLISHED and not _deferred.get():
        # Read now: the rows of the places it names go before the document does.
        instance.__dict__["_place_count_deleted"] = {
            instance.origin_place_id,
            *_mentioned(instance, using),
        }


def after_delete(sender, instance, using="default", **kwargs):
    recount(instance.__dict__.pop("_place_count_deleted", ()), using)


def mentions_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    """Places named by a document added, removed or cleared, from either side."""
    if _deferred.get():
        return
    if action == "pre_clear":
        instance.__dict__["_place_count_cleared"] = (
            {instance.pk} if reverse else _mentioned(instance, using)
        )
    elif action == "post_clear":
        recount(instance.__dict__.pop("_place_count_cleared", ()), using)
    elif action in ("post_add", "post_remove"):
        recount({instance.pk} if reverse else (pk_set or ()), using)


def connect():
    uid = "place-counts"
    post_init.connect(remember_loaded, sender=Document, dispatch_uid=f"{uid}-init")
    pre_save.connect(before_save, sender=Document, dispatch_uid=f"{uid}-pre-save")
    post_save.connect(after_save, sender=Document, dispatch_uid=f"{uid}-save")
    pre_delete.connect(before_delete, sender=Document, dispatch_uid=f"{uid}-pre-delete")
    post_delete.connect(after_delete, sender=Document, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        mentions_changed, sender=Document.places_mentioned.through, dispatch_uid=f"{uid}-m2m"
    )
