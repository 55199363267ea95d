"""Batch actions that change facts carry them through as a single save does: a composed title
recomposed (never an archivist's), a draft's slug updated (never a published one), answered
warnings gone and "needs review" cleared with the last. And a split person keeps the order
of the names as written."""

import pytest

from catalogue.admin import review
from catalogue.models import Document, Person, Status
from tests.admin.support import admin_url, archivist_fixture  # noqa: F401  (fixtures)
from tests.factories import make_document, make_person, make_recipient

pytestmark = pytest.mark.django_db


def imported_draft(number, warnings, **fields):
    """A draft as the importer leaves one: a composed title, the slug from "undated" and
    "other", and its warnings."""
    fields.setdefault("doc_type", "other")
    date = fields.pop("date", None)
    document = make_document(
        "Untitled",
        slug=f"{date or 'undated'}-{fields['doc_type']}-p{number}",
        date=date,
        status=fields.pop("status", Status.DRAFT),
        needs_review=True,
        reference_numbers=[f"P{number}/1"],
        parser_warnings=warnings,
        **fields,
    )
    document.title = review.compose_title(document, list(document.recipients.all()))
    document.save()
    return document


def run_action(client, action, documents, **extra):
    post = {"action": action, "_selected_action": [d.pk for d in documents], **extra}
    return client.post(admin_url("document_changelist"), post, follow=True)


def said(response):
    return " ".join(str(m) for m in response.context["messages"])


class TestSetType:
    def test_title_slug_warning_and_review_follow(self, archivist):
        both = imported_draft(71, ["no date found", "document type not recognised"])
        only_type = imported_draft(72, ["document type not recognised"], date="1950-02-03")
        response = run_action(
            archivist, "change_document_type", [both, only_type], apply="1", value="letter"
        )
        both.refresh_from_db()
        only_type.refresh_from_db()
        assert both.title == "Letter No. P71/1"
        assert both.slug == "undated-letter-p71"
        # The date is still missing: its warning stays, and so does "needs review".
        assert [reason for _kind, reason in review.open_warnings(both)] == [
            review.KIND_OF["undated"].reason
        ]
        assert both.needs_review is True
        assert only_type.title.startswith("Letter No. P72/1")
        assert only_type.slug == "1950-02-03-letter-p72"
        assert review.open_warnings(only_type) == []
        assert only_type.needs_review is False
        assert "titles recomposed" in said(response)
        record = only_type.history.first()
        assert record.history_user == archivist.user
        assert "Follows the corrected facts" in record.history_change_reason

    def test_an_archivists_title_and_a_published_slug_stay(self, archivist, client):
        written = imported_draft(73, ["document type not recognised"])
        written.title, written.title_by_archivist = "Invented note on regiments", True
        written.save()
        published = imported_draft(74, [], status=Status.PUBLISHED, date="1950-02-03")
        run_action(
            archivist, "change_document_type", [written, published], apply="1", value="letter"
        )
        written.refresh_from_db()
        published.refresh_from_db()
        assert written.title == "Invented note on regiments"
        assert published.doc_type == "letter" and published.title.startswith("Letter")
        assert published.slug == "1950-02-03-other-p74"
        assert client.get(published.get_absolute_url()).status_code == 200


def test_confirming_undated_answers_the_warning_and_clears_review(archivist):
    document = imported_draft(75, ["no date found"], doc_type="letter")
    response = run_action(archivist, "confirm_dates", [document])
    document.refresh_from_db()
    assert document.accepted_gaps == ["undated"]
    assert review.open_warnings(document) == []
    assert document.needs_review is False
    assert "no longer need review" in said(response)


def test_accepting_a_suggested_person_recomposes_every_title_naming_them(archivist):
    person = make_person(
        "Ivan Petrovich Invented", sort_name="Sidorovsky, Ivan", reviewed=False, slug="ipi"
    )
    selected = imported_draft(76, [], doc_type="letter", date="1950-02-03", author=person)
    other = imported_draft(77, [], doc_type="letter", date="1950-02-04", author=person)
    assert "Sidorovsky" not in selected.title
    run_action(archivist, "accept_suggested_people", [selected])
    assert Person.objects.get(pk=person.pk).reviewed
    for document in (selected, other):
        document.refresh_from_db()
        assert "Sidorovsky" in document.title
        assert "Sidorovsky" in Document.objects.get(pk=document.pk).search_text


def test_a_split_person_takes_the_place_of_the_original_row(archivist):
    first_before = make_person("Invented Bulganina", slug="invented-bulganina")
    joined = make_person("Invented Malenkova Kaganovicha", slug="joined", reviewed=False)
    last = make_person("Invented Mikoyana", slug="invented-mikoyana")
    document = make_document("Invented decree")
    make_recipient(document, first_before)
    make_recipient(document, joined, name_as_written="MALENKOVA KAGANOVICHA")
    make_recipient(document, last)
    url = admin_url("person_changelist")
    archivist.post(
        url,
        {
            "action": "split_selected_person",
            "_selected_action": [joined.pk],
            "apply": "1",
            "first": "Invented Malenkova",
            "second": "Invented Kaganovicha",
        },
    )
    rows = list(document.recipients.order_by("position").values_list("person__name", "position"))
    assert rows == [
        ("Invented Bulganina", 0),
        ("Invented Malenkova", 1),
        ("Invented Kaganovicha", 2),
        ("Invented Mikoyana", 3),
    ]
