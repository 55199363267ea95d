"""Load benchmark: every public page and API list served by gunicorn at 100,000 documents,
driven by wrk, against two floor views served by the same processes.

    python bench/load.py                                   # PostgreSQL, then SQLite
    python bench/load.py --backend postgresql --duration 10 --connections 8 16
    python bench/load.py --pages 'documents*' 'api *' --runs 3
    python bench/load.py --cache redis://127.0.0.1:6379/5  # the page cache in Redis
    python bench/load.py --cache off                       # pages rendered on every request
    python bench/load.py --list                            # the pages' labels and addresses
    python bench/load.py --duration 0 --mixed 60           # every page together, 60 s, c=16

The data are those of bench/page_speed.py (100,000 documents, 10,000 people, a million
recipient rows), filled by its own code the first time and reused afterwards: the PostgreSQL
database `archive_loadbench` on the server of BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/), and the SQLite file archive_loadbench.sqlite3 in the
temporary folder. `--fresh` drops them and fills them again. A database holding real
(non-synthetic) documents is refused.

gunicorn serves the catalogue with debug off, from bench/floor_settings.py: the site's own
settings plus two floor views (bench/floor_urls.py, never in the site's URLs): a bare view, and
the document list's first 25 rows read with one raw SQL query and written as plain HTML. For
each page and each number of connections wrk runs for `--duration` seconds; the table gives
requests per second, latency percentiles, errors (socket errors, timeouts and any answer other
than 2xx/3xx) and the ratio of the page's requests per second to the raw-SQL floor's. "first"
is the time of the one request made before wrk starts, on a cold page cache: what the first
visitor after a change meets. With `--mixed SECONDS` the same server then serves every chosen
page together (the floors aside): one wrk run at `--mixed-connections` (default 16) whose
requests cycle through all the pages' addresses (bench/wrk_mixed.lua), reported as requests,
requests per second, p50/p95/p99 and errors. With `--runs N` each figure is the median of N
runs. Everything goes over the loopback interface; every wait is bounded.

Results are written as JSON to bench/out/load-BACKEND-TIME.json (or --output).
"""

import argparse
import fnmatch
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import page_speed  # noqa: E402

POSTGRES_SERVER = page_speed.POSTGRES_SERVER
# BENCH_LOAD_DB names the database (and the SQLite file), so that two benchmarks can run side
# by side on one server without dropping each other's data.
BENCH_DB = os.environ.get("BENCH_LOAD_DB", "archive_loadbench")
SQLITE_PATH = Path(tempfile.gettempdir()) / f"{BENCH_DB}.sqlite3"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
# The same report, for one wrk run whose requests cycle through every page (--mixed).
WRK_MIXED_SCRIPT = Path(__file__).resolve().parent / "wrk_mixed.lua"
OUT = Path(__file__).resolve().parent / "out"
FLOOR_BARE, FLOOR_LIST = "floor: bare view", "floor: raw-SQL list"
# Bounds on every wait, so that a stuck server never holds the benchmark up for long.
START_TIMEOUT = 60
# After a page too slow for its load, gunicorn still works through the requests wrk left
# queued; the next page waits (this long at most) until the server answers promptly again.
SETTLE_TIMEOUT = 120
FIRST_REQUEST_TIMEOUT = 120
WRK_TIMEOUT = "10s"
# The document the publish step unpublishes and publishes again (not one the pages show).
PUBLISHED_SLUG = "bench-3"
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


