"""gunicorn's settings for the catalogue (`make serve`; gunicorn reads this file from the
working directory). Everything a deployment changes comes from the environment."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: each request is a short piece of Python and SQL. Two per core keeps the cores
# busy while a worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
# A request slower than this is stuck: the worker is restarted rather than lost.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Restart each worker now and then, so that no slow leak grows for ever; the jitter keeps the
# workers from restarting together.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# No control socket (gunicorn 25+): the catalogue does not use it, and its one default path in
# the home folder would be fought over by every gunicorn on the machine.
control_socket_disable = True
