"""Threads: the documents a document cites, stored as References and resolved to the catalogue.

`catalogue.references` reads citations from a text (pure); this module keeps them as rows and
matches them to documents. A citation resolves to a document that carries the cited number as
one of its own (or, for a citation by date alone, the cited date) and fits: dated on or before
the citing document and, for a reply or a citation by date alone, sharing a party with it (the
question's writer or addressee is the reply's addressee or writer). One fitting document makes
a LINKED row; several make SUGGESTED rows for an archivist; none, a MISSING row.

The resolver only rewrites the rows it owns (missing, linked, suggested). A CONFIRMED or
REJECTED row is an archivist's decision: it is never changed, and a rejected candidate is never
suggested again for that citation, whatever a later import or resolution finds.

`refresh(document_ids)` is what runs after an import: it reads the citations of the documents
written and resolves them, then resolves again every citation elsewhere that names one of
their numbers or dates, so that a reply imported before its question links when the question
arrives.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from .models import (
    AUTOMATIC_REFERENCE_STATUSES,
    Document,
    Recipient,
    Reference,
    ReferenceDirection,
    ReferenceStatus,
    Request,
    Role,
    Status,
)
from .references import find_references, normalise_number

# Directions that name the party the citing document answers or acts upon: a match by date
# alone, or any reply, must share a party with the citing document.
PARTY_BOUND = {ReferenceDirection.REPLY_TO}
# Documents whose texts are read at once.
SYNC_CHUNK = 2000


# Ids per "IN (...)" list: SQLite allows 32,766 parameters in one statement.
IN_CHUNK = 10_000


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


def number_key(number: str) -> str:
    """The form a number is matched in: as `references.normalise_number` gives it, lower-case,
    so "No. 439/SH." meets a document numbered "439/sh"."""
    return normalise_number(number).casefold()


# ---------------------------------------------------------------------------
# Reading citations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A citation's identity on its document: what the resolver matches, and what an
    archivist's decisions on it are remembered by."""

    number: str
    date: datetime.date | None
    direction: str


def read_citations(document) -> dict[Citation, tuple[str, str]]:
    """The citations of a document's text, each with (as written, kind)."""
    return citations_in(document.text, document.date)


def citations_in(text, date) -> dict[Citation, tuple[str, str]]:
    """The citations of TEXT written on DATE (a date or None), each with (as written, kind)."""
    found = {}
    date = date.isoformat() if date else None
    for ref in find_references(text, date=date):
        cited_date = None
        if len(ref.date) == 10:
            cited_date = datetime.date.fromisoformat(ref.date)
        key = Citation(number_key(ref.number) if ref.number else "", cited_date, ref.direction)
        found.setdefault(key, (ref.as_written[:500], ref.kind[:100]))
    return found


def sync_citations(documents, read=None) -> None:
    """Bring the References read from each document's text in step with the text: citations
    the text no longer makes lose their automatic rows; new ones get a MISSING row that
    `resolve` then matches. Rows an archivist decided or added are kept. READ maps a
    document id to its citations when they were read already (see `refresh`)."""
    documents = list(documents)
    read = read or {}
    existing = defaultdict(list)
    for row in Reference.objects.filter(document__in=documents):
        existing[row.document_id].append(row)
    stale, new = [], []
    for document in documents:
        found = read[document.pk] if document.pk in read else read_citations(document)
        seen = set()
        for row in existing[document.pk]:
            key = Citation(row.number, row.date, row.direction)
            seen.add(key)
            if key not in found and row.from_text and row.status in AUTOMATIC_REFERENCE_STATUSES:
                stale.append(row.pk)
        for key, (as_written, kind) in found.items():
            if key not in seen:
                new.append(
                    Reference(
                        document=document,
                        as_written=as_written,
                        number=key.number,
                        date=key.date,
                        direction=key.direction,
                        kind=kind,
                    )
                )
    for chunk in _chunks(stale):
        Reference.objects.filter(pk__in=chunk).delete()
    Reference.objects.bulk_create(new, batch_size=1000)


# ---------------------------------------------------------------------------
# Resolving
# ---------------------------------------------------------------------------


@dataclass
class _Candidate:
    pk: int
    date: datetime.date | None
    parties: set = field(default_factory=set)


