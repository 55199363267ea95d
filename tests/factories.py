"""Plain factory functions shared by the tests (no factory library needed for so few models),
and invented catalogue data shaped like the seed for the public pages' tests.

``seed_like_catalogue()`` makes a ciphered telegram that relays a letter, with a transmission,
addressees, copies to Stalin x2 and numbered requests; a later reply; and a draft that must never
show. Every text here is invented for tests and is no historical document.
"""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import (
    Document,
    NameKind,
    Person,
    PersonName,
    Recipient,
    Request,
    Status,
    TransmissionEvent,
)

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


TELEGRAM_TEXT = """CIPHERED TELEGRAM No. 900001/sh (invented)

From Correspondent 99 Sent 17.7.52

To Comrade Testov

I report the invented letter from the Test Chairman.

Copies: Stalin (2), Molotov.

"Respected comrade, please pass on the following invented letter:

"Dear Comrade,

This is an invented paragraph written for the catalogue's tests.

1. To strengthen invented air defence with ten test regiments.

2. To train forty invented crews on test aircraft.

With respect

Invented Chairman

Testgrad 16.7.52."
"""


def seed_like_catalogue():
    """Create the invented telegram, its reply and a draft; return them in a dict."""
    stalin = make_person(
        "Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph", description="Invented line."
    )
    PersonName.objects.create(
        person=stalin, name="Filippov", kind=NameKind.PSEUDONYM, normalised="filippov"
    )
    PersonName.objects.create(person=stalin, name="Stalin I.V.", normalised="stalin i.v.")
    molotov = make_person("Vyacheslav Molotov", slug="molotov", sort_name="Molotov, Vyacheslav")
    testov = make_person("Ivan Testov", slug="testov", sort_name="Testov, Ivan")
    envoy = make_person("Pyotr Envoy", slug="envoy", sort_name="Envoy, Pyotr")
    chairman = make_person("Test Chairman", slug="chairman", sort_name="Chairman, Test")

    telegram = make_document(
        "Ciphered telegram No. 900001 from Envoy to Testov (invented)",
        slug="invented-telegram",
        doc_type="ciphered_telegram",
        date="1952-07-17",
        place="Testgrad",
        reference_numbers=["900001/sh", "4242"],
        urgency="Extremely Urgent",
        marks=["Strictly secret"],
        author=envoy,
        sender=envoy,
        enclosure_type="letter",
        enclosure_author=chairman,
        enclosure_addressee=stalin,
        enclosure_via="the invented ambassador",
        enclosure_place="Testgrad",
        text=TELEGRAM_TEXT,
        summary="An invented telegram relaying an invented letter with two requests.",
        source_citation="Invented Archive, fond 0, opis 0, delo 0, listy 1-2.",
        source_file="000_invented.txt",
        content_hash="0" * 64,
    )
    telegram.enclosure_date = datetime.date(1952, 7, 16)
    telegram.save()
    for position, (event, time) in enumerate(
        [
            ("sent", datetime.time(18, 45)),
            ("received", datetime.time(20, 50)),
            ("forwarded", datetime.time(21, 10)),
        ]
    ):
        TransmissionEvent.objects.create(
            document=telegram,
            event=event,
            date=datetime.date(1952, 7, 17),
            time=time,
            position=position,
        )
    make_recipient(telegram, testov, role="addressee")
    make_recipient(telegram, stalin, role="copy", copies=2, name_as_written="Stalin")
    make_recipient(telegram, molotov, role="copy", name_as_written="Molotov")
    telegram.people_mentioned.add(chairman, stalin)
    air = make_request(
        telegram,
        number="1",
        summary="Invented air defence regiments",
        category="air_defence",
        text="1. To strengthen invented air defence with ten test regiments.",
        asked_by=chairman,
        asked_of=stalin,
    )
    make_request(
        telegram,
        number="2",
        summary="Invented crews trained",
        category="personnel",
        text="2. To train forty invented crews on test aircraft.",
        asked_by=chairman,
        asked_of=stalin,
    )
    telegram.search_text = telegram.build_search_text()
    telegram.save()

    reply = make_document(
        "Invented reply from Filippov to the Test Chairman",
        slug="invented-reply",
        doc_type="telegram",
        date="1952-08",
        author=stalin,
        sender=stalin,
        text="Invented reply text agreeing to the invented request.",
    )
    make_recipient(reply, chairman, role="addressee")
    make_recipient(reply, molotov, role="copy")
    air.answered_by = reply
    air.status = "granted"
    air.save()
    reply.search_text = reply.build_search_text()
    reply.save()

    draft = make_document(
        "Secret draft never to be shown",
        slug="invented-draft",
        status=Status.DRAFT,
        date="1952-07-18",
        author=stalin,
        text="Draft text.",
    )
    make_recipient(draft, molotov, role="addressee")
    make_request(draft, number="1", summary="Draft request", category="materiel")
    return {
        "telegram": telegram,
        "reply": reply,
        "draft": draft,
        "stalin": stalin,
        "molotov": molotov,
        "chairman": chairman,
        "envoy": envoy,
        "testov": testov,
    }


def queries_for(client, url):
    """How many SQL queries a GET of URL costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
