"""Bulk downloads: the whole published catalogue as JSON and as CSV, and a Frictionless data
package descriptor (`datapackage.json`) that describes every field of every file.

Every file is streamed: rows are read with `QuerySet.iterator(chunk_size=...)` and written out a
chunk at a time, so the server's memory stays flat however large the catalogue grows (see
bench/bulk_memory.py). The CSV files are flat tables joined by slugs; the JSON file holds each
document in the public's export form (catalogue/serializers.py), the same as the API's.

The CSV columns are declared once, below, and both the files and the descriptor are made from
those declarations, so the description cannot drift from the data.
"""

import io
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from .. import csvsafe, keptcounts
from ..models import (
    Document,
    DocumentType,
    Person,
    PersonCount,
    Recipient,
    Request,
    Status,
    TransmissionEvent,
    format_partial_date,
)
from ..serializers import person_to_dict, public_document_dict

CHUNK_SIZE = 500


@dataclass(frozen=True)
class Column:
    """One CSV column: its Table Schema name, type and description, and how to read it from a
    row of `.values()` (one lookup, or several passed to `convert`)."""

    name: str
    type: str
    description: str
    lookups: tuple = ()
    convert: object = None

    def value(self, row):
        values = [row[lookup] for lookup in self.lookups or (self.name,)]
        if self.convert:
            return self.convert(*values)
        value = values[0]
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else value


def as_json(value):
    return json.dumps(value, ensure_ascii=False)


def partial_date(date, precision):
    return format_partial_date(date, precision) or ""


def utc(moment):
    return moment.isoformat().replace("+00:00", "Z")


def person_columns(prefix, who):
    return [
        Column(
            f"{prefix}_slug",
            "string",
            f"Slug of {who} in people.csv, if identified.",
            (f"{prefix}__slug",),
        ),
        Column(f"{prefix}_as_written", "string", f"{who.capitalize()} as the document writes it."),
    ]


DATE_NOTE = "ISO 8601, as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD."


@dataclass(frozen=True)
class Table:
    """A CSV file of the package: its rows and its Table Schema."""

    name: str
    title: str
    columns: list
    primary_key: list
    foreign_keys: list

    def rows(self):
        lookups = [lookup for c in self.columns for lookup in c.lookups or (c.name,)]
        return self.queryset().values(*dict.fromkeys(lookups))

    def queryset(self):
        return TABLE_QUERYSETS[self.name]()

    def schema(self):
        return {
            "fields": [
                {"name": c.name, "type": c.type, "description": c.description} for c in self.columns
            ],
            "primaryKey": self.primary_key,
            "foreignKeys": [
                {"fields": field, "reference": {"resource": resource, "fields": "slug"}}
                for field, resource in self.foreign_keys
            ],
        }


DOCUMENTS = Table(
    "documents",
    "Published documents, one row each",
    [
        Column("slug", "string", "Stable identifier; the document's page is /documents/SLUG/."),
        Column("title", "string", "Title given by the catalogue."),
        Column(
            "doc_type",
            "string",
            "Type of document: " + ", ".join(DocumentType.values) + ".",
        ),
        Column(
            "reference_numbers",
            "array",
            "The document's own numbers exactly as written, as a JSON array of strings.",
            convert=as_json,
        ),
        Column(
            "date",
            "string",
            f"The document's own date. {DATE_NOTE}",
            ("date", "date_precision"),
            partial_date,
        ),
        Column("date_inferred", "boolean", "true when the catalogue inferred the date."),
        Column("urgency", "string", "Urgency as written, e.g. 'Extremely Urgent'."),
        Column(
            "marks", "array", "Other marks as written, as a JSON array of strings.", convert=as_json
        ),
        Column("place", "string", "Place of origin."),
        Column("language", "string", "Language of the text held here."),
        Column("original_language", "string", "Language the document was written in, if known."),
        *person_columns("author", "the author"),
        *person_columns("sender", "the sender or signatory"),
        Column("enclosure_type", "string", "Type of an enclosed document this one relays."),
        *person_columns("enclosure_author", "the enclosure's author"),
        *person_columns("enclosure_addressee", "the enclosure's addressee"),
        Column("enclosure_via", "string", "Intermediary of the enclosure."),
        Column(
            "enclosure_date",
            "string",
            f"Date of the enclosure. {DATE_NOTE}",
            ("enclosure_date", "enclosure_date_precision"),
            partial_date,
        ),
        Column("enclosure_place", "string", "Place of the enclosure."),
        Column("summary", "string", "The archivists' summary."),
        Column("text", "string", "Full text as translated, layout kept (line breaks included)."),
        Column(
            "source_citation",
            "string",
            "Where the original is held and where this translation was published.",
        ),
        Column("synthetic", "boolean", "true for generated load-test records, never real."),
        Column("modified", "datetime", "When the record last changed (UTC).", convert=utc),
    ],
    ["slug"],
    [
        ("author_slug", "people"),
        ("sender_slug", "people"),
        ("enclosure_author_slug", "people"),
        ("enclosure_addressee_slug", "people"),
    ],
)

