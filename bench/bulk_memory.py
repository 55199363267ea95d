"""Peak memory while streaming the bulk downloads, for N synthetic published documents.

    python bench/bulk_memory.py 10000            # throwaway SQLite file in a temporary folder
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch python bench/bulk_memory.py 100000

The PostgreSQL database named must be a scratch one: its tables are created and filled. Each
document gets two recipients, a request and a transmission event, all invented. The script
prints, for each download, the bytes streamed and the peak of Python allocations (tracemalloc)
while streaming, and the process's peak RSS at the end. Flat memory means the tracemalloc peak
does not grow with N.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        folder = tempfile.mkdtemp(prefix="bulk-bench-")
        url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def fill(n):
    from catalogue.models import Document, Person, Recipient, Request, TransmissionEvent

    people = Person.objects.bulk_create(
        Person(slug=f"bench-person-{i}", name=f"Bench Person {i}", sort_name=f"Person {i}")
        for i in range(max(10, n // 10))
    )
    batch = 2000
    for start in range(0, n, batch):
        documents = Document.objects.bulk_create(
            Document(
                slug=f"bench-{i}",
                title=f"Invented benchmark document {i}",
                text="Invented text for a benchmark. " * 40,
                summary="An invented summary.",
                status="published",
                synthetic=True,
                date_precision="day",
                author=people[i % len(people)],
            )
            for i in range(start, min(n, start + batch))
        )
        Recipient.objects.bulk_create(
            Recipient(
                document=d,
                person=people[(d.pk + k) % len(people)],
                name_as_written="X",
                role="addressee",
                position=k,
            )
            for d in documents
            for k in range(2)
        )
        Request.objects.bulk_create(
            Request(document=d, summary="Invented request", text="1. Invented.", number="1")
            for d in documents
        )
        TransmissionEvent.objects.bulk_create(
            TransmissionEvent(document=d, event="sent") for d in documents
        )


def measure(path):
    from django.test import Client

    client = Client()
    # Warm up first, so that imports and URL resolution are not counted as streaming.
    client.get("/downloads/datapackage.json")
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path)
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, peak, elapsed


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    url = setup_django()
    from catalogue.models import Document

    if not Document.objects.exists():
        started = time.perf_counter()
        fill(n)
        print(f"filled {n} documents in {time.perf_counter() - started:.0f}s ({url.split(':')[0]})")
    for path in (
        "/downloads/documents.json",
        "/downloads/documents.csv",
        "/downloads/recipients.csv",
        "/downloads/people.csv",
    ):
        size, peak, elapsed = measure(path)
        print(
            f"{path:28} {size / 1e6:8.1f} MB streamed  "
            f"peak Python allocations {peak / 1e6:6.1f} MB  {elapsed:6.1f}s"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole process (filling included): {rss:.0f} MB")


if __name__ == "__main__":
    main()
