"""PostgreSQL restarts under load: only the requests in flight fail, and the site recovers by
itself (persistent connections are health-checked, a dead one is replaced, never reused).

Opt-in: it restarts the PostgreSQL server that holds the test database, which cuts off every
other client of that server. Give the command that restarts it in RESTART_POSTGRES_COMMAND,
and only for a server of your own, e.g.

    pg_ctl -D /path/to/own/cluster restart -m fast

Sixteen threads call the site's WSGI application in a loop, each keeping its own persistent
connection, as the threads of an application server do; the server is restarted after two
seconds; the test counts failed requests and requires every request in the last seconds to
succeed, without restarting the application.
"""

import os
import shlex
import subprocess
import threading
import time
from collections import Counter

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

from tests.factories import make_document, make_person

COMMAND = os.environ.get("RESTART_POSTGRES_COMMAND", "")
THREADS = 16
SECONDS = 12
RESTART_AT = 2.0
CALM_AFTER = 2.0  # seconds after the restart by which every request must succeed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="restarts PostgreSQL: needs DATABASE_URL"
    ),
    pytest.mark.skipif(
        not COMMAND,
        reason="restarts the shared PostgreSQL server, cutting off its other clients: opt in "
        "with RESTART_POSTGRES_COMMAND set to the command that restarts a server of your own",
    ),
]

PATHS = ["/documents/", "/api/documents/", "/people/", "/api/people/", "/healthz"]


def call(application, path):
    environ = RequestFactory().get(path).environ
    status = []
    response = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(response)
    finally:
        response.close()  # request_finished: the connection is kept or closed as configured
    return int(status[0].split()[0])


def test_restart_under_load(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    person = make_person("Invented Person", slug="invented-person")
    for n in range(20):
        make_document(f"Invented telegram {n}", slug=f"invented-{n}", author=person)
    assert connections["default"].settings_dict["CONN_MAX_AGE"] > 0
    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"]

    application = WSGIHandler()
    start = time.monotonic()
    results = []  # (seconds since start when sent, when answered, outcome)
    lock = threading.Lock()

    def client(n):
        i = n
        while (elapsed := time.monotonic() - start) < SECONDS:
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                outcome = call(application, path)
            except Exception as error:  # what a visitor would get as a 500
                outcome = type(error).__name__
            with lock:
                results.append((elapsed, time.monotonic() - start, outcome))
        connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(RESTART_AT)
    restart_began = time.monotonic() - start
    subprocess.run(shlex.split(COMMAND), check=True, capture_output=True)
    restart_ended = time.monotonic() - start
    for thread in threads:
        thread.join()
    connection.close()  # this thread's connection died with the server too

    failed = [(t, done, o) for t, done, o in results if o != 200]
    after = [o for t, _done, o in results if t > restart_ended + CALM_AFTER]
    summary = {
        "requests": len(results),
        "failed": len(failed),
        "outcomes": dict(Counter(o for _t, _done, o in failed)),
        "restart": (round(restart_began, 2), round(restart_ended, 2)),
        # When the failed requests were sent, and when the first of them was answered.
        "failures sent between": (
            (round(min(f[0] for f in failed), 2), round(max(f[0] for f in failed), 2))
            if failed
            else None
        ),
        "first failure answered": round(min(f[1] for f in failed), 2) if failed else None,
        "requests after recovery": len(after),
    }
    print(summary)
    # Recovery without restarting the application: everything succeeds again.
    assert after and set(after) == {200}, summary
    # What failed failed as an outage (503), not as an error page.
    assert {o for _t, _done, o in failed} <= {503}, summary
    # Only requests in flight during the restart or sent while it ran failed: none answered
    # before it began. (On a loaded machine a request sent well before the restart can still
    # be waiting on the database when the restart cuts its connection.)
    assert all(done >= restart_began - 0.5 for _t, done, _o in failed), summary
