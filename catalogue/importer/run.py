"""One run of `import_seeds`: the Importer checks each file against what the catalogue holds
(unchanged, duplicate, new or changed) and writes it, new documents in batches."""

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import keptcounts, pairs, placecounts, threads
from ..models import (
    Document,
    Recipient,
    Request,
    Status,
    TransmissionEvent,
    record_mentions_in_history,
)
from .files import ParsedFile, fingerprint, parse_in_windows
from .history import importer_user
from .people import PeopleIndex
from .places import PlaceIndex
from .reading import TextReader, parse_and_read
from .reconcile import reconcile, snapshot
from .sql import RowWriter, insert_rows
from .values import (
    PERSON_FIELDS,
    RELATIONS,
    SCALAR_FIELDS,
    document_values,
    new_event,
    new_recipient,
    new_request,
    plain_row,
    publishable,
    set_values,
)


@dataclass
class Outcome:
    """What happened to one file."""

    source_file: str
    result: str  # created, updated, unchanged, duplicate, failed
    slug: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    document_id: int | None = None


class Importer:
    """Imports parsed seed files, keeping caches of people and documents across files so that
    a run of thousands of files costs a fixed handful of queries per file."""

    def __init__(self, *, force=False, authority_path=None, places_path=None):
        self.force = force
        self.authority_path = Path(authority_path or Path(settings.SEEDS_DIR) / "people.csv")
        # Optional: without a places file, documents link to the places already catalogued.
        self.places_path = Path(places_path or Path(settings.SEEDS_DIR) / "places.csv")
        self.user = None

    # --- setup ------------------------------------------------------------------------

    def prepare(self):
        """Load the authority file into the database and the caches every file needs."""
        self.user = importer_user()
        self.writer = RowWriter(self.user)
        self.people = PeopleIndex(self.authority_path, self.user)
        self.people.load()
        # People's names are never read as places in free text ("Kim", "Mao").
        not_places = [
            form
            for entry in self.people.authority.entries.values()
            for form in entry.written_forms()
        ]
        self.places = PlaceIndex(self.places_path, self.user, not_places)
        self.places.load()
        self.reader = TextReader(self.people.authority, self.places.authority)
        # The citations of the documents created in this run, as read beside the parser.
        self.citations = {}
        # One query for every known document: its file, hash and slug.
        self.documents_by_source = {}
        self.source_by_hash = {}
        self.document_slugs = set()
        for pk, source, content_hash, slug in Document.objects.values_list(
            "pk", "source_file", "content_hash", "slug"
        ):
            self.document_slugs.add(slug)
            if source:
                self.documents_by_source[source] = (pk, content_hash)
            if content_hash:
                self.source_by_hash.setdefault(content_hash, source or slug)

    # --- one file -----------------------------------------------------------------------

    def check(self, item: ParsedFile):
        """The outcome of a file that needs no writing (failed to read, unchanged, duplicate),
        or None when it must be imported."""
        if item.error:
            return Outcome(item.source_file, "failed", message=item.error)
        self.adopt_legacy_source(item)
        known = self.documents_by_source.get(item.source_file)
        if known and known[1] == item.content_hash and not self.force:
            return Outcome(item.source_file, "unchanged", document_id=known[0])
        other = self.source_by_hash.get(item.content_hash)
        if other and other != item.source_file:
            return Outcome(
                item.source_file,
                "duplicate",
                message=f"same content as {other}; not imported a second time",
            )
        return None

    def adopt_legacy_source(self, item: ParsedFile):
        """A document imported before source files were stored relative (under the file's
        absolute path) is renamed to the relative name, so a re-import finds it, rather than
        calling the file a duplicate, and the public pages stop showing the absolute path."""
        legacy = item.legacy_source
        if item.source_file in self.documents_by_source or legacy == item.source_file:
            return
        known = self.documents_by_source.pop(legacy, None)
        if known is None:
            return
        # Provenance, not catalogue data: an update() that leaves no history row.
        Document.objects.filter(pk=known[0]).update(source_file=item.source_file)
        self.documents_by_source[item.source_file] = known
        if self.source_by_hash.get(known[1]) == legacy:
            self.source_by_hash[known[1]] = item.source_file

    def import_paths(self, paths, *, batch_size=1, parse_all=map):
        """Import seed files, yielding an Outcome for each. PATHS holds (path, import root)
        pairs, as `collect_files` gives them, or bare paths (their folder is the root). Every
        file is hashed first and only the new or changed ones are parsed, with PARSE_ALL
        (`map` or a process pool's `imap`), which reads each text against the authorities
        too (see `reading`)."""
        pending = []
        for entry in paths:
            path, root = entry if isinstance(entry, tuple) else (Path(entry), None)
            item = fingerprint(path, root)
            outcome = self.check(item)
            if outcome:
                yield outcome
            else:
                pending.append(item)
        parsed = parse_in_windows(parse_and_read, pending, parse_all)
        yield from self.import_files(parsed, batch_size=batch_size)

    def import_files(self, items, *, batch_size=1):
        """Import parsed files, yielding an Outcome for each (not always in the given order).

        With batch_size 1 every file is written in its own transaction. A larger batch writes
        up to that many NEW documents, whole, in one transaction with one INSERT per table,
        which is several times faster; if anything in a batch fails, the batch is rolled back
        and its files are written again one by one, each in its own transaction, so a bad
        file is reported alone and never leaves half a document."""
        written = []
        for outcome in self._import_files(items, batch_size):
            if outcome.result in ("created", "updated") and outcome.document_id:
                written.append(outcome.document_id)
            yield outcome
        # Once every document is written, so that a citation finds a document of this run.
        with transaction.atomic():
            threads.refresh(written, self.citations)

    def _import_files(self, items, batch_size):
        batch = []
        for item in items:
            outcome = self.check(item)
            if outcome:
                yield outcome
            elif batch_size <= 1 or item.source_file in self.documents_by_source:
                yield self.import_file(item)
            else:
                # Claimed now, so that the same content later in the batch is a duplicate.
                self.source_by_hash[item.content_hash] = item.source_file
                batch.append(item)
                if len(batch) >= batch_size:
                    yield from self.import_batch(batch)
                    batch = []
        if batch:
            yield from self.import_batch(batch)

    def import_batch(self, batch):
        self.people.created_now = []
        slugs_before = set(self.document_slugs)
        try:
            with transaction.atomic():
                outcomes = self.create_many(batch)
        except Exception:  # noqa: BLE001 - retried file by file just below
            self.people.forget_created()
            self.document_slugs = slugs_before
            for item in batch:
                if self.source_by_hash.get(item.content_hash) == item.source_file:
                    del self.source_by_hash[item.content_hash]
            return [self.import_file(item) for item in batch]
        for item, outcome in zip(batch, outcomes, strict=True):
            self.documents_by_source[item.source_file] = (outcome.document_id, item.content_hash)
        self.people.created_now = []
        return outcomes

    def import_file(self, item: ParsedFile) -> Outcome:
        """Write one parsed file in its own transaction; never raises for a bad file.

        (A dry run wraps the whole run in an outer transaction that is rolled back, so the
        caches stay true from one file to the next.)"""
        outcome = self.check(item)
        if outcome:
            return outcome
        known = self.documents_by_source.get(item.source_file)
        self.people.created_now = []
        try:
            with transaction.atomic():
                outcome = self.update(known[0], item) if known else self.create_many([item])[0]
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            self.people.forget_created()
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            return Outcome(item.source_file, "failed", message=f"not imported: {message}")
        self.documents_by_source[item.source_file] = (outcome.document_id, item.content_hash)
        self.source_by_hash.setdefault(item.content_hash, item.source_file)
        self.people.created_now = []
        return outcome

    # --- writing ----------------------------------------------------------------------

    def write_relation(self, document, name, rows):
        """Replace one relation of an existing document (a re-import)."""
        if name == "people_mentioned":
            through = Document.people_mentioned.through
            through.objects.filter(document=document).delete()
            through.objects.bulk_create(
                [through(document_id=document.pk, person_id=pk) for pk in rows]
            )
            return
        model, build = {
            "recipients": (Recipient, new_recipient),
            "requests": (Request, new_request),
            "transmission": (TransmissionEvent, new_event),
        }[name]
        # Deleting one by one (not a raw delete) lets the history record each removal.
        for old in model.objects.filter(document=document):
            old._history_user = self.user
            old.delete()
        self.writer.create(model, [build(document, pos, row) for pos, row in enumerate(rows)])

    def new_slug(self, values, item):
        """A readable, stable slug: date, type and first reference, e.g.
        `1952-07-17-ciphered-telegram-502597`; a number is appended on a collision."""
        reference = (
            values["reference_numbers"][0].split("/")[0] if values["reference_numbers"] else ""
        )
        parts = [
            values["date"] or "undated",
            values["doc_type"].replace("_", "-"),
            slugify(reference) or slugify(item.path.stem)[:60],
        ]
        base = slugify("-".join(p for p in parts if p))[:190]
        slug, n = base, 1
        while slug in self.document_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.document_slugs.add(slug)
        return slug

    def create_many(self, items) -> list[Outcome]:
        """Insert new documents with all their rows: one INSERT per table, history included."""
        outcomes, documents, relations_of = [], [], []
        for item in items:
            reading = self.reading(item)
            values, relations, warnings, created = document_values(item, self.people, reading)
            document = Document(
                slug=self.new_slug(values, item),
                status=Status.PUBLISHED if publishable(values, warnings) else Status.DRAFT,
                needs_review=bool(warnings),
                synthetic=item.synthetic,
                source_file=item.source_file,
                content_hash=item.content_hash,
                imported_at=timezone.now(),
                parser_warnings=warnings,
                imported_values=snapshot(values, relations, self.people.slug_of),
            )
            set_values(document, values, SCALAR_FIELDS)
            # Read from the parsed place and text, which the document stores as they are.
            document.origin_place_id, places = reading.places
            relations = {**relations, "places_mentioned": places}
            document.search_text = self.search_text(document, values, relations)
            documents.append(document)
            relations_of.append(relations)
            outcomes.append(
                Outcome(
                    item.source_file,
                    "created",
                    slug=document.slug,
                    warnings=warnings,
                    people_created=created,
                )
            )
        self.writer.create(Document, documents)
        rows = {Recipient: [], Request: [], TransmissionEvent: []}
        through = Document.people_mentioned.through
        mentions = []
        place_through = Document.places_mentioned.through
        place_mentions = []
        for document, relations, outcome, item in zip(
            documents, relations_of, outcomes, items, strict=True
        ):
            outcome.document_id = document.pk
            self.citations[document.pk] = self.reading(item).citations
            # Plain rows: nothing reads these rows after they are inserted.
            for position, row in enumerate(relations["recipients"]):
                rows[Recipient].append(new_recipient(document, position, row, plain_row))
            for position, row in enumerate(relations["requests"]):
                rows[Request].append(new_request(document, position, row, plain_row))
            for position, row in enumerate(relations["transmission"]):
                rows[TransmissionEvent].append(new_event(document, position, row, plain_row))
            # Plain rows, not model instances: insert_rows reads only their attributes.
            mentions += [
                SimpleNamespace(document_id=document.pk, person_id=pk, pk=None)
                for pk in relations["people_mentioned"]
            ]
            place_mentions += [
                SimpleNamespace(document_id=document.pk, place_id=pk, pk=None)
                for pk in relations["places_mentioned"]
            ]
        for model, objects in rows.items():
            self.writer.create(model, objects)
        insert_rows(through, mentions, with_pk=False)
        insert_rows(place_through, place_mentions, with_pk=False)
        # Rows written in bulk send no signal: the places of the published ones count them.
        published = {d.pk for d in documents if d.status == Status.PUBLISHED}
        placecounts.recount(
            {d.origin_place_id for d in documents if d.pk in published}
            | {row.place_id for row in place_mentions if row.document_id in published}
        )
        # The documents' first versions were written in bulk, before their mentions.
        record_mentions_in_history(Document.history.filter(id__in=[d.pk for d in documents]))
        # Inserted in bulk, without signals: the network's counts are kept here, in the
        # same transaction.
        pairs.sync([d.pk for d in documents])
        # COPY sends no signal: the new documents are counted here, in their transaction.
        keptcounts.recount([d.pk for d in documents])
        return outcomes

    def reading(self, item: ParsedFile):
        """What the authorities find in the file's text, read here unless read beside the
        parser."""
        if item.reading is None:
            item.reading = self.reader.read(item)
        return item.reading

    def update(self, document_id, item: ParsedFile) -> Outcome:
        document = Document.objects.for_detail().get(pk=document_id)
        values, relations, warnings, created = document_values(
            item, self.people, self.reading(item)
        )
        result = reconcile(document, values, relations, self.people.slug_of)
        applied, conflicts, recorded = result.applied, result.conflicts, result.recorded
        scalars = [key for key in applied if key in SCALAR_FIELDS]
        set_values(document, values, scalars)
        for key in applied:
            if key in RELATIONS:
                self.write_relation(document, key, relations[key])
        metadata_changed = (
            warnings != document.parser_warnings
            or item.content_hash != document.content_hash
            or item.synthetic != document.synthetic
            or recorded != result.previous
        )
        if applied or metadata_changed:
            if warnings and warnings != document.parser_warnings:
                # New doubts deserve a look; raising the flag never undoes anyone's work.
                document.needs_review = True
            document.parser_warnings = warnings
            document.content_hash = item.content_hash
            document.imported_at = timezone.now()
            document.imported_values = recorded
            document.synthetic = item.synthetic
            document._history_user = self.user
            document.save()
        if applied:
            self.link_places(document)
            self.refresh_search_text(document)
            # Relations rewritten by COPY and the mentions' bulk insert send no signal.
            keptcounts.recount([document.pk])
        return Outcome(
            item.source_file,
            "updated" if applied else "unchanged",
            slug=document.slug,
            warnings=warnings,
            conflicts=conflicts,
            people_created=created,
            document_id=document.pk,
        )

    def link_places(self, document):
        """Link a changed document's place of origin and the places its text names again.
        Derived from the place as written and the text, like the search text: an archivist
        corrects the place or the text and the links follow at the next import."""
        origin, places = self.places.link(document.place, document.text)
        Document.objects.filter(pk=document.pk).update(origin_place_id=origin)
        # update() sends no signal; the places named are recounted by set()'s own.
        placecounts.origin_updated(document, origin)
        document.places_mentioned.set(places)

    def search_text(self, document, values, relations):
        """`Document.build_search_text()` composed from the caches, without its queries, for
        a document about to be inserted (a test checks the two agree)."""
        person_ids = {values[name] for name in PERSON_FIELDS}
        person_ids.update(row["person"] for row in relations["recipients"])
        person_ids.update(relations["people_mentioned"])
        person_ids.discard(None)
        people = sorted(
            (self.people.people_names[pk] for pk in person_ids if pk in self.people.people_names),
            key=lambda names: names[0],
        )
        places = self.places.search_names(
            [document.origin_place_id, *relations["places_mentioned"]]
        )
        return document.compose_search_text(
            [name for _sort_key, *names in people for name in names] + places
        )

    @staticmethod
    def refresh_search_text(document):
        # An update() rather than a save(): search text is derived and kept out of history.
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
