"""The citation formats: plain data, right for partial dates, safe for odd characters."""

import json
import re

import pytest

from catalogue import citations
from catalogue.models import Document
from tests.factories import make_document, make_person, make_recipient

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
    assert lines[-2] == "ER  - "


def test_ris_every_line_is_a_tag_two_spaces_a_dash_and_a_space(telegram):
    record = citations.ris(telegram, URL)
    assert record.endswith("ER  - \r\n")
    lines = record.split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line


def test_ris_and_bibtex_carry_the_reference_number(telegram):
    assert "M1  - 900001/sh" in citations.ris(telegram, URL).split("\r\n")
    assert "number = {900001/sh}" in citations.bibtex(telegram, URL)
    # The heading's number, not the others at the foot of the telegram.
    telegram.reference_numbers = ["900001/sh", "2250"]
    assert "M1  - 900001/sh" in citations.ris(telegram, URL).split("\r\n")
    assert "number = {900001/sh}" in citations.bibtex(telegram, URL)
    assert citations.csl_json(telegram, URL)["number"] == "900001/sh"


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


def test_highwire_tags_give_zotero_everything_it_reads(telegram):
    """What Zotero's Embedded Metadata translator maps: title, author, date, publisher, URL,
    abstract, language, and an item type it knows; no report number, which would make Zotero
    file the document as a report."""
    telegram.summary = "An invented summary\non two lines."
    tags = citations.highwire_tags(telegram, URL)
    names = [name for name, _ in tags]
    assert names == [
        "citation_title",
        "citation_author",
        "citation_date",
        "citation_publication_date",
        "citation_publisher",
        "citation_language",
        "citation_public_url",
        "citation_abstract_html_url",
        "citation_abstract",
        "DC.type",
    ]
    values = dict(tags)
    assert values["citation_publication_date"] == values["citation_date"] == "1952/07"
    assert values["citation_publisher"] == "Cold War Documents Catalogue"
    assert values["citation_public_url"] == URL
    assert values["citation_abstract"] == "An invented summary on two lines."
    assert values["DC.type"] == "manuscript"
    # No institution tag: it would make Zotero save a technical report.
    assert "citation_technical_report_institution" not in values


def test_highwire_tags_leave_out_what_is_unknown(telegram):
    telegram.date = None
    telegram.author = telegram.sender = None
    telegram.author_as_written = telegram.sender_as_written = ""
    telegram.reference_numbers = []
    names = [name for name, _ in citations.highwire_tags(telegram, URL)]
    assert "citation_date" not in names and "citation_author" not in names
    assert "citation_technical_report_number" not in names
    assert {"citation_title", "citation_publisher", "citation_public_url"} <= set(names)


def test_json_ld(telegram):
    data = citations.json_ld(telegram, URL)
    assert data["@context"] == "https://schema.org"
    assert data["dateCreated"] == "1952-07"
    assert data["author"] == {
        "@type": "Person",
        "name": "Pyotr Envoy",
        "url": "https://example.org/people/envoy/",
    }


def test_json_ld_recipients_once_each_with_their_page_and_not_the_enclosure_s():
    minister = make_person("Invented Minister", slug="invented-minister")
    chairman = make_person("Invented Chairman", slug="invented-chairman")
    document = make_document("Invented telegram with a copy")
    make_recipient(document, minister, role="addressee")
    make_recipient(document, minister, role="copy")
    make_recipient(document, chairman, role="also_sent_to")
    data = citations.json_ld(loaded(document), URL)
    assert data["recipient"] == [
        {
            "@type": "Person",
            "name": "Invented Minister",
            "url": "https://example.org/people/invented-minister/",
        }
    ]
