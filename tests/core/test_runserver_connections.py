"""The development server leaves no PostgreSQL connection open behind it.

Each request runs in a thread of its own that then ends; with persistent connections every
ended thread left one open (six clients for 20 s left 54, until PostgreSQL refused clients).
Under runserver the settings keep none, which this drives for real: a server on the test
database, six clients at once, then a count of the connections still open.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_document

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="counts PostgreSQL connections (pg_stat_activity)"
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# The server's connections carry this name (libpq reads PGAPPNAME), so that connections the
# rest of the test run keeps (the live server's threads) are not counted.
APPLICATION_NAME = "runserver-connection-test"


def open_connections(database):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [database, APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def runserver():
    settings_dict = connection.settings_dict
    database = settings_dict["NAME"]
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{database}"
    )
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "runserver-test-" + "x" * 40,
        # Debug on, as a developer runs it: static files are then served without collectstatic.
        "DEBUG": "1",
        # As long as a server could keep them: runserver must override it.
        "CONN_MAX_AGE": "600",
        "PGAPPNAME": APPLICATION_NAME,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("runserver did not start within 30 s")
        yield base, database
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_no_connections_pile_up_under_runserver(runserver):
    base, database = runserver
    for n in range(3):
        make_document(f"Invented telegram {n}", slug=f"invented-{n}")
    urls = [base + path for path in ("/documents/", "/api/documents/", "/people/", "/healthz")]
    # Six clients, 20 requests each.
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(get, urls * 30))
    assert set(statuses) == {200}
    assert len(statuses) == 120
    # A moment for the last request threads to finish closing.
    for _ in range(20):
        if open_connections(database) == 0:
            break
        time.sleep(0.1)
    assert open_connections(database) == 0
