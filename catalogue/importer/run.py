"""One run of `import_seeds`: the Importer checks each file against what the catalogue holds
(unchanged, duplicate, new or changed) and writes it, new documents in batches."""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .. import seedparser
from ..dates import format_partial_date, normalise_newlines, parse_partial_date, stored_partial_date
from ..models import (
    Document,
    DocumentType,
    NameKind,
    Person,
    PersonKind,
    PersonName,
    PersonRedirect,
    Recipient,
    Request,
    RequestCategory,
    RequestStatus,
    Role,
    Status,
    TransmissionEvent,
    record_mentions_in_history,
)
from ..names import Authority, normalise
from .files import BadInput, ParsedFile, fingerprint, parse_in_windows
from .history import importer_user
from .sql import RowWriter, insert_rows

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

# Words that mark a name the authority file does not know as a body rather than a person.
ORGANISATION_WORDS = {
    "administration",
    "army",
    "bureau",
    "central",
    "committee",
    "council",
    "department",
    "directorate",
    "embassy",
    "government",
    "headquarters",
    "ministry",
    "politburo",
    "secretariat",
    "staff",
}


# Designations that stand for a post or an office, not a person: "Correspondent 20", "Agent 7",
# "No. 12". They stay as written on the document and are never turned into a Person.
DESIGNATION_RE = re.compile(
    r"^(?:(?:correspondent|agent|source|station|point|post|no|nr|number)\.?\s*)+"
    r"(?:no\.?\s*|#\s*|n\s*)?\d+[a-z]?$",
    re.IGNORECASE,
)
# A warning of this form means the parser itself failed on part of the file.
PARSER_ERROR = "parser error"


def is_designation(text):
    """True for a designation such as "Correspondent 20", "Agent No. 7" or "No. 12"."""
    return bool(DESIGNATION_RE.match(" ".join((text or "").split())))


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


