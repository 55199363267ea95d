"""The thread, network and archive pages in a real browser: they pass axe-core, and their
screenshots are kept to be looked at."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.models import Document, Status
from tests.conftest import axe_violations, screenshot
from tests.factories import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREAD = Path(__file__).resolve().parents[1] / "fixtures" / "threads"


@pytest.fixture
def thread(tmp_path):
    for path in THREAD.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    call_command("import_seeds", str(tmp_path), stdout=StringIO())
    Document.objects.update(status=Status.PUBLISHED)
    documents = {d.reference_numbers[0]: d for d in Document.objects.all()}
    question = documents["4401/sh"]
    question.source_citation = "APRF, fond 45, opis 1, delo 335, list 3."
    question.save()
    make_request(question, number="9", summary="Send invented instructors")
    question.requests.filter(number="9").update(answered_by=documents["7001/sh"])
    return documents


def test_document_page_and_thread_page(page, thread):
    page.goto(thread["7001/sh"].get_absolute_url())
    section = page.locator("section[aria-labelledby=thread]")
    assert "In reply to" in section.inner_text()
    assert screenshot(page, "threads-document").exists()
    assert axe_violations(page) == []
    section.get_by_role("link", name="The whole thread, by date").click()
    assert page.locator("h1").inner_text().startswith("Thread of")
    assert page.locator("ol.thread > li").count() == 4
    assert "answered by" in page.locator("ol.thread").inner_text()
    assert screenshot(page, "threads-thread").exists()
    assert axe_violations(page) == []


def test_network_page(page, thread):
    page.goto("/network/")
    assert page.locator("svg").first.get_attribute("aria-labelledby") == "network-title"
    assert page.locator("table caption").inner_text().endswith("pairs of correspondents")
    assert screenshot(page, "threads-network").exists()
    assert axe_violations(page) == []
    page.goto("/people/shtykov/network/?first_year=1951&last_year=1951")
    assert screenshot(page, "threads-person-network").exists()
    assert axe_violations(page) == []


def test_archive_pages(page, thread):
    page.goto("/archives/")
    page.get_by_role("link", name="APRF f. 45 op. 1 d. 335").click()
    assert page.locator("h1").inner_text() == "APRF f. 45 op. 1 d. 335"
    assert screenshot(page, "threads-archive-file").exists()
    assert axe_violations(page) == []
    page.goto("/archives/?repository=APRF")
    assert screenshot(page, "threads-archive-list").exists()
    assert axe_violations(page) == []


def test_document_list_by_archive(page, thread):
    page.goto("/documents/")
    page.locator(".facets").get_by_role("link", name="APRF").click()
    page.wait_for_url("**repository=APRF**")
    assert page.locator("#id_repository").input_value() == "APRF"
    assert page.get_by_role("link", name=thread["4401/sh"].title).count() == 1
    assert screenshot(page, "threads-documents-by-archive").exists()
    assert axe_violations(page) == []
