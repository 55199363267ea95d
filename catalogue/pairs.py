"""Kept counts of the correspondence network: CorrespondencePair holds, for each writer,
addressee and year, the number of published documents from one to the other, so that the
network's pages read a few hundred rows instead of counting a million recipient rows.

A document counts once for each of its addressees (recipient rows in the roles ADDRESSEE or
FORWARDED_TO that name a person) from its writer (its author, or its sender when no author is
known), when it is published; a note to oneself does not count; undated documents count under
year 0. CorrespondenceLink sums each writer and addressee's rows over every year, for the
pages and downloads that ask for no span of years, and Correspondent sums those by person.
CorrespondenceCounted remembers what each document counts, so that `sync(ids)` can take back
exactly that and add what the document counts now, whichever way it changed.

`sync` runs in the transaction of the write: from model signals for every save and delete of
a document or a recipient row (connected here, apart from the page cache's), and called
directly by the bulk writes that send no signal (the importer's inserts, update_with_history
behind batch actions, merges and splits, a restore). `recount()` gives what the counts should
be, from the documents alone; `rebuild()` writes it; `differences()` compares.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

# Ids per query: well under SQLite's parameter limit.
CHUNK = 2000

# The network's digest (NetworkVersion) is a sum of row hashes modulo this prime: a sum, so
# that each write adds what it changed in any order; below 2**62, so that a digest plus a
# change never overflows a signed 64-bit column before the modulo is taken.
DIGEST_MODULUS = 2**61 - 1


def _chunks(ids):
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _contributions(documents):
    """{document id: (year, frozenset of (writer, addressee))} for the published documents
    of a Document queryset that count at all."""
    from .models import Recipient, Role, Status

    writers = {}
    for pk, writer, date in (
        documents.filter(status=Status.PUBLISHED)
        .annotate(writer_id=Coalesce(F("author"), F("sender")))
        .filter(writer_id__isnull=False)
        .values_list("pk", "writer_id", "date")
        .order_by()
    ):
        writers[pk] = (writer, date.year if date else 0)
    if not writers:
        return {}
    pairs = {pk: set() for pk in writers}
    for chunk in _chunks(writers):
        for document, person in (
            Recipient.objects.filter(
                document__in=chunk,
                role__in=(Role.ADDRESSEE, Role.FORWARDED_TO),
                person__isnull=False,
            )
            .values_list("document_id", "person_id")
            .order_by()
        ):
            writer = writers[document][0]
            if person != writer:
                pairs[document].add((writer, person))
    return {pk: (writers[pk][1], frozenset(p)) for pk, p in pairs.items() if p}


def sync(document_ids) -> None:
    """Bring the kept counts in step with these documents as they are now (deleted ones
    included). Idempotent: a document already counted as it stands costs no write."""
    from . import bulkrows
    from .models import CorrespondenceCounted, Document

    for chunk in _chunks(document_ids):
        with transaction.atomic():
            now = _contributions(Document.objects.filter(pk__in=chunk))
            kept = {
                row.document_id: row
                for row in CorrespondenceCounted.objects.filter(document_id__in=chunk)
            }
            delta = Counter()
            create, update, delete = [], [], []
            for pk in chunk:
                row = kept.get(pk)
                before = (row.year, frozenset(map(tuple, row.pairs))) if row else None
                after = now.get(pk)
                if before == after:
                    continue
                if before:
                    for writer, addressee in before[1]:
                        delta[(writer, addressee, before[0])] -= 1
                if after:
                    for writer, addressee in after[1]:
                        delta[(writer, addressee, after[0])] += 1
                    values = {"year": after[0], "pairs": sorted(map(list, after[1]))}
                    if row:
                        row.year, row.pairs = values["year"], values["pairs"]
                        update.append(row)
                    else:
                        create.append(CorrespondenceCounted(document_id=pk, **values))
                else:
                    delete.append(pk)
            if delete:
                CorrespondenceCounted.objects.filter(document_id__in=delete).delete()
            bulkrows.update(CorrespondenceCounted, update, ["year", "pairs"])
            bulkrows.create_objects(CorrespondenceCounted, create)
            _apply(delta)


def _row_hash(writer, addressee, year, documents) -> int:
    """The hash of one pair row; a row of no documents (none kept) hashes to 0."""
    if documents <= 0:
        return 0
    key = f"{writer}:{addressee}:{year}:{documents}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % DIGEST_MODULUS


def digest_of(totals) -> int:
    """The digest of pair counts ({(writer, addressee, year): documents})."""
    return sum(_row_hash(*key, n) for key, n in totals.items()) % DIGEST_MODULUS


def _add_to_digest(change) -> None:
    """Add `change` to the network's digest, in the transaction of the write, under the
    row's lock: concurrent writes add one after the other. Without the row (a database
    emptied by hand), the digest is taken from the rows as they are now."""
    from django.db import connections

    from .models import CorrespondencePair, NetworkVersion

    change %= DIGEST_MODULUS
    if not change:
        return
    # The % operator, exact on integers on both backends (Django's Mod goes through floats on
    # SQLite, which would round a 61-bit digest).
    with connections[NetworkVersion.objects.db].cursor() as cursor:
        cursor.execute(
            f"UPDATE {NetworkVersion._meta.db_table} SET digest = (digest + %s) %% %s WHERE id = 1",
            [change, DIGEST_MODULUS],
        )
        if cursor.rowcount:
            return
    totals = {
        (w, a, y): n
        for w, a, y, n in CorrespondencePair.objects.values_list(
            "writer_id", "addressee_id", "year", "documents"
        )
    }
    NetworkVersion.objects.update_or_create(pk=1, defaults={"digest": digest_of(totals)})


def network_version() -> str:
    """What the network's downloads are written from, in one short query: the digest of the
    pair rows and the people's latest change (their names and slugs label the network)."""
    from django.db import connections

    from .models import NetworkVersion, Person

    history = Person.history.model._meta.db_table
    with connections[NetworkVersion.objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT digest FROM {NetworkVersion._meta.db_table} WHERE id = 1), "
            f"(SELECT MAX(history_id) FROM {history})"
        )
        digest, person = cursor.fetchone()
    return f"{digest}-{person}"


