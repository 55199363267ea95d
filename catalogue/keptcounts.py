"""Kept counts: figures about the published catalogue (documents, types, months, request
categories and how many of their requests are answered), each person's published documents
and each archive's and archival file's, kept in the database and updated in the same
transaction as the write that changes them, so that no page counts 100,000 documents or a
million recipient rows on its first visit after a change.

Every document's share of the counts is recorded (CountedDocument). `recount(ids)` reads
what those documents add now (a few queries on their own rows, whatever the catalogue's
size), takes back what they added before, and adds the difference to KeptCount, PersonCount
and ArchiveCount. It is idempotent, so a write path only has to name the documents it touched:

- saves and deletes of documents and their rows, and changes to the people mentioned, call it
  through the signal handlers below (the admin, revert, most of the importer);
- writes that send no signal call it themselves: the importer's COPY of new documents, the
  merges and the admin's batch actions (catalogue/merge.py), a restore (which rebuilds);
- deleting a person recounts the documents they were in (their mentions go without a signal);
- a document's requests count as answered when the answering document is published, so a
  recount also takes in the documents whose requests the recounted ones answer, and deleting
  a document recounts those before its answers are emptied (without a signal);
- a new source citation's holdings are written by bulk_create, which sends no signal:
  Document.rebuild_holdings sends ``holdings_rebuilt``, which recounts the document.

`rebuild()` counts everything from scratch; `differences()` compares the kept counts with a
count from scratch (`manage.py recount_catalogue --check`).
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import bulkrows
from .models import (
    PERSON_LINKS,
    PUBLIC_ROLES,
    ArchiveCount,
    CountedDocument,
    Document,
    Holding,
    KeptCount,
    Person,
    PersonCount,
    Recipient,
    Request,
    Status,
    TransmissionEvent,
    holdings_rebuilt,
)

# PersonCount's columns: every way (documents), the ways that make them one of the document's
# people (involved: the document list's person filter in any role), the facet's ways,
# recipient rows, each role.
PERSON_COLUMNS = ("documents", "involved", "facet", "recipient", *PUBLIC_ROLES)
# The rows of a document that name people or are counted (their saves recount it).
DOCUMENT_ROWS = (Recipient, Request, TransmissionEvent)
CHUNK = 2000


def _columns(link):
    columns = ["documents"]
    if link.involved:
        columns.append("involved")
    if link.in_facet:
        columns.append("facet")
    if link.public:
        columns.append(link.key)
    return columns


def contributions(ids):
    """{document id: {"c": {name: n}, "p": {person id: [columns]}, "h": [[repository, key,
    slug]]}} for the published ones of ``ids``, read from the documents' own rows: one query
    per table. "h", the archival files holding the document, is left out when there are none,
    and so are the names of figures it does not add to."""
    own = [link for link in PERSON_LINKS if not link.relation]
    documents = Document.objects.filter(pk__in=ids, status=Status.PUBLISHED).values(
        "pk", "doc_type", "date", "date_precision", *{link.field for link in own}
    )
    counts, people = {}, {}
    for row in documents:
        c = Counter(documents=1)
        c[f"type:{row['doc_type']}"] += 1
        if row["date"] is None:
            c["undated"] += 1
        else:
            c[f"month:{row['date'].year}:{row['date'].month}:{row['date_precision']}"] += 1
        counts[row["pk"]] = c
        involved = people[row["pk"]] = defaultdict(set)
        for link in own:
            if row[link.field] is not None:
                involved[row[link.field]].update(_columns(link))
    published = list(counts)
    if not published:
        return {}
    by_table = defaultdict(list)
    for link in PERSON_LINKS:
        if link.relation:
            by_table[link.model].append(link)
    for model, links in by_table.items():
        fields = sorted({link.field for link in links})
        extra = ["role"] if model is Recipient else []
        rows = model.objects.filter(document__in=published).values("document", *fields, *extra)
        for row in rows.order_by():
            involved = people[row["document"]]
            for link in links:
                person = row[link.field]
                if person is None:
                    continue
                if link.recipient_roles and row["role"] not in link.recipient_roles:
                    continue
                involved[person].update(_columns(link))
            if model is Recipient and row["person"] is not None:
                involved[row["person"]].add("recipient")
    requests = Request.objects.filter(document__in=published).values_list(
        "document", "category", "answered_by__status"
    )
    for document, category, answer in requests.order_by():
        counts[document][f"category:{category}"] += 1
        # An answer still in draft is no answer to the public (as the requests' filter says).
        if answer == Status.PUBLISHED:
            counts[document][f"answered:{category}"] += 1
    files = defaultdict(set)
    holdings = Holding.objects.filter(document__in=published).values_list(
        "document", "repository", "key", "slug"
    )
    for document, *held in holdings.order_by():
        files[document].add(tuple(held))
    every = {}
    for pk in published:
        every[pk] = {
            "c": dict(counts[pk]),
            "p": {str(person): sorted(columns) for person, columns in people[pk].items()},
        }
        if files[pk]:
            every[pk]["h"] = [list(held) for held in sorted(files[pk])]
    return every


def answered_by(ids):
    """The documents whose requests one of ``ids`` answers: their requests count as answered
    or not as the answer is published or not."""
    rows = Request.objects.filter(answered_by__in=ids).values_list("document_id", flat=True)
    return set(rows.order_by().distinct())


def _add(totals, person_totals, archive_totals, contribution, sign):
    for name, n in contribution.get("c", {}).items():
        totals[name] += sign * n
    for person, columns in contribution.get("p", {}).items():
        for column in columns:
            person_totals[int(person)][column] += sign
    files = contribution.get("h", ())
    # Each file once, and each archive once however many of its files hold the document.
    for repository, key, slug in files:
        archive_totals[(repository, key, slug)] += sign
    for repository in {repository for repository, _, _ in files}:
        archive_totals[(repository, "", "")] += sign


def recount(ids, using=None):
    """Bring the kept counts up to date for the documents ``ids`` (deleted ones included),
    inside the caller's transaction."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    ids = sorted(ids | answered_by(ids))
    with transaction.atomic(using=using):
        for start in range(0, len(ids), CHUNK):
            _recount(ids[start : start + CHUNK])


