"""Curating real imports: saves that change nothing record nothing, new rows take the next
position, publishing refuses what is not ready, reverts that undo only what was chosen."""

import pytest

from catalogue.importer.reconcile import reconcile
from catalogue.importer.values import RELATIONS, SCALAR_FIELDS
from catalogue.models import Document, Person, Recipient, Request, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    contributor_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def full_document():
    person = make_person("Invented Molotov", slug="invented-molotov")
    document = make_document(
        "Invented telegram",
        text="Line one\n\nLine two ends with a newline\n",
        summary="A summary\n",
        reference_numbers=["900001/sh", "12"],
        marks=["Strictly secret"],
        author=person,
        sender=person,
    )
    document.people_mentioned.add(person)
    make_recipient(document, person)
    make_recipient(document, None, name_as_written="File", role="copy")
    make_request(document, asked_by=person)
    return document


def objects_of_every_model():
    document = full_document()
    return {
        "document": document,
        "person": Person.objects.get(slug="invented-molotov"),
        "recipient": document.recipients.first(),
        "request": document.requests.first(),
    }


@pytest.mark.parametrize("model_name", ["document", "person", "recipient", "request"])
def test_saving_a_form_unchanged_records_nothing(archivist, model_name):
    obj = objects_of_every_model()[model_name]
    model = type(obj)
    before = {m: m.history.count() for m in (Document, Person, Recipient, Request)}
    url = admin_url(f"{model_name}_change", obj.pk)
    response = archivist.post(url, change_form_data(archivist.get(url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = {m: m.history.count() for m in (Document, Person, Recipient, Request)}
    assert after == before, f"an unchanged {model.__name__} form wrote history"


def test_an_unchanged_save_keeps_the_text_as_imported(archivist):
    document = full_document()
    # What the importer would have recorded: the document exactly as it stands.
    from catalogue.importer.reconcile import current, snapshot

    values, relations = current(Document.objects.for_detail().get(pk=document.pk))
    slug_of = {p.pk: p.slug for p in Person.objects.all()}.get
    Document.objects.filter(pk=document.pk).update(
        imported_values=snapshot(values, relations, slug_of)
    )
    url = admin_url("document_change", document.pk)
    archivist.post(url, change_form_data(archivist.get(url)))
    document = Document.objects.for_detail().get(pk=document.pk)
    assert document.text.endswith("newline\n")
    # A corrected file's new text is applied, not kept as an archivist's edit.
    new_values = dict(values, text="Corrected text\n")
    outcome = reconcile(document, new_values, relations, slug_of)
    assert outcome.conflicts == []
    assert "text" in outcome.applied
    assert set(outcome.recorded) == {*SCALAR_FIELDS, *RELATIONS}


def test_a_new_recipient_row_takes_the_next_position(archivist):
    document = full_document()
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    prefix = "recipients"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 2)
    for n, name in ((total, "Invented Vyshinsky"), (total + 1, "Invented Zorin")):
        data.update(
            {
                f"{prefix}-{n}-name_as_written": name,
                f"{prefix}-{n}-role": "addressee",
                f"{prefix}-{n}-copies": "1",
                f"{prefix}-{n}-position": "",
                f"{prefix}-{n}-document": str(document.pk),
            }
        )
    response = archivist.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][1].formset
    ]
    assert list(document.recipients.values_list("name_as_written", "position")) == [
        ("Invented Molotov", 0),
        ("File", 1),
        ("Invented Vyshinsky", 2),
        ("Invented Zorin", 3),
    ]


def test_an_empty_recipient_row_offers_no_position(archivist):
    document = full_document()
    response = archivist.get(admin_url("document_change", document.pk))
    empty = response.context["inline_admin_formsets"][1].formset.empty_form
    assert empty["position"].value() in (None, "")


def test_reference_numbers_and_marks_are_plain_text(archivist):
    document = full_document()
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    assert data["reference_numbers"] == "900001/sh, 12"
    data["reference_numbers"] = "502597/sh\n2250"
    data["marks"] = "Strictly secret, Copying prohibited"
    assert archivist.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.reference_numbers == ["502597/sh", "2250"]
    assert document.marks == ["Strictly secret", "Copying prohibited"]
    # One item per line when there are several lines: a mark may hold a comma.
    data = change_form_data(archivist.get(url))
    data["marks"] = "Top secret, special file\nSeries G"
    assert archivist.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.marks == ["Top secret, special file", "Series G"]
    assert change_form_data(archivist.get(url))["marks"] == "Top secret, special file\nSeries G"


