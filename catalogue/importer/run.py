"""One run of `import_seeds`: the Importer checks each file against what the catalogue holds
(unchanged, duplicate, new or changed) and writes it, new documents in batches."""

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import seedparser
from ..dates import format_partial_date, normalise_newlines, parse_partial_date, stored_partial_date
from ..models import (
    Document,
    DocumentType,
    Recipient,
    Request,
    RequestCategory,
    RequestStatus,
    Role,
    Status,
    TransmissionEvent,
    record_mentions_in_history,
)
from .files import ParsedFile, fingerprint, parse_in_windows
from .history import importer_user
from .people import PeopleIndex
from .sql import RowWriter, insert_rows
from .values import clip

# The keys of `Document.imported_values`: scalar fields first, then the related rows.
SCALAR_FIELDS = (
    "title",
    "doc_type",
    "reference_numbers",
    "date",
    "date_inferred",
    "urgency",
    "marks",
    "place",
    "author",
    "author_as_written",
    "sender",
    "sender_as_written",
    "enclosure_type",
    "enclosure_author",
    "enclosure_author_as_written",
    "enclosure_addressee",
    "enclosure_addressee_as_written",
    "enclosure_via",
    "enclosure_date",
    "enclosure_place",
    "text",
)
PERSON_FIELDS = ("author", "sender", "enclosure_author", "enclosure_addressee")
DATE_FIELDS = {"date": "date_precision", "enclosure_date": "enclosure_date_precision"}
RELATIONS = ("recipients", "requests", "transmission", "people_mentioned")

# The choices as sets: an enum's `.values` builds a new list on every use.
DOC_TYPES = frozenset(DocumentType.values)
ROLES = frozenset(Role.values)
REQUEST_CATEGORIES = frozenset(RequestCategory.values)
EVENTS = frozenset(TransmissionEvent.Event.values)


# A warning of this form means the parser itself failed on part of the file.
PARSER_ERROR = "parser error"


