"""The citation formats: plain data, right for partial dates, safe for odd characters."""

import datetime
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
    accessed = datetime.date(2026, 3, 5)
    assert citations.chicago(telegram, URL, accessed) == (
        "Envoy, Pyotr. \u201cInvented telegram.\u201d July 1952. Invented Archive, fond 0. "
        f"Cold War Documents Catalogue. Accessed March 5, 2026. {URL}"
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
        "DC.source",
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


class TestSourceAndTranslator:
    """Every format names the archival source (read into repository, fond, opis, delo and
    folios) and the translator, from the archivist's fields or the citation's credit."""

    ACCESSED = datetime.date(2026, 3, 5)
    CITED = "AVPRF, f. 059a, op. 5a, d. 4, p. 11, ll. 121-122."

    @pytest.fixture
    def cited(self):
        return loaded(
            make_document(
                "Invented cited telegram",
                slug="invented-cited",
                source_citation=self.CITED,
                translator="Invented Translator",
            )
        )

    def test_source_read_into_parts(self, cited):
        where = citations.source(cited)
        assert where.repository == "AVPRF"
        assert where.location == "f. 059a, op. 5a, p. 11, d. 4, ll. 121\u2013122"
        assert where.archive_line == "AVPRF, f. 059a, op. 5a, p. 11, d. 4, ll. 121\u2013122"
        assert where.translator == "Invented Translator"

    def test_translator_from_the_citation_credit_when_the_field_is_empty(self):
        document = loaded(
            make_document("Credited", source_citation=f"{self.CITED} Translated by Ann Invent.")
        )
        assert citations.source(document).translator == "Ann Invent"
        # Named once in Chicago: the citation already credits them.
        assert citations.chicago(document, URL).count("Ann Invent") == 1

    def test_chicago(self, cited):
        text = citations.chicago(cited, URL, self.ACCESSED)
        assert "AVPRF, f. 059a, op. 5a, d. 4, p. 11, ll. 121-122." in text
        assert "Translated by Invented Translator." in text
        assert text.endswith(f"Accessed March 5, 2026. {URL}")

    def test_bibtex(self, cited):
        entry = citations.bibtex(cited, URL, self.ACCESSED)
        assert "translator = {Invented Translator}" in entry
        assert "note = {AVPRF, f. 059a, op. 5a, d. 4, p. 11, ll. 121-122.}" in entry
        assert "urldate = {2026-03-05}" in entry

    def test_ris(self, cited):
        lines = citations.ris(cited, URL, self.ACCESSED).split("\r\n")
        assert "A4  - Invented Translator" in lines
        assert "AV  - AVPRF, f. 059a, op. 5a, p. 11, d. 4, ll. 121\u2013122" in lines
        assert "Y2  - 2026/03/05" in lines

    def test_csl_json(self, cited):
        item = citations.csl_json(cited, URL, self.ACCESSED)
        assert item["archive"] == "AVPRF"
        assert item["archive_location"] == "f. 059a, op. 5a, p. 11, d. 4, ll. 121\u2013122"
        assert item["translator"] == [{"literal": "Invented Translator"}]
        assert item["accessed"] == {"date-parts": [[2026, 3, 5]]}

    def test_highwire_and_json_ld(self, cited):
        tags = dict(citations.highwire_tags(cited, URL))
        assert tags["DC.source"] == self.CITED
        assert tags["DC.contributor"] == "Invented Translator"
        data = citations.json_ld(cited, URL)
        assert data["translator"]["name"] == "Invented Translator"
        assert data["citation"] == self.CITED

    def test_no_source_no_translator_adds_nothing(self):
        document = loaded(make_document("Bare"))
        assert "A4  -" not in citations.ris(document, URL)
        assert "translator" not in citations.bibtex(document, URL)
        assert "archive" not in citations.csl_json(document, URL)

    def test_downloads_carry_them(self, client, cited):
        bib = client.get(f"/documents/{cited.slug}/cite.bib").content.decode()
        assert "translator = {Invented Translator}" in bib
        ris = client.get(f"/documents/{cited.slug}/cite.ris").content.decode()
        assert "AV  - AVPRF" in ris


class TestCitationsOnThePage:
    def test_labelled_dated_and_every_format_to_copy(self, client):
        document = make_document(
            "Invented cited telegram",
            slug="invented-cited",
            source_citation="AVPRF, f. 059a, op. 5a, d. 4, p. 11, ll. 121-122.",
            translator="Invented <Translator>",
            summary="An invented summary.",
        )
        html = client.get(document.get_absolute_url()).content.decode()
        assert "Chicago (17th ed., bibliography)" in html
        assert "Accessed " in html
        for key, label in (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl", "CSL-JSON")):
            assert f'<pre class="citation-text" id="cite-{key}">' in html
            assert f'data-copy-target="cite-{key}"' in html
            assert f"<summary>{label}" in html
        assert "translator = {Invented &lt;Translator&gt;}" in html
        assert (
            "<dt>Held at</dt><dd>AVPRF, f. 059a, op. 5a, p. 11, d. 4, ll. 121\u2013122</dd>" in html
        )
        assert "<dt>Translated by</dt><dd>Invented &lt;Translator&gt;</dd>" in html
        # No inline script: the copy buttons are driven from a static file.
        assert "<script>" not in html and "onclick" not in html

    def test_table_of_contents_with_cite_first_reachable(self, client):
        document = make_document("Invented", slug="invented-toc", summary="A summary.")
        html = client.get(document.get_absolute_url()).content.decode()
        toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))]
        assert 'href="#summary"' in toc and 'href="#text"' in toc and 'href="#cite"' in toc
        assert 'id="cite"' in html and 'id="summary"' in html
        # The contents come before the text, so "Cite" is one tap from the top.
        assert html.index('href="#cite"') < html.index('id="text"')
