"""Scale-out demonstration: two gunicorn servers sharing Redis, reading from a real PostgreSQL
streaming replica, and a publish seen by both at once.

    python bench/replica.py                        # make the clusters, run, stop everything
    python bench/replica.py --keep-clusters        # leave both clusters running (reused next time)
    python bench/replica.py --ports 8421 8422 --cache redis://127.0.0.1:6379/11

It needs the filled benchmark database `archive_loadbench` on BENCH_POSTGRES_URL (made by
bench/load.py) and PostgreSQL 15's server programs (Debian: postgresql-15). So that nothing
about the shared server has to change (replication connections in pg_hba.conf, a restart for
wal_level), it makes two clusters of its own in a temporary folder: a primary on
--primary-port (default 5442), filled from a dump of `archive_loadbench`, and a standby on
--replica-port (default 5441) made with `pg_basebackup -R`, which streams the primary's WAL.

Then it starts two gunicorn servers with DATABASE_URL on the primary, DATABASE_REPLICA_URL on
the standby and CACHE_URL on Redis, and shows:

1. replication: the standby is in recovery and the primary streams to it;
2. reads: anonymous page renders run their queries on the standby, not on the primary
   (transactions counted in pg_stat_database before and after);
3. a publish: a draft document is published on the primary (a model save, as the admin's
   is); both servers answer its page at once, and their cached home pages are renewed;
4. the document is put back as a draft, and both servers answer 404 again.

Every wait is bounded, all traffic stays on the loopback interface, and everything it
started is stopped at the end (the clusters too, unless --keep-clusters).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
WORKDIR = Path(
    os.environ.get("BENCH_REPLICA_DIR", Path(tempfile.gettempdir()) / "archive_replica_bench")
)
DB = load.BENCH_DB
SEEN_TIMEOUT = 10


def as_postgres(args, **kwargs):
    """Server programs refuse to run as root: run them as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], check=True, **kwargs)


def psql(port, sql, db=DB):
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-Atc", sql],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"psql on port {port} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def running(datadir):
    return (datadir / "postmaster.pid").exists()


def start_cluster(datadir, log):
    if not running(datadir):
        as_postgres([PG_BIN / "pg_ctl", "-D", datadir, "-l", log, "-w", "-t", "120", "start"])


def stop_cluster(datadir):
    if running(datadir):
        as_postgres([PG_BIN / "pg_ctl", "-D", datadir, "-m", "fast", "-w", "stop"])


