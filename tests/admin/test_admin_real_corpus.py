"""The workspace walked as an archivist would, on the real documents imported beside the
seed (read from ../shared/corpus/, never copied; skipped, saying so, when absent). Nothing
here keys on a document: every check holds for each document of a kind the corpus has."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.admin import review
from catalogue.models import Document, Recipient, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    contributor_fixture,
)
from tests.real_corpus import CORPUS_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture(name="corpus")
def corpus_fixture(db):
    docs = CORPUS_DIR / "docs"
    if not docs.is_dir():
        pytest.skip(f"real corpus absent: no {docs} (set CORPUS_DIR to its folder)")
    call_command("import_seeds", "seeds", stdout=StringIO(), stderr=StringIO())
    call_command("import_seeds", str(docs), stdout=StringIO(), stderr=StringIO())
    return Document.objects.all()


def every_queued_document_saves_unchanged_without_a_version(archivist, corpus):
    queued = list(review.queue(corpus).order_by("pk"))
    assert len(queued) > 30
    before = Document.history.count(), Recipient.history.count()
    for document in queued:
        url = admin_url("document_change", document.pk)
        response = archivist.post(url, change_form_data(archivist.get(url)))
        assert response.status_code == 302, (document.pk, response.context["adminform"].errors)
    assert (Document.history.count(), Recipient.history.count()) == before


def the_queue_lists_every_draft_with_its_reasons(archivist, corpus):
    page = archivist.get(admin_url("document_changelist"), {"queue": "todo"})
    counts = page.context["work_left"]
    assert counts["total"] == review.queue(corpus).count()
    assert counts["drafts"] == corpus.filter(status=Status.DRAFT).count()
    html = page.content.decode()
    # Which reasons there are depends on how well the importer reads the corpus: each kind
    # the queue's documents have is shown as its readable reason.
    kinds = {kind.key for d in review.queue(corpus) for kind, _ in review.open_warnings(d) if kind}
    assert kinds
    assert all(review.KIND_OF[key].reason in html for key in kinds)


def a_second_save_is_refused(archivist, contributor, corpus):
    document = corpus.filter(recipients__isnull=False).distinct().order_by("pk").first()
    url = admin_url("document_change", document.pk)
    mine, theirs = change_form_data(archivist.get(url)), change_form_data(contributor.get(url))
    theirs["recipients-0-copies"] = "3"
    assert contributor.post(url, theirs).status_code == 302
    mine["summary"] = "An archivist's invented summary"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    assert response.context["adminform"].form.conflicts
    assert document.recipients.order_by("position").first().copies == 3
    assert Document.objects.get(pk=document.pk).summary != "An archivist's invented summary"


def typing_every_untyped_draft_at_once_carries_through(archivist, corpus):
    drafts = corpus.filter(status=Status.DRAFT)
    # The drafts typed "other", or else those whose type only their form supports (the
    # importer types every real document it can; these wait for an archivist's word).
    untyped = list(review.filter_by_kind(drafts, "untyped")) or [
        d for d in drafts if any("from its form" in w for w in d.parser_warnings)
    ]
    assert untyped
    composed = {
        d.pk for d in untyped if d.title == review.compose_title(d, list(d.recipients.all()))
    }
    post = {
        "action": "change_document_type",
        "_selected_action": [d.pk for d in untyped],
        "apply": "1",
        "value": "letter",
    }
    archivist.post(admin_url("document_changelist"), post)
    for document in Document.objects.filter(pk__in=[d.pk for d in untyped]):
        kinds = [kind.key for kind, _reason in review.open_warnings(document) if kind]
        assert "untyped" not in kinds
        if document.pk in composed and not document.title_by_archivist:
            rows = list(document.recipients.all())
            assert document.title == review.compose_title(document, rows)
        if not review.open_warnings(document) and document.parser_warnings:
            assert document.needs_review is False


def publishing_an_undated_draft_is_refused_with_the_reason(archivist, corpus):
    undated = review.filter_by_kind(corpus.filter(status=Status.DRAFT), "undated").first()
    if undated is None:
        return  # the importer dated every real draft: nothing undated to refuse
    url = admin_url("document_change", undated.pk)
    data = change_form_data(archivist.get(url))
    data["status"] = Status.PUBLISHED
    response = archivist.post(url, data)
    assert response.status_code == 200
    assert "it has no date" in response.context["adminform"].form.errors["status"][0]


def reverting_one_field_leaves_the_others(archivist, corpus):
    document = corpus.filter(status=Status.DRAFT).exclude(doc_type="memorandum").first()
    version = document.history.first()
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    data.update(doc_type="memorandum", summary="An invented summary")
    assert archivist.post(url, data).status_code == 302
    history_url = admin_url("document_simple_history", document.pk, version.history_id)
    page = archivist.get(history_url)
    assert page.status_code == 200
    archivist.post(history_url, {"doc_type": "on"})
    document.refresh_from_db()
    assert document.doc_type == version.doc_type
    assert document.summary == "An invented summary"
    assert document.status == Status.DRAFT


def splitting_a_recipient_keeps_the_order_as_written(archivist, corpus):
    row = (
        Recipient.objects.filter(person__reviewed=False, document__in=corpus)
        .select_related("person")
        .order_by("document", "position")
        .first()
    )
    if row is None:
        return  # no unreviewed person among the real documents' recipients
    before = list(row.document.recipients.order_by("position").values_list("pk", flat=True))
    post = {
        "action": "split_selected_person",
        "_selected_action": [row.person_id],
        "apply": "1",
        "first": "Invented First",
        "second": "Invented Second",
    }
    archivist.post(admin_url("person_changelist"), post)
    after = list(row.document.recipients.order_by("position"))
    at = before.index(row.pk)
    assert [r.pk for r in after[: at + 1]] == before[: at + 1]
    assert after[at + 1].name_as_written == "Invented Second"
    assert [r.pk for r in after[at + 2 :]] == before[at + 1 :]
    assert [r.position for r in after] == list(range(len(after)))


# Two walks, each on its own import of the corpus (an import is most of a test's time).


def test_reading_the_queue_saving_unchanged_and_a_batch_type(archivist, corpus):
    the_queue_lists_every_draft_with_its_reasons(archivist, corpus)
    every_queued_document_saves_unchanged_without_a_version(archivist, corpus)
    publishing_an_undated_draft_is_refused_with_the_reason(archivist, corpus)
    typing_every_untyped_draft_at_once_carries_through(archivist, corpus)


def test_two_archivists_a_revert_and_a_split(archivist, contributor, corpus):
    a_second_save_is_refused(archivist, contributor, corpus)
    reverting_one_field_leaves_the_others(archivist, corpus)
    splitting_a_recipient_keeps_the_order_as_written(archivist, corpus)
