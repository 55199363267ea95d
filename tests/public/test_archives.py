"""Browsing by archive and file: holdings read from source citations, kept up to date as the
citation changes, published documents only, unreadable parts kept and shown."""

import pytest
from django.urls import reverse

from catalogue.models import Holding, Status
from tests.factories import make_document, queries_for

pytestmark = pytest.mark.django_db

CITATION = "APRF, fond 45, opis 1, delo 335, list 3; and RGASPI f. 558, op. 11, d. 334, ll. 4-5."


def test_holdings_are_read_from_the_citation_and_follow_its_changes():
    document = make_document(source_citation=CITATION)
    assert [(h.repository, h.key) for h in document.holdings.all()] == [
        ("APRF", "APRF f. 45 op. 1 d. 335"),
        ("RGASPI", "RGASPI f. 558 op. 11 d. 334"),
    ]
    document.source_citation = "AVPRF, f. 07, op. 23a, d. 18, p. 235, ll. 44-45"
    document.save()
    assert [h.key for h in Holding.objects.filter(document=document)] == [
        "AVPRF f. 07 op. 23a p. 235 d. 18"
    ]
    assert document.archival_citation.holdings[0].fond == "07"


def test_file_page_lists_every_published_document_of_the_file(client):
    first = make_document("First invented letter", source_citation=CITATION, date="1950-01-02")
    second = make_document(
        "Second invented letter", source_citation="APRF f. 45, op. 1, d. 335, l. 9"
    )
    draft = make_document("Draft invented letter", source_citation=CITATION, status=Status.DRAFT)
    url = reverse("catalogue:archive-file", args=["aprf-f-45-op-1-d-335"])
    page = client.get(url).content.decode()
    assert first.title in page and second.title in page and draft.title not in page
    assert "APRF, f. 45, op. 1, d. 335, l. 9" in page
    # the count of the file's holdings, the page, and its documents' kept count
    assert queries_for(client, url) == 3
    assert client.get(reverse("catalogue:archive-file", args=["nowhere"])).status_code == 404


def test_a_large_file_is_paged_and_counts_each_document_once(client, monkeypatch):
    from catalogue.views.archives import ArchiveFileView

    monkeypatch.setattr(ArchiveFileView, "paginate_by", 2)
    twice = "APRF f. 45, op. 1, d. 335, l. 1; APRF f. 45, op. 1, d. 335, l. 7"
    make_document("A invented letter", source_citation=twice, date="1950-01-01")
    make_document("B invented letter", source_citation=CITATION, date="1950-01-02")
    make_document("C invented letter", source_citation=CITATION, date="1950-01-03")
    url = reverse("catalogue:archive-file", args=["aprf-f-45-op-1-d-335"])
    first = client.get(url).content.decode()
    assert "3 published documents held in this file" in first
    assert first.count("A invented letter") == 2 and "B invented letter" not in first
    assert 'rel="next"' in first
    last = client.get(url, {"page": "2"}).content.decode()
    assert "B invented letter" in last and "C invented letter" in last
    # A page past the end shows the last one, as the other lists do.
    assert "C invented letter" in client.get(url, {"page": "9"}).content.decode()


def test_archive_list_filters_by_repository(client):
    make_document(source_citation=CITATION)
    url = reverse("catalogue:archive-list")
    page = client.get(url).content.decode()
    assert "APRF f. 45 op. 1 d. 335" in page and "RGASPI f. 558 op. 11 d. 334" in page
    page = client.get(url, {"repository": "RGASPI"}).content.decode()
    assert "APRF f. 45 op. 1 d. 335" not in page and "RGASPI f. 558 op. 11 d. 334" in page
    # the list (count and page) and the repositories
    assert queries_for(client, url) == 3


def test_document_page_links_its_files_and_keeps_what_it_cannot_read(client):
    document = make_document(source_citation=CITATION + " Seen on a shelf somewhere odd.")
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("catalogue:archive-file", args=["aprf-f-45-op-1-d-335"]) in page
    assert "could not be read" in page
    assert "Seen on a shelf somewhere odd" in page
