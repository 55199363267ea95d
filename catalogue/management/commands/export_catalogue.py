"""Export the whole catalogue as JSON or CSV.

JSON is {"documents": [...], "people": [...], "places": [...]} in the export form of
catalogue.serializers (the same form the public pages and the API give), plus, per document,
the places it comes from and names and the curation fields a restore needs
(`import_catalogue` reads this file back into an empty database), among them the archivists'
decisions on references. CSV is one row per document with the columns listed in the README.
Documents are read in chunks, so memory stays flat however large the catalogue.
"""

import contextlib
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import OuterRef, Prefetch, Q, Subquery

from catalogue import csvsafe
from catalogue.importer.history import IMPORTER_USERNAME
from catalogue.models import (
    AUTOMATIC_REFERENCE_STATUSES,
    Document,
    Person,
    Place,
    Reference,
    Role,
)
from catalogue.serializers import document_to_dict, person_to_dict

CHUNK = 500
DECIDED_FIELDS = [
    "document",
    "as_written",
    "number",
    "date",
    "direction",
    "kind",
    "status",
    "from_text",
    "target__slug",
]

CSV_COLUMNS = [
    "slug",
    "title",
    "doc_type",
    "reference_numbers",
    "date",
    "urgency",
    "place",
    "author",
    "sender",
    "recipients",
    "copies",
    "requests",
    "people_mentioned",
    "bodies_mentioned",
    "status",
    "needs_review",
    "synthetic",
    "warnings",
    "source_file",
    "sha256",
]


def curation(document):
    """What an archive restore needs beyond the public form: review flags and the record of
    what the importer last wrote (so that a later re-import still respects archivists' edits).
    """
    return {
        "needs_review": document.needs_review,
        "original_language": document.original_language,
        "imported_at": document.imported_at.isoformat() if document.imported_at else None,
        "imported_values": document.imported_values,
    }


def person_curation(person):
    """Whether an archivist was the last to change the person: a restore says so in the
    person's history, so that a later import of the authority file keeps the archivist's
    values instead of taking them for its own."""
    return {"edited_by_archivist": person.last_writer != IMPORTER_USERNAME}


def decided_references(document):
    """The archivist's part of a document's references, which no re-reading of the texts
    could give back: links confirmed or rejected, and links added by hand (the resolver's
    own rows are read from the texts again on restore)."""
    return [
        {
            "as_written": row.as_written,
            "number": row.number,
            "date": row.date.isoformat() if row.date else None,
            "direction": row.direction,
            "kind": row.kind,
            "target": row.target.slug if row.target_id else None,
            "status": row.status,
            "from_text": row.from_text,
        }
        for row in document.references_made.all()
    ]


def place_ref(place):
    return {"slug": place.slug, "name": place.name}


def export_document(document):
    """The export form plus what a restore needs: curation, and the places the document
    comes from and names (links an archivist may have corrected by hand)."""
    return {
        **document_to_dict(document),
        "origin_place": place_ref(document.origin_place) if document.origin_place_id else None,
        "places_mentioned": [
            place_ref(place) for place in sorted(document.places_mentioned.all(), key=_slug)
        ],
        "curation": {**curation(document), "references": decided_references(document)},
    }


def _slug(place):
    return place.slug


def export_place(place):
    """A place with every spelling and the old addresses that redirect to it, as archivists
    left them (those the authority file never had included); `names` and `redirects` must be
    prefetched."""
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "country_then": place.country_then,
        "country_now": place.country_now,
        "latitude": str(place.latitude) if place.latitude is not None else None,
        "longitude": str(place.longitude) if place.longitude is not None else None,
        "note": place.note,
        "names": sorted(n.name for n in place.names.all()),
        "redirects": sorted(r.old_slug for r in place.redirects.all()),
    }