def _apply(delta) -> None:
    """Add `delta` ({(writer, addressee, year): change}) to the pair rows."""
    from . import bulkrows
    from .models import CorrespondencePair

    delta = {key: change for key, change in delta.items() if change}
    if not delta:
        return
    writers = {w for w, _, _ in delta}
    addressees = {a for _, a, _ in delta}
    existing = {
        (row.writer_id, row.addressee_id, row.year): row
        for row in CorrespondencePair.objects.filter(
            writer__in=writers, addressee__in=addressees, year__in={y for _, _, y in delta}
        )
    }
    create, update, delete = [], [], []
    digest = 0
    for (writer, addressee, year), change in delta.items():
        row = existing.get((writer, addressee, year))
        total = (row.documents if row else 0) + change
        digest += _row_hash(writer, addressee, year, total) - _row_hash(
            writer, addressee, year, row.documents if row else 0
        )
        if total <= 0:
            if row:
                delete.append(row.pk)
        elif row:
            row.documents = total
            update.append(row)
        else:
            create.append(
                CorrespondencePair(
                    writer_id=writer, addressee_id=addressee, year=year, documents=total
                )
            )
    if delete:
        CorrespondencePair.objects.filter(pk__in=delete).delete()
    bulkrows.update(CorrespondencePair, update, ["documents"])
    bulkrows.create_objects(CorrespondencePair, create)
    _add_to_digest(digest)
    _relink({(writer, addressee) for writer, addressee, _ in delta})


def _links(totals):
    """{(writer, addressee): (documents, first year, last year)} summed from pair counts
    ({(writer, addressee, year): documents}); the years are None when all are undated."""
    links = {}
    for (writer, addressee, year), n in totals.items():
        documents, first, last = links.get((writer, addressee), (0, None, None))
        if year:
            first = year if first is None else min(first, year)
            last = year if last is None else max(last, year)
        links[(writer, addressee)] = (documents + n, first, last)
    return links