def make_clusters(args):
    """The primary (filled from archive_loadbench) and its streaming standby, made once."""
    primary, replica = WORKDIR / "primary", WORKDIR / "replica"
    WORKDIR.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(WORKDIR, "postgres")
    if not primary.exists():
        print(f"making the primary cluster on port {args.primary_port} ...", flush=True)
        as_postgres(
            [PG_BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust"],
            stdout=subprocess.DEVNULL,
        )
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {args.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{WORKDIR}'\nwal_level = replica\n"
                "max_wal_senders = 4\nshared_buffers = 256MB\n"
                # A demonstration cluster: speed over durability.
                "fsync = off\nsynchronous_commit = off\n"
            )
        start_cluster(primary, WORKDIR / "primary.log")
        dump = WORKDIR / "loadbench.dump"
        server = load.POSTGRES_SERVER.rstrip("/") + "/" + DB
        subprocess.run(["pg_dump", "-Fc", "-f", dump, server], check=True)
        psql(args.primary_port, f"CREATE DATABASE {DB}", db="postgres")
        subprocess.run(
            [
                "pg_restore",
                "-h",
                "127.0.0.1",
                "-p",
                str(args.primary_port),
                "-U",
                "postgres",
                "-d",
                DB,
                "-j",
                "2",
                "--no-owner",
                dump,
            ],
            check=True,
        )
        psql(args.primary_port, "VACUUM ANALYZE")
        dump.unlink()
    start_cluster(primary, WORKDIR / "primary.log")
    if not replica.exists():
        print(f"making the standby on port {args.replica_port} (pg_basebackup -R) ...", flush=True)
        as_postgres(
            [
                PG_BIN / "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                args.primary_port,
                "-U",
                "postgres",
                "-D",
                replica,
                "-R",
                "-X",
                "stream",
                # A checkpoint at once, not one spread over minutes.
                "-c",
                "fast",
            ]
        )
        conf = replica / "postgresql.conf"
        conf.write_text(
            conf.read_text().replace(f"port = {args.primary_port}", f"port = {args.replica_port}")
        )
    start_cluster(replica, WORKDIR / "replica.log")
    return primary, replica


def get(port, address):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{address}", timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def transactions(port):
    return int(psql(port, f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{DB}'"))


def django_shell(env, code):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


def set_status(env, slug, status):
    """A model save on the primary, as the admin's change form makes (signals bump the
    generation in the shared cache)."""
    django_shell(
        env,
        (
            "from catalogue.models import Document\n"
            f"d = Document.objects.get(slug={slug!r})\n"
            f"d.status = {status!r}\n"
            "d.save()\n"
        ),
    )


def wait_until(ports, address, status):
    """Per server: (milliseconds until it answered `address` with `status`, requests it took);
    (None, n) when it did not in time. One request means the very next one saw the change."""
    started = time.perf_counter()
    seen, tries = {}, dict.fromkeys(ports, 0)
    while len(seen) < len(ports) and time.perf_counter() - started < SEEN_TIMEOUT:
        for port in ports:
            if port not in seen:
                tries[port] += 1
                if get(port, address)[0] == status:
                    seen[port] = round(1000 * (time.perf_counter() - started))
        time.sleep(0.01)
    return {port: (seen.get(port), tries[port]) for port in ports}


def demonstrate(args):
    primary_url = f"postgres://postgres@127.0.0.1:{args.primary_port}/{DB}"
    replica_url = f"postgres://postgres@127.0.0.1:{args.replica_port}/{DB}"
    print("standby in recovery:", psql(args.replica_port, "SELECT pg_is_in_recovery()"))
    print(
        "primary streams to:",
        psql(
            args.primary_port,
            "SELECT string_agg(client_addr || ' ' || state, ', ') FROM pg_stat_replication",
        ),
    )
    env = load.server_env(primary_url, args.cache, args.workers)
    env.update(DATABASE_REPLICA_URL=replica_url, REPLICA_LAG_SECONDS=str(args.lag))
    shell_env = {**env, "DJANGO_SETTINGS_MODULE": "archive_site.settings"}
    slug = psql(
        args.primary_port,
        "SELECT slug FROM catalogue_document WHERE status = 'draft' ORDER BY id LIMIT 1",
    )
    if not slug:
        sys.exit("no draft document to publish in the benchmark database")
    servers = [load.start_server(env, port) for port in args.ports]
    try:
        time.sleep(args.lag + 0.5)  # past any recent write: reads may go to the standby
        before = transactions(args.primary_port), transactions(args.replica_port)
        for page in range(2, 12):  # distinct pages: each is rendered, not served from cache
            get(args.ports[page % 2], f"/documents/?page={page}&bench={time.time_ns()}")
        after = transactions(args.primary_port), transactions(args.replica_port)
        print(
            f"10 page renders: {after[1] - before[1]} transactions on the standby, "
            f"{after[0] - before[0]} on the primary"
        )

        address = f"/documents/{slug}/"
        homes = {}
        for port in args.ports:
            homes[port] = get(port, "/")[1]  # a cached home page on each server
            print(f"server :{port} before publish: {address} -> {get(port, address)[0]}")
        set_status(shell_env, slug, "published")
        try:
            seen = wait_until(args.ports, address, 200)
            for port, (ms, tries) in seen.items():
                changed = get(port, "/")[1] != homes[port]
                print(
                    f"server :{port} after publish: 200 after {ms} ms, request {tries}; "
                    f"its cached home page was renewed (figures count it): {changed}"
                )
        finally:
            set_status(shell_env, slug, "draft")
        unseen = wait_until(args.ports, address, 404)
        for port, (ms, tries) in unseen.items():
            print(f"server :{port} after unpublishing: 404 after {ms} ms, request {tries}")
        lag = psql(
            args.primary_port,
            "SELECT COALESCE(max(replay_lag)::text, 'none') FROM pg_stat_replication",
        )
        print("standby replay lag:", lag)
    finally:
        for server in servers:
            load.stop_server(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--primary-port", type=int, default=5442)
    parser.add_argument("--replica-port", type=int, default=5441)
    parser.add_argument("--ports", type=int, nargs=2, default=[8421, 8422])
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--lag", type=float, default=2, help="REPLICA_LAG_SECONDS")
    parser.add_argument("--keep-clusters", action="store_true")
    args = parser.parse_args()
    if not args.cache.startswith("redis"):
        sys.exit("--cache must be a redis:// URL: both servers share it")
    primary, replica = make_clusters(args)
    try:
        demonstrate(args)
    finally:
        if not args.keep_clusters:
            stop_cluster(replica)
            stop_cluster(primary)


if __name__ == "__main__":
    main()
