"""Recount the correspondence network's kept pair counts from the documents.

    manage.py correspondence_pairs           # throw the kept counts away and count again
    manage.py correspondence_pairs --check   # compare them with a recount; exit 1 on a difference

The counts are kept by every write (catalogue.pairs); a rebuild is for a database written
behind the catalogue's back (raw SQL, a benchmark's fill) and --check proves it needs none.
"""

from django.core.management.base import BaseCommand, CommandError

from catalogue import pairs
from catalogue.pagecache import bump_generation


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Compare with a recount; change nothing."
        )

    def handle(self, *args, check, verbosity, **options):
        if check:
            found = pairs.differences()
            if found:
                raise CommandError(
                    "The kept pair counts differ from a recount:\n  " + "\n  ".join(found)
                )
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS("The kept pair counts match a recount."))
            return
        written = pairs.rebuild()
        bump_generation()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Counted {written} pairs of correspondents."))
