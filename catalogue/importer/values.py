"""Parsed data to model field values: what a document's fields and related rows become.

`document_values` turns one parsed file into the values of its scalar fields (persons as ids,
dates in ISO partial form) and its related rows as plain dicts, resolving names through the
people index; `set_values` and the `new_*` functions turn those into model instances. The
same plain form is what `reconcile` compares and records.
"""

import dataclasses
import datetime
import functools
import re
from types import SimpleNamespace

from .. import seedparser
from ..dates import parse_partial_date, stored_partial_date
from ..models import (
    Document,
    DocumentType,
    Recipient,
    Request,
    RequestCategory,
    RequestStatus,
    Role,
    TransmissionEvent,
)

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


# A warning of this form says the parser read a core fact (type, date, sender) from the form
# of the text only, not from its words: an archivist confirms it before it is published.
TO_CONFIRM = "to confirm"
# The parser's own words for a type read only from the form ("document type from its form
# (...)"): the same uncertainty, so the same hold.
FROM_FORM = "from its form"


# The first line of a cipher office's heading: "8th Department of the General Staff ...",
# "SECOND MAIN ADMINISTRATION OF THE GENERAL STAFF ...".
OFFICE_HEADING_RE = re.compile(
    r"(?i)^\s*(?:\S+\s+){0,3}(?:department|administration|directorate|section|unit|office)"
    r"\s+of\s+the\b[^.]{0,120}$"
)


def after_office_heading(parsed):
    """The text a document mentions people and bodies in: all of it but the office heading
    at its top."""
    text = parsed.text or ""
    lines = text.split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is not None and OFFICE_HEADING_RE.match(lines[first]):
        return "\n".join(lines[first + 1 :])
    return text


def publishable(values, warnings):
    """The publication policy for a new document: published when the parser read its core
    facts (a document type other than "other", a date whose year the text states, and an
    author or sender it could name) and did not fail or read one of them from the form alone
    (a warning "... to confirm"); otherwise a draft. Other warnings stay on the document for
    archivists and mark it for review, but do not hold it back.

    A decision (a protocol's extract, a decree) is signed by no one: it speaks for the body
    whose protocol it is, which its heading names, so it needs no author or sender read."""
    return (
        values["doc_type"] != DocumentType.OTHER
        and bool(values["date"])
        and not values.get("date_inferred")
        and bool(
            values["author"] or values["sender"] or values["doc_type"] == DocumentType.DECISION
        )
        and not any(
            marker in warning.lower()
            for warning in warnings
            for marker in (PARSER_ERROR, TO_CONFIRM, FROM_FORM)
        )
    )


def _time(value):
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return datetime.time(int(hours), int(minutes))


def clip(value, model, field_name):
    """Cut a parsed string to its column's length (PostgreSQL refuses longer values)."""
    value = value or ""
    limit = _max_length(model, field_name)
    return value[:limit] if limit else value


@functools.cache
def _max_length(model, field_name):
    # Asked for every string of every file; a model's fields do not change while it runs.
    return model._meta.get_field(field_name).max_length


def document_values(item, people, reading=None):
    """The new values of a document from its parsed file ITEM: scalar fields, related rows,
    the warnings and the people created for unknown names (resolved through PEOPLE, a
    PeopleIndex). READING, a `reading.TextReading`, gives the authority keys the text names
    when they were read already."""
    return DocumentValues(item, people, reading).build()


