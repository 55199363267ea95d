"""Restore an `export_catalogue` JSON file into an empty database.

People come first (with their variants and pseudonyms), then every document with its
transmission events, recipients, requests and people mentioned, as the archivists left them,
including the record of what the importer last wrote, so that a later `import_seeds` still
keeps their edits. Refuses a database that already holds documents or people. History is not
part of an export: restored documents and people start a new history under the user
`importer`.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalogue.importer import history_user, importer_user
from catalogue.models import (
    DatePrecision,
    Document,
    NameKind,
    Person,
    PersonName,
    Recipient,
    Request,
    TransmissionEvent,
    parse_partial_date,
)
from catalogue.names import normalise
from catalogue.pagecache import bump_generation


def partial(value):
    date, precision = parse_partial_date(value)
    return date, precision or DatePrecision.DAY


def event_time(at):
    """Date, precision and time from an export's "at" ("1952-07-17T18:45" or a partial date)."""
    if not at:
        return None, DatePrecision.DAY, None
    date_part, _, time_part = at.partition("T")
    date, precision = partial(date_part)
    time = datetime.time.fromisoformat(time_part) if time_part else None
    return date, precision, time


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A JSON file written by export_catalogue.")

    def handle(self, *args, file, verbosity, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{file}: not JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(data, dict) or not {"documents", "people"} <= set(data):
            raise CommandError(f'{file}: not an export (no "documents" and "people" lists)')
        if Document.objects.exists() or Person.objects.exists():
            raise CommandError(
                "The database is not empty: import_catalogue only restores into an empty "
                "catalogue (no documents and no people)."
            )
        self.pending_answers = []
        with transaction.atomic(), history_user(importer_user()):
            people = self.restore_people(data["people"])
            for number, item in enumerate(data["documents"], 1):
                try:
                    self.restore_document(item, people)
                except (KeyError, TypeError, ValueError) as error:
                    slug = item.get("slug") if isinstance(item, dict) else None
                    raise CommandError(f"{file}: document {number} ({slug}): {error!r}") from None
            documents = dict(Document.objects.values_list("slug", "pk"))
            for request_pk, slug in self.pending_answers:
                Request.objects.filter(pk=request_pk).update(answered_by_id=documents.get(slug))
        # The rows went in by bulk_create and update(), which send no signal.
        bump_generation()
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {len(data['documents'])} documents and {len(people)} people."
                )
            )

    def restore_people(self, items):
        people, names = {}, []
        for item in items:
            person = Person.objects.create(
                slug=item["slug"],
                name=item["name"],
                sort_name=item["sort_name"],
                kind=item["kind"],
                description=item["description"],
                birth_year=item["birth_year"],
                death_year=item["death_year"],
                authority_id=item["authority_id"],
                reviewed=item["reviewed"],
            )
            people[person.slug] = person
            for kind, key in ((NameKind.VARIANT, "variants"), (NameKind.PSEUDONYM, "pseudonyms")):
                names += [
                    PersonName(person=person, name=n, kind=kind, normalised=normalise(n))
                    for n in item[key]
                ]
        PersonName.objects.bulk_create(names)
        return people

    def restore_document(self, item, people):
        def person(ref):
            return people[ref["slug"]] if ref and ref.get("slug") else None

        def as_written(ref):
            return ref["as_written"] if ref else ""

        curation = item.get("curation", {})
        enclosure = item["enclosure"] or {}
        document = Document(
            slug=item["slug"],
            title=item["title"],
            doc_type=item["doc_type"],
            reference_numbers=item["reference_numbers"],
            date_inferred=item["date_inferred"],
            urgency=item["urgency"],
            marks=item["marks"],
            place=item["place"],
            language=item["language"],
            original_language=curation.get("original_language", ""),
            author=person(item["author"]),
            author_as_written=as_written(item["author"]),
            sender=person(item["sender"]),
            sender_as_written=as_written(item["sender"]),
            enclosure_type=enclosure.get("doc_type") or "",
            enclosure_author=person(enclosure.get("author")),
            enclosure_author_as_written=as_written(enclosure.get("author")),
            enclosure_addressee=person(enclosure.get("addressee")),
            enclosure_addressee_as_written=as_written(enclosure.get("addressee")),
            enclosure_via=enclosure.get("via") or "",
            enclosure_place=enclosure.get("place") or "",
            text=item["text"],
            summary=item["summary"],
            source_citation=item["source_citation"],
            status=item["status"],
            needs_review=curation.get("needs_review", False),
            synthetic=item["synthetic"],
            source_file=item["source"]["file"],
            content_hash=item["source"]["sha256"] or "",
            imported_at=curation.get("imported_at"),
            parser_warnings=item["warnings"],
            imported_values=curation.get("imported_values", {}),
        )
        document.date, document.date_precision = partial(item["date"])
        document.enclosure_date, document.enclosure_date_precision = partial(enclosure.get("date"))
        document.save()
        events = []
        for position, event in enumerate(item["transmission"]):
            date, precision, time = event_time(event["at"])
            events.append(
                TransmissionEvent(
                    document=document,
                    event=event["event"],
                    date=date,
                    date_precision=precision,
                    time=time,
                    by=person(event["by"]),
                    by_as_written=as_written(event["by"]),
                    place=event["place"],
                    note=event.get("note", ""),
                    position=position,
                )
            )
        TransmissionEvent.objects.bulk_create(events)
        Recipient.objects.bulk_create(
            Recipient(
                document=document,
                person=people.get(row["slug"]) if row["slug"] else None,
                name_as_written=row["as_written"],
                role=row["role"],
                copies=row["copies"],
                position=row["position"],
            )
            for row in item["recipients"]
        )
        # answered_by points at another document, perhaps not restored yet: linked afterwards.
        requests = []
        for position, row in enumerate(item["requests"]):
            request = Request(
                document=document,
                number=row["number"] or "",
                summary=row["summary"],
                text=row["text"],
                category=row["category"],
                status=row["status"],
                quantities=row["quantities"],
                asked_by=person(row.get("asked_by")),
                asked_of=person(row.get("asked_of")),
                position=row.get("position", position),
            )
            request.answered_by_slug = row.get("answered_by")
            requests.append(request)
        Request.objects.bulk_create(requests)
        for request in requests:
            if request.answered_by_slug:
                self.pending_answers.append((request.pk, request.answered_by_slug))
        document.people_mentioned.set([people[p["slug"]] for p in item["people_mentioned"]])
        document.search_text = document.build_search_text()
        Document.objects.filter(pk=document.pk).update(search_text=document.search_text)
