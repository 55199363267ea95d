"""The re-import rules: what a changed file may change in a document that already exists.

Each document remembers in `imported_values` what the last import wrote, in the plain form of
`snapshot` (persons as slugs, rows as lists). For each scalar field and each relation a new
import compares three values: what the new parse gives, what the document holds now, and what
the last import wrote. A value still equal to what the last import wrote takes the new value;
a value that differs was edited by an archivist and is kept (a conflict, which the command
reports). The publication status is never changed; new warnings raise "needs review".
"""

from dataclasses import dataclass

from ..dates import format_partial_date, normalise_newlines
from .values import DATE_FIELDS, PERSON_FIELDS, RELATIONS, SCALAR_FIELDS


@dataclass
class Reconciled:
    """The outcome of comparing a new parse with a document: the keys to write (`applied`),
    those an archivist edited and that are kept (`conflicts`), and the new `imported_values`
    (`recorded`), with what it was before (`previous`)."""

    applied: list[str]
    conflicts: list[str]
    recorded: dict
    previous: dict


def reconcile(document, values, relations, slug_of) -> Reconciled:
    """Compare the new VALUES and RELATIONS of DOCUMENT with what it holds now and what the
    last import wrote."""
    new = snapshot(values, relations, slug_of)
    now_values, now_relations = current(document)
    # Line ends compared as "\n": a text imported with "\r\n" before they were normalised,
    # then saved in the admin (which normalises them), was not edited by anyone.
    now = lf_only(snapshot(now_values, now_relations, slug_of))
    previous = lf_only(document.imported_values or {})
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
    return Reconciled(applied, conflicts, recorded, previous)


def snapshot(values, relations, slug_of):
    """The JSON form of a document's importable values: persons as slugs (SLUG_OF gives a
    person id's slug), rows as lists. This is what `imported_values` records."""
    result = {}
    for name in SCALAR_FIELDS:
        value = values[name]
        result[name] = slug_of(value) if name in PERSON_FIELDS else value
    result["recipients"] = [
        [slug_of(r["person"]), r["name_as_written"], r["role"], r["copies"]]
        for r in relations["recipients"]
    ]
    result["requests"] = [
        [
            r["number"],
            r["summary"],
            r["text"],
            r["category"],
            r["quantities"],
            slug_of(r["asked_by"]),
            slug_of(r["asked_of"]),
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
            slug_of(e["by"]),
            e["by_as_written"],
            e["place"],
            e["note"],
        ]
        for e in relations["transmission"]
    ]
    result["people_mentioned"] = sorted(slug_of(pk) or "" for pk in relations["people_mentioned"])
    return result


def current(document):
    """The values and relations of a document as they stand, in `document_values`'s form
    (its relations prefetched, as `Document.objects.for_detail()` does)."""
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


def lf_only(value):
    """VALUE (a snapshot's plain data) with every string's line ends normalised."""
    if isinstance(value, str):
        return normalise_newlines(value)
    if isinstance(value, list):
        return [lf_only(v) for v in value]
    if isinstance(value, dict):
        return {k: lf_only(v) for k, v in value.items()}
    return value
