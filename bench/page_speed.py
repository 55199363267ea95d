"""Time every public page at the catalogue's promised scale: 100,000 documents, 10,000 people,
a million recipient rows (and 20,000 requests, 200,000 mentions), on SQLite and PostgreSQL.

    python bench/page_speed.py                        # both backends, throwaway databases
    python bench/page_speed.py --backend sqlite
    python bench/page_speed.py --keep                 # keep (and reuse) the filled databases
    python bench/page_speed.py --keep --only network,places  # pages whose label holds one

The SQLite database is a file in a temporary folder (with --keep, the file
archive_pagebench.sqlite3 there, reused when it is already filled). The PostgreSQL database
`archive_pagebench` is dropped and created again on the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/)
unless --keep finds it already filled.

Each page is requested through Django's test Client: one warm-up request (its time is shown as
"first", which is what a visitor meets when a cache is cold), then five timed ones, of which the
median is shown with the number of SQL queries. The data are those of bench/search_speed.py
plus a person `stalin` who is an addressee of 40% of the documents, the author of 10% and
mentioned in 20%: the person whose pages and documents are the heaviest; and the places of
seeds/places.csv, with `moscow` the place 40% of the documents come from and 5% name.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
# BENCH_PAGE_DB names the database (and the kept SQLite file), so that two benchmarks can
# run side by side on one server without dropping each other's data.
BENCH_DB = os.environ.get("BENCH_PAGE_DB", "archive_pagebench")
KEPT_SQLITE = Path(tempfile.gettempdir()) / f"{BENCH_DB}.sqlite3"
RUNS = 5
LIMIT_SECONDS = 20


def pages():
    """(label, address) of every page timed (with --only, those whose label holds one of its
    comma-separated parts)."""
    parts = [part for part in os.environ.get("BENCH_ONLY", "").split(",") if part]
    return [page for page in all_pages() if not parts or any(p in page[0] for p in parts)]


def all_pages():
    """(label, address) of every page; the heavy document is chosen after filling."""
    return [
        ("home", "/"),
        ("documents", "/documents/"),
        ("documents q=wheat (common)", "/documents/?q=wheat"),
        ("documents q=zeppelin (rare)", "/documents/?q=zeppelin"),
        ("documents person=stalin", "/documents/?person=stalin"),
        ("documents person=stalin role=copy", "/documents/?person=stalin&role=copy"),
        ("documents 1951 to 1952", "/documents/?date_from=1951&date_to=1952"),
        ("documents page=2000", "/documents/?page=2000"),
        ("document (Stalin-heavy)", "/documents/bench-1/"),
        ("people", "/people/"),
        ("person stalin", "/people/stalin/"),
        ("requests", "/requests/"),
        ("chronology", "/chronology/"),
        ("autocomplete q=sta", "/people/autocomplete/?q=sta"),
        ("api documents", "/api/documents/"),
        ("api person stalin", "/api/people/stalin/"),
        ("thread of bench-1", "/documents/bench-1/thread/"),
        ("network", "/network/"),
        ("network 1951", "/network/?first_year=1951&last_year=1951"),
        ("person stalin network", "/people/stalin/network/"),
        (
            "person stalin network 1951-1952",
            "/people/stalin/network/?first_year=1951&last_year=1952",
        ),
        ("person bench-7 network", "/people/bench-7/network/"),
        ("network.gexf", "/network.gexf"),
        ("network.graphml 1951", "/network.graphml?first_year=1951&last_year=1951"),
        ("person stalin network.gexf", "/people/stalin/network.gexf"),
        ("documents repository=APRF", "/documents/?repository=APRF"),
        ("archives", "/archives/"),
        ("archive file", "/archives/aprf-f-45-op-1-d-10/"),
        ("requests unanswered", "/requests/?answered=no"),
        ("api thread of bench-1", "/api/documents/bench-1/thread/"),
        ("api network", "/api/network/"),
        ("places", "/places/"),
        ("place moscow", "/places/moscow/"),
        (f"documents q={misspelt(7)} (misspelt)", f"/documents/?q={misspelt(7)}"),
        ("documents q=Benchpersn (10,000 alike)", "/documents/?q=Benchpersn"),
    ]


def fill():
    """The data of bench/search_speed.py, then Stalin, requests and mentions on top of it."""
    import random

    from django.db import connection, transaction
    from django.db.models import Max, Min

    from bench.search_speed import fill as fill_base
    from catalogue.models import Document, Person, PersonName, Request, RequestCategory

    rng = random.Random(1950)
    with transaction.atomic():
        fill_base()
        stalin = Person.objects.create(slug="stalin", name="Joseph Stalin", sort_name="Stalin, J.")
        PersonName.objects.create(
            person=stalin, name="Filippov", kind="pseudonym", normalised="filippov"
        )
        PersonName.objects.create(person=stalin, name="Stalin", normalised="stalin")
        bounds = Document.objects.filter(synthetic=True).aggregate(first=Min("pk"), last=Max("pk"))
        with connection.cursor() as cursor:
            # Stalin receives 40% of the documents (their first addressee), wrote 10%.
            cursor.execute(
                "UPDATE catalogue_recipient SET person_id = %s WHERE position = 0 "
                "AND document_id %% 5 IN (0, 1)",
                [stalin.pk],
            )
            cursor.execute(
                "UPDATE catalogue_document SET author_id = %s WHERE id %% 10 = 3", [stalin.pk]
            )
            # The heavy document: from Stalin, to Stalin.
            cursor.execute(
                "UPDATE catalogue_document SET author_id = %s WHERE slug = 'bench-1'", [stalin.pk]
            )
            cursor.execute(
                "UPDATE catalogue_recipient SET person_id = %s WHERE position = 0 AND "
                "document_id = (SELECT id FROM catalogue_document WHERE slug = 'bench-1')",
                [stalin.pk],
            )
            # A rare word, in twenty documents.
            cursor.execute(
                "UPDATE catalogue_document SET search_text = search_text || ' zeppelin' "
                "WHERE id %% %s = 7",
                [5000],
            )
        people = list(Person.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        through = Document.people_mentioned.through
        mentions, requests = [], []
        categories = RequestCategory.values
        for pk in range(bounds["first"], bounds["last"] + 1):
            mentioned = {rng.choice(people), stalin.pk if pk % 5 == 0 else rng.choice(people)}
            mentions.extend(through(document_id=pk, person_id=p) for p in mentioned)
            if pk % 5 == 0:
                requests.append(
                    Request(
                        document_id=pk,
                        number="1",
                        summary=f"To send {rng.choice(['wheat', 'coal', 'aircraft'])}",
                        text="1. To send what is asked.",
                        category=rng.choice(categories),
                        asked_by_id=rng.choice(people),
                        asked_of_id=stalin.pk,
                    )
                )
            if len(mentions) >= 50_000:
                through.objects.bulk_create(mentions)
                mentions = []
        through.objects.bulk_create(mentions)
        Request.objects.bulk_create(requests, batch_size=5000)
        fill_threads(bounds["first"], bounds["last"])
        fill_places(bounds["first"], bounds["last"])
        fill_names()
        count_pairs()
    # Everything above went in by bulk writes and raw SQL, which send no signal: the kept
    # counts (catalogue/keptcounts.py) are counted once from scratch.
    from catalogue import keptcounts

    keptcounts.rebuild()


def count_pairs():
    """The network's kept pair counts: the fill wrote documents and recipients by raw SQL and
    bulk_create, which keep no counts, so they are counted once from scratch (as
    `manage.py correspondence_pairs` does)."""
    from catalogue import pairs

    pairs.rebuild()


def fill_threads(first, last):
    """Threads and holdings: every fourth document answers the one before it (chains of
    replies through bench-1), every tenth cites a document not in the catalogue, and every
    tenth is held in one of 200 archival files."""
    from catalogue.models import Document, Holding, Reference

    heavy = Document.objects.get(slug="bench-1").pk
    references, holdings = [], []
    for pk in range(first + 1, last + 1):
        if pk % 4 == 0 or pk == heavy + 1:
            references.append(
                Reference(
                    document_id=pk,
                    target_id=pk - 1,
                    as_written=f"To No. {pk - 1}",
                    number=str(pk - 1),
                    direction="reply_to",
                    status="linked",
                )
            )
        if pk % 10 == 0:
            references.append(Reference(document_id=pk, as_written="To No. 1/sh", number="1/sh"))
            key = f"APRF f. 45 op. 1 d. {pk % 200}"
            holdings.append(
                Holding(
                    document_id=pk,
                    repository="APRF",
                    key=key,
                    slug=key.lower().replace(".", "").replace(" ", "-"),
                    cited_as=key.replace(" f.", ", f.").replace(" op.", ", op."),
                )
            )
    Reference.objects.bulk_create(references, batch_size=5000)
    Holding.objects.bulk_create(holdings, batch_size=5000)


def fill_places(first, last):
    """Places: the authority file (seeds/places.csv) loaded as the importer loads it; 40% of
    the documents come from Moscow (the heaviest place page) and the rest from one of the
    first 50 places, and every document names one of the first 100 places, Moscow every
    twentieth."""
    from django.db import connection

    from catalogue.importer.places import PlaceIndex
    from catalogue.models import Document, Place

    PlaceIndex(ROOT / "seeds" / "places.csv", user=None).load()
    places = list(Place.objects.order_by("pk").values_list("pk", flat=True))
    moscow = Place.objects.get(slug="moscow").pk
    with connection.cursor() as cursor:
        for index, pk in enumerate(places[:50]):
            cursor.execute(
                "UPDATE catalogue_document SET origin_place_id = %s "
                "WHERE synthetic AND id %% 5 NOT IN (0, 1) AND id %% 50 = %s",
                [pk, index],
            )
        cursor.execute(
            "UPDATE catalogue_document SET origin_place_id = %s "
            "WHERE synthetic AND id %% 5 IN (0, 1)",
            [moscow],
        )
    through = Document.places_mentioned.through
    named = [
        through(document_id=pk, place_id=moscow if pk % 20 == 0 else places[pk % 100])
        for pk in range(first, last + 1)
    ]
    through.objects.bulk_create(named, batch_size=5000, ignore_conflicts=True)
    # The rows went in past the signals that keep the places' counts: count them once.
    from catalogue import placecounts

    placecounts.recount_all()


SYLLABLES = ["vo", "stra", "kin", "ba", "lo", "mir", "tse", "dan", "gor", "yu", "shen", "ko"]
SYLLABLES += ["ril", "na", "tov", "zhe", "min", "pa", "lev", "chu", "ar", "sky", "ho", "vak"]


def invented_name(n):
    """A surname made of syllables, the same for N every time: 10,000 people who do not all
    share the trigrams of "Benchperson", as the names of a real catalogue do not."""
    import random

    rng = random.Random(n)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def fill_names():
    """Each of the 10,000 bench people gets an invented surname as a variant, so that "did
    you mean" has 10,000 different names to choose among."""
    from catalogue.models import Person, PersonName

    people = Person.objects.filter(slug__startswith="bench-").values_list("pk", "slug")
    PersonName.objects.bulk_create(
        (
            PersonName(
                person_id=pk,
                name=invented_name(int(slug.removeprefix("bench-"))),
                normalised=invented_name(int(slug.removeprefix("bench-"))).lower(),
            )
            for pk, slug in people
        ),
        batch_size=5000,
    )


