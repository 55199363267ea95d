"""Threads on the public pages: "In reply to" and "Answered by" on a document, the thread page
by date with its requests and answers, citations the catalogue lacks, and never a draft."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue import threads
from catalogue.models import Document, Status
from tests.factories import make_request, queries_for

pytestmark = pytest.mark.django_db

THREAD = Path(__file__).resolve().parents[1] / "fixtures" / "threads"


@pytest.fixture
def thread(tmp_path):
    for path in THREAD.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    call_command("import_seeds", str(tmp_path), stdout=StringIO())
    documents = {d.reference_numbers[0]: d for d in Document.objects.all()}
    Document.objects.update(status=Status.PUBLISHED)
    return documents


def test_document_page_shows_in_reply_to_and_answered_by(client, thread):
    page = client.get(thread["7001/sh"].get_absolute_url()).content.decode()
    section = page[page.index('id="thread"') :]
    assert "In reply to" in section
    assert thread["4401/sh"].get_absolute_url() in section
    assert "Answered by" in section
    assert thread["4420/sh"].get_absolute_url() in section
    assert "Cited by" in section  # the decision that approves it
    assert thread["P82/301"].get_absolute_url() in section
    assert reverse("catalogue:thread", args=[thread["7001/sh"].slug]) in section
    assert "10 August 1951" in section and "Shtykov" in section


def test_thread_page_is_chronological_with_requests(client, thread):
    question = thread["4401/sh"]
    make_request(question, number="9", summary="Send invented instructors")
    question.requests.filter(number="9").update(answered_by=thread["7001/sh"])
    response = client.get(reverse("catalogue:thread", args=[question.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    order = [page.index(f'id="thread-{thread[n].slug}"') for n in ("4401/sh", "7001/sh")]
    order.append(page.index(f'id="thread-{thread["4420/sh"].slug}"'))
    assert order == sorted(order)
    assert "Send invented instructors" in page
    assert "answered by" in page


def test_drafts_never_appear_in_threads(client, thread):
    reply = thread["7001/sh"]
    Document.objects.filter(pk=reply.pk).update(status=Status.DRAFT)
    question_page = client.get(thread["4401/sh"].get_absolute_url()).content.decode()
    assert reply.slug not in question_page
    # Without the draft in the middle, the question stands alone: no thread page.
    assert client.get(reverse("catalogue:thread", args=[thread["4401/sh"].slug])).status_code == 404
    decision = client.get(reverse("catalogue:thread", args=[thread["P82/301"].slug]))
    assert decision.status_code == 404
    assert client.get(reverse("catalogue:thread", args=[reply.slug])).status_code == 404


def test_cited_but_not_in_the_catalogue(client, thread):
    Document.objects.filter(pk=thread["4401/sh"].pk).delete()
    threads.refresh_all()
    page = client.get(thread["7001/sh"].get_absolute_url()).content.decode()
    assert "Cited but not in the catalogue" in page
    assert "To No. 4401/sh" in page


def test_query_counts(client, thread):
    document_url = thread["7001/sh"].get_absolute_url()
    thread_url = reverse("catalogue:thread", args=[thread["7001/sh"].slug])
    client.get(document_url)
    # The page's own twelve (related documents and the places it names included: the thread
    # shares people), and the addressees of the documents it links, each way.
    assert queries_for(client, document_url) == 14
    # The document, two levels of links and one to find none, the documents with their
    # addressees, requests and references.
    assert queries_for(client, thread_url) == 7


def test_requests_filter_by_answer_and_show_time_to_answer(client, thread):
    question, reply = thread["4401/sh"], thread["7001/sh"]
    make_request(question, number="8", summary="Send invented lorries")
    make_request(question, number="9", summary="Send invented instructors", answered_by=reply)
    url = reverse("catalogue:request-list")
    answered = client.get(url, {"answered": "yes"}).content.decode()
    assert "Send invented instructors" in answered and "Send invented lorries" not in answered
    assert "4 days later" in answered  # 10 to 14 August 1951
    unanswered = client.get(url, {"answered": "no"}).content.decode()
    assert "Send invented lorries" in unanswered and "Send invented instructors" not in unanswered
    # An answer in draft is no answer to the public, and is not named.
    Document.objects.filter(pk=reply.pk).update(status=Status.DRAFT)
    unanswered = client.get(url, {"answered": "no"}).content.decode()
    assert "Send invented instructors" in unanswered and reply.title not in unanswered
    assert client.get(url, {"answered": "maybe"}).status_code == 200
