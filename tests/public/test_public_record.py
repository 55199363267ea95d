"""A document as the public sees it is one record, whichever way it is fetched: the JSON API,
the document's own `.json` download, and the bulk download of every document. None of them
names a draft, even where a published document points at one."""

import json

import pytest

from catalogue.models import Document, Status
from catalogue.serializers import document_to_dict, public_document_dict
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db

DRAFT_SLUG = "invented-unpublished-answer"


@pytest.fixture
def telegram():
    """A published telegram with two requests: one answered by a published letter, one by a
    document that is still a draft."""
    author = make_person("Invented Premier", slug="invented-premier")
    telegram = make_document("Invented telegram asking for trucks", slug="invented-telegram")
    make_recipient(telegram, author)
    letter = make_document("Invented letter granting trucks", slug="invented-letter")
    draft = make_document(
        "Invented draft refusing fuel", slug=DRAFT_SLUG, status=Status.DRAFT, author=author
    )
    make_request(telegram, number="1", summary="Send invented trucks", answered_by=letter)
    make_request(telegram, number="2", summary="Send invented fuel", answered_by=draft)
    return telegram


def api_record(client, slug):
    response = client.get(f"/api/documents/{slug}/")
    assert response.status_code == 200
    return response.json()


def page_record(client, slug):
    response = client.get(f"/documents/{slug}.json")
    assert response.status_code == 200
    return json.loads(response.content)


def bulk_records(client):
    response = client.get("/downloads/documents.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_three_surfaces_give_the_same_record(client, telegram):
    from_api = api_record(client, "invented-telegram")
    from_page = page_record(client, "invented-telegram")
    from_bulk = next(d for d in bulk_records(client) if d["slug"] == "invented-telegram")
    assert from_api == from_page == from_bulk
    expected = public_document_dict(Document.objects.for_detail().get(pk=telegram.pk))
    assert json.loads(json.dumps(expected)) == from_api


def test_a_draft_answer_is_named_on_none_of_them(client, telegram):
    records = [
        api_record(client, "invented-telegram"),
        page_record(client, "invented-telegram"),
        *bulk_records(client),
        *client.get("/api/documents/").json()["results"],
    ]
    for record in records:
        if record["slug"] == "invented-telegram":
            answers = {r["number"]: r["answered_by"] for r in record["requests"]}
            assert answers == {"1": "invented-letter", "2": None}
    for record in client.get("/api/requests/").json()["results"]:
        assert record["answered_by"] != DRAFT_SLUG
    for url in (
        "/api/documents/invented-telegram/",
        "/api/documents/",
        "/api/requests/",
        "/documents/invented-telegram.json",
    ):
        assert DRAFT_SLUG not in client.get(url).content.decode(), url
    assert DRAFT_SLUG not in b"".join(client.get("/downloads/documents.json")).decode()


def test_the_draft_itself_is_on_none_of_them(client, telegram):
    assert client.get(f"/api/documents/{DRAFT_SLUG}/").status_code == 404
    assert client.get(f"/documents/{DRAFT_SLUG}.json").status_code == 404
    assert DRAFT_SLUG not in {d["slug"] for d in bulk_records(client)}


def test_the_archivists_export_keeps_the_draft_answer(telegram):
    # export_catalogue writes everything, so that an import restores the catalogue whole.
    data = document_to_dict(Document.objects.for_detail().get(pk=telegram.pk))
    assert [r["answered_by"] for r in data["requests"]] == ["invented-letter", DRAFT_SLUG]