def pages():
    """(label, address): the floors, the pages bench/page_speed.py times, and the rest of the
    public pages and API lists. The bulk downloads are left out: each is the whole catalogue
    (hundreds of megabytes), a transfer rather than a page."""
    return [
        (FLOOR_BARE, "/floor/bare/"),
        (FLOOR_LIST, "/floor/list/"),
        *page_speed.pages(),
        ("about", "/about/"),
        ("document .txt", "/documents/bench-2.txt"),
        ("document cite.bib", "/documents/bench-2/cite.bib"),
        ("requests category=materiel", "/requests/?category=materiel"),
        ("api index", "/api/"),
        ("api documents q=wheat", "/api/documents/?q=wheat"),
        ("api document", "/api/documents/bench-2/"),
        ("api people", "/api/people/"),
        ("api requests", "/api/requests/"),
        ("downloads", "/downloads/"),
        ("feed", "/feeds/documents.atom"),
        ("sitemap index", "/sitemap.xml"),
        ("oai ListRecords", "/oai/?verb=ListRecords&metadataPrefix=oai_dc"),
    ]


# --- The database --------------------------------------------------------------------------


def prepare_child():
    """Runs in a child process whose DATABASE_URL names the bench database: migrate, fill it
    with bench/page_speed.py's data unless it is filled already, and collect the static files
    the pages name (the manifest storage of debug-off settings needs them)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive_site.settings"
    # The settings refuse to load without a key; this process serves no one (gunicorn gets
    # its own random key from server_env), as in bench/page_speed.py.
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalogue.models import Document

    call_command("migrate", verbosity=0)
    if Document.objects.filter(synthetic=False).exists():
        sys.exit("refusing to run: the database holds real documents")
    if not Document.objects.filter(synthetic=True).exists():
        print(f"{connection.vendor}: filling the database (several minutes)", file=sys.stderr)
        started = time.perf_counter()
        page_speed.fill()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        took = time.perf_counter() - started
        print(f"{connection.vendor}: filled in {took:.0f} s", file=sys.stderr)
    call_command("collectstatic", interactive=False, verbosity=0)


def publish_child(token):
    """Runs in a child process on the bench database: unpublish a document and publish it
    again with a new title, through the ORM's save() (the admin's path: signals, kept counts,
    history), and print the milliseconds the publishing save took."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive_site.settings"
    # The settings refuse to load without a key; this process serves no one (gunicorn gets
    # its own random key from server_env), as in bench/page_speed.py.
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    import django

    django.setup()
    from catalogue.models import Document, Status

    document = Document.objects.get(slug=PUBLISHED_SLUG)
    document.status = Status.DRAFT
    document.save()
    started = time.perf_counter()
    document.title = f"Bench document republished {token}"
    document.status = Status.PUBLISHED
    document.save()
    print(json.dumps({"publish_ms": 1000 * (time.perf_counter() - started)}))


def after_publish(port, url):
    """Publish a change in another process, then time the next home page and document list
    (what the first visitor after a publish meets) and check the change is on the
    document's page at the next request."""
    token = secrets.token_hex(4)
    env = {**os.environ, "DATABASE_URL": url}
    output = subprocess.run(
        [sys.executable, __file__, "--publish", token],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    for label, address in (("home", "/"), ("documents", "/documents/")):
        status, ms = first_request(port, address)
        result[label] = {"status": status, "ms": ms}
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/documents/{PUBLISHED_SLUG}/", timeout=FIRST_REQUEST_TIMEOUT
    ) as response:
        result["visible"] = token in response.read().decode()
    return result


def database_url(backend, fresh):
    if backend == "sqlite":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    import psycopg

    with psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f"DROP DATABASE {BENCH_DB} WITH (FORCE)")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return POSTGRES_SERVER + BENCH_DB


# --- The server ----------------------------------------------------------------------------


def server_env(url, cache, workers):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_COOKIES": "0",
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(ROOT),
    }
    if cache == "off":
        env["PAGE_CACHE_SECONDS"] = "0"
    else:
        env["CACHE_URL"] = "" if cache == "locmem" else cache
    return env


def start_server(env, port):
    """gunicorn with the project's gunicorn.conf.py, in its own process group."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive_site.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/floor/bare/", timeout=5):
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop_server(process)
    sys.exit(f"gunicorn did not answer on port {port} within {START_TIMEOUT} s")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def first_request(port, address):
    """(status, milliseconds) of one request, made before wrk: the page on a cold cache."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{address}", timeout=FIRST_REQUEST_TIMEOUT
        ) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, TimeoutError) as error:
        return f"failed: {error}", None
    return status, 1000 * (time.perf_counter() - started)


