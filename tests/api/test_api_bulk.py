"""Bulk downloads: streamed, published records only, every column described by the data
package descriptor, and a query count fixed per chunk rather than per row."""

import csv
import io
import json

import pytest

from catalogue.api import downloads as bulk
from catalogue.models import Status
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    stalin = make_person("Joseph Stalin", slug="stalin")
    letter = make_document(
        "Invented letter, with a comma",
        slug="invented-letter",
        author=stalin,
        date="1950-07",
        reference_numbers=["1/sh"],
        text='Line one\nLine two with "quotes"',
    )
    make_recipient(letter, stalin, copies=2)
    draft = make_document("Invented draft", slug="invented-draft", status=Status.DRAFT)
    make_recipient(draft, stalin)
    make_request(draft, number="1")
    make_request(letter, number="1", answered_by=draft)
    letter.transmission_events.create(event="sent", date="1950-07-02", by=stalin)
    draft.transmission_events.create(event="sent", date="1950-07-03")


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.streaming
    assert response["Access-Control-Allow-Origin"] == "*"
    return b"".join(response.streaming_content).decode()


def read_csv(client, name):
    return list(csv.DictReader(io.StringIO(download(client, f"/downloads/{name}.csv"))))


def test_documents_json_is_the_export_form_of_published_documents(client, catalogue):
    documents = json.loads(download(client, "/downloads/documents.json"))
    assert [d["slug"] for d in documents] == ["invented-letter"]
    assert documents[0]["date"] == "1950-07"
    assert documents[0]["recipients"][0]["copies"] == 2
    assert documents[0]["requests"][0]["answered_by"] is None  # the answer is a draft


def test_empty_catalogue_is_an_empty_array(client, db):
    assert json.loads(download(client, "/downloads/documents.json")) == []
    assert read_csv(client, "documents") == []


def test_csv_files_hold_published_rows_only(client, catalogue):
    documents = read_csv(client, "documents")
    assert [d["slug"] for d in documents] == ["invented-letter"]
    letter = documents[0]
    assert letter["title"] == "Invented letter, with a comma"
    assert letter["text"] == 'Line one\nLine two with "quotes"'
    assert json.loads(letter["reference_numbers"]) == ["1/sh"]
    assert letter["author_slug"] == "stalin"
    assert letter["date"] == "1950-07"
    assert letter["synthetic"] == "false"
    assert [r["document_slug"] for r in read_csv(client, "recipients")] == ["invented-letter"]
    requests = read_csv(client, "requests")
    assert [(r["document_slug"], r["answered_by_slug"]) for r in requests] == [
        ("invented-letter", "")
    ]
    events = read_csv(client, "transmission")
    assert [(e["document_slug"], e["date"], e["by_slug"]) for e in events] == [
        ("invented-letter", "1950-07-02", "stalin")
    ]
    assert [p["slug"] for p in read_csv(client, "people")] == ["stalin"]
    for name in ("documents", "recipients", "requests", "transmission", "people"):
        assert "invented-draft" not in download(client, f"/downloads/{name}.csv")
    assert "invented-draft" not in download(client, "/downloads/documents.json")


def test_unknown_file_is_404(client, db):
    assert client.get("/downloads/secrets.csv").status_code == 404
    assert client.get("/downloads/secrets.json").status_code == 404


def test_datapackage_describes_every_column_of_every_file(client, catalogue):
    response = client.get("/downloads/datapackage.json")
    assert response.status_code == 200
    package = response.json()
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {
        "documents",
        "people",
        "recipients",
        "requests",
        "transmission",
        "documents-json",
        "people-json",
    }
    for name in bulk.TABLES:
        resource = resources[name]
        assert resource["path"] == f"http://testserver/downloads/{name}.csv"
        header = download(client, f"/downloads/{name}.csv").splitlines()[0].split(",")
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["description"] and f["type"] for f in fields), name
        for key in resource["schema"]["foreignKeys"]:
            assert key["fields"] in header
            assert key["reference"]["resource"] in resources


def test_the_json_resources_point_at_their_schema(client, db):
    package = client.get("/downloads/datapackage.json").json()
    json_resource = next(r for r in package["resources"] if r["name"] == "documents-json")
    assert "http://testserver/api/openapi.json" in json_resource["description"]


@pytest.mark.parametrize("chunk_size", [2, 500])
def test_queries_are_per_chunk_not_per_row(
    client, db, django_assert_max_num_queries, monkeypatch, chunk_size
):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", chunk_size)
    person = make_person("Invented Person")
    for n in range(6):
        document = make_document(f"Invented {n}", author=person)
        make_recipient(document, person)
        make_request(document, asked_by=person)
        document.people_mentioned.add(person)
    chunks = -(-6 // chunk_size)
    # JSON: the rows of each chunk + four prefetches per chunk (recipients, requests,
    # transmission, people mentioned). The SQLite and PostgreSQL cursors may read one more
    # empty chunk to learn the end.
    with django_assert_max_num_queries(5 * (chunks + 1)):
        download(client, "/downloads/documents.json")
    for name in bulk.TABLES:
        with django_assert_max_num_queries(1):
            download(client, f"/downloads/{name}.csv")
