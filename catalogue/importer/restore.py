"""What `import_catalogue` restores: an `export_catalogue` JSON file written back into an empty
catalogue.

People come first (with their variants and pseudonyms), then the places (with their spellings
and the old addresses that redirect to them), then every document with its transmission
events, recipients, requests, people mentioned and places it comes from and names, as the
archivists left them, including the record of what the importer last wrote
(`imported_values`), so that a later `import_seeds` still keeps their edits, and the
archivists' decisions on references (links confirmed or rejected, links added by hand), so
that a rejected suggestion stays rejected when the texts are read again. History is not part
of an export: what is restored starts a new history under the user `importer`.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from .. import pairs, placecounts, threads
from ..dates import DEFAULT_PRECISION, stored_partial_date
from ..models import (
    Document,
    NameKind,
    Person,
    PersonName,
    Place,
    PlaceName,
    PlaceRedirect,
    Recipient,
    Reference,
    Request,
    TransmissionEvent,
)
from ..names import normalise
from ..places import normalise as normalise_place
from .files import BadInput
from .history import history_user, importer_user


def event_time(at):
    """Date, precision and time from an export's "at" ("1952-07-17T18:45" or a partial date)."""
    if not at:
        return None, DEFAULT_PRECISION, None
    date_part, _, time_part = at.partition("T")
    date, precision = stored_partial_date(date_part)
    time = datetime.time.fromisoformat(time_part) if time_part else None
    return date, precision, time


def _decimal(value):
    return None if value is None else Decimal(value)


def restore(data):
    """Restore DATA, an export's {"documents": [...], "people": [...]}, in one transaction.
    Returns the numbers of documents and people restored. Raises BadInput naming the first
    document that cannot be restored (its number and slug); then nothing is written."""
    return Restorer().restore(data)