def misspelt(n):
    """Bench person N's invented name with one letter left out: a search for it finds no
    document and asks for a suggestion."""
    name = invented_name(n)
    return name[:3] + name[4:]


def limit_queries(connection):
    """Stop any query after LIMIT_SECONDS (a page that slow is reported as such rather than
    holding up the benchmark): statement_timeout on PostgreSQL, a progress handler that
    interrupts the statement on SQLite. Set on every new connection (SQLite's are closed
    after each request)."""
    from django.db.backends.signals import connection_created

    deadline = {"started": time.monotonic()}

    def interrupt():
        return time.monotonic() - deadline["started"] > LIMIT_SECONDS

    def restart_clock(execute, sql, params, many, context):
        deadline["started"] = time.monotonic()
        return execute(sql, params, many, context)

    def configure(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {LIMIT_SECONDS * 1000}")
        else:
            connection.connection.set_progress_handler(interrupt, 100_000)

    connection_created.connect(configure, weak=False)
    connection.execute_wrappers.append(restart_clock)
    connection.close()


def measure():
    """Runs in a child process whose DATABASE_URL names the bench database."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive_site.settings"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    # The views are what is timed: a whole-page cache hit would time the cache instead (its
    # own figures are bench/load.py's). PAGE_CACHE_SECONDS set by the caller still wins.
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from catalogue.models import Document

    call_command("migrate", verbosity=0)
    # Pages link their static files through the manifest, which collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    if Document.objects.filter(synthetic=False).exists():
        sys.exit("refusing to run: the database holds real documents")
    from catalogue.models import CorrespondenceCounted

    if Document.objects.exists() and not CorrespondenceCounted.objects.exists():
        # A database kept from before the pair counts (filled by raw SQL, so the migration
        # that counts them found it empty or counted it before the raw updates).
        count_pairs()
    if not Document.objects.filter(synthetic=True).exists():
        started = time.perf_counter()
        fill()
        print(
            f"{connection.vendor}: filled in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    setup_test_environment()
    limit_queries(connection)
    client = Client()
    results = {}
    for label, address in pages():
        started = time.perf_counter()
        try:
            response = client.get(address)
        except DatabaseError:
            # A query ran past LIMIT_SECONDS: note it and go on to the next page.
            results[label] = {"first": None, "median": None, "queries": None}
            print(f"{connection.vendor} {label}: over {LIMIT_SECONDS} s", file=sys.stderr)
            continue
        if response.streaming:
            # A streamed answer is written as it is read: time it whole.
            b"".join(response.streaming_content)
        first = time.perf_counter() - started
        if response.status_code != 200:
            sys.exit(f"{address} answered {response.status_code}")
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(address)
                if response.streaming:
                    b"".join(response.streaming_content)
                times.append(time.perf_counter() - started)
        results[label] = {
            "first": 1000 * first,
            "median": 1000 * statistics.median(times),
            "queries": len(queries),
        }
        print(
            f"{connection.vendor} {label}: {1000 * statistics.median(times):.0f} ms",
            file=sys.stderr,
        )
    print(json.dumps({"vendor": connection.vendor, "results": results}))


def postgres_url(keep):
    import psycopg

    with psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and not keep:
            conn.execute(f"DROP DATABASE {BENCH_DB} WITH (FORCE)")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return POSTGRES_SERVER + BENCH_DB


def run(backend, keep, folder):
    if backend == "sqlite":
        path = KEPT_SQLITE if keep else Path(folder) / "pagebench.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = postgres_url(keep)
    env = {**os.environ, "DATABASE_URL": url}
    output = subprocess.run(
        [sys.executable, __file__, "--child"],
        env=env,
        check=True,
        capture_output=False,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep and reuse filled databases")
    parser.add_argument(
        "--only",
        default="",
        help="time only the pages whose label holds one of these comma-separated texts",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        # Read by the child process, which is started without arguments of its own.
        os.environ["BENCH_ONLY"] = args.only
    if args.child:
        measure()
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        runs = [run(backend, args.keep, folder) for backend in backends]
    header = f"{'page':<36}" + "".join(
        f"{r['vendor'] + ' median':>20}{'first':>8}{'queries':>8}" for r in runs
    )
    print(header)
    print("-" * len(header))
    for label, _ in pages():
        if any(label not in r["results"] for r in runs):
            continue
        row = f"{label:<36}"
        for r in runs:
            result = r["results"][label]
            if result["median"] is None:
                row += f"{'> ' + str(LIMIT_SECONDS * 1000):>17} ms{'-':>8}{'-':>8}"
            else:
                row += f"{result['median']:>17.0f} ms{result['first']:>8.0f}{result['queries']:>8}"
        print(row)


if __name__ == "__main__":
    main()