def csv_row(document):
    """One CSV row; lists are joined with "; " and people given by name."""
    data = document_to_dict(document)
    names = "; ".join

    def who(ref):
        return (ref["name"] or ref["as_written"]) if ref else ""

    return [
        data["slug"],
        data["title"],
        data["doc_type"],
        names(data["reference_numbers"]),
        data["date"] or "",
        data["urgency"],
        data["place"],
        who(data["author"]),
        who(data["sender"]),
        names(recipient_cell(r) for r in data["recipients"]),
        # Whoever the relayed document also went to received no copy of this one.
        sum(r["copies"] for r in data["recipients"] if r["role"] != Role.ALSO_SENT_TO),
        len(data["requests"]),
        names(p["name"] for p in data["people_mentioned"]),
        names(p["name"] for p in data["bodies_mentioned"]),
        data["status"],
        document.needs_review,
        data["synthetic"],
        len(data["warnings"]),
        data["source"]["file"] or "",
        data["source"]["sha256"] or "",
    ]


class RawOutput:
    """The command's stdout without the newline Django's wrapper adds to every write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


def recipient_cell(row):
    """One recipient in the CSV: "Stalin (2)" for several copies, and "Mao Zedong (enclosure
    also sent to)" for someone the relayed document also went to."""
    name = row["name"] or row["as_written"]
    if row["role"] == Role.ALSO_SENT_TO:
        return f"{name} ({Role.ALSO_SENT_TO.label.lower()})"
    return f"{name} ({row['copies']})" if row["copies"] > 1 else name


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")

    def handle(self, *args, format, output, verbosity, **options):
        with contextlib.ExitStack() as stack:
            if output:
                try:
                    out = stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
                except OSError as error:
                    raise CommandError(f"{output}: cannot write: {error.strerror}") from None
            else:
                out = RawOutput(self.stdout)
            count = self.write_json(out) if format == "json" else self.write_csv(out)
        if output and verbosity >= 1:
            self.stderr.write(self.style.SUCCESS(f"Exported {count} documents to {output}."))

    @staticmethod
    def documents():
        # The mentioned people's names, so each mention says how the text writes it.
        decided = (
            Reference.objects.filter(
                Q(from_text=False) | ~Q(status__in=AUTOMATIC_REFERENCE_STATUSES)
            )
            .select_related("target")
            .only(*DECIDED_FIELDS)
        )
        return (
            Document.objects.for_detail()
            .select_related("origin_place")
            .prefetch_related(
                "people_mentioned__names",
                "places_mentioned",
                Prefetch("references_made", queryset=decided),
            )
            .order_by("pk")
            .iterator(chunk_size=CHUNK)
        )

    def write_json(self, out):
        count = 0
        out.write('{"documents": [')
        for count, document in enumerate(self.documents(), 1):
            out.write(",\n" if count > 1 else "\n")
            out.write(json.dumps(export_document(document), ensure_ascii=False))
        out.write('\n], "people": [')
        last_writer = (
            Person.history.filter(id=OuterRef("pk"))
            .order_by("-history_date", "-history_id")
            .values("history_user__username")[:1]
        )
        people = (
            Person.objects.prefetch_related("names")
            .annotate(last_writer=Subquery(last_writer))
            .order_by("pk")
            .iterator(chunk_size=CHUNK)
        )
        for n, person in enumerate(people, 1):
            out.write(",\n" if n > 1 else "\n")
            item = {**person_to_dict(person), "curation": person_curation(person)}
            out.write(json.dumps(item, ensure_ascii=False))
        out.write('\n], "places": [')
        places = Place.objects.prefetch_related("names", "redirects").order_by("pk")
        for n, place in enumerate(places.iterator(chunk_size=CHUNK), 1):
            out.write(",\n" if n > 1 else "\n")
            out.write(json.dumps(export_place(place), ensure_ascii=False))
        out.write("\n]}\n")
        return count

    def write_csv(self, out):
        # Cells a spreadsheet would run as formulas are written as text.
        writer = csvsafe.writer(out)
        writer.writerow(CSV_COLUMNS)
        count = 0
        for document in self.documents():
            writer.writerow(csv_row(document))
            count += 1
        return count