class TestRevertChosenFields:
    def edited_document(self, archivist):
        """A published document, then an archivist's save that changes sender, type and
        date and adds a recipient."""
        document = full_document()
        wrong = make_person("Invented Zhdanov", slug="invented-zhdanov")
        first = document.history.first()
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data.update(sender=str(wrong.pk), doc_type="letter", date="1953-01-02")
        total = int(data["recipients-TOTAL_FORMS"])
        data["recipients-TOTAL_FORMS"] = str(total + 1)
        data.update(
            {
                f"recipients-{total}-name_as_written": "Invented Gromyko",
                f"recipients-{total}-role": "copy",
                f"recipients-{total}-copies": "1",
                f"recipients-{total}-document": str(document.pk),
            }
        )
        assert archivist.post(url, data).status_code == 302
        return document, first

    def test_only_the_ticked_fields_go_back_and_status_stays(self, archivist):
        document, first = self.edited_document(archivist)
        Document.objects.filter(pk=document.pk).update(status=Status.DRAFT)
        url = admin_url("document_simple_history", document.pk, first.history_id)
        page = archivist.get(url)
        offered = [d.name for d, _field in page.context["rows"]]
        assert {"sender", "doc_type", "date", "recipients", "status"} <= set(offered)
        # Status is offered unticked.
        assert 'name="status"' in page.content.decode()
        assert page.context["rows"][offered.index("status")][1].initial is False
        response = archivist.post(url, {"sender": "on", "recipients": "on"}, follow=True)
        document.refresh_from_db()
        assert document.sender.slug == "invented-molotov"
        assert document.doc_type == "letter"
        assert document.status == Status.DRAFT
        assert list(document.recipients.values_list("name_as_written", flat=True)) == [
            "Invented Molotov",
            "File",
        ]
        message = str(list(response.context["messages"])[0])
        assert "Sender: Invented Zhdanov → Invented Molotov" in message
        assert "Recipients" in message and "Status unchanged" in message

    def test_history_shows_added_recipients_and_blank_sender(self, archivist):
        document, _first = self.edited_document(archivist)
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["sender"] = ""
        assert archivist.post(url, data).status_code == 302
        response = archivist.get(admin_url("document_history", document.pk))
        html = response.content.decode()
        assert "Deleted person" not in html
        assert "Invented Zhdanov&nbsp;&rarr;&nbsp;&nbsp;(blank)" in html
        changes = [
            change
            for record in response.context["page_obj"]
            for change in getattr(record, "history_delta_changes", [])
            if change["field"] == "Recipients"
        ]
        # The edit added one recipient; the rows written after the document was created are
        # shown where they came, and none is shown as removed.
        assert {"field": "Recipients", "added": ["Invented Gromyko (Copy)"], "removed": []} in (
            changes
        )
        assert all(change["removed"] == [] for change in changes)
        assert "only spacing" not in html


class TestPublishingChecks:
    def gappy_draft(self):
        return make_document(
            "Invented undated note", date=None, status=Status.DRAFT, doc_type="other"
        )

    def test_the_form_refuses_with_the_reasons(self, archivist):
        document = self.gappy_draft()
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["status"] = Status.PUBLISHED
        response = archivist.post(url, data)
        assert response.status_code == 200
        [error] = response.context["adminform"].form.errors["status"]
        assert "no date" in error and "“other”" in error and "no sender or author" in error
        document.refresh_from_db()
        assert document.status == Status.DRAFT

    def test_the_form_publishes_when_each_gap_is_confirmed(self, archivist):
        document = self.gappy_draft()
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["status"] = Status.PUBLISHED
        data["accepted_gaps"] = ["undated", "untyped"]
        assert archivist.post(url, data).status_code == 200
        data["accepted_gaps"] = ["undated", "untyped", "no_sender"]
        assert archivist.post(url, data).status_code == 302
        document.refresh_from_db()
        assert document.status == Status.PUBLISHED

    def test_bulk_publish_holds_back_the_unconfirmed(self, archivist):
        gappy = self.gappy_draft()
        person = make_person("Invented Vasilevsky", slug="invented-vasilevsky")
        ready = make_document(
            "Invented order", status=Status.DRAFT, doc_type="decision", author=person
        )
        url = admin_url("document_changelist")
        post = {"action": "publish", "_selected_action": [gappy.pk, ready.pk]}
        page = archivist.post(url, post)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Publish although it has no date" in html
        response = archivist.post(url, {**post, "apply": "1"}, follow=True)
        gappy.refresh_from_db()
        ready.refresh_from_db()
        assert (gappy.status, ready.status) == (Status.DRAFT, Status.PUBLISHED)
        said = " ".join(str(m) for m in response.context["messages"])
        assert "Invented undated note" in said and "it has no date" in said
        confirm = {f"gap-{gappy.pk}-{gap}": "on" for gap in ("undated", "untyped", "no_sender")}
        archivist.post(url, {**post, "apply": "1", **confirm})
        gappy.refresh_from_db()
        assert gappy.status == Status.PUBLISHED
        assert sorted(gappy.accepted_gaps) == ["no_sender", "undated", "untyped"]