def publishable(values, warnings):
    """The publication policy for a new document: published when the parser read its core
    facts (a document type other than "other", a date, and an author or sender it could name)
    and did not fail; otherwise a draft. Other warnings stay on the document for archivists
    and mark it for review, but do not hold it back."""
    return (
        values["doc_type"] != DocumentType.OTHER
        and bool(values["date"])
        and bool(values["author"] or values["sender"])
        and not any(PARSER_ERROR in warning.lower() for warning in warnings)
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


def _lf_only(value):
    """VALUE (a snapshot's plain data) with every string's line ends normalised."""
    if isinstance(value, str):
        return normalise_newlines(value)
    if isinstance(value, list):
        return [_lf_only(v) for v in value]
    if isinstance(value, dict):
        return {k: _lf_only(v) for k, v in value.items()}
    return value


def _time(value):
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return datetime.time(int(hours), int(minutes))


class Importer:
    """Imports parsed seed files, keeping caches of people and documents across files so that
    a run of thousands of files costs a fixed handful of queries per file."""

    def __init__(self, *, force=False, authority_path=None):
        self.force = force
        self.authority_path = Path(authority_path or Path(settings.SEEDS_DIR) / "people.csv")
        self.user = None

    # --- setup ------------------------------------------------------------------------

    def prepare(self):
        """Load the authority file into the database and the caches every file needs."""
        self.user = importer_user()
        self.writer = RowWriter(self.user)
        self.people = PeopleIndex(self.authority_path, self.user)
        self.people.load()
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

    # --- names ------------------------------------------------------------------------

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
        (`map` or a process pool's `imap`)."""
        pending = []
        for entry in paths:
            path, root = entry if isinstance(entry, tuple) else (Path(entry), None)
            item = fingerprint(path, root)
            outcome = self.check(item)
            if outcome:
                yield outcome
            else:
                pending.append(item)
        yield from self.import_files(parse_in_windows(parse_all, pending), batch_size=batch_size)

    def import_files(self, items, *, batch_size=1):
        """Import parsed files, yielding an Outcome for each (not always in the given order).

        With batch_size 1 every file is written in its own transaction. A larger batch writes
        up to that many NEW documents, whole, in one transaction with one INSERT per table,
        which is several times faster; if anything in a batch fails, the batch is rolled back
        and its files are written again one by one, each in its own transaction, so a bad
        file is reported alone and never leaves half a document."""
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

    def build(self, item: ParsedFile):
        """The new values of a document from its parse: scalar fields, related rows, the
        warnings and the people created for unknown names."""
        parsed = item.parsed
        created = []
        warnings = list(item.warnings) + list(parsed.warnings)
        values = {
            "title": clip(parsed.title, Document, "title") or f"Untitled ({item.path.name})",
            "doc_type": parsed.doc_type if parsed.doc_type in DOC_TYPES else "other",
            "reference_numbers": [str(r) for r in parsed.reference_numbers],
            "date": self.partial_date(parsed.date, warnings, "date"),
            "date_inferred": bool(parsed.date_inferred),
            "urgency": clip(parsed.urgency, Document, "urgency"),
            "marks": [str(m) for m in parsed.marks],
            "place": clip(parsed.place, Document, "place"),
            "text": parsed.text,
        }
        if not parsed.title:
            warnings.append("The parser found no title; the file name stands in for it.")
        for field_name, name in (("author", parsed.author), ("sender", parsed.sender)):
            values[field_name] = self.people.resolve(name, created)
            values[f"{field_name}_as_written"] = clip(
                name.as_written if name else "", Document, f"{field_name}_as_written"
            )
        enclosure = parsed.enclosure
        values.update(
            {
                "enclosure_type": "",
                "enclosure_author": None,
                "enclosure_author_as_written": "",
                "enclosure_addressee": None,
                "enclosure_addressee_as_written": "",
                "enclosure_via": "",
                "enclosure_date": None,
                "enclosure_place": "",
            }
        )
        if enclosure:
            values["enclosure_type"] = (
                enclosure.doc_type if enclosure.doc_type in DOC_TYPES else "other"
            )
            for key, name in (("author", enclosure.author), ("addressee", enclosure.addressee)):
                values[f"enclosure_{key}"] = self.people.resolve(name, created)
                values[f"enclosure_{key}_as_written"] = clip(
                    name.as_written if name else "", Document, f"enclosure_{key}_as_written"
                )
            if enclosure.via:
                values["enclosure_via"] = clip(enclosure.via.name, Document, "enclosure_via")
            values["enclosure_date"] = self.partial_date(enclosure.date, warnings, "enclosure")
            values["enclosure_place"] = clip(enclosure.place, Document, "enclosure_place")

        recipients = [self.recipient_row(r, created) for r in parsed.recipients]
        if enclosure:
            # "A telegram of analogous content was sent to comrade MAO ZEDONG."
            recipients += [
                self.recipient_row(seedparser.Recipient(name=name, role=Role.ALSO_SENT_TO), created)
                for name in enclosure.also_sent_to
            ]
        relations = {
            "recipients": recipients,
            "requests": [self.request_row(r, created) for r in parsed.requests],
            "transmission": [self.event_row(e, created, warnings) for e in parsed.transmission],
        }
        mentioned = {self.people.resolve(name, created) for name in parsed.people_mentioned}
        if enclosure:
            mentioned.update(self.people.resolve(name, created) for name in enclosure.also_sent_to)
        for key, _as_written in self.people.authority.find_mentions(parsed.text):
            if key in self.people.person_id_by_slug:
                mentioned.add(self.people.person_id_by_slug[key])
        mentioned.discard(None)
        relations["people_mentioned"] = sorted(mentioned)
        if parsed.title and not any(PARSER_ERROR in w.lower() for w in parsed.warnings):
            title = seedparser.compose_title(
                parsed, lambda name: self.people.short_name(name, created)
            )
            values["title"] = clip(title, Document, "title")
        return values, relations, warnings, created

    def partial_date(self, value, warnings, what):
        try:
            parse_partial_date(value)
        except ValueError:
            warnings.append(f"The {what} {value!r} is not a date the catalogue can store.")
            return None
        return value or None

    def recipient_row(self, row, created):
        return {
            "person": self.people.resolve(row.name, created),
            "name_as_written": clip(
                row.name.as_written or row.name.name, Recipient, "name_as_written"
            )
            or "?",
            "role": row.role if row.role in ROLES else Role.DISTRIBUTION,
            "copies": max(1, int(row.copies or 1)),
        }

    def request_row(self, row, created):
        text = row.text or row.summary or ""
        return {
            "number": clip(row.number or "", Request, "number"),
            "summary": clip(row.summary or text[:200], Request, "summary") or "(no summary)",
            "text": text,
            "category": row.category if row.category in REQUEST_CATEGORIES else "other",
            "quantities": [
                dataclasses.asdict(q) if dataclasses.is_dataclass(q) else dict(q)
                for q in row.quantities
            ],
            "asked_by": self.people.resolve(row.asked_by, created),
            "asked_of": self.people.resolve(row.asked_of, created),
            "status": RequestStatus.UNKNOWN,
            "answered_by": None,
        }

    def event_row(self, event, created, warnings):
        return {
            "event": event.event if event.event in EVENTS else "sent",
            "date": self.partial_date(event.date, warnings, f"{event.event} date"),
            "time": event.time or None,
            "by": self.people.resolve(event.by, created),
            "by_as_written": clip(
                event.by.as_written if event.by else "", TransmissionEvent, "by_as_written"
            ),
            "place": clip(event.place, TransmissionEvent, "place"),
            "note": clip(event.note, TransmissionEvent, "note"),
        }

    # --- snapshots: the plain form kept in imported_values ------------------------------

    def snapshot(self, values, relations):
        """The JSON form of a document's importable values: persons as slugs, rows as lists."""
        result = {}
        for name in SCALAR_FIELDS:
            value = values[name]
            result[name] = self.people.slug_of(value) if name in PERSON_FIELDS else value
        result["recipients"] = [
            [self.people.slug_of(r["person"]), r["name_as_written"], r["role"], r["copies"]]
            for r in relations["recipients"]
        ]
        result["requests"] = [
            [
                r["number"],
                r["summary"],
                r["text"],
                r["category"],
                r["quantities"],
                self.people.slug_of(r["asked_by"]),
                self.people.slug_of(r["asked_of"]),
                r["status"],
                r["answered_by"],
            ]
            for r in relations["requests"]
        ]
        result["transmission"] = [
            [
                e["event"],
                e["date"],
                e["time"],
                self.people.slug_of(e["by"]),
                e["by_as_written"],
                e["place"],
                e["note"],
            ]
            for e in relations["transmission"]
        ]
        result["people_mentioned"] = sorted(
            self.people.slug_of(pk) or "" for pk in relations["people_mentioned"]
        )
        return result

    def current(self, document):
        """The values and relations of a document as they stand, in `build`'s form."""
        values = {}
        for name in SCALAR_FIELDS:
            if name in PERSON_FIELDS:
                values[name] = getattr(document, f"{name}_id")
            elif name in DATE_FIELDS:
                values[name] = format_partial_date(
                    getattr(document, name), getattr(document, DATE_FIELDS[name])
                )
            else:
                values[name] = getattr(document, name)
        relations = {
            "recipients": [
                {
                    "person": r.person_id,
                    "name_as_written": r.name_as_written,
                    "role": r.role,
                    "copies": r.copies,
                }
                for r in document.recipients.all()
            ],
            "requests": [
                {
                    "number": r.number,
                    "summary": r.summary,
                    "text": r.text,
                    "category": r.category,
                    "quantities": r.quantities,
                    "asked_by": r.asked_by_id,
                    "asked_of": r.asked_of_id,
                    "status": r.status,
                    "answered_by": r.answered_by_id,
                }
                for r in document.requests.all()
            ],
            "transmission": [
                {
                    "event": e.event,
                    "date": format_partial_date(e.date, e.date_precision),
                    "time": e.time.strftime("%H:%M") if e.time else None,
                    "by": e.by_id,
                    "by_as_written": e.by_as_written,
                    "place": e.place,
                    "note": e.note,
                }
                for e in document.transmission_events.all()
            ],
            "people_mentioned": sorted(p.pk for p in document.people_mentioned.all()),
        }
        return values, relations

    # --- writing ----------------------------------------------------------------------

    def set_values(self, document, values, names):
        for name in names:
            value = values[name]
            if name in PERSON_FIELDS:
                setattr(document, f"{name}_id", value)
            elif name in DATE_FIELDS:
                date, precision = stored_partial_date(value)
                setattr(document, name, date)
                setattr(document, DATE_FIELDS[name], precision)
            else:
                setattr(document, name, value)

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
            "recipients": (Recipient, self.new_recipient),
            "requests": (Request, self.new_request),
            "transmission": (TransmissionEvent, self.new_event),
        }[name]
        # Deleting one by one (not a raw delete) lets the history record each removal.
        for old in model.objects.filter(document=document):
            old._history_user = self.user
            old.delete()
        self.writer.create(model, [build(document, pos, row) for pos, row in enumerate(rows)])

    @staticmethod
    def new_recipient(document, position, row):
        return Recipient(
            document=document,
            person_id=row["person"],
            name_as_written=row["name_as_written"],
            role=row["role"],
            copies=row["copies"],
            position=position,
        )

    @staticmethod
    def new_request(document, position, row):
        return Request(
            document=document,
            number=row["number"],
            summary=row["summary"],
            text=row["text"],
            category=row["category"],
            quantities=row["quantities"],
            asked_by_id=row["asked_by"],
            asked_of_id=row["asked_of"],
            status=row["status"],
            answered_by_id=row["answered_by"],
            position=position,
        )

    @staticmethod
    def new_event(document, position, row):
        date, precision = stored_partial_date(row["date"])
        return TransmissionEvent(
            document=document,
            event=row["event"],
            date=date,
            date_precision=precision,
            time=_time(row["time"]),
            by_id=row["by"],
            by_as_written=row["by_as_written"],
            place=row["place"],
            note=row["note"],
            position=position,
        )

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
            values, relations, warnings, created = self.build(item)
            document = Document(
                slug=self.new_slug(values, item),
                status=Status.PUBLISHED if publishable(values, warnings) else Status.DRAFT,
                needs_review=bool(warnings),
                synthetic=item.synthetic,
                source_file=item.source_file,
                content_hash=item.content_hash,
                imported_at=timezone.now(),
                parser_warnings=warnings,
                imported_values=self.snapshot(values, relations),
            )
            self.set_values(document, values, SCALAR_FIELDS)
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
        for document, relations, outcome in zip(documents, relations_of, outcomes, strict=True):
            outcome.document_id = document.pk
            for position, row in enumerate(relations["recipients"]):
                rows[Recipient].append(self.new_recipient(document, position, row))
            for position, row in enumerate(relations["requests"]):
                rows[Request].append(self.new_request(document, position, row))
            for position, row in enumerate(relations["transmission"]):
                rows[TransmissionEvent].append(self.new_event(document, position, row))
            mentions += [
                through(document_id=document.pk, person_id=pk)
                for pk in relations["people_mentioned"]
            ]
        for model, objects in rows.items():
            self.writer.create(model, objects)
        insert_rows(through, mentions, with_pk=False)
        # The documents' first versions were written in bulk, before their mentions.
        record_mentions_in_history(Document.history.filter(id__in=[d.pk for d in documents]))
        return outcomes

    def update(self, document_id, item: ParsedFile) -> Outcome:
        document = Document.objects.for_detail().get(pk=document_id)
        values, relations, warnings, created = self.build(item)
        new = self.snapshot(values, relations)
        now_values, now_relations = self.current(document)
        # Line ends compared as "\n": a text imported with "\r\n" before they were normalised,
        # then saved in the admin (which normalises them), was not edited by anyone.
        now = _lf_only(self.snapshot(now_values, now_relations))
        previous = _lf_only(document.imported_values or {})
        applied, conflicts = [], []
        recorded = dict(previous)
        for key in (*SCALAR_FIELDS, *RELATIONS):
            if new[key] == now[key]:
                recorded[key] = new[key]
            elif key not in previous or now[key] == previous[key]:
                applied.append(key)
                recorded[key] = new[key]
            else:
                conflicts.append(key)
        scalars = [key for key in applied if key in SCALAR_FIELDS]
        self.set_values(document, values, scalars)
        for key in applied:
            if key in RELATIONS:
                self.write_relation(document, key, relations[key])
        metadata_changed = (
            warnings != document.parser_warnings
            or item.content_hash != document.content_hash
            or item.synthetic != document.synthetic
            or recorded != previous
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
            self.refresh_search_text(document)
        return Outcome(
            item.source_file,
            "updated" if applied else "unchanged",
            slug=document.slug,
            warnings=warnings,
            conflicts=conflicts,
            people_created=created,
            document_id=document.pk,
        )

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
        return document.compose_search_text(
            [name for _sort_key, *names in people for name in names]
        )

    @staticmethod
    def refresh_search_text(document):
        # An update() rather than a save(): search text is derived and kept out of history.
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
