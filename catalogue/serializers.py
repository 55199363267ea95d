"""The catalogue's export form of a document and a person.

One form, so that a harvested record, a downloaded one and an exported one always agree; the
README documents it. It comes in two readings:

- the archivists' (`document_to_dict`), used by `export_catalogue`, which keeps everything,
  drafts included, so that an import restores the catalogue;
- the public's (`public_document_dict`, `public_request_dict`), used by every surface a
  visitor or a program reaches: the JSON API, a document's `.json` download and the bulk
  downloads. It never names a draft: a request answered by a draft shows no answer.

Every function here reads only what `Document.objects.for_detail()` prefetches, so serialising a
page of documents costs a fixed number of queries.
"""

import re

from .models import Role, Status, format_partial_date


def person_ref(person, as_written=""):
    """{"name", "slug", "as_written"} for a person field, or None when there is nobody."""
    if person is None and not as_written:
        return None
    return {
        "name": person.name if person else None,
        "slug": person.slug if person else None,
        "as_written": as_written or (person.name if person else ""),
    }


def _time(value):
    return value.strftime("%H:%M") if value else None


def transmission_event(event):
    date = format_partial_date(event.date, event.date_precision)
    at = f"{date}T{_time(event.time)}" if date and event.time and len(date) == 10 else date
    return {
        "event": event.event,
        "at": at,
        "by": person_ref(event.by, event.by_as_written),
        "place": event.place,
        "note": event.note,
    }


def recipient(row):
    return {
        "name": row.person.name if row.person_id else None,
        "slug": row.person.slug if row.person_id else None,
        "as_written": row.name_as_written,
        "role": row.role,
        "copies": row.copies,
        "position": row.position,
    }


def request(row, public=False):
    """A request; ``public`` leaves out an answer that is still a draft."""
    answer = row.answered_by if row.answered_by_id else None
    if public and answer is not None and answer.status != Status.PUBLISHED:
        answer = None
    return {
        "number": row.number or None,
        "summary": row.summary,
        "text": row.text,
        "category": row.category,
        "status": row.status,
        "quantities": row.quantities,
        "asked_by": person_ref(row.asked_by),
        "asked_of": person_ref(row.asked_of),
        "answered_by": answer.slug if answer else None,
        "position": row.position,
    }


def enclosure(document):
    if not (
        document.enclosure_type
        or document.enclosure_author_id
        or document.enclosure_author_as_written
    ):
        return None
    return {
        "doc_type": document.enclosure_type or None,
        "author": person_ref(document.enclosure_author, document.enclosure_author_as_written),
        "addressee": person_ref(
            document.enclosure_addressee, document.enclosure_addressee_as_written
        ),
        "via": document.enclosure_via,
        "date": format_partial_date(document.enclosure_date, document.enclosure_date_precision),
        "place": document.enclosure_place,
        # Read from the prefetched recipients: no query of its own.
        "also_sent_to": [
            {
                "name": row.person.name if row.person_id else None,
                "slug": row.person.slug if row.person_id else None,
                "as_written": row.name_as_written,
            }
            for row in document.recipients.all()
            if row.role == Role.ALSO_SENT_TO
        ],
    }


def public_document_dict(document):
    """A document as the public sees it: the export form without a trace of drafts."""
    return document_to_dict(document, public=True)


def public_request_dict(row):
    """A request as the public sees it, with the document it belongs to (which must be
    published: the lists that use this show published documents only)."""
    data = request(row, public=True)
    data["document"] = {
        "slug": row.document.slug,
        "title": row.document.title,
        "date": row.document.date_iso,
    }
    data["anchor"] = row.anchor
    return data


_BRACKETED = re.compile(r"\[[^\[\]\n]*\]")


def mention(person, text):
    """{"name", "slug", "as_written"} of a person a document mentions: ``as_written`` is the
    one of the person's names (the name, then the variants and cover names, where they were
    prefetched) that the text writes first, in any case, in its own words before an editor's
    bracket ("Pak Heon-Yeong [Pak Hon Yong]" is written "Pak Heon-Yeong"); a name found only
    in brackets stands in when the text's own words have none; empty when none is written."""
    forms = [person.name]
    if "names" in getattr(person, "_prefetched_objects_cache", {}):
        forms += [n.name for n in person.names.all()]
    text = text or ""
    # The editor's brackets blanked out, offsets kept.
    own = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text) if "[" in text else text
    # The text with the editor's completions joined in ("Chai [Junwu]" is "Chai Junwu").
    unbracketed = text.replace("[", "").replace("]", "") if own is not text else ""
    folded = f"{text}\n{unbracketed}".casefold()
    best = None  # (own words / completed / in brackets only, position, order of the form)
    for order, form in enumerate(forms):
        if not form or form.casefold() not in folded:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)
        found = pattern.search(own)
        key = (0, found.start(), order) if found else None
        # "Chai [Junwu]": the editor completes the name the text cuts short.
        if key is None and (found := pattern.search(unbracketed or text)):
            key = (1, found.start(), order)
        if key is None and unbracketed and (found := pattern.search(text)):
            key = (2, found.start(), order)
        if key and (best is None or key < best[0]):
            best = (key, form)
    return {"name": person.name, "slug": person.slug, "as_written": best[1] if best else ""}


def document_to_dict(document, public=False):
    """The export form of one document (see README, "The export form"); ``public`` for the
    public's reading (see the module's docstring)."""
    return {
        "slug": document.slug,
        "title": document.title,
        "doc_type": document.doc_type,
        "reference_numbers": list(document.reference_numbers),
        "date": document.date_iso,
        "date_inferred": document.date_inferred,
        "transmission": [transmission_event(e) for e in document.transmission_events.all()],
        "urgency": document.urgency,
        "marks": list(document.marks),
        "place": document.place,
        "language": document.language,
        "author": person_ref(document.author, document.author_as_written),
        "sender": person_ref(document.sender, document.sender_as_written),
        "recipients": [recipient(row) for row in document.recipients.all()],
        "enclosure": enclosure(document),
        "requests": [request(row, public) for row in document.requests.all()],
        # Persons only, in every role; the bodies a document names have their own list.
        "people_mentioned": [mention(p, document.text) for p in document.mentioned_people],
        "bodies_mentioned": [mention(p, document.text) for p in document.mentioned_bodies],
        "text": document.text,
        "summary": document.summary,
        "source_citation": document.source_citation,
        "status": document.status,
        "synthetic": document.synthetic,
        "warnings": list(document.parser_warnings),
        "source": {"file": document.source_file, "sha256": document.content_hash or None},
    }


def person_to_dict(person):
    """The export form of one person; `names` must be prefetched."""
    return {
        "slug": person.slug,
        "name": person.name,
        "sort_name": person.sort_name,
        "kind": person.kind,
        "variants": [n.name for n in person.names.all() if n.kind == "variant"],
        "pseudonyms": [n.name for n in person.names.all() if n.kind == "pseudonym"],
        "description": person.description,
        "birth_year": person.birth_year,
        "death_year": person.death_year,
        "authority_id": person.authority_id,
        "reviewed": person.reviewed,
    }