class TestCorrectionsCarryThrough:
    def imported_draft(self):
        """A draft as the importer leaves one: composed title, slug from "undated" and
        "other", warnings for the date, the type and the author."""
        person = make_person("Invented Filatov", slug="invented-filatov")
        document = make_document(
            "Document No. P99/1",
            slug="undated-other-p99",
            date=None,
            doc_type="other",
            status=Status.DRAFT,
            needs_review=True,
            reference_numbers=["P99/1"],
            parser_warnings=["no date found", "document type not recognised", "no author found"],
        )
        return document, person

    def test_title_slug_warnings_and_review_follow(self, archivist):
        document, person = self.imported_draft()
        url = admin_url("document_change", document.pk)
        page = archivist.get(url)
        assert "Still to check (3 of" in page.content.decode()
        data = change_form_data(page)
        data.update(doc_type="letter", date="1950-03-04", author=str(person.pk))
        response = archivist.post(url, data, follow=True)
        document.refresh_from_db()
        assert document.title == "Letter No. P99/1 from Invented Filatov"
        assert document.slug == "1950-03-04-letter-p99"
        assert document.needs_review is False
        html = archivist.get(url).content.decode()
        assert "The corrections answer every warning" in html
        said = " ".join(str(m) for m in response.context["messages"])
        assert "no longer needs review" in said

    def test_a_title_an_archivist_wrote_stays(self, archivist):
        document, _person = self.imported_draft()
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data.update(title="Note on invented matters")
        archivist.post(url, data)
        data = change_form_data(archivist.get(url))
        data.update(doc_type="letter")
        archivist.post(url, data)
        document.refresh_from_db()
        assert document.title == "Note on invented matters"
        assert document.title_by_archivist is True

    def test_a_published_slug_changes_only_by_hand_and_redirects(self, archivist, client):
        document = make_document("Invented telegram", slug="old-invented-slug")
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data.update(doc_type="letter", date="1951-01-01")
        archivist.post(url, data)
        document.refresh_from_db()
        assert document.slug == "old-invented-slug"
        data = change_form_data(archivist.get(url))
        data["slug"] = "new-invented-slug"
        archivist.post(url, data)
        response = client.get("/documents/old-invented-slug/")
        assert response.status_code == 301
        assert response["Location"].endswith("/new-invented-slug/")


class TestReviewQueue:
    def test_filters_counts_and_save_and_review_next(self, archivist):
        person = make_person("Invented Ignatiev", slug="invented-ignatiev")
        first = make_document(
            "Invented first",
            status=Status.DRAFT,
            date=None,
            doc_type="other",
            parser_warnings=["no date found"],
            needs_review=True,
        )
        second = make_document("Invented second", status=Status.DRAFT, author=person)
        make_document("Invented done", doc_type="letter", author=person)
        listing = archivist.get(admin_url("document_changelist"), {"queue": "todo"})
        html = listing.content.decode()
        assert "Work left: 2 documents to review" in html
        assert "No date: the importer found none it could read." in html
        assert "Invented done" not in html
        undated = archivist.get(admin_url("document_changelist"), {"gap": "undated"})
        assert "Invented first" in undated.content.decode()
        assert "Invented second" not in undated.content.decode()
        url = admin_url("document_change", first.pk)
        data = change_form_data(archivist.get(url))
        data.update(date="1950-01-01", doc_type="letter", author=str(person.pk))
        data["_publish_next"] = "1"
        response = archivist.post(url, data)
        assert response.status_code == 302
        assert response["Location"] == admin_url("document_change", second.pk)
        first.refresh_from_db()
        assert (first.status, first.needs_review) == (Status.PUBLISHED, False)