PEOPLE = Table(
    "people",
    "People and bodies named in the published documents, one row each",
    [
        Column("slug", "string", "Stable identifier; the person's page is /people/SLUG/."),
        Column("name", "string", "Canonical name."),
        Column("sort_name", "string", "Name as it sorts, surname first."),
        Column("kind", "string", "person or organisation."),
        Column("description", "string", "One line saying who this is."),
        Column("birth_year", "integer", "Year of birth, if known."),
        Column("death_year", "integer", "Year of death, if known."),
        Column("authority_id", "string", "Identifier in an external authority file, if verified."),
        Column(
            "reviewed",
            "boolean",
            "false for records an import created that no archivist has checked yet.",
        ),
    ],
    ["slug"],
    [],
)

RECIPIENTS = Table(
    "recipients",
    "Who each published document went to, one row per recipient",
    [
        Column("document_slug", "string", "The document, in documents.csv.", ("document__slug",)),
        Column("position", "integer", "Order in the document, from 0."),
        Column(
            "person_slug",
            "string",
            "The person, in people.csv; empty for entries such as 'File'.",
            ("person__slug",),
        ),
        Column("name_as_written", "string", "Exactly as the text has it."),
        Column("role", "string", "addressee, copy, forwarded_to, via or distribution."),
        Column("copies", "integer", "Number of copies."),
    ],
    ["document_slug", "position"],
    [("document_slug", "documents"), ("person_slug", "people")],
)

REQUESTS = Table(
    "requests",
    "Requests the published documents make, one row each",
    [
        Column("document_slug", "string", "The document, in documents.csv.", ("document__slug",)),
        Column("position", "integer", "Order in the document, from 0."),
        Column("number", "string", "The number as written ('1', 'a'); empty if none."),
        Column("summary", "string", "What is asked, in a line."),
        Column("text", "string", "The full paragraph as written."),
        Column("category", "string", "Subject of the request."),
        Column("status", "string", "unknown, granted, partly_granted or refused."),
        Column(
            "quantities",
            "array",
            "Quantities the text gives, as a JSON array of {amount, unit, note}.",
            convert=as_json,
        ),
        Column("asked_by_slug", "string", "Who asks, in people.csv.", ("asked_by__slug",)),
        Column("asked_of_slug", "string", "Who is asked, in people.csv.", ("asked_of__slug",)),
        Column(
            "answered_by_slug",
            "string",
            "The document that answered it, if known and published.",
            ("answered_by__slug", "answered_by__status"),
            lambda slug, status: slug if status == Status.PUBLISHED else "",
        ),
    ],
    ["document_slug", "position"],
    [("document_slug", "documents"), ("asked_by_slug", "people"), ("asked_of_slug", "people")],
)

TRANSMISSION = Table(
    "transmission",
    "Steps in the published documents' transmission: sent, received, deciphered, typed",
    [
        Column("document_slug", "string", "The document, in documents.csv.", ("document__slug",)),
        Column("position", "integer", "Order of the step, from 0."),
        Column("event", "string", "sent, received, forwarded, deciphered, typed or dispatched."),
        Column(
            "date",
            "string",
            f"Date of the step. {DATE_NOTE}",
            ("date", "date_precision"),
            partial_date,
        ),
        Column(
            "time",
            "string",
            "Local time as written, HH:MM.",
            ("time",),
            lambda t: t.strftime("%H:%M") if t else "",
        ),
        Column("by_slug", "string", "Who, in people.csv.", ("by__slug",)),
        Column("by_as_written", "string", "Who, as written."),
        Column("place", "string", "Where."),
        Column("note", "string", "Anything else as written."),
    ],
    ["document_slug", "position"],
    [("document_slug", "documents"), ("by_slug", "people")],
)

TABLE_QUERYSETS = {
    "documents": lambda: Document.objects.published().order_by("pk"),
    "people": lambda: Person.objects.public().order_by("pk"),
    "recipients": lambda: Recipient.objects.filter(document__status=Status.PUBLISHED).order_by(
        "document_id", "position"
    ),
    "requests": lambda: Request.objects.published().order_by("document_id", "position"),
    "transmission": lambda: TransmissionEvent.objects.filter(
        document__status=Status.PUBLISHED
    ).order_by("document_id", "position"),
}
TABLES = {t.name: t for t in (DOCUMENTS, PEOPLE, RECIPIENTS, REQUESTS, TRANSMISSION)}


