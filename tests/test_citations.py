"""The citation formats: plain data, right for partial dates, safe for odd characters."""

import json

import pytest

from catalogue import citations
from catalogue.models import Document

from .conftest import make_document, make_person

pytestmark = pytest.mark.django_db

URL = "https://example.org/documents/x/"


def loaded(document):
    return Document.objects.for_detail().get(pk=document.pk)


@pytest.fixture
def telegram():
    author = make_person("Pyotr Envoy", slug="envoy", sort_name="Envoy, Pyotr")
    return loaded(
        make_document(
            "Invented telegram",
            slug="invented-telegram",
            author=author,
            date="1952-07",
            source_citation="Invented Archive, fond 0.",
            reference_numbers=["900001/sh"],
        )
    )


def test_chicago(telegram):
    assert citations.chicago(telegram, URL) == (
        "Envoy, Pyotr. \u201cInvented telegram.\u201d July 1952. Invented Archive, fond 0. "
        f"Cold War Documents Catalogue. {URL}"
    )


def test_chicago_without_author_or_date():
    document = loaded(make_document("Untitled note", date=None))
    assert citations.chicago(document, URL).startswith("\u201cUntitled note.\u201d Undated.")


def test_bibtex_escapes_special_characters():
    document = loaded(make_document("Costs & 50% of {items} #1_a", slug="odd-one"))
    entry = citations.bibtex(document, URL)
    assert entry.startswith("@misc{odd_one,\n")
    assert r"title = {{Costs \& 50\% of \{items\} \#1\_a}}" in entry
    assert "year = {1952}" in entry and "month = {7}" in entry and "day = {17}" in entry


def test_bibtex_braces_an_organisation():
    body = make_person("Invented Ministry", kind="organisation", sort_name="Invented Ministry")
    entry = citations.bibtex(loaded(make_document("Order", author=body)), URL)
    assert "author = {{Invented Ministry}}" in entry


def test_ris_partial_date_and_one_line_values(telegram):
    telegram.summary = "Line one\nLine two"
    record = citations.ris(telegram, URL)
    lines = record.split("\r\n")
    assert lines[0] == "TY  - MANSCPT"
    assert "DA  - 1952/07//" in lines
    assert "AB  - Line one Line two" in lines
    assert "UR  - " + URL in lines
    assert lines[-2] == "ER  -"


def test_csl_json(telegram):
    item = json.loads(citations.csl_json_text(telegram, URL))[0]
    assert item["author"] == [{"family": "Envoy", "given": "Pyotr"}]
    assert item["issued"] == {"date-parts": [[1952, 7]]}
    assert item["number"] == "900001/sh"
    assert item["URL"] == URL


def test_highwire_tags(telegram):
    tags = dict(citations.highwire_tags(telegram, URL))
    assert tags["citation_title"] == "Invented telegram"
    assert tags["citation_date"] == "1952/07"
    assert tags["citation_author"] == "Envoy, Pyotr"


def test_json_ld(telegram):
    data = citations.json_ld(telegram, URL)
    assert data["@context"] == "https://schema.org"
    assert data["dateCreated"] == "1952-07"
    assert data["author"] == {"@type": "Person", "name": "Pyotr Envoy"}
