"""gunicorn's settings for the catalogue (`make serve`; gunicorn reads this file from the
working directory). Everything a deployment changes comes from the environment."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: each request is a short piece of Python and SQL. Two per core keeps the cores
# busy while a worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
# A request slower than this is stuck: the worker is restarted rather than lost.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Workers are not restarted after a number of requests unless GUNICORN_MAX_REQUESTS asks:
# with the default local-memory cache a restart throws away the worker's cached pages and
# figures, and under load a worker served 10,000 requests in seconds, then spent seconds
# rendering the heaviest pages again (measured with bench/load.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# No control socket (gunicorn 25+): the catalogue does not use it, and its one default path in
# the home folder would be fought over by every gunicorn on the machine.
control_socket_disable = True
