"""OAI-PMH 2.0: every verb and every error answer validates against the protocol's schema."""

import datetime
from pathlib import Path

import pytest
from django.core import signing
from lxml import etree

from catalogue.api import oai
from catalogue.models import Document, PersonName, Status
from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "oai" / "harvest.xsd")))
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def harvest(client, **params):
    """GET /oai/ and return the parsed response, failing if it breaks the OAI-PMH schema."""
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    tree = etree.fromstring(response.content)
    if not SCHEMA.validate(tree):
        pytest.fail(f"invalid OAI-PMH response for {params}: {SCHEMA.error_log}")
    return tree


def error_code(tree):
    errors = tree.findall("oai:error", NS)
    return errors[0].get("code") if errors else None


def identifiers(tree):
    return [e.text for e in tree.iterfind(".//oai:header/oai:identifier", NS)]


@pytest.fixture
def catalogue():
    stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
    PersonName.objects.create(person=stalin, name="Filippov", kind="pseudonym")
    letter = make_document(
        "Invented letter <with> & marks",
        slug="invented-letter",
        doc_type="letter",
        author=stalin,
        summary="An invented summary\x0c with a form feed.",
        reference_numbers=["12/sh"],
        place="Moscow",
    )
    letter.people_mentioned.add(stalin)
    telegram = make_document("Invented telegram", slug="invented-telegram", doc_type="telegram")
    draft = make_document("Invented draft", slug="invented-draft", status=Status.DRAFT)
    return {"letter": letter, "telegram": telegram, "draft": draft}


def test_identify(client, catalogue):
    tree = harvest(client, verb="Identify")
    identify = tree.find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert tree.find("oai:request", NS).get("verb") == "Identify"


def test_identify_on_an_empty_catalogue(client, db):
    tree = harvest(client, verb="Identify")
    assert tree.find("oai:Identify/oai:earliestDatestamp", NS).text.endswith("Z")


def test_list_metadata_formats(client, catalogue):
    tree = harvest(client, verb="ListMetadataFormats")
    assert [e.text for e in tree.iterfind(".//oai:metadataPrefix", NS)] == ["oai_dc"]
    tree = harvest(client, verb="ListMetadataFormats", identifier="oai:testserver:invented-letter")
    assert tree.find(".//oai:metadataPrefix", NS).text == "oai_dc"


def test_list_sets_by_document_type(client, catalogue):
    tree = harvest(client, verb="ListSets")
    specs = [e.text for e in tree.iterfind(".//oai:setSpec", NS)]
    assert "ciphered_telegram" in specs and "letter" in specs


def test_get_record_in_oai_dc(client, catalogue):
    tree = harvest(
        client,
        verb="GetRecord",
        identifier="oai:testserver:invented-letter",
        metadataPrefix="oai_dc",
    )
    header = tree.find(".//oai:header", NS)
    assert header.findtext("oai:setSpec", namespaces=NS) == "letter"
    dc = tree.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == "Invented letter <with> & marks"
    assert dc.findtext("dc:creator", namespaces=NS) == "Joseph Stalin"
    assert dc.findtext("dc:subject", namespaces=NS) == "Joseph Stalin"
    # The illegal form feed is dropped rather than breaking the XML.
    assert dc.findtext("dc:description", namespaces=NS) == "An invented summary with a form feed."
    assert dc.findtext("dc:date", namespaces=NS) == "1952-07-17"
    assert [e.text for e in dc.iterfind("dc:identifier", NS)] == [
        "http://testserver/documents/invented-letter/",
        "12/sh",
    ]


def test_list_identifiers_and_records_leave_drafts_out(client, catalogue):
    for verb in ("ListIdentifiers", "ListRecords"):
        tree = harvest(client, verb=verb, metadataPrefix="oai_dc")
        assert sorted(identifiers(tree)) == [
            "oai:testserver:invented-letter",
            "oai:testserver:invented-telegram",
        ]
        assert tree.find(".//oai:resumptionToken", NS) is None


def test_a_draft_has_no_record(client, catalogue):
    tree = harvest(
        client,
        verb="GetRecord",
        identifier="oai:testserver:invented-draft",
        metadataPrefix="oai_dc",
    )
    assert error_code(tree) == "idDoesNotExist"
    assert b"invented-draft" not in client.get("/oai/", {"verb": "ListRecords"}).content