class Restorer:
    def __init__(self):
        self.people = {}
        self.places = {}
        # (request id, slug of the answering document), linked once every document is in.
        self.pending_answers = []

    def restore(self, data):
        # The places' counts are kept once, for the whole catalogue, at the end.
        with transaction.atomic(), history_user(importer_user()), placecounts.deferred():
            self.restore_people(data["people"])
            if "places" in data:
                self.restore_places(data["places"])
            else:
                # An export made before places were exported: link to those catalogued.
                self.places = {place.slug: place for place in Place.objects.all()}
            for number, item in enumerate(data["documents"], 1):
                try:
                    self.restore_document(item)
                except (KeyError, TypeError, ValueError) as error:
                    slug = item.get("slug") if isinstance(item, dict) else None
                    raise BadInput(f"document {number} ({slug}): {error!r}") from None
            documents = dict(Document.objects.values_list("slug", "pk"))
            for request_pk, slug in self.pending_answers:
                Request.objects.filter(pk=request_pk).update(answered_by_id=documents.get(slug))
            # The archivists' decisions on references first, so that reading the texts again
            # keeps them: a rejected suggestion stays rejected, a confirmed link stays alone.
            self.restore_references(data["documents"], documents)
            threads.refresh_all()
            # Recipients went in by bulk_create, which sends no signal.
            pairs.rebuild()
        return len(data["documents"]), len(self.people)

    @staticmethod
    def restore_references(items, documents):
        rows = []
        for item in items:
            for row in item.get("curation", {}).get("references", []):
                target = documents.get(row["target"]) if row["target"] else None
                if row["target"] and target is None:
                    continue  # the document decided on is not in this export
                rows.append(
                    Reference(
                        document_id=documents[item["slug"]],
                        as_written=row["as_written"],
                        number=row["number"],
                        date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
                        direction=row["direction"],
                        kind=row["kind"],
                        target_id=target,
                        status=row["status"],
                        from_text=row["from_text"],
                    )
                )
        Reference.objects.bulk_create(rows, batch_size=1000)

    def restore_people(self, items):
        names, edited = [], []
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
            self.people[person.slug] = person
            if item.get("curation", {}).get("edited_by_archivist"):
                edited.append(person.pk)
            for kind, key in ((NameKind.VARIANT, "variants"), (NameKind.PSEUDONYM, "pseudonyms")):
                names += [
                    PersonName(person=person, name=n, kind=kind, normalised=normalise(n))
                    for n in item[key]
                ]
        PersonName.objects.bulk_create(names)
        # The backup's history is gone; what the import of the authority file must still know
        # is who wrote each person last. A person an archivist had changed is recorded under no
        # user (as a change from outside the importer), so the next import keeps its values.
        Person.history.filter(id__in=edited).update(
            history_user=None, history_change_reason="restored: last changed by an archivist"
        )

    def restore_places(self, items):
        """The places exactly as exported: those the database holds already (loaded from the
        authority file by an earlier import) take the exported fields, spellings and
        redirects, and those the export lacks (merged away, or deleted) go; no document links
        to them yet."""
        exported = {item["slug"]: item for item in items}
        Place.objects.exclude(slug__in=exported).delete()
        existing = {place.slug: place for place in Place.objects.all()}
        PlaceRedirect.objects.all().delete()
        PlaceName.objects.filter(place__in=existing.values()).delete()
        names, redirects = [], []
        for slug, item in exported.items():
            place = existing.get(slug) or Place(slug=slug)
            place.name = item["name"]
            place.kind = item["kind"]
            place.country_then = item["country_then"]
            place.country_now = item["country_now"]
            place.latitude = _decimal(item["latitude"])
            place.longitude = _decimal(item["longitude"])
            place.note = item["note"]
            place.save()
            self.places[slug] = place
            names += [
                PlaceName(place=place, name=name, normalised=normalise_place(name))
                for name in item["names"]
            ]
            redirects += [PlaceRedirect(old_slug=old, place=place) for old in item["redirects"]]
        PlaceName.objects.bulk_create(names)
        PlaceRedirect.objects.bulk_create(redirects)

    def person(self, ref):
        return self.people[ref["slug"]] if ref and ref.get("slug") else None

    @staticmethod
    def as_written(ref):
        return ref["as_written"] if ref else ""

    def restore_document(self, item):
        document = self.new_document(item)
        document.save()
        self.restore_transmission(document, item["transmission"])
        Recipient.objects.bulk_create(
            Recipient(
                document=document,
                person=self.people.get(row["slug"]) if row["slug"] else None,
                name_as_written=row["as_written"],
                role=row["role"],
                copies=row["copies"],
                position=row["position"],
            )
            for row in item["recipients"]
        )
        self.restore_requests(document, item["requests"])
        # Exports before bodies had their own list carry them among the people.
        mentioned = item["people_mentioned"] + item.get("bodies_mentioned", [])
        document.people_mentioned.set([self.people[p["slug"]] for p in mentioned])
        through = Document.places_mentioned.through
        through.objects.bulk_create(
            through(document=document, place=self.places[ref["slug"]])
            for ref in item.get("places_mentioned", [])
        )
        document.search_text = document.build_search_text()
        Document.objects.filter(pk=document.pk).update(search_text=document.search_text)

    def new_document(self, item):
        person, as_written = self.person, self.as_written
        curation = item.get("curation", {})
        enclosure = item["enclosure"] or {}
        origin = item.get("origin_place")
        document = Document(
            slug=item["slug"],
            title=item["title"],
            doc_type=item["doc_type"],
            reference_numbers=item["reference_numbers"],
            date_inferred=item["date_inferred"],
            urgency=item["urgency"],
            marks=item["marks"],
            place=item["place"],
            origin_place=self.places[origin["slug"]] if origin else None,
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
        document.date, document.date_precision = stored_partial_date(item["date"])
        document.enclosure_date, document.enclosure_date_precision = stored_partial_date(
            enclosure.get("date")
        )
        return document

    def restore_transmission(self, document, events):
        rows = []
        for position, event in enumerate(events):
            date, precision, time = event_time(event["at"])
            rows.append(
                TransmissionEvent(
                    document=document,
                    event=event["event"],
                    date=date,
                    date_precision=precision,
                    time=time,
                    by=self.person(event["by"]),
                    by_as_written=self.as_written(event["by"]),
                    place=event["place"],
                    note=event.get("note", ""),
                    position=position,
                )
            )
        TransmissionEvent.objects.bulk_create(rows)

    def restore_requests(self, document, rows):
        # answered_by points at another document, perhaps not restored yet: linked afterwards.
        requests = []
        for position, row in enumerate(rows):
            request = Request(
                document=document,
                number=row["number"] or "",
                summary=row["summary"],
                text=row["text"],
                category=row["category"],
                status=row["status"],
                quantities=row["quantities"],
                asked_by=self.person(row.get("asked_by")),
                asked_of=self.person(row.get("asked_of")),
                position=row.get("position", position),
            )
            request.answered_by_slug = row.get("answered_by")
            requests.append(request)
        Request.objects.bulk_create(requests)
        for request in requests:
            if request.answered_by_slug:
                self.pending_answers.append((request.pk, request.answered_by_slug))
