"""Every save and delete of a catalogue record bumps the page cache's generation
(catalogue/pagecache.py), so that a change is on the public pages at the next request.

Bulk writes send no signal (QuerySet.update(), bulk_create(), the importer's COPY): the code
that makes them calls `pagecache.bump_generation()` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Document,
    Holding,
    Person,
    PersonName,
    PersonRedirect,
    Place,
    PlaceName,
    PlaceRedirect,
    Recipient,
    Reference,
    Request,
    TransmissionEvent,
)
from .pagecache import bump_generation_on_commit

CATALOGUE_MODELS = (
    Document,
    Holding,
    Person,
    PersonName,
    PersonRedirect,
    Place,
    PlaceName,
    PlaceRedirect,
    Recipient,
    Reference,
    Request,
    TransmissionEvent,
)


def catalogue_changed(sender, using=None, **kwargs):
    bump_generation_on_commit(using)


def mentions_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_"):
        bump_generation_on_commit(using)


def connect():
    for model in CATALOGUE_MODELS:
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            catalogue_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
    m2m_changed.connect(
        mentions_changed,
        sender=Document.people_mentioned.through,
        dispatch_uid="page-cache-mentions",
    )