class _Index:
    """The catalogue's documents by own number and by date, with their parties, read for the
    citations being resolved only."""

    def __init__(self, citations):
        numbers = {c.number for c in citations if c.number}
        dates = {c.date for c in citations if c.date and not c.number}
        self.by_number = defaultdict(list)
        self.by_date = defaultdict(list)
        rows = Document.objects.values_list(
            "pk", "reference_numbers", "date", "author_id", "sender_id"
        )
        # Own numbers are JSON lists as written, so they are matched here in their normalised
        # form rather than in SQL; only the documents of a cited date are read for dates.
        candidates = {}
        for pk, own, date, author, sender in rows.filter(
            Q(date__in=dates) | ~Q(reference_numbers=[])
        ):
            keys = {number_key(n) for n in own or []} & numbers
            if not keys and date not in dates:
                continue
            candidate = _Candidate(pk, date, {author, sender} - {None})
            candidates[pk] = candidate
            for key in keys:
                self.by_number[key].append(candidate)
            if date in dates:
                self.by_date[date].append(candidate)
        self.candidates = candidates

    def add_parties(self, pks):
        """Addressees count as parties; read for the candidates and citing documents only."""
        parties = defaultdict(set)
        for chunk in _chunks(pks):
            rows = Recipient.objects.filter(
                document__in=chunk,
                role__in=(Role.ADDRESSEE, Role.FORWARDED_TO),
                person__isnull=False,
            ).values_list("document_id", "person_id")
            for document, person in rows:
                parties[document].add(person)
        return parties


FIT, DOUBTFUL = "fit", "doubtful"


def _fits(citation, citing, candidate, parties):
    """FIT when the candidate fits the citation; DOUBTFUL when it carries the cited number
    and its date fits but the parties do not (a name read differently in the two texts is
    enough), which only an archivist can settle; None when it cannot be the one cited."""
    if candidate.pk == citing.pk:
        return None
    if citing.date and candidate.date and candidate.date > citing.date:
        return None  # a document cannot cite one written after it
    if citation.number and citation.date and candidate.date and candidate.date != citation.date:
        return None
    if citation.direction in PARTY_BOUND or not citation.number:
        ours = parties.get(citing.pk, set()) | citing.parties
        theirs = parties.get(candidate.pk, set()) | candidate.parties
        if not citation.number and not (ours & theirs):
            return None  # a date alone names a document only with a party in common
        if ours and theirs and not ours & theirs:
            return DOUBTFUL
    return FIT


def resolve(references) -> None:
    """Match citations (References: a queryset or a list) to the catalogue, rewriting their
    automatic rows; an archivist's rows are left as they are and rejected candidates are not
    offered again."""
    rows = list(references)
    by_citation = defaultdict(list)
    for row in rows:
        by_citation[(row.document_id, Citation(row.number, row.date, row.direction))].append(row)
    # Every row of these citations, archivists' ones included, so their decisions are seen.
    citing_ids = {document for document, _ in by_citation}
    decided = defaultdict(list)
    citing = {}
    for chunk in _chunks(citing_ids):
        for row in Reference.objects.filter(document__in=chunk).exclude(
            status__in=AUTOMATIC_REFERENCE_STATUSES
        ):
            decided[(row.document_id, Citation(row.number, row.date, row.direction))].append(row)
        for pk, date, author, sender in Document.objects.filter(pk__in=chunk).values_list(
            "pk", "date", "author_id", "sender_id"
        ):
            citing[pk] = _Candidate(pk, date, {author, sender} - {None})
    index = _Index([citation for _, citation in by_citation])
    parties = index.add_parties(citing_ids | set(index.candidates))

    delete, create = [], []
    for (document_id, citation), current in by_citation.items():
        automatic = [row for row in current if row.status in AUTOMATIC_REFERENCE_STATUSES]
        if not automatic:
            continue
        template = automatic[0]
        kept = decided.get((document_id, citation), [])
        pool = (
            index.by_number.get(citation.number, [])
            if citation.number
            else index.by_date.get(citation.date, [])
            if citation.date
            else []
        )
        verdicts = {c.pk: _fits(citation, citing[document_id], c, parties) for c in pool}
        fitting = [c for c in pool if verdicts[c.pk] == FIT]
        doubtful = False
        if not fitting:
            fitting = [c for c in pool if verdicts[c.pk] == DOUBTFUL]
            doubtful = True
        rejected = {row.target_id for row in kept if row.status == ReferenceStatus.REJECTED}
        offered = [c for c in fitting if c.pk not in rejected]
        if any(row.status == ReferenceStatus.CONFIRMED for row in kept):
            wanted = {}  # an archivist chose the document; nothing else is offered
        elif not offered:
            wanted = {None: ReferenceStatus.MISSING}
        elif len(fitting) == 1 and not doubtful:
            wanted = {offered[0].pk: ReferenceStatus.LINKED}
        else:
            # Ambiguous before any rejection: what is left is still the archivist's to
            # confirm, never a silent link.
            wanted = {c.pk: ReferenceStatus.SUGGESTED for c in offered}
        have = {row.target_id: row for row in automatic}
        if {k: v for k, v in ((r.target_id, r.status) for r in automatic)} == wanted:
            continue
        delete += [row.pk for row in automatic]
        for target, status in wanted.items():
            create.append(
                Reference(
                    document_id=document_id,
                    as_written=template.as_written,
                    number=citation.number,
                    date=citation.date,
                    direction=citation.direction,
                    kind=template.kind,
                    target_id=target,
                    status=status,
                    from_text=have.get(target, template).from_text,
                )
            )
    with transaction.atomic():
        for chunk in _chunks(delete):
            Reference.objects.filter(pk__in=chunk).delete()
        Reference.objects.bulk_create(create, batch_size=1000)