def settle(port):
    """Wait until the bare floor answers within a second; False if it never did."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/floor/bare/", timeout=5):
                if time.perf_counter() - started < 1:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    return False


def drive(port, address, connections, duration):
    """One wrk run on one page; returns its summary."""
    return run_wrk(wrk_command(port, address, connections, duration), duration)


def drive_mixed(port, addresses, connections, duration):
    """One wrk run whose requests cycle through every address; returns its summary."""
    return run_wrk(mixed_command(port, addresses, connections, duration), duration)


def wrk_command(port, address, connections, duration, script=WRK_SCRIPT):
    threads = min(2, connections)
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={WRK_TIMEOUT}",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{address}",
    ]


def mixed_command(port, addresses, connections, duration):
    """wrk on the first address, its Lua script given every address (after `--`) to cycle
    through."""
    return [
        *wrk_command(port, addresses[0], connections, duration, WRK_MIXED_SCRIPT),
        "--",
        *addresses,
    ]


def run_wrk(command, duration):
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=True
    ).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """The figures of wrk_report.lua's JSON line: requests per second, latencies in ms, and
    errors: socket errors (connect, read, write), timeouts, and answers other than 2xx/3xx
    (wrk's "status": any status of 400 or more)."""
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    kinds = {k: raw[k] for k in ERROR_KINDS}
    # No request finished within the run: there is no latency to give, only "slower than it".
    done = raw["requests"] > 0
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000 if done else None,
        "p95": raw["p95_us"] / 1000 if done else None,
        "p99": raw["p99_us"] / 1000 if done else None,
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
        "requests": raw["requests"],
    }


# --- One backend ----------------------------------------------------------------------------


def run_backend(backend, args, chosen):
    url = database_url(backend, args.fresh)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, __file__, "--prepare"], env=env, check=True, timeout=3600)
    runs = []
    for run in range(args.runs):
        server = start_server(server_env(url, args.cache, args.workers), args.port)
        try:
            first = {label: first_request(args.port, address) for label, address in chosen}
            published = after_publish(args.port, url)
            print(
                f"{backend} run {run + 1} publish: save {published['publish_ms']:.0f} ms, "
                f"next home {published['home']['ms']:.0f} ms, "
                f"list {published['documents']['ms']:.0f} ms, visible {published['visible']}",
                file=sys.stderr,
            )
            results = {}
            for connections in args.connections:
                for label, address in chosen:
                    if not settle(args.port):
                        print(f"server still busy after {SETTLE_TIMEOUT} s", file=sys.stderr)
                    result = drive(args.port, address, connections, args.duration)
                    results.setdefault(label, {})[str(connections)] = result
                    # No request finished within the run: no latency to show.
                    p95 = "-" if result["p95"] is None else f"{result['p95']:.0f}"
                    print(
                        f"{backend} run {run + 1} c={connections} {label}: "
                        f"{result['rps']:.0f}/s p95 {p95} ms",
                        file=sys.stderr,
                    )
            mixed = run_mixed(backend, run, args, chosen) if args.mixed else None
        finally:
            stop_server(server)
        runs.append(
            {"first": first, "results": results, "after_publish": published, "mixed": mixed}
        )
    summary = summarise(runs, chosen, args)
    published = [run["after_publish"] for run in runs]
    after = {
        "publish_ms": statistics.median(p["publish_ms"] for p in published),
        "visible": all(p["visible"] for p in published),
    }
    for label in ("home", "documents"):
        times = [p[label]["ms"] for p in published if p[label]["ms"] is not None]
        after[f"{label}_ms"] = statistics.median(times) if times else None
    return {
        "backend": backend,
        "runs": runs,
        "summary": summary,
        "after_publish": after,
        "mixed": summarise_mixed([run["mixed"] for run in runs]) if args.mixed else None,
    }


