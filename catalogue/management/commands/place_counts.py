"""Count every place's published documents again and compare with the kept counts that the
list of places shows (catalogue.placecounts): correct those that differ, or with --check only
report them and exit with status 1 (for monitoring: every write keeps them, so a difference
means a write path that forgot to)."""

from django.core.management.base import BaseCommand, CommandError

from catalogue import placecounts
from catalogue.pagecache import bump_generation


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report differences; change nothing."
        )

    def handle(self, *args, check, verbosity, **options):
        wrong = placecounts.differences()
        for place, kept, counted in wrong:
            self.stdout.write(
                f"{place.slug}: kept {kept[0]} from, {kept[1]} naming; "
                f"counted {counted[0]} from, {counted[1]} naming"
            )
        if check:
            if wrong:
                raise CommandError(f"{len(wrong)} places have wrong kept counts.")
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS("Every place's kept counts are right."))
            return
        placecounts.recount_all()
        if wrong:
            bump_generation()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Recounted; {len(wrong)} places corrected."))
