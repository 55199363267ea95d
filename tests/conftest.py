"""Plain factory functions shared by the tests (no factory library needed for so few models)."""

import itertools

import pytest

from catalogue.models import Document, Person, Recipient, Request, Status

_counter = itertools.count(1)


def make_person(name="Test Person", **fields):
    n = next(_counter)
    fields.setdefault("slug", f"test-person-{n}")
    fields.setdefault("sort_name", name)
    return Person.objects.create(name=name, **fields)


def make_document(title="Test document", **fields):
    n = next(_counter)
    fields.setdefault("slug", f"test-document-{n}")
    fields.setdefault("text", "Invented text for a test.")
    fields.setdefault("status", Status.PUBLISHED)
    date = fields.pop("date", "1952-07-17")
    document = Document(title=title, **fields)
    document.set_date(date)
    document.save()
    return document


def make_recipient(document, person=None, **fields):
    fields.setdefault("name_as_written", person.name if person else "File")
    fields.setdefault("role", "addressee")
    fields.setdefault("position", document.recipients.count())
    return Recipient.objects.create(document=document, person=person, **fields)


def make_request(document, **fields):
    fields.setdefault("summary", "Send ten invented regiments")
    fields.setdefault("text", "1. To send ten invented regiments.")
    fields.setdefault("position", document.requests.count())
    return Request.objects.create(document=document, **fields)


@pytest.fixture
def person(db):
    return make_person("Kim Il Sung", slug="kim-il-sung", sort_name="Kim Il Sung")


@pytest.fixture
def document(db):
    return make_document("Ciphered Telegram No. 1, invented for tests", slug="invented-1")
