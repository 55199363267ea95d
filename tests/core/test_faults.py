"""Faults: the database going away answers 503 with Retry-After in the form the address
promises; /healthz tells a load balancer; inputs that used to raise answer 4xx, never 500."""

import json

import pytest
from django.db import connection, connections
from lxml import etree


@pytest.fixture
def database_down(monkeypatch):
    """No connection open, and every new one refused, as when the server is stopped or full."""
    # SQLite's in-memory test database would vanish with its connection: set it aside instead.
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()
    kept = connection.connection if in_memory else None
    if kept is None:
        connection.close()

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused (simulated)")

    wrapper = connections["default"]
    monkeypatch.setattr(wrapper, "connection", None)
    monkeypatch.setattr(wrapper, "get_new_connection", refuse)
    yield
    monkeypatch.undo()
    if kept is None:
        connection.close()


@pytest.mark.django_db(transaction=True)
class TestDatabaseUnavailable:
    @pytest.mark.parametrize(
        "url", ["/", "/documents/", "/people/", "/requests/", "/chronology/", "/documents/x/"]
    )
    def test_public_pages_answer_503_with_retry_after(self, client, database_down, url):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Type"].startswith("text/html")
        assert b"briefly unavailable" in response.content

    def test_a_page_that_needs_no_database_still_answers(self, client, database_down):
        assert client.get("/about/").status_code == 200

    @pytest.mark.parametrize(
        "url", ["/api/documents/", "/api/people/", "/api/requests/", "/api/documents/x/"]
    )
    def test_api_answers_503_in_json(self, client, database_down, url):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "unavailable" in json.loads(response.content)["detail"]

    def test_oai_answers_503_in_an_oai_envelope(self, client, database_down):
        response = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Content-Type"].startswith("text/xml")
        root = etree.fromstring(response.content)
        assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
        error = root.find("{http://www.openarchives.org/OAI/2.0/}error")
        assert "unavailable" in error.text

    def test_the_site_recovers_when_the_database_returns(self, client, database_down, monkeypatch):
        assert client.get("/documents/").status_code == 503
        monkeypatch.undo()
        assert client.get("/documents/").status_code == 200

    def test_healthz_answers_503(self, client, database_down):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "unavailable"}
        assert response["Retry-After"] == "30"


@pytest.mark.django_db(transaction=True)
def test_a_query_error_on_a_working_connection_is_not_an_outage():
    from django.db import OperationalError

    from catalogue.middleware import database_unavailable

    connection.ensure_connection()
    assert database_unavailable(OperationalError("database is locked")) is False
    assert database_unavailable(ValueError("not a database error")) is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
def test_a_connection_killed_under_a_request_answers_503(client):
    """The server restarting under an open connection: the query fails, the connection is dead."""
    import psycopg

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    response = client.get("/api/documents/")
    assert response.status_code == 503
    connection.close()
    assert client.get("/api/documents/").status_code == 200


# --- /healthz -------------------------------------------------------------------------------


@pytest.mark.django_db
class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
        assert response["Cache-Control"] == "no-store"

    def test_answers_any_host_and_plain_http(self, client, settings):
        # A load balancer asks by address, over HTTP, before TLS is involved.
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")
        assert response.status_code == 200
        assert client.get("/documents/", HTTP_HOST="10.0.0.7").status_code == 400

    def test_one_query(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            client.get("/healthz")