def mixed_pages(chosen):
    """The pages of the mixed run: every chosen page but the floors, which are yardsticks
    of the benchmark rather than pages of the site."""
    return [(label, address) for label, address in chosen if label not in (FLOOR_BARE, FLOOR_LIST)]


def run_mixed(backend, run, args, chosen):
    """All the chosen pages together, on the server of the per-page runs: one wrk run of
    --mixed seconds at --mixed-connections whose requests cycle through every page's address.
    Each page is then asked once more, so that an error the run counted can be traced to
    its page (wrk's Lua hooks do not tell which request an answer belongs to)."""
    if not settle(args.port):
        print(f"server still busy after {SETTLE_TIMEOUT} s", file=sys.stderr)
    pages = mixed_pages(chosen)
    result = drive_mixed(
        args.port, [address for _, address in pages], args.mixed_connections, args.mixed
    )
    result["statuses_after"] = {
        label: first_request(args.port, address)[0] for label, address in pages
    }
    p95 = "-" if result["p95"] is None else f"{result['p95']:.0f}"
    print(
        f"{backend} run {run + 1} mixed c={args.mixed_connections} {len(pages)} pages: "
        f"{result['requests']} requests, {result['rps']:.0f}/s p95 {p95} ms, "
        f"{result['errors']} errors",
        file=sys.stderr,
    )
    return result


def summarise_mixed(mixed):
    """The mixed runs' figures: medians, errors and requests summed over the runs, and
    every page whose answer after a run was not 2xx/3xx."""
    summary = {"rps": statistics.median(m["rps"] for m in mixed)}
    for key in ("p50", "p95", "p99"):
        known = [m[key] for m in mixed if m[key] is not None]
        summary[key] = statistics.median(known) if known else None
    summary["requests"] = sum(m["requests"] for m in mixed)
    summary["errors"] = sum(m["errors"] for m in mixed)
    summary["error_kinds"] = {k: sum(m["error_kinds"][k] for m in mixed) for k in ERROR_KINDS}
    summary["failing_pages"] = sorted(
        {
            label
            for m in mixed
            for label, status in m["statuses_after"].items()
            if not (isinstance(status, int) and 200 <= status < 400)
        }
    )
    return summary


def summarise(runs, chosen, args):
    """Per page and number of connections, the median of each figure over the runs."""
    summary = {}
    for label, address in chosen:
        firsts = [run["first"][label] for run in runs]
        statuses = sorted({str(status) for status, _ in firsts})
        times = [ms for _, ms in firsts if ms is not None]
        entry = {
            "address": address,
            "first_status": statuses,
            "first_ms": statistics.median(times) if times else None,
        }
        for connections in map(str, args.connections):
            figures = [run["results"][label][connections] for run in runs]
            entry[connections] = {"rps": statistics.median(f["rps"] for f in figures)}
            for key in ("p50", "p95", "p99"):
                known = [f[key] for f in figures if f[key] is not None]
                entry[connections][key] = statistics.median(known) if known else None
            entry[connections]["errors"] = sum(f["errors"] for f in figures)
        summary[label] = entry
    floor = summary.get(FLOOR_LIST)
    for entry in summary.values():
        if "address" not in entry:
            continue
        for connections in map(str, args.connections):
            base = floor[connections]["rps"] if floor else None
            entry[connections]["ratio"] = entry[connections]["rps"] / base if base else None
    return summary


