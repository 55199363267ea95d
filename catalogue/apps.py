from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"

    def ready(self):
        from .search import schema

        # SQLite rebuilds a table to alter it, losing its triggers; put the search ones back.
        post_migrate.connect(schema.restore_sqlite_triggers, sender=self)
        # Saves and deletes move the cached public pages to a new generation.
        from . import signals

        signals.connect()
        # Saves and deletes of documents and recipients keep the network's pair counts.
        from . import pairs

        pairs.connect()
        # Kept counts of the places list (catalogue.placecounts), recounted at every write.
        from . import placecounts

        placecounts.connect()
        # Writes keep the catalogue's counts (catalogue/keptcounts.py) in their transaction.
        from . import keptcounts

        keptcounts.connect()
        # Who changed what, as log lines (catalogue.changes).
        from . import changelog
        from .models import Document, Person, PersonName, Recipient, Request, TransmissionEvent

        changelog.connect([Document, Person, PersonName, Recipient, Request, TransmissionEvent])