def refresh(document_ids, read=None) -> None:
    """After documents were written: read their citations again, resolve them, and resolve
    again the citations elsewhere that their numbers or dates may now answer. READ maps a
    document id to its citations when the importer read them already from the text and
    date it stored (`citations_in`); the other documents' texts are read from the database."""
    document_ids = list(document_ids)
    read = read or {}
    if not document_ids:
        return
    # A chunk of texts at a time: a large import must not hold every text in memory.
    for start in range(0, len(document_ids), SYNC_CHUNK):
        chunk = document_ids[start : start + SYNC_CHUNK]
        documents = Document.objects.filter(pk__in=chunk)
        if all(pk in read for pk in chunk):
            # Only the ids, in the same order, so the new rows are written in the same order.
            documents = documents.only("pk")
        else:
            documents = documents.only("pk", "text", "date")
        sync_citations(documents, read)
    numbers, dates = set(), set()
    automatic = Reference.objects.filter(status__in=AUTOMATIC_REFERENCE_STATUSES)
    rows = {}
    for chunk in _chunks(document_ids):
        for own, date in Document.objects.filter(pk__in=chunk).values_list(
            "reference_numbers", "date"
        ):
            numbers.update(number_key(n) for n in own or [])
            if date:
                dates.add(date)
        rows.update((row.pk, row) for row in automatic.filter(document__in=chunk))
    for chunk in _chunks(numbers):
        rows.update((row.pk, row) for row in automatic.filter(number__in=chunk))
    for chunk in _chunks(dates):
        rows.update((row.pk, row) for row in automatic.filter(number="", date__in=chunk))
    resolve(rows.values())


def refresh_all() -> None:
    """Read and resolve every document's citations (after a restore, or by hand)."""
    ids = list(Document.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), SYNC_CHUNK):
        chunk = ids[start : start + SYNC_CHUNK]
        sync_citations(Document.objects.filter(pk__in=chunk).only("pk", "text", "date"))
    resolve(Reference.objects.filter(status__in=AUTOMATIC_REFERENCE_STATUSES))


# ---------------------------------------------------------------------------
# Reading threads
# ---------------------------------------------------------------------------


def replies_of(document):
    """Published documents that answer `document` (linked or confirmed), by date."""
    return (
        Reference.objects.links()
        .filter(target=document, direction=ReferenceDirection.REPLY_TO)
        .select_related("document__author", "document__sender")
        .order_by("document__date", "document__pk")
    )


def thread_of(document, limit: int = 200):
    """The published documents linked to `document` through replies, approvals and
    transmittals, directly or in a chain, in date order (the document itself included).

    Walks the links a level at a time (one query per level), at most `limit` documents."""
    seen = {document.pk}
    frontier = {document.pk}
    while frontier and len(seen) < limit:
        rows = (
            Reference.objects.links()
            .filter(Q(document__in=frontier) | Q(target__in=frontier))
            .values_list("document_id", "target_id")
        )
        found = {pk for pair in rows for pk in pair} - seen
        seen |= found
        frontier = found
    return seen


def requests_answered(document_ids):
    """Requests of these documents with a published answer, by request id."""
    return {
        r.pk: r
        for r in Request.objects.filter(
            document__in=document_ids, answered_by__status=Status.PUBLISHED
        )
    }


def suggested_answers(document_ids):
    """{request id: answering document id} for the requests of these documents that have no
    answer yet: the earliest document that replies to the request's document (a link made
    without doubt or confirmed). A suggestion only: an archivist accepts it."""
    replies = {}
    rows = (
        Reference.objects.filter(
            target__in=document_ids,
            direction=ReferenceDirection.REPLY_TO,
            status__in=(ReferenceStatus.LINKED, ReferenceStatus.CONFIRMED),
        )
        .order_by("document__date", "document__pk")
        .values_list("target_id", "document_id")
    )
    for question, reply in rows:
        replies.setdefault(question, reply)
    return {
        pk: replies[document]
        for pk, document in Request.objects.filter(
            document__in=document_ids, answered_by__isnull=True
        ).values_list("pk", "document_id")
        if document in replies
    }