def _recount(ids):
    before = dict(
        CountedDocument.objects.filter(document_id__in=ids).values_list(
            "document_id", "contribution"
        )
    )
    now = contributions(ids)
    changed = [pk for pk in ids if before.get(pk, {}) != now.get(pk, {})]
    if not changed:
        return
    totals, person_totals, archive_totals = Counter(), defaultdict(Counter), Counter()
    for pk in changed:
        _add(totals, person_totals, archive_totals, before.get(pk, {}), -1)
        _add(totals, person_totals, archive_totals, now.get(pk, {}), +1)
    _apply(totals, person_totals)
    _apply_archives(archive_totals)
    gone = [pk for pk in changed if pk not in now]
    CountedDocument.objects.filter(document_id__in=changed).delete()
    bulkrows.create(
        CountedDocument,
        ["document_id", "contribution"],
        [(pk, now[pk]) for pk in changed if pk in now],
    )
    return gone


def _locked(rows, keys, key_of, blank):
    """{key: row} of the kept ``rows`` for ``keys``, locked in key order; a key without a row
    gets one made at nought first (``blank(key)``, ON CONFLICT DO NOTHING) and is then locked
    and added to like the others: two writes that both bring a figure's first document would
    otherwise both insert its row, and the second fail on the unique constraint."""

    def read():
        return {key_of(row): row for row in rows.select_for_update().order_by("pk")}

    kept = read()
    missing = [key for key in keys if key not in kept]
    if missing:
        rows.model.objects.bulk_create([blank(key) for key in missing], ignore_conflicts=True)
        kept = read()
    return kept


def _apply(totals, person_totals):
    """Add the differences to the kept rows, locking those it changes (two concurrent
    recounts of documents of one person then wait for each other rather than lose one)."""
    names = [name for name, n in totals.items() if n]
    if names:
        kept = _locked(
            KeptCount.objects.filter(name__in=names),
            names,
            lambda row: row.name,
            lambda name: KeptCount(name=name, n=0),
        )
        update, empty = [], []
        for name in names:
            row = kept[name]
            row.n += totals[name]
            (update if row.n else empty).append(row)
        bulkrows.update(KeptCount, update, ["n"])
        KeptCount.objects.filter(pk__in=[row.pk for row in empty]).delete()
    people = [pk for pk, columns in person_totals.items() if any(columns.values())]
    if not people:
        return
    kept = {k.pk: k for k in PersonCount.objects.select_for_update().filter(person__in=people)}
    missing = [pk for pk in people if pk not in kept]
    # A person deleted with their documents' rows has no row left to count on.
    existing = set(Person.objects.filter(pk__in=missing).values_list("pk", flat=True))
    update, create, empty = [], [], []
    for pk in people:
        row = kept.get(pk)
        if row is None:
            if pk not in existing:
                continue
            row = PersonCount(person_id=pk)
            create.append(row)
        for column, n in person_totals[pk].items():
            setattr(row, column, getattr(row, column) + n)
        if pk in kept:
            (update if row.documents else empty).append(row)
    bulkrows.update(PersonCount, update, PERSON_COLUMNS)
    bulkrows.create_objects(PersonCount, create)
    PersonCount.objects.filter(pk__in=[row.pk for row in empty]).delete()