def print_table(result, args):
    print(
        f"\n{result['backend']} (cache {args.cache}, {args.workers} workers, "
        f"{args.duration} s per page, median of {args.runs} run(s))"
    )
    header = f"{'page':<36}{'first':>8}"
    for connections in args.connections:
        header += f" | c={connections:<3}"
        header += f"{'req/s':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'err':>5}{'floor':>7}"
    print(header)
    print("-" * len(header))
    for label, entry in result["summary"].items():
        first = "-" if entry["first_ms"] is None else f"{entry['first_ms']:.0f}"
        if entry["first_status"] != ["200"]:
            first += f" ({','.join(entry['first_status'])})"
        row = f"{label:<36}{first:>8}"
        for connections in map(str, args.connections):
            f = entry[connections]
            ratio = "-" if f["ratio"] is None else f"{100 * f['ratio']:.0f}%"
            times = "".join(
                f"{'-':>7}" if f[k] is None else f"{f[k]:>7.0f}" for k in ("p50", "p95", "p99")
            )
            row += f" | {'':<5}{f['rps']:>7.0f}{times}{f['errors']:>5}{ratio:>7}"
        print(row)
    print(
        "(times in ms; - : no request finished within the run; "
        "floor = requests/s as a share of the raw-SQL list's)"
    )
    mixed = result["mixed"]
    if mixed:
        times = ", ".join(
            f"{k} {'-' if mixed[k] is None else format(mixed[k], '.0f')}"
            for k in ("p50", "p95", "p99")
        )
        kinds = ", ".join(f"{k} {n}" for k, n in mixed["error_kinds"].items() if n)
        print(
            f"mixed: every page together, {args.mixed} s at {args.mixed_connections} "
            f"connections: {mixed['requests']} requests, {mixed['rps']:.0f}/s, {times} ms, "
            f"{mixed['errors']} errors{f' ({kinds})' if kinds else ''}"
        )
        if mixed["failing_pages"]:
            print(f"  pages answering an error afterwards: {', '.join(mixed['failing_pages'])}")
    after = result["after_publish"]
    print(
        f"after a publish (save {after['publish_ms']:.0f} ms): next home page "
        f"{after['home_ms']:.0f} ms, next document list {after['documents_ms']:.0f} ms; "
        f"the change {'is' if after['visible'] else 'is NOT'} on the next request"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of wrk per page (0: only --mixed)"
    )
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 16])
    parser.add_argument(
        "--pages", nargs="+", metavar="LABEL", help="labels or patterns (--list); floors always"
    )
    parser.add_argument(
        "--mixed",
        type=int,
        default=0,
        metavar="SECONDS",
        help="then every chosen page together, in one wrk run of this many seconds",
    )
    parser.add_argument(
        "--mixed-connections", type=int, default=16, help="connections of --mixed (default 16)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs to take the median of")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--cache", default="locmem", help="locmem (default), off, or a CACHE_URL (redis://...)"
    )
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--fresh", action="store_true", help="drop and fill the databases again")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/out/...)")
    parser.add_argument("--list", action="store_true", help="list the pages and exit")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--publish", metavar="TOKEN", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare_child()
        return
    if args.publish:
        publish_child(args.publish)
        return
    if args.list:
        for label, address in pages():
            print(f"{label:<36} {address}")
        return
    if not 1 <= args.duration <= 600 and not (args.duration == 0 and args.mixed):
        parser.error("--duration must be 1-600 seconds (or 0 with --mixed)")
    if not 0 <= args.mixed <= 600 or not 1 <= args.runs <= 20:
        parser.error("--mixed must be 0-600 seconds and --runs 1-20")
    if any(not 1 <= c <= 256 for c in [*args.connections, args.mixed_connections]):
        parser.error("--connections and --mixed-connections must be between 1 and 256")
    if args.duration == 0:
        # No page on its own: only the first requests and the mixed run.
        args.connections = []
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (the Debian package) and run again")
    chosen = [
        (label, address)
        for label, address in pages()
        if label in (FLOOR_BARE, FLOOR_LIST)
        or not args.pages
        or any(fnmatch.fnmatchcase(label, pattern) for pattern in args.pages)
    ]
    if args.pages and len(chosen) == 2:
        parser.error(f"no page matches {args.pages}; see --list")
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        result = run_backend(backend, args, chosen)
        results.append(result)
        print_table(result, args)
    output = args.output or OUT / f"load-{args.backend}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    settings = {k: v for k, v in vars(args).items() if k not in ("output", "prepare", "list")}
    settings["load_average"] = os.getloadavg()
    output.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    print(f"\nwritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
