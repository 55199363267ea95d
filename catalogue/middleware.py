"""Answers for requests the views should never see, and for the database going away.

- ``HealthCheckMiddleware`` answers ``/healthz`` for load balancers before anything else runs.
- ``NulCharacterMiddleware`` refuses a path holding a NUL character, which no address of the
  catalogue contains and PostgreSQL cannot compare (it raised DataError on the API's details).
- ``DatabaseUnavailableMiddleware`` turns "cannot reach the database" into 503 with
  Retry-After, in the form the address promises: JSON under ``/api/``, OAI-PMH XML under
  ``/oai/``, a plain page elsewhere.
"""

import logging
from xml.sax.saxutils import escape

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait: long enough for a database restart or fail-over.
RETRY_AFTER = 30


def _api(request):
    return request.path_info.startswith("/api/")


def _oai(request):
    return request.path_info.startswith("/oai/")


class HealthCheckMiddleware:
    """``GET /healthz``: 200 when the database answers a query, 503 when it does not.

    A middleware, first in the list, rather than a view: a load balancer asks over plain HTTP
    with its own Host header (often an address), which the host check and the HTTPS redirect
    would otherwise refuse, and a health check needs no session, CSRF or CSP.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != self.path or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Health check: the database is unavailable (%s)", error)
            response = JsonResponse(
                {"status": "unavailable", "database": "unavailable"}, status=503
            )
            response["Retry-After"] = str(RETRY_AFTER)
        else:
            response = JsonResponse({"status": "ok", "database": "ok"})
        response["Cache-Control"] = "no-store"
        return response


class NulCharacterMiddleware:
    """404 for a path holding NUL (``%00``): no slug or file name of the catalogue has one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" not in request.path_info:
            return self.get_response(request)
        if _api(request):
            response = JsonResponse({"detail": "Not found.", "errors": {}}, status=404)
            response["Access-Control-Allow-Origin"] = "*"
            return response
        return HttpResponse("Not found.", status=404, content_type="text/plain; charset=utf-8")


def database_unavailable(exception):
    """True when ``exception`` means the database cannot be reached, not that a query failed.

    Both look alike (OperationalError), but a lock timeout or a cancelled statement leaves the
    connection working: those stay errors of their own request. A connection that never
    opened, or that no longer answers (the server restarted under it), is an outage.
    """
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or not connection.is_usable():
            return True
    return False


class DatabaseUnavailableMiddleware:
    """503 with Retry-After while the database cannot be reached, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
        message = f"The catalogue's database is unavailable; try again in {RETRY_AFTER} seconds."
        if _api(request):
            response = JsonResponse({"detail": message, "errors": {}}, status=503)
            response["Access-Control-Allow-Origin"] = "*"
        elif _oai(request):
            response = HttpResponse(
                oai_unavailable(request, message),
                status=503,
                content_type="text/xml; charset=utf-8",
            )
            response["Access-Control-Allow-Origin"] = "*"
        else:
            response = HttpResponse(
                render_to_string("503.html", {"retry_after": RETRY_AFTER}), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response


def oai_unavailable(request, message):
    """An OAI-PMH envelope saying the repository is unavailable for now.

    The protocol (section 3.1.2.2) answers this with HTTP 503 and Retry-After, which harvesters
    honour; none of its error codes says "unavailable", and naming one that does not apply
    would mislead, so the error carries a code of its own for a person reading the body.
    """
    base_url = escape(request.build_absolute_uri(request.path), {'"': "&quot;"})
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
        f"  <responseDate>{now}</responseDate>\n"
        f"  <request>{base_url}</request>\n"
        f'  <error code="serviceUnavailable">{escape(message)}</error>\n'
        "</OAI-PMH>\n"
    )
