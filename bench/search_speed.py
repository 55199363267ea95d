"""Time search, filters and facets on 100,000 synthetic documents, 10,000 people and a
million recipient rows. Fills the database named by DATABASE_URL if it holds no synthetic
documents yet (use a scratch database: it is not emptied afterwards).

    DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python bench/search_speed.py
    DATABASE_URL=... .venv/bin/python bench/search_speed.py --whole-words   # no prefixes

``--whole-words`` times PostgreSQL's search as it was before words matched by their beginning
(websearch_to_tsquery, whole words only), for a comparison on the same data.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402

from catalogue.filters import DocumentFilter, facets  # noqa: E402
from catalogue.models import Document, DocumentType, Person, Recipient  # noqa: E402
from catalogue.search import backends, snippets  # noqa: E402
from catalogue.search.snippets import highlight  # noqa: E402
from catalogue.suggestions import did_you_mean  # noqa: E402

DOCUMENTS, PEOPLE, RECIPIENTS_EACH = 100_000, 10_000, 10
WORDS = [
    "wheat",
    "coal",
    "regiments",
    "aircraft",
    "artillery",
    "division",
    "shipment",
    "railway",
    "negotiations",
    "armistice",
    "delegation",
    "prisoners",
    "cotton",
    "steel",
    "advisers",
    "training",
    "airfield",
    "radar",
    "fuel",
    "tanks",
    "hospital",
    "committee",
    "plenum",
    "harvest",
    "credit",
    "loan",
    "rubber",
    "tin",
    "port",
    "convoy",
    "cipher",
    "report",
]


def fill():
    rng = random.Random(1952)
    with transaction.atomic():
        Person.objects.bulk_create(
            Person(slug=f"bench-{n}", name=f"Benchperson {n}", sort_name=f"Benchperson {n:05d}")
            for n in range(PEOPLE)
        )
        people = list(Person.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        types = DocumentType.values
        batch = []
        for n in range(DOCUMENTS):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 400)))
            year = rng.randint(1945, 1955)
            batch.append(
                Document(
                    slug=f"bench-{n}",
                    title=f"Synthetic telegram {n} on {rng.choice(WORDS)}",
                    doc_type=rng.choice(types),
                    reference_numbers=[f"{n}/sh"],
                    date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    text=text,
                    search_text=f"Synthetic telegram {n}\n{n}/sh\n{text}",
                    status="published" if n % 20 else "draft",
                    author_id=rng.choice(people),
                    sender_id=rng.choice(people),
                    synthetic=True,
                )
            )
            if len(batch) == 5000:
                Document.objects.bulk_create(batch)
                batch = []
        documents = list(Document.objects.filter(synthetic=True).values_list("pk", flat=True))
        rows = []
        for document in documents:
            for position in range(RECIPIENTS_EACH):
                rows.append(
                    Recipient(
                        document_id=document,
                        person_id=rng.choice(people),
                        name_as_written="x",
                        role="addressee" if position < 2 else "copy",
                        position=position,
                    )
                )
            if len(rows) >= 50_000:
                Recipient.objects.bulk_create(rows)
                rows = []
        Recipient.objects.bulk_create(rows)


def timed(label, function):
    reset_queries()
    start = time.perf_counter()
    result = function()
    print(f"{label:<48} {1000 * (time.perf_counter() - start):8.1f} ms")
    return result


def whole_words_only():
    """PostgreSQL's matching as it was before prefixes: websearch syntax, whole words."""
    from django.contrib.postgres.search import SearchQuery

    def pg_query(parsed):
        return SearchQuery(parsed.as_websearch(), search_type="websearch", config=backends.CONFIG)

    backends.pg_query = pg_query
    snippets.pg_query = pg_query


def main():
    if "--whole-words" in sys.argv:
        whole_words_only()
    call_command("migrate", verbosity=0)
    if not Document.objects.filter(synthetic=True).exists():
        start = time.perf_counter()
        fill()
        print(f"filled in {time.perf_counter() - start:.0f} s")
    print(connection.vendor, Document.objects.count(), "documents")
    for params in [
        "",
        "q=wheat",
        "q=wheat coal -radar",
        'q="railway negotiations"',
        "q=negotiat",
        "q=arti",
        "q=Benchpersn",
        "q=77/sh",
        "person=bench-7",
        "q=wheat&person=bench-7&date_from=1950&date_to=1951-06",
        "q=wheat&sort=-date",
        "doc_type=letter&has_requests=false",
    ]:
        filterset = DocumentFilter(QueryDict(params))
        assert filterset.is_valid(), filterset.errors
        queryset = filterset.qs.for_list()
        count = timed(f"count   {params}", queryset.count)
        page = timed(f"page 1  {params}", lambda qs=queryset: list(qs[:25]))
        q = filterset.form.cleaned_data.get("q")
        timed(f"snippet {params}", lambda p=page, q=q: highlight(p, q))
        counts = timed(f"facets  {params}", lambda qs=filterset.qs: facets(qs))
        print(f"   {count} documents; leading person {counts['people'][:1]}")
        if q and not count:
            timed(f"did you mean {params}", lambda q=q: did_you_mean(q))


if __name__ == "__main__":
    main()