def _relink(keys) -> None:
    """Sum the pair rows of these (writer, addressee) again into their CorrespondenceLink:
    two reads and at most three writes, however many pairs changed."""
    from . import bulkrows
    from .models import CorrespondenceLink, CorrespondencePair

    if not keys:
        return
    writers = {w for w, _ in keys}
    addressees = {a for _, a in keys}
    totals = {
        (w, a, y): n
        for w, a, y, n in CorrespondencePair.objects.filter(
            writer__in=writers, addressee__in=addressees
        )
        .values_list("writer_id", "addressee_id", "year", "documents")
        .order_by()
        if (w, a) in keys
    }
    now = _links(totals)
    existing = {
        (row.writer_id, row.addressee_id): row
        for row in CorrespondenceLink.objects.filter(writer__in=writers, addressee__in=addressees)
        if (row.writer_id, row.addressee_id) in keys
    }
    create, update, delete = [], [], []
    tally = {}
    for key in keys:
        row, values = existing.get(key), now.get(key)
        change = (values[0] if values else 0) - (row.documents if row else 0)
        if change:
            tally.setdefault(key[0], [0, 0])[0] += change
            tally.setdefault(key[1], [0, 0])[1] += change
        if values is None:
            if row:
                delete.append(row.pk)
        elif row is None:
            documents, first, last = values
            create.append(
                CorrespondenceLink(
                    writer_id=key[0],
                    addressee_id=key[1],
                    documents=documents,
                    first_year=first,
                    last_year=last,
                )
            )
        elif (row.documents, row.first_year, row.last_year) != values:
            row.documents, row.first_year, row.last_year = values
            update.append(row)
    if delete:
        CorrespondenceLink.objects.filter(pk__in=delete).delete()
    bulkrows.update(CorrespondenceLink, update, ["documents", "first_year", "last_year"])
    bulkrows.create_objects(CorrespondenceLink, create)
    _tally(tally)


def _correspondents(links):
    """{person: (written, received)} summed from links ({(writer, addressee): (documents,
    first year, last year)})."""
    people = {}
    for (writer, addressee), (documents, _, _) in links.items():
        people.setdefault(writer, [0, 0])[0] += documents
        people.setdefault(addressee, [0, 0])[1] += documents
    return {person: tuple(values) for person, values in people.items()}


def _tally(changes) -> None:
    """Add `changes` ({person: [written, received]}) to the Correspondent rows."""
    from . import bulkrows
    from .models import Correspondent

    if not changes:
        return
    existing = {row.person_id: row for row in Correspondent.objects.filter(person__in=changes)}
    create, update, delete = [], [], []
    for person, (written, received) in changes.items():
        row = existing.get(person)
        written += row.written if row else 0
        received += row.received if row else 0
        if written <= 0 and received <= 0:
            if row:
                delete.append(person)
        elif row:
            row.written, row.received = written, received
            update.append(row)
        else:
            create.append(Correspondent(person_id=person, written=written, received=received))
    if delete:
        Correspondent.objects.filter(person__in=delete).delete()
    bulkrows.update(Correspondent, update, ["written", "received"])
    bulkrows.create_objects(Correspondent, create)


def recount():
    """What the kept counts should be, from the documents and recipient rows alone:
    ({(writer, addressee, year): documents}, {document id: (year, pairs)})."""
    from .models import Document

    counted = {}
    ids = list(Document.objects.values_list("pk", flat=True))
    for chunk in _chunks(ids):
        counted.update(_contributions(Document.objects.filter(pk__in=chunk)))
    totals = Counter()
    for year, pairs in counted.values():
        for writer, addressee in pairs:
            totals[(writer, addressee, year)] += 1
    return dict(totals), counted


def kept():
    """The kept counts as they stand: ({(writer, addressee, year): documents}, {document id:
    (year, pairs)})."""
    from .models import CorrespondenceCounted, CorrespondencePair

    totals = {
        (w, a, y): n
        for w, a, y, n in CorrespondencePair.objects.values_list(
            "writer_id", "addressee_id", "year", "documents"
        )
    }
    counted = {
        row.document_id: (row.year, frozenset(map(tuple, row.pairs)))
        for row in CorrespondenceCounted.objects.all()
    }
    return totals, counted


