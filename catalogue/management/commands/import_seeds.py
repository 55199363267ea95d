"""Import seed files (plain-text documents) into the catalogue.

Reads the *.txt files under each PATH (default: the SEEDS_DIR setting), loads the authority file
of people first, and writes each file in its own transaction. Unchanged files are skipped by
content hash; a changed file updates what the parser produces but keeps every field and
relation an archivist edited, and never changes a publication status.

Publication policy for new documents: published when the parser read a document type other than
"other", a date, and an author or sender, and reported no "parser error"; otherwise a draft.
Any parser warning stays on the document and marks it "needs review".
"""

import contextlib
import functools
import gc
import multiprocessing
import os
import sys
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction

from catalogue.importer import (
    BadInput,
    Importer,
    collect_files,
    history_user,
)
from catalogue.importer.reading import reader_for_workers
from catalogue.importer.statistics import analyze_catalogue
from catalogue.pagecache import bump_generation

# Below this many files a progress bar is more noise than help.
PROGRESS_MIN_FILES = 20
# Below this many files starting a worker process costs more than it saves.
PARALLEL_MIN_FILES = 200


@contextlib.contextmanager
def quiet_garbage_collector():
    """Fewer garbage collections during an import: the caches loaded so far are frozen out of
    the collector's scans and the youngest generation is collected less often. An import
    allocates many objects but makes almost no reference cycles, and the full collections of a
    long run otherwise cost a fifth of its time."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def parse_pool():
    return multiprocessing.get_context("fork").Pool(min(2, os.cpu_count()))


class Progress:
    """A plain progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream, total, enabled):
        self.stream, self.total, self.enabled = stream, total, enabled
        self.last = -1

    def update(self, done):
        if not self.enabled:
            return
        percent = done * 100 // self.total
        if percent == self.last and done != self.total:
            return
        self.last = percent
        filled = percent * 30 // 100
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} files")
        if done == self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="Seed files or folders (searched recursively for *.txt). Default: SEEDS_DIR.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and report what would be created, updated or kept; write nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Parse again files whose content hash is unchanged.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=200,
            metavar="N",
            help="Write up to N new documents per transaction (default 200); a failing batch is "
            "retried file by file. 1 writes every file in its own transaction.",
        )
        parser.add_argument(
            "--people",
            metavar="CSV",
            help="Authority file of people (default: people.csv in SEEDS_DIR).",
        )
        parser.add_argument(
            "--places",
            metavar="CSV",
            help="Authority file of places (default: places.csv in SEEDS_DIR, if present).",
        )

    def handle(
        self, *args, paths, dry_run, force, batch_size, people, places, verbosity, **options
    ):
        paths = paths or [settings.SEEDS_DIR]
        try:
            files = collect_files(paths)
        except BadInput as error:
            raise CommandError(str(error)) from None
        importer = Importer(force=force, authority_path=people, places_path=places)
        tally = Counter()
        people_created = 0
        warnings = 0
        interactive = getattr(self.stderr, "isatty", sys.stderr.isatty)()
        progress = Progress(
            self.stderr,
            len(files),
            interactive and verbosity >= 1 and len(files) >= PROGRESS_MIN_FILES,
        )
        # Parsing is pure, so for many files two processes parse while this one writes. They
        # are forked once the authorities are loaded, to read each text against them too
        # (`reading`), with the database connection closed first so that no process shares it.
        # Inside a transaction (a dry run, or a caller's) the connection cannot be closed: they
        # are forked before the first query then, and only parse.
        parallel = len(files) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1
        early = parallel and (dry_run or connection.in_atomic_block)
        with contextlib.ExitStack() as stack:
            pool = stack.enter_context(parse_pool()) if early else None
            if dry_run:
                stack.enter_context(transaction.atomic())
            try:
                importer.prepare()
            except BadInput as error:
                raise CommandError(str(error)) from None
            if parallel and not early:
                connections.close_all()
                with reader_for_workers(importer.reader):
                    pool = stack.enter_context(parse_pool())
            with history_user(importer.user), quiet_garbage_collector():
                parse_all = functools.partial(pool.imap, chunksize=32) if pool else map
                outcomes = importer.import_paths(files, batch_size=batch_size, parse_all=parse_all)
                for done, outcome in enumerate(outcomes, 1):
                    tally[outcome.result] += 1
                    people_created += len(outcome.people_created)
                    warnings += len(outcome.warnings)
                    tally["kept edits"] += bool(outcome.conflicts)
                    self.report(outcome, verbosity, dry_run)
                    progress.update(done)
            if dry_run:
                transaction.set_rollback(True)
        if not dry_run:
            # New documents go in by COPY or executemany, which send no model signal.
            bump_generation()
            analysed = analyze_catalogue(tally["created"] + tally["updated"])
            if analysed and verbosity >= 2:
                self.stdout.write(f"Analysed {len(analysed)} tables for the query planner.")
        for note in importer.people.notes:
            if verbosity >= 1:
                self.stdout.write(self.style.NOTICE(note))
        self.summary(
            tally,
            people_created,
            importer.people.authority_people_created,
            warnings,
            verbosity,
            dry_run,
        )
        if tally["failed"]:
            raise CommandError(f"{tally['failed']} file(s) failed; see the messages above.")

    def report(self, outcome, verbosity, dry_run):
        would = "would be " if dry_run else ""
        name = outcome.source_file
        if outcome.result == "failed":
            self.stderr.write(self.style.ERROR(f"{name}: {outcome.message}"))
            return
        if outcome.result == "duplicate":
            self.stderr.write(self.style.NOTICE(f"{name}: duplicate: {outcome.message}"))
            return
        if outcome.conflicts and verbosity >= 1:
            self.stdout.write(
                self.style.NOTICE(
                    f"{name}: kept the archivist's edits of {', '.join(outcome.conflicts)}; "
                    "the new values from the file were not applied"
                )
            )
        if outcome.result in ("created", "updated") and verbosity >= 2:
            self.stdout.write(f"{name}: {would}{outcome.result} {outcome.slug}")
        elif outcome.result == "unchanged" and verbosity >= 3:
            self.stdout.write(f"{name}: unchanged")
        if outcome.warnings and verbosity >= 2:
            self.stdout.write(self.style.WARNING(f"{name}: {len(outcome.warnings)} warning(s)"))
            if verbosity >= 3:
                for warning in outcome.warnings:
                    self.stdout.write(f"    {warning}")
        if outcome.people_created and verbosity >= 2:
            self.stdout.write(f"{name}: new unreviewed people: {', '.join(outcome.people_created)}")

    def summary(self, tally, people_created, authority_created, warnings, verbosity, dry_run):
        if verbosity < 1:
            return
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        line = (
            f"{prefix}created {tally['created']}, updated {tally['updated']}, "
            f"unchanged {tally['unchanged']}, failed {tally['failed']}, "
            f"duplicates {tally['duplicate']}, kept archivists' edits in {tally['kept edits']}; "
            f"people created {people_created} (and {authority_created} from the authority "
            f"file); "
            f"warnings {warnings}."
        )
        style = self.style.ERROR if tally["failed"] else self.style.SUCCESS
        self.stdout.write(style(line))