def test_the_second_of_two_simultaneous_saves_is_refused(archivist, contributor):
    document = full_document()
    url = admin_url("document_change", document.pk)
    mine = change_form_data(archivist.get(url))
    theirs = change_form_data(contributor.get(url))
    theirs["summary"] = "Their summary"
    assert contributor.post(url, theirs).status_code == 302
    mine["summary"] = "My summary"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved: contributor saved this document" in html
    assert "History" in html
    document.refresh_from_db()
    assert document.summary == "Their summary"
    # Reloaded, the form saves.
    again = change_form_data(archivist.get(url))
    again["summary"] = "My summary"
    assert archivist.post(url, again).status_code == 302


class TestPeople:
    def test_the_person_form_shows_every_document_by_role(self, archivist):
        document = full_document()
        response = archivist.get(admin_url("person_change", document.author_id))
        html = response.content.decode()
        assert "Where this person appears" in html
        for way in ("(author)", "(sender)", "(addressee)", "(mentioned)", "(asked by)"):
            assert way in html
        assert html.count("Invented telegram</a>") >= 5

    def test_not_a_person_keeps_the_names_as_written(self, archivist):
        place = make_person("Invented Sochi", slug="invented-sochi", reviewed=False)
        document = make_document("Invented cable", author=place, author_as_written="")
        document.people_mentioned.add(place)
        make_recipient(document, place, name_as_written="SOCHI")
        url = admin_url("person_changelist")
        post = {"action": "not_a_person", "_selected_action": [place.pk]}
        assert archivist.post(url, post).status_code == 200
        response = archivist.post(url, {**post, "apply": "1"}, follow=True)
        assert "No longer people: Invented Sochi" in " ".join(
            str(m) for m in response.context["messages"]
        )
        document.refresh_from_db()
        assert document.author is None and document.author_as_written == "Invented Sochi"
        assert list(document.recipients.values_list("person", "name_as_written")) == [
            (None, "SOCHI")
        ]
        assert not document.people_mentioned.exists()
        assert not Person.objects.filter(pk=place.pk).exists()
        assert document.history.first().history_user == archivist.user


def test_the_person_autocomplete_ranks_reviewed_people_first_with_dates(archivist):
    make_person("Invented Molotova", slug="invented-molotova-guess", reviewed=False)
    make_person(
        "Invented Molotova",
        slug="invented-molotova",
        birth_year=1890,
        death_year=1986,
        description="Invented minister",
    )
    document = make_document("Invented memo")
    response = archivist.get(
        "/admin/autocomplete/",
        {
            "term": "Molotova",
            "app_label": "catalogue",
            "model_name": "document",
            "field_name": "author",
        },
    )
    texts = [row["text"] for row in response.json()["results"]]
    assert texts == [
        "Invented Molotova (1890–1986) — Invented minister",
        "Invented Molotova [not reviewed]",
    ]
    assert document.pk


def test_split_a_person_made_from_two_names(archivist):
    joined = make_person("Invented Malenkova Kaganovicha", slug="joined", reviewed=False)
    known = make_person("Invented Malenkova", slug="invented-malenkova")
    document = make_document("Invented decree", author=joined)
    document.people_mentioned.add(joined)
    make_recipient(document, joined, name_as_written="MALENKOVA KAGANOVICHA")
    url = admin_url("person_changelist")
    post = {"action": "split_selected_person", "_selected_action": [joined.pk]}
    page = archivist.post(url, post)
    # Offered: the words cut in half, for the archivist to correct.
    assert page.context["form"]["second"].value() == "Malenkova Kaganovicha"
    data = {**post, "apply": "1", "first": "Invented Malenkova", "second": "Invented Kaganovicha"}
    archivist.post(url, data)
    document.refresh_from_db()
    second = Person.objects.get(name="Invented Kaganovicha")
    assert document.author == known
    assert set(document.people_mentioned.all()) == {known, second}
    assert list(document.recipients.values_list("person", "name_as_written", "position")) == [
        (known.pk, "MALENKOVA KAGANOVICHA", 0),
        (second.pk, "Invented Kaganovicha", 1),
    ]
    assert not Person.objects.filter(pk=joined.pk).exists()