def test_set_selects_one_document_type(client, catalogue):
    tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="telegram")
    assert identifiers(tree) == ["oai:testserver:invented-telegram"]


def test_from_and_until_select_by_datestamp(client, catalogue):
    Document.objects.filter(slug="invented-letter").update(
        modified=datetime.datetime(2020, 5, 1, 12, 30, tzinfo=datetime.UTC)
    )
    Document.objects.filter(slug="invented-telegram").update(
        modified=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
    )

    def listed(**dates):
        return identifiers(
            harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)
        )

    assert listed(until="2020-05-01") == ["oai:testserver:invented-letter"]
    assert listed(**{"from": "2020-05-02"}) == ["oai:testserver:invented-telegram"]
    assert listed(**{"from": "2020-05-01T12:30:00Z", "until": "2020-05-01T12:30:00Z"}) == [
        "oai:testserver:invented-letter"
    ]
    tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2019-12-31")
    assert error_code(tree) == "noRecordsMatch"
    header = harvest(
        client,
        verb="GetRecord",
        identifier="oai:testserver:invented-letter",
        metadataPrefix="oai_dc",
    ).find(".//oai:header", NS)
    assert header.findtext("oai:datestamp", namespaces=NS) == "2020-05-01T12:30:00Z"


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_resumption_tokens_walk_the_whole_list(client, db, monkeypatch, verb):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    for n in range(5):
        make_document(f"Invented {n}", slug=f"invented-{n}")
    make_document("Invented draft", slug="invented-draft", status=Status.DRAFT)
    tree = harvest(client, verb=verb, metadataPrefix="oai_dc")
    seen = identifiers(tree)
    cursors = []
    token = tree.find(f"oai:{verb}/oai:resumptionToken", NS)
    while token is not None and token.text:
        assert token.get("completeListSize") == "5"
        # A document published mid-harvest after the current page still comes in order.
        tree = harvest(client, verb=verb, resumptionToken=token.text)
        seen += identifiers(tree)
        token = tree.find(f"oai:{verb}/oai:resumptionToken", NS)
        cursors.append(token.get("cursor"))
    assert seen == [f"oai:testserver:invented-{n}" for n in range(5)]
    assert cursors == ["2", "4"]
    assert token.text is None  # the last page closes the list with an empty token


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Explode"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "junk": "1"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:testserver:invented-letter"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2020-02-30"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2020-01-01",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2022-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nope"}, "badArgument"),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "bad prefix!"}, "cannotDisseminateFormat"),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:testserver:invented-letter",
                "metadataPrefix": "mods",
            },
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:elsewhere:x", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "has a space", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:testserver:nope"}, "idDoesNotExist"),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "report"},
            "noRecordsMatch",
        ),
    ],
)
def test_errors_are_protocol_errors(client, catalogue, params, code):
    tree = harvest(client, **params)
    assert error_code(tree) == code
    assert tree.find("oai:error", NS).text
    if code in ("badVerb", "badArgument"):
        assert tree.find("oai:request", NS).attrib == {}


def test_a_token_for_one_verb_does_not_serve_another(client, catalogue):
    token = oai.ListQuery("ListIdentifiers", "oai_dc").token(after=0, cursor=0)
    assert error_code(harvest(client, verb="ListRecords", resumptionToken=token)) == (
        "badResumptionToken"
    )
    tampered = signing.dumps({"v": "ListRecords"}, salt=oai.TOKEN_SALT)
    assert error_code(harvest(client, verb="ListRecords", resumptionToken=tampered)) == (
        "badResumptionToken"
    )


def test_post_is_answered_like_get(client, catalogue):
    response = client.post("/oai/", {"verb": "ListSets"})
    tree = etree.fromstring(response.content)
    assert SCHEMA.validate(tree), SCHEMA.error_log
    assert tree.find("oai:ListSets", NS) is not None


def test_configured_repository_identifier(client, catalogue, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="letter")
    assert identifiers(tree) == ["oai:archive.example.org:invented-letter"]


def test_list_records_query_count_does_not_grow_with_records(client, db, django_assert_num_queries):
    stalin = make_person("Joseph Stalin", slug="stalin")
    for n in range(6):
        document = make_document(f"Invented {n}", slug=f"invented-{n}", author=stalin)
        document.people_mentioned.add(stalin)
    # page of records + people mentioned + complete list size; nothing per record.
    with django_assert_num_queries(2):
        harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    with django_assert_num_queries(1):
        harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