def differences(limit: int = 20) -> list[str]:
    """Where the kept counts differ from a recount, in words; empty when they agree."""
    expected, expected_documents = recount()
    actual, actual_documents = kept()
    found = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key, 0) != actual.get(key, 0):
            writer, addressee, year = key
            found.append(
                f"person {writer} to person {addressee} in {year or 'undated'}: kept "
                f"{actual.get(key, 0)}, recounted {expected.get(key, 0)}"
            )
    from .models import CorrespondenceLink, Correspondent

    expected_links = _links(expected)
    actual_links = {
        (w, a): (n, first, last)
        for w, a, n, first, last in CorrespondenceLink.objects.values_list(
            "writer_id", "addressee_id", "documents", "first_year", "last_year"
        )
    }
    for key in sorted(set(expected_links) | set(actual_links)):
        if expected_links.get(key) != actual_links.get(key):
            found.append(
                f"person {key[0]} to person {key[1]} in all: kept {actual_links.get(key)}, "
                f"recounted {expected_links.get(key)}"
            )
    expected_people = _correspondents(expected_links)
    actual_people = {
        pk: (written, received)
        for pk, written, received in Correspondent.objects.values_list(
            "person_id", "written", "received"
        )
    }
    for pk in sorted(set(expected_people) | set(actual_people)):
        if expected_people.get(pk) != actual_people.get(pk):
            found.append(
                f"person {pk} in all: kept {actual_people.get(pk)}, "
                f"recounted {expected_people.get(pk)}"
            )
    for pk in sorted(set(expected_documents) | set(actual_documents)):
        if expected_documents.get(pk) != actual_documents.get(pk):
            found.append(f"document {pk}: counted as {actual_documents.get(pk)}")
    return found[:limit] if limit else found


@transaction.atomic
def rebuild() -> int:
    """Throw the kept counts away and count again from the documents; returns the number of
    pair rows written."""
    from .models import (
        CorrespondenceCounted,
        CorrespondenceLink,
        CorrespondencePair,
        Correspondent,
        NetworkVersion,
    )

    totals, counted = recount()
    Correspondent.objects.all().delete()
    CorrespondenceLink.objects.all().delete()
    CorrespondencePair.objects.all().delete()
    CorrespondenceCounted.objects.all().delete()
    CorrespondenceCounted.objects.bulk_create(
        (
            CorrespondenceCounted(document_id=pk, year=year, pairs=sorted(map(list, pairs)))
            for pk, (year, pairs) in counted.items()
        ),
        batch_size=5000,
    )
    CorrespondencePair.objects.bulk_create(
        (
            CorrespondencePair(writer_id=w, addressee_id=a, year=y, documents=n)
            for (w, a, y), n in totals.items()
        ),
        batch_size=5000,
    )
    links = _links(totals)
    CorrespondenceLink.objects.bulk_create(
        (
            CorrespondenceLink(
                writer_id=w, addressee_id=a, documents=n, first_year=first, last_year=last
            )
            for (w, a), (n, first, last) in links.items()
        ),
        batch_size=5000,
    )
    Correspondent.objects.bulk_create(
        (
            Correspondent(person_id=pk, written=written, received=received)
            for pk, (written, received) in _correspondents(links).items()
        ),
        batch_size=5000,
    )
    NetworkVersion.objects.update_or_create(pk=1, defaults={"digest": digest_of(totals)})
    return len(totals)


# ---------------------------------------------------------------------------
# Signals: saves and deletes of documents and recipient rows
# ---------------------------------------------------------------------------


def _document_changed(sender, instance, **kwargs):
    sync([instance.pk])


def _recipient_changed(sender, instance, **kwargs):
    if instance.document_id is not None:
        sync([instance.document_id])


def connect():
    from .models import Document, Recipient

    post_save.connect(_document_changed, sender=Document, dispatch_uid="pairs-document-save")
    post_delete.connect(_document_changed, sender=Document, dispatch_uid="pairs-document-delete")
    post_save.connect(_recipient_changed, sender=Recipient, dispatch_uid="pairs-recipient-save")
    post_delete.connect(_recipient_changed, sender=Recipient, dispatch_uid="pairs-recipient-delete")
