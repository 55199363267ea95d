"""Archivists confirm, reject and add the links between documents on the document's form."""

import pytest

from catalogue import threads
from catalogue.models import Reference, ReferenceStatus
from tests.admin.support import admin_url, archivist_fixture, change_form_data  # noqa: F401
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def ambiguous():
    kim = make_person("Invented Kim")
    older = make_document("Older", reference_numbers=["55/sh"], date="1950-03-01", author=kim)
    newer = make_document("Newer", reference_numbers=["55/sh"], date="1951-03-01", author=kim)
    reply = make_document("Reply", text="To No. 55/sh.\n\nAgreed.", date="1951-06-01")
    make_recipient(reply, kim)
    threads.refresh([older.pk, newer.pk, reply.pk])
    return older, newer, reply


def rows_of(data, reply):
    """{target id: prefix} of the reference rows in the posted form."""
    prefix = "references_made"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return {int(data[f"{prefix}-{i}-target"]): f"{prefix}-{i}" for i in range(total)}


def test_archivist_confirms_one_suggestion_and_rejects_the_other(archivist):
    older, newer, reply = ambiguous()
    url = admin_url("document_change", reply.pk)
    response = archivist.get(url)
    assert response.status_code == 200
    assert b"ocuments cited (threads)" in response.content
    data = change_form_data(response)
    rows = rows_of(data, reply)
    data[f"{rows[newer.pk]}-status"] = ReferenceStatus.CONFIRMED
    data[f"{rows[older.pk]}-status"] = ReferenceStatus.REJECTED
    response = archivist.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert {(r.target_id, r.status) for r in Reference.objects.filter(document=reply)} == {
        (newer.pk, ReferenceStatus.CONFIRMED),
        (older.pk, ReferenceStatus.REJECTED),
    }
    assert list(Reference.objects.links().values_list("target", flat=True)) == [newer.pk]


def test_archivist_adds_a_link_the_text_does_not_make(archivist):
    earlier = make_document("Earlier", date="1950-01-01")
    document = make_document("Later", date="1950-02-01")
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    prefix = "references_made"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-as_written": "the letter of January",
            f"{prefix}-0-direction": "refers_to",
            f"{prefix}-0-target": str(earlier.pk),
            f"{prefix}-0-status": ReferenceStatus.CONFIRMED,
        }
    )
    response = archivist.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    added = Reference.objects.get(document=document)
    assert (added.target, added.status, added.from_text) == (
        earlier,
        ReferenceStatus.CONFIRMED,
        False,
    )
    # A later save re-reads the text, which does not cite it: the link stays.
    threads.refresh([document.pk])
    assert Reference.objects.filter(pk=added.pk).exists()


def test_a_missing_reference_cannot_have_a_target(archivist):
    older, newer, reply = ambiguous()
    url = admin_url("document_change", reply.pk)
    data = change_form_data(archivist.get(url))
    rows = rows_of(data, reply)
    data[f"{rows[newer.pk]}-status"] = ReferenceStatus.MISSING
    response = archivist.post(url, data)
    assert response.status_code == 200
    assert b"is not missing" in response.content


def test_archivist_accepts_the_answers_a_thread_suggests(archivist):
    kim, stalin = make_person("Invented Kim"), make_person("Invented Stalin")
    question = make_document("Question", reference_numbers=["12/sh"], date="1950-01-01", author=kim)
    make_recipient(question, stalin)
    asked = make_request(question, number="1")
    answered = make_request(question, number="2", answered_by=question)
    reply = make_document("Reply", text="To No. 12/sh.\n\nAgreed.", date="1950-01-09")
    make_recipient(reply, kim)
    threads.refresh([question.pk, reply.pk])
    assert threads.suggested_answers([question.pk]) == {asked.pk: reply.pk}
    response = archivist.post(
        admin_url("document_changelist"),
        {"action": "accept_suggested_answers", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    answered.refresh_from_db()
    assert asked.answered_by == reply
    assert answered.answered_by == question  # an answer already given is left alone
    assert asked.history.first().history_user == archivist.user