def clip(value, model, field_name):
    """Cut a parsed string to its column's length (PostgreSQL refuses longer values)."""
    value = value or ""
    limit = model._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


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
        self.authority = None
        self.user = None
        self.people_notes = []
        self.created_now = []

    # --- setup ------------------------------------------------------------------------

    def prepare(self):
        """Load the authority file into the database and the caches every file needs."""
        self.user = importer_user()
        self.writer = RowWriter(self.user)
        self.authority = self.load_authority()
        self.person_id_by_slug = dict(Person.objects.values_list("slug", "pk"))
        self.slug_by_person_id = {pk: slug for slug, pk in self.person_id_by_slug.items()}
        self.person_id_by_slug.update(PersonRedirect.objects.values_list("old_slug", "person_id"))
        self.person_id_by_normalised = {}
        # Each person's names for search text: [(sort_name, name), name, variant, ...].
        self.people_names = {}
        # Each person's (sort_name, name, kind, reviewed), for the names in titles.
        self.title_names = {}
        for pk, name, sort_name, kind, reviewed in Person.objects.values_list(
            "pk", "name", "sort_name", "kind", "reviewed"
        ):
            self.person_id_by_normalised.setdefault(normalise(name), pk)
            self.people_names[pk] = [(sort_name, name), name]
            self.title_names[pk] = (sort_name, name, kind, reviewed)
        for pk, name, normalised in PersonName.objects.order_by("kind", "name").values_list(
            "person_id", "name", "normalised"
        ):
            self.person_id_by_normalised.setdefault(normalised, pk)
            self.people_names[pk].append(name)
        self.resolved = {}
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

    def load_authority(self):
        """Create or update the Person rows of the authority file (keyed by slug = key).

        A person an archivist has changed since the importer last wrote it is left alone, and
        names are only ever added, never removed. Returns the Authority for resolving names.
        """
        authority = self.read_authority()
        entries = list(authority.entries.values())
        keys = [entry.key for entry in entries]
        existing = {
            p.slug: p for p in Person.objects.filter(slug__in=keys).prefetch_related("names")
        }
        # A key whose person was merged into another (or renamed) keeps pointing there.
        redirected = set(
            PersonRedirect.objects.filter(old_slug__in=keys).values_list("old_slug", flat=True)
        )
        new_people, new_names = [], []
        for entry in entries:
            person = existing.get(entry.key)
            if person is None and entry.key in redirected:
                continue
            fields = {
                "name": entry.canonical_name,
                "sort_name": entry.sort_name or entry.canonical_name,
                "kind": entry.kind,
                "description": entry.description,
                "birth_year": entry.birth_year,
                "death_year": entry.death_year,
                "authority_id": entry.authority_id,
            }
            if person is None:
                person = Person(slug=entry.key, reviewed=True, **fields)
                new_people.append(person)
                known = set()
            else:
                changed = [name for name, value in fields.items() if getattr(person, name) != value]
                if changed and self.last_written_by_importer(person):
                    for name in changed:
                        setattr(person, name, fields[name])
                    person._history_user = self.user
                    person.save()
                elif changed:
                    self.people_notes.append(
                        f"{self.authority_path.name}: kept the archivist's edit of "
                        f"{person.slug} ({', '.join(changed)})"
                    )
                known = {n.name for n in person.names.all()}
            for kind, names in (
                (NameKind.VARIANT, entry.variants),
                (NameKind.PSEUDONYM, entry.pseudonyms),
            ):
                for name in names:
                    if name not in known and name != entry.canonical_name:
                        known.add(name)
                        new_names.append(
                            PersonName(
                                person=person, name=name, kind=kind, normalised=normalise(name)
                            )
                        )
        if new_people:
            bulk_create_with_history(new_people, Person, default_user=self.user)
        for name in new_names:
            name.person_id = name.person.pk
        if new_names:
            bulk_create_with_history(new_names, PersonName, default_user=self.user)
        self.authority_people_created = len(new_people)
        return authority

    def last_written_by_importer(self, person):
        latest = person.history.order_by("-history_date").first()
        return latest is None or latest.history_user_id == self.user.pk

    def read_authority(self):
        """The authority file, read and checked by `names.Authority`: the one reading of it,
        shared by the people written here, name resolving and the synthetic corpus. BadInput
        names the file and the line."""
        try:
            return Authority.from_csv(self.authority_path)
        except OSError as error:
            raise BadInput(
                f"{self.authority_path}: cannot read the authority file: {error.strerror}"
            ) from None
        except ValueError as error:
            raise BadInput(str(error)) from None

    # --- names ------------------------------------------------------------------------

    def resolve(self, name, created):
        """The Person id a parsed Name stands for, creating an unreviewed Person when no
        known name matches (its name is appended to `created`). None for non-people."""
        if name is None or not name.is_person or not (name.name or name.as_written).strip():
            return None
        cache_key = (name.editorial, name.name, name.as_written)
        if cache_key in self.resolved:
            return self.resolved[cache_key]
        if not name.editorial and (is_designation(name.name) or is_designation(name.as_written)):
            self.resolved[cache_key] = None
            return None
        # The editor's bracketed identification is the surest, then the cleaned name.
        candidates = [c for c in (name.editorial, name.name, name.as_written) if c]
        # "To the Council of Ministers of the USSR": the article is no part of the body's name.
        candidates += [c[4:] for c in candidates if c[:4].lower() == "the "]
        cover = seedparser.COVER_NAMES.get(normalise(name.name))
        if cover:
            candidates.append(cover)
        person_id = None
        for candidate in candidates:
            key = self.authority.resolve(candidate)
            if key and key in self.person_id_by_slug:
                person_id = self.person_id_by_slug[key]
                break
        if person_id is None:
            for candidate in candidates:
                person_id = self.person_id_by_normalised.get(normalise(candidate))
                if person_id:
                    break
        if person_id is None:
            person_id = self.create_person(name.editorial or name.name or name.as_written)
            created.append(name.editorial or name.name or name.as_written)
        self.resolved[cache_key] = person_id
        return person_id

    def create_person(self, display):
        """A Person for a name nobody knows yet: unreviewed, never merged with anyone."""
        display = clip(display.strip(), Person, "name")
        base = slugify(display)[:100] or "person"
        slug, n = base, 1
        while slug in self.person_id_by_slug:
            n += 1
            slug = f"{base}-{n}"
        words = set(re.findall(r"[a-z]+", display.lower()))
        kind = PersonKind.ORGANISATION if words & ORGANISATION_WORDS else PersonKind.PERSON
        person = Person(slug=slug, name=display, sort_name=display, kind=kind, reviewed=False)
        person._history_user = self.user
        person.save()
        self.person_id_by_slug[slug] = person.pk
        self.slug_by_person_id[person.pk] = slug
        self.created_now.append((slug, person.pk))
        self.person_id_by_normalised.setdefault(normalise(display), person.pk)
        self.people_names[person.pk] = [(display, display), display]
        self.title_names[person.pk] = (display, display, kind, False)
        return person.pk

    def short_name(self, name, created):
        """The form of a parsed Name in a title, from the Person it resolves to: the surname
        (sort name before its comma) of a Western name ("Stalin, Joseph" -> "Stalin"), the
        whole canonical name when the sort name has no comma (East Asian names: "Kim Il
        Sung", "Shi Zhe") and for bodies. A cover name keeps its written form with the person
        in brackets, as editors write it ("Filippov [Stalin]"). Names that resolve to no one,
        or to a person not yet reviewed, take the parser's own form."""
        info = self.title_names.get(self.resolve(name, created))
        if info is None:
            return seedparser.surname(name)
        sort_name, canonical, kind, reviewed = info
        if kind == PersonKind.ORGANISATION:
            return canonical
        if not reviewed:
            return seedparser.surname(name)
        head, comma, _given = sort_name.partition(",")
        short = head.strip() if comma else canonical
        written = name.name or ""
        if normalise(written) in seedparser.COVER_NAMES and normalise(written) != normalise(short):
            return f"{written} [{short}]"
        return short

    def slug_of(self, person_id):
        return self.slug_by_person_id.get(person_id) if person_id else None

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
        self.created_now = []
        slugs_before = set(self.document_slugs)
        try:
            with transaction.atomic():
                outcomes = self.create_many(batch)
        except Exception:  # noqa: BLE001 - retried file by file just below
            self.forget_created_people()
            self.document_slugs = slugs_before
            for item in batch:
                if self.source_by_hash.get(item.content_hash) == item.source_file:
                    del self.source_by_hash[item.content_hash]
            return [self.import_file(item) for item in batch]
        for item, outcome in zip(batch, outcomes, strict=True):
            self.documents_by_source[item.source_file] = (outcome.document_id, item.content_hash)
        self.created_now = []
        return outcomes

    def import_file(self, item: ParsedFile) -> Outcome:
        """Write one parsed file in its own transaction; never raises for a bad file.

        (A dry run wraps the whole run in an outer transaction that is rolled back, so the
        caches stay true from one file to the next.)"""
        outcome = self.check(item)
        if outcome:
            return outcome
        known = self.documents_by_source.get(item.source_file)
        self.created_now = []
        try:
            with transaction.atomic():
                outcome = self.update(known[0], item) if known else self.create_many([item])[0]
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            self.forget_created_people()
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            return Outcome(item.source_file, "failed", message=f"not imported: {message}")
        self.documents_by_source[item.source_file] = (outcome.document_id, item.content_hash)
        self.source_by_hash.setdefault(item.content_hash, item.source_file)
        self.created_now = []
        return outcome

    def forget_created_people(self):
        """After a rollback, drop from the caches the people the rolled-back file created."""
        gone = {pk for _slug, pk in self.created_now}
        for slug, _pk in self.created_now:
            self.person_id_by_slug.pop(slug, None)
        for pk in gone:
            self.slug_by_person_id.pop(pk, None)
        self.person_id_by_normalised = {
            n: pk for n, pk in self.person_id_by_normalised.items() if pk not in gone
        }
        self.resolved = {k: pk for k, pk in self.resolved.items() if pk not in gone}
        self.created_now = []

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
            values[field_name] = self.resolve(name, created)
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
                values[f"enclosure_{key}"] = self.resolve(name, created)
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
        mentioned = {self.resolve(name, created) for name in parsed.people_mentioned}
        if enclosure:
            mentioned.update(self.resolve(name, created) for name in enclosure.also_sent_to)
        for key, _as_written in self.authority.find_mentions(parsed.text):
            if key in self.person_id_by_slug:
                mentioned.add(self.person_id_by_slug[key])
        mentioned.discard(None)
        relations["people_mentioned"] = sorted(mentioned)
        if parsed.title and not any(PARSER_ERROR in w.lower() for w in parsed.warnings):
            title = seedparser.compose_title(parsed, lambda name: self.short_name(name, created))
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
            "person": self.resolve(row.name, created),
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
            "asked_by": self.resolve(row.asked_by, created),
            "asked_of": self.resolve(row.asked_of, created),
            "status": RequestStatus.UNKNOWN,
            "answered_by": None,
        }

    def event_row(self, event, created, warnings):
        return {
            "event": event.event if event.event in EVENTS else "sent",
            "date": self.partial_date(event.date, warnings, f"{event.event} date"),
            "time": event.time or None,
            "by": self.resolve(event.by, created),
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
            result[name] = self.slug_of(value) if name in PERSON_FIELDS else value
        result["recipients"] = [
            [self.slug_of(r["person"]), r["name_as_written"], r["role"], r["copies"]]
            for r in relations["recipients"]
        ]
        result["requests"] = [
            [
                r["number"],
                r["summary"],
                r["text"],
                r["category"],
                r["quantities"],
                self.slug_of(r["asked_by"]),
                self.slug_of(r["asked_of"]),
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
                self.slug_of(e["by"]),
                e["by_as_written"],
                e["place"],
                e["note"],
            ]
            for e in relations["transmission"]
        ]
        result["people_mentioned"] = sorted(
            self.slug_of(pk) or "" for pk in relations["people_mentioned"]
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
            (self.people_names[pk] for pk in person_ids if pk in self.people_names),
            key=lambda names: names[0],
        )
        return document.compose_search_text(
            [name for _sort_key, *names in people for name in names]
        )

    @staticmethod
    def refresh_search_text(document):
        # An update() rather than a save(): search text is derived and kept out of history.
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
