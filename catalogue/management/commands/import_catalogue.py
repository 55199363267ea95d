"""Restore an `export_catalogue` JSON file into an empty database.

People come first (with their variants and pseudonyms), then every document with its
transmission events, recipients, requests and people mentioned, as the archivists left them,
including the record of what the importer last wrote, so that a later `import_seeds` still
keeps their edits. Refuses a database that already holds documents or people. History is not
part of an export: restored documents and people start a new history under the user
`importer`.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from catalogue import keptcounts
from catalogue.importer import BadInput
from catalogue.importer.restore import restore
from catalogue.importer.statistics import analyze_catalogue
from catalogue.models import Document, Person
from catalogue.pagecache import bump_generation


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A JSON file written by export_catalogue.")

    def handle(self, *args, file, verbosity, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{file}: not JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(data, dict) or not {"documents", "people"} <= set(data):
            raise CommandError(f'{file}: not an export (no "documents" and "people" lists)')
        if Document.objects.exists() or Person.objects.exists():
            raise CommandError(
                "The database is not empty: import_catalogue only restores into an empty "
                "catalogue (no documents and no people)."
            )
        try:
            documents, people = restore(data)
        except BadInput as error:
            raise CommandError(f"{file}: {error}") from None
        # The rows went in by bulk_create and update(), which send no signal: count them all.
        keptcounts.rebuild()
        bump_generation()
        analyze_catalogue(documents)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Restored {documents} documents and {people} people.")
            )