class DocumentValues:
    """The values of one parsed file. Names are resolved in the order the fields are read, so
    the people an import creates, and their slugs, do not depend on anything else."""

    def __init__(self, item, people, reading=None):
        self.item, self.parsed, self.people = item, item.parsed, people
        self.reading = reading
        self.created = []
        self.warnings = list(item.warnings) + list(item.parsed.warnings)

    def resolve(self, name):
        return self.people.resolve(name, self.created)

    def build(self):
        values = self.scalar_values()
        values.update(self.enclosure_values())
        relations = {
            "recipients": self.recipient_rows(),
            "requests": [self.request_row(r) for r in self.parsed.requests],
            "transmission": [self.event_row(e) for e in self.parsed.transmission],
            "people_mentioned": self.people_mentioned(),
        }
        parsed = self.parsed
        if parsed.title and not any(PARSER_ERROR in w.lower() for w in parsed.warnings):
            title = seedparser.compose_title(
                parsed, lambda name: self.people.short_name(name, self.created)
            )
            values["title"] = clip(title, Document, "title")
        return values, relations, self.warnings, self.created

    def scalar_values(self):
        parsed = self.parsed
        values = {
            "title": clip(parsed.title, Document, "title") or f"Untitled ({self.item.path.name})",
            "doc_type": parsed.doc_type if parsed.doc_type in DOC_TYPES else "other",
            "reference_numbers": [str(r) for r in parsed.reference_numbers],
            "date": self.partial_date(parsed.date, "date"),
            "date_inferred": bool(parsed.date_inferred),
            "urgency": clip(parsed.urgency, Document, "urgency"),
            "marks": [str(m) for m in parsed.marks],
            "place": clip(parsed.place, Document, "place"),
            "text": parsed.text,
        }
        if not parsed.title:
            self.warnings.append("The parser found no title; the file name stands in for it.")
        for field_name, name in (("author", parsed.author), ("sender", parsed.sender)):
            values[field_name] = self.resolve(name)
            values[f"{field_name}_as_written"] = clip(
                name.as_written if name else "", Document, f"{field_name}_as_written"
            )
        return values

    def enclosure_values(self):
        """The fields of the document a telegram relays (empty when it relays none)."""
        values = {
            "enclosure_type": "",
            "enclosure_author": None,
            "enclosure_author_as_written": "",
            "enclosure_addressee": None,
            "enclosure_addressee_as_written": "",
            "enclosure_via": "",
            "enclosure_date": None,
            "enclosure_place": "",
        }
        enclosure = self.parsed.enclosure
        if not enclosure:
            return values
        values["enclosure_type"] = (
            enclosure.doc_type if enclosure.doc_type in DOC_TYPES else "other"
        )
        for key, name in (("author", enclosure.author), ("addressee", enclosure.addressee)):
            values[f"enclosure_{key}"] = self.resolve(name)
            values[f"enclosure_{key}_as_written"] = clip(
                name.as_written if name else "", Document, f"enclosure_{key}_as_written"
            )
        if enclosure.via:
            values["enclosure_via"] = clip(enclosure.via.name, Document, "enclosure_via")
        values["enclosure_date"] = self.partial_date(enclosure.date, "enclosure")
        values["enclosure_place"] = clip(enclosure.place, Document, "enclosure_place")
        return values

    def recipient_rows(self):
        rows = [self.recipient_row(r) for r in self.parsed.recipients]
        enclosure = self.parsed.enclosure
        if enclosure:
            # "A telegram of analogous content was sent to comrade MAO ZEDONG."
            rows += [
                self.recipient_row(seedparser.Recipient(name=name, role=Role.ALSO_SENT_TO))
                for name in enclosure.also_sent_to
            ]
        return rows

    def people_mentioned(self):
        """Ids of the people the parser found mentioned, those the relayed document also went
        to, and those the authority file finds named in the text after its heading."""
        parsed, people = self.parsed, self.people
        mentioned = {self.resolve(name) for name in parsed.people_mentioned}
        # "Malenkov Kaganovich": two people read as one name, each of them mentioned.
        for name in parsed.people_mentioned:
            mentioned.update(people.joined(name.name))
        if parsed.enclosure:
            mentioned.update(self.resolve(name) for name in parsed.enclosure.also_sent_to)
        # Not the heading: the office a document comes from is not mentioned in it.
        if self.reading is not None:
            keys = self.reading.people
        else:
            keys = [key for key, _ in people.authority.find_mentions(after_office_heading(parsed))]
        for key in keys:
            if key in people.person_id_by_slug:
                mentioned.add(people.person_id_by_slug[key])
        mentioned.discard(None)
        return sorted(mentioned)

    def partial_date(self, value, what):
        try:
            parse_partial_date(value)
        except ValueError:
            self.warnings.append(f"The {what} {value!r} is not a date the catalogue can store.")
            return None
        return value or None

    def recipient_row(self, row):
        return {
            "person": self.resolve(row.name),
            "name_as_written": clip(
                row.name.as_written or row.name.name, Recipient, "name_as_written"
            )
            or "?",
            "role": row.role if row.role in ROLES else Role.DISTRIBUTION,
            "copies": max(1, int(row.copies or 1)),
        }

    def request_row(self, row):
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
            "asked_by": self.resolve(row.asked_by),
            "asked_of": self.resolve(row.asked_of),
            "status": RequestStatus.UNKNOWN,
            "answered_by": None,
        }

    def event_row(self, event):
        return {
            "event": event.event if event.event in EVENTS else "sent",
            "date": self.partial_date(event.date, f"{event.event} date"),
            "time": event.time or None,
            "by": self.resolve(event.by),
            "by_as_written": clip(
                event.by.as_written if event.by else "", TransmissionEvent, "by_as_written"
            ),
            "place": clip(event.place, TransmissionEvent, "place"),
            "note": clip(event.note, TransmissionEvent, "note"),
        }


# --- plain values to model instances ---------------------------------------------------------


def set_values(document, values, names):
    """Set the fields NAMES of DOCUMENT from VALUES (persons as ids, dates in ISO form)."""
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


def plain_row(**values):
    """A row to insert, as `sql.insert_rows` reads it: the attributes of a model instance
    without the instance. Building a model instance sets every field through its descriptor,
    which cost the writer more than inserting the row."""
    return SimpleNamespace(id=None, pk=None, **values)


def new_recipient(document, position, row, make=Recipient):
    """A Recipient (or, with MAKE `plain_row`, a plain row to insert) of DOCUMENT."""
    return make(
        document_id=document.pk,
        person_id=row["person"],
        name_as_written=row["name_as_written"],
        role=row["role"],
        copies=row["copies"],
        position=position,
    )


def new_request(document, position, row, make=Request):
    return make(
        document_id=document.pk,
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


def new_event(document, position, row, make=TransmissionEvent):
    date, precision = stored_partial_date(row["date"])
    return make(
        document_id=document.pk,
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