def csv_chunks(table, chunk_size=None):
    """The CSV file of a table, a chunk of rows at a time."""
    chunk_size = chunk_size or CHUNK_SIZE
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow([c.name for c in table.columns])
    for n, row in enumerate(table.rows().iterator(chunk_size=chunk_size), start=1):
        writer.writerow([c.value(row) for c in table.columns])
        if n % chunk_size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(objects, to_dict, chunk_size=None):
    """A JSON array of `to_dict(object)`, a chunk of objects at a time."""
    chunk_size = chunk_size or CHUNK_SIZE
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    parts = ["["]
    for n, obj in enumerate(objects.iterator(chunk_size=chunk_size)):
        parts.append(("," if n else "") + "\n" + encoder.encode(to_dict(obj)))
        if len(parts) >= chunk_size:
            yield "".join(parts)
            parts = []
    parts.append("\n]\n")
    yield "".join(parts)


def published_documents_for_export():
    # for_detail's prefetches run once per chunk of the iterator, not once per document.
    return Document.objects.published().for_detail().order_by("pk")


JSON_FILES = {
    "documents": (published_documents_for_export, public_document_dict),
    "people": (
        lambda: Person.objects.public().prefetch_related("names").order_by("pk"),
        person_to_dict,
    ),
}


def attachment(chunks, filename, content_type):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class CsvDownloadView(View):
    http_method_names = ["get", "head"]

    def get(self, request, name):
        if name not in TABLES:
            raise Http404(f"No CSV file called {name}.csv")
        return attachment(csv_chunks(TABLES[name]), f"{name}.csv", "text/csv; charset=utf-8")


class JsonDownloadView(View):
    http_method_names = ["get", "head"]

    def get(self, request, name):
        if name not in JSON_FILES:
            raise Http404(f"No JSON file called {name}.json")
        queryset, to_dict = JSON_FILES[name]
        return attachment(
            json_chunks(queryset(), to_dict), f"{name}.json", "application/json; charset=utf-8"
        )


def datapackage(request):
    """The Frictionless data package descriptor of every download (no query)."""

    def url(kind, name):
        return request.build_absolute_uri(reverse(f"api:download-{kind}", args=[name]))

    resources = [
        {
            "name": table.name,
            "title": table.title,
            "path": url("csv", table.name),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table.schema(),
        }
        for table in TABLES.values()
    ]
    api_schema = request.build_absolute_uri(reverse("api:openapi"))
    resources += [
        {
            "name": "documents-json",
            "title": "Published documents in the catalogue's export form",
            "path": url("json", "documents"),
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "description": "A JSON array with one object per published document, nested as "
            "the API serves it (recipients, requests and transmission inside each document). "
            f"Every field is described by the Document schema of {api_schema}.",
        },
        {
            "name": "people-json",
            "title": "People and bodies named in the published documents, in the catalogue's "
            "export form",
            "path": url("json", "people"),
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "description": "A JSON array with one object per person, with name variants and "
            f"pseudonyms. Every field is described by the Person schema of {api_schema}.",
        },
    ]
    descriptor = {
        "profile": "data-package",
        "name": "cold-war-documents",
        "title": "Cold War Documents Catalogue",
        "description": "Translated Soviet, Chinese and Korean documents of 1945-1955 as "
        "published in the catalogue: documents, the people in them, their recipients, "
        "transmission and the requests they make.",
        "homepage": request.build_absolute_uri("/"),
        "resources": resources,
    }
    response = JsonResponse(descriptor, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


class DownloadsView(TemplateView):
    """The page that lists every download and the other ways in for programs (the API, its
    OpenAPI description, OAI-PMH, the feed), so that people find them without reading code.

    Three counts give the size of the catalogue; the tables of recipients and transmission
    steps, which can run to a million rows, are described rather than counted.
    """

    template_name = "catalogue/downloads.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The kept counts (catalogue/keptcounts.py): two queries, no pass over the catalogue.
        kept = keptcounts.catalogue_counts()
        counts = {
            "documents": kept.get("documents", 0),
            "people": PersonCount.objects.count(),
            "requests": sum(keptcounts.prefixed(kept, "category").values()),
        }
        context["counts"] = counts
        context["tables"] = [
            {
                "table": table,
                "url": reverse("api:download-csv", args=[table.name]),
                "rows": counts.get(table.name),
                "columns": len(table.columns),
            }
            for table in TABLES.values()
        ]
        context["json_files"] = [
            {
                "name": name,
                "url": reverse("api:download-json", args=[name]),
                "rows": counts[name],
            }
            for name in JSON_FILES
        ]
        return context
