"""The document list (and the API's) filtered by the archive that holds the originals, read
from the source citations, with a facet of archives and a pinned number of queries."""

import pytest

from catalogue.models import Status
from tests.factories import make_document, queries_for

pytestmark = pytest.mark.django_db

APRF = "APRF, fond 45, opis 1, delo 335, list 3."
AVPRF = "AVP RF, f. 07, op. 23a, d. 18, p. 235, ll. 44-45"
BOTH = "APRF, f. 3, op. 65, d. 9, l. 2; and RGASPI f. 558, op. 11, d. 334, ll. 4-5."


@pytest.fixture
def held():
    return {
        "aprf": make_document("Invented APRF letter", source_citation=APRF),
        "avprf": make_document("Invented AVPRF letter", source_citation=AVPRF),
        "both": make_document("Invented letter in two archives", source_citation=BOTH),
        "nowhere": make_document("Invented letter held nowhere known"),
        "draft": make_document("Invented APRF draft", source_citation=APRF, status=Status.DRAFT),
    }


def titles(page):
    return {row["title"] for row in page.json()["results"]}


def test_the_list_filters_by_archive_in_any_spelling(client, held):
    page = client.get("/documents/", {"repository": "APRF"}).content.decode()
    assert "Invented APRF letter" in page and "Invented letter in two archives" in page
    assert "Invented AVPRF letter" not in page and "Invented APRF draft" not in page
    # The citation's spelling ("AVP RF") and the code find the same archive.
    for spelling in ("AVPRF", "avp rf", "Archive of Foreign Policy of the Russian Federation"):
        page = client.get("/documents/", {"repository": spelling}).content.decode()
        assert "Invented AVPRF letter" in page and "Invented APRF letter" not in page
    nothing = client.get("/documents/", {"repository": "GARF"})
    assert (
        nothing.status_code == 200
        and "Invented" not in nothing.content.decode().split("<main")[1].split("</form>")[1]
    )


def test_the_facet_counts_documents_per_archive(client, held):
    facets = client.get("/documents/").context["facets"]["repository"]
    assert facets == [("APRF", "APRF", 2), ("AVPRF", "AVPRF", 1), ("RGASPI", "RGASPI", 1)]
    # Chosen, the archive's facet still offers the others of the rest of the result.
    chosen = client.get("/documents/", {"repository": "RGASPI"})
    assert [row[0] for row in chosen.context["facets"]["repository"]] == [
        "APRF",
        "AVPRF",
        "RGASPI",
    ]
    html = chosen.content.decode()
    assert "<h3>Archive</h3>" in html and "repository=AVPRF" in html
    # Within a filtered result, the facet counts that result only.
    typed = client.get("/documents/", {"q": "two archives"}).context["facets"]["repository"]
    assert typed == [("APRF", "APRF", 1), ("RGASPI", "RGASPI", 1)]


def test_the_api_list_filters_by_archive(client, held):
    assert titles(client.get("/api/documents/", {"repository": "RGASPI"})) == {
        "Invented letter in two archives"
    }
    assert titles(client.get("/api/documents/", {"repository": "avp rf"})) == {
        "Invented AVPRF letter"
    }
    too_long = client.get("/api/documents/", {"repository": "x" * 101})
    assert too_long.status_code == 400


def test_query_counts_are_pinned(client, held):
    # the archive's kept size, page, addressees, facets (types and years in one; people;
    # the archives' kept facet, the result without the archive chosen being the catalogue)
    assert queries_for(client, "/documents/?repository=APRF") == 6
    # count, page, recipients, requests, transmission, people mentioned
    assert queries_for(client, "/api/documents/?repository=APRF") == 6


def test_a_large_archive_has_its_facets_estimated_and_its_total_kept(client, held, monkeypatch):
    from catalogue.views import documents

    monkeypatch.setattr(documents, "ARCHIVE_SAMPLE", 1)
    response = client.get("/documents/", {"repository": "APRF"})
    assert response.context["total"] == 2 and not response.context["estimated"]
    assert response.context["facets"]["estimated"]
    assert "estimated from 1 of these documents" in response.content.decode()
    assert [row[0] for row in response.context["facets"]["repository"]] == [
        "APRF",
        "AVPRF",
        "RGASPI",
    ]
    # the archive's kept size, the sample's keys, page, addressees, the sample's facets (types
    # and years; people; no archives: the kept facet)
    assert queries_for(client, "/documents/?repository=APRF") == 7
