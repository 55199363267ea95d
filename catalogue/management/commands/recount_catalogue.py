"""Count the catalogue's kept figures again from scratch (catalogue/keptcounts.py).

    manage.py recount_catalogue           # rebuild the kept counts
    manage.py recount_catalogue --check   # only compare; exit status 1 if they differ

Every write keeps them up to date in its own transaction; this is the integrity check, and
the repair after a write that went around the application (raw SQL in a shell).
"""

from django.core.management.base import BaseCommand, CommandError

from catalogue import keptcounts


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Compare with a count from scratch only."
        )

    def handle(self, *args, check, verbosity, **options):
        if check:
            found = keptcounts.differences()
            for line in found[:50]:
                self.stdout.write(line)
            if found:
                raise CommandError(f"{len(found)} kept counts differ from a count from scratch.")
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS("The kept counts agree."))
            return
        keptcounts.rebuild()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Kept counts rebuilt."))