def _apply_archives(archive_totals):
    """Add the differences to the archives' and files' kept rows, locking those it changes."""
    cells = [cell for cell, n in archive_totals.items() if n]
    if not cells:
        return
    kept = _locked(
        ArchiveCount.objects.filter(
            repository__in={cell[0] for cell in cells}, key__in={cell[1] for cell in cells}
        ),
        cells,
        lambda row: (row.repository, row.key, row.slug),
        lambda cell: ArchiveCount(repository=cell[0], key=cell[1], slug=cell[2], documents=0),
    )
    update, empty = [], []
    for cell in cells:
        row = kept[cell]
        row.documents += archive_totals[cell]
        (update if row.documents else empty).append(row)
    bulkrows.update(ArchiveCount, update, ["documents"])
    ArchiveCount.objects.filter(pk__in=[row.pk for row in empty]).delete()


def count_from_scratch():
    """(totals, person totals, archive totals, contributions) of every document, counted
    now."""
    totals, person_totals, archive_totals, every = Counter(), defaultdict(Counter), Counter(), {}
    ids = list(Document.objects.published().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        for pk, contribution in contributions(ids[start : start + CHUNK]).items():
            every[pk] = contribution
            _add(totals, person_totals, archive_totals, contribution, +1)
    return totals, person_totals, archive_totals, every


def rebuild():
    """Count everything again from scratch and keep it (a restore, an integrity repair)."""
    totals, person_totals, archive_totals, every = count_from_scratch()
    with transaction.atomic():
        KeptCount.objects.all().delete()
        PersonCount.objects.all().delete()
        ArchiveCount.objects.all().delete()
        CountedDocument.objects.all().delete()
        ArchiveCount.objects.bulk_create(
            [
                ArchiveCount(repository=repository, key=key, slug=slug, documents=n)
                for (repository, key, slug), n in archive_totals.items()
                if n
            ],
            batch_size=1000,
        )
        KeptCount.objects.bulk_create(
            [KeptCount(name=name, n=n) for name, n in totals.items() if n], batch_size=1000
        )
        PersonCount.objects.bulk_create(
            [PersonCount(person_id=pk, **columns) for pk, columns in person_totals.items()],
            batch_size=1000,
        )
        CountedDocument.objects.bulk_create(
            [CountedDocument(document_id=pk, contribution=c) for pk, c in every.items()],
            batch_size=1000,
        )


def differences():
    """What the kept counts say that a count from scratch does not, as readable lines; an
    empty list when they agree."""
    totals, person_totals, archive_totals, every = count_from_scratch()
    found = []
    kept = dict(KeptCount.objects.values_list("name", "n"))
    for name in sorted(set(kept) | {name for name, n in totals.items() if n}):
        if kept.get(name, 0) != totals.get(name, 0):
            found.append(f"{name}: kept {kept.get(name, 0)}, counted {totals.get(name, 0)}")
    kept_people = {
        row["person"]: row for row in PersonCount.objects.values("person", *PERSON_COLUMNS)
    }
    for pk in sorted(set(kept_people) | set(person_totals)):
        row = kept_people.get(pk, {})
        for column in PERSON_COLUMNS:
            if row.get(column, 0) != person_totals[pk][column]:
                found.append(
                    f"person {pk} {column}: kept {row.get(column, 0)}, "
                    f"counted {person_totals[pk][column]}"
                )
    kept_archives = {
        (repository, key, slug): n
        for repository, key, slug, n in ArchiveCount.objects.values_list(
            "repository", "key", "slug", "documents"
        )
    }
    for cell in sorted(set(kept_archives) | {cell for cell, n in archive_totals.items() if n}):
        if kept_archives.get(cell, 0) != archive_totals.get(cell, 0):
            found.append(
                f"archive {' / '.join(part for part in cell if part)}: "
                f"kept {kept_archives.get(cell, 0)}, counted {archive_totals.get(cell, 0)}"
            )
    ledger = dict(CountedDocument.objects.values_list("document_id", "contribution"))
    if ledger != every:
        wrong = sorted(set(ledger) ^ set(every) | {k for k in ledger if ledger[k] != every.get(k)})
        found.append(f"documents counted differently: {wrong[:20]}")
    return found


# --- Reading ---------------------------------------------------------------------------------


def catalogue_counts():
    """{name: n} of every kept catalogue figure: one query of a few hundred rows."""
    return dict(KeptCount.objects.values_list("name", "n"))


def prefixed(counts, prefix):
    """{rest of the name: n} of the figures whose names start with ``prefix:``."""
    start = f"{prefix}:"
    return {name[len(start) :]: n for name, n in counts.items() if name.startswith(start)}


def per_year(counts):
    years = Counter()
    for cell, n in prefixed(counts, "month").items():
        years[int(cell.split(":")[0])] += n
    return dict(sorted(years.items()))


def leading_people(column, limit=10, order="person__sort_name"):
    """(slug, name, n) of the people with the most published documents by ``column``, ties
    in the order of ``order``."""
    rows = (
        PersonCount.objects.filter(**{f"{column}__gt": 0})
        .order_by(F(column).desc(), order)
        .values_list("person__slug", "person__name", column)[:limit]
    )
    return list(rows)


def archives():
    """The archives holding published documents, by code, each with ``documents``."""
    return ArchiveCount.objects.filter(key="").order_by("repository")


def archive_files():
    """The archival files holding published documents, in the order of their archive and
    key, each with ``documents``."""
    return ArchiveCount.objects.exclude(key="").order_by("repository", "key")


def file_documents(repository, key, slug):
    """The published documents one archival file holds."""
    row = ArchiveCount.objects.filter(repository=repository, key=key, slug=slug).first()
    return row.documents if row else 0


def archive_facet():
    """(code, code, documents) of each archive, the largest first: the document list's
    archive facet over the whole published catalogue (as filters.repository_facet)."""
    rows = archives().order_by("-documents", "repository").values_list("repository", "documents")
    return [(repository, repository, n) for repository, n in rows]


def archive_documents(code):
    """The published documents an archive holds, by its code in any case as the document
    list's filter compares it; None when several archives' codes differ only in case (a
    document held in both would be counted twice)."""
    rows = list(archives().filter(repository__iexact=code).values_list("documents", flat=True))
    if len(rows) > 1:
        return None
    return rows[0] if rows else 0


def answered_requests(counts, categories=None):
    """How many requests of published documents have a published answer, in ``categories``
    (all when None), from the kept figures ``counts``."""
    answered = prefixed(counts, "answered")
    return sum(
        n for category, n in answered.items() if categories is None or category in categories
    )


# --- Signal handlers ---------------------------------------------------------------------------


def document_changed(sender, instance, using=None, raw=False, **kwargs):
    if not raw:
        recount([instance.pk, *getattr(instance, "_kept_counts_answered", ())], using=using)


def holdings_changed(sender, instance, **kwargs):
    recount([instance.pk])


def document_deleting(sender, instance, using=None, **kwargs):
    """The documents whose requests this one answers, before the answers are emptied (with
    no signal): their requests are then no longer answered."""
    instance._kept_counts_answered = answered_by([instance.pk])


def row_changed(sender, instance, using=None, raw=False, **kwargs):
    if not raw:
        recount([instance.document_id], using=using)


def mentions_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            recount([instance.pk], using=using)
        return
    # From the person's side the documents are pk_set, or on a clear those mentioning them.
    if action == "pre_clear":
        instance._kept_counts_documents = list(
            sender.objects.filter(person=instance).values_list("document_id", flat=True)
        )
    elif action == "post_clear":
        recount(getattr(instance, "_kept_counts_documents", []), using=using)
    elif action.startswith("post_"):
        recount(pk_set or [], using=using)


def person_deleting(sender, instance, using=None, **kwargs):
    """The documents a person is in, before their mentions go (with no signal) and their
    own fields are emptied."""
    documents = set()
    for link in PERSON_LINKS:
        documents.update(
            link.rows(instance.pk).values_list(link.document_field, flat=True).order_by()
        )
    instance._kept_counts_documents = documents


def person_deleted(sender, instance, using=None, **kwargs):
    recount(getattr(instance, "_kept_counts_documents", ()), using=using)


def connect():
    post_save.connect(document_changed, sender=Document, dispatch_uid="kept-counts-document")
    post_delete.connect(document_changed, sender=Document, dispatch_uid="kept-counts-document-d")
    pre_delete.connect(document_deleting, sender=Document, dispatch_uid="kept-counts-answers")
    holdings_rebuilt.connect(holdings_changed, sender=Document, dispatch_uid="kept-counts-holdings")
    for model in DOCUMENT_ROWS:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"kept-counts-{model}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"kept-counts-{model}-d")
    m2m_changed.connect(
        mentions_changed,
        sender=Document.people_mentioned.through,
        dispatch_uid="kept-counts-mentions",
    )
    pre_delete.connect(person_deleting, sender=Person, dispatch_uid="kept-counts-person")
    post_delete.connect(person_deleted, sender=Person, dispatch_uid="kept-counts-person-d")
