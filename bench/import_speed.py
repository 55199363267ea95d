"""Benchmark of `import_seeds`: files per second for a first import, seconds for a re-import.

Writes COUNT synthetic files (make_synthetic_corpus) to a temporary folder, imports them into a
throwaway database, then imports the unchanged folder again:

    python bench/import_speed.py                      # SQLite file in a temporary folder
    python bench/import_speed.py --database postgres  # PostgreSQL database archive_bench
    python bench/import_speed.py --runs 3 --count 10000

`--database postgres` (re)creates the database `archive_bench` on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/; the name from
BENCH_POSTGRES_DB when set). Any other `--database` is a
database URL used as it is; the benchmark refuses one that holds real (non-synthetic)
documents unless given --allow-real-data. Each run is a fresh process on a fresh database; with
several runs the median is printed too.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "archive_bench")


def one_run(corpus, allow_real_data):
    """Runs in a child process whose DATABASE_URL is the throwaway database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    import io

    import django

    django.setup()
    from django.core.management import call_command

    from catalogue.models import Document

    call_command("migrate", verbosity=0)
    if Document.objects.filter(synthetic=False).exists() and not allow_real_data:
        sys.exit("refusing to run: the database holds real documents (use --allow-real-data)")
    files = len(list(Path(corpus).glob("*.txt")))
    out = io.StringIO()
    load = os.getloadavg()[0]
    cpu = cpu_seconds()
    started = time.perf_counter()
    call_command("import_seeds", corpus, verbosity=1, stdout=out, stderr=out)
    first = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    started = time.perf_counter()
    call_command("import_seeds", corpus, verbosity=1, stdout=out, stderr=out)
    again = time.perf_counter() - started
    imported = Document.objects.filter(synthetic=True).count()
    figures = {"files": files, "imported": imported, "first": first, "again": again}
    print(json.dumps({**figures, "cpu": cpu, "load": load}))


def cpu_seconds():
    """CPU time of this process and its finished children (the parsing workers): on a busy
    machine the wall-clock rate says as much about the neighbours as about the importer."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def database_url(choice, folder):
    if choice == "sqlite":
        return f"sqlite:///{folder}/bench.sqlite3"
    if choice == "postgres":
        import psycopg

        with psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
        return POSTGRES_SERVER + BENCH_DB
    return choice


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres or a URL")
    parser.add_argument("--allow-real-data", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        one_run(args.child, args.allow_real_data)
        return

    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        corpus = Path(folder) / "corpus"
        subprocess.run(
            [
                python,
                "manage.py",
                "make_synthetic_corpus",
                "--count",
                str(args.count),
                "--seed",
                str(args.seed),
                "--output",
                str(corpus),
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{folder}/unused.sqlite3"},
        )
        results = []
        for run in range(1, args.runs + 1):
            url = database_url(args.database, folder)
            if args.database == "sqlite":
                Path(folder, "bench.sqlite3").unlink(missing_ok=True)
            command = [python, __file__, "--child", str(corpus)]
            if args.allow_real_data:
                command.append("--allow-real-data")
            # DEBUG off, as in production: with it on, Django keeps every query in memory.
            env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0"}
            env.setdefault("SECRET_KEY", "benchmark-only-not-secret")
            child = subprocess.run(
                command,
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if child.returncode:
                sys.exit(child.stderr or child.stdout)
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            results.append(figures)
            print(
                f"run {run}: {figures['imported']}/{figures['files']} files imported in "
                f"{figures['first']:.1f} s = {figures['files'] / figures['first']:.0f} files/s; "
                f"re-import of the unchanged files {figures['again']:.2f} s; "
                f"CPU {figures['cpu']:.1f} s ({figures['cpu'] * 1000 / figures['files']:.2f} "
                f"ms per file); load average {figures['load']:.1f} on {os.cpu_count()} cores"
            )
        if len(results) > 1:
            rate = statistics.median(r["files"] / r["first"] for r in results)
            again = statistics.median(r["again"] for r in results)
            print(f"median of {len(results)}: {rate:.0f} files/s; re-import {again:.2f} s")


if __name__ == "__main__":
    main()
